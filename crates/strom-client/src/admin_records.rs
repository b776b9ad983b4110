//! DeleteRecords (what `kafka-delete-records` needs from Kafka's Admin): move the log start
//! offset of partitions forward, one request per partition leader.
//!
//! Leader moves (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE) and lost connections are retried
//! after a metadata refresh until the admin timeout; unknown topics and partitions answer
//! UNKNOWN_TOPIC_OR_PARTITION without a request, as Kafka's Admin does.

use std::collections::BTreeMap;
use std::time::Duration;

use kafka_protocol::messages::DeleteRecordsRequest;
use kafka_protocol::messages::delete_records_request::{
    DeleteRecordsPartition, DeleteRecordsTopic,
};
use tokio::time::Instant;

use crate::admin::Admin;
use crate::coordinator::{is_transport_error, topic_name};
use crate::error::{KafkaError, Result};
use crate::offsets::TopicPartition;

/// The new log start offset (low watermark) of a partition, or the broker's error.
pub type DeleteOutcome = std::result::Result<i64, KafkaError>;

/// Codes a metadata refresh and a retry can fix: NOT_LEADER_OR_FOLLOWER,
/// LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE, REQUEST_TIMED_OUT.
fn retriable(code: i16) -> bool {
    matches!(code, 6 | 5 | 9 | 7)
}

fn kafka(code: i16) -> KafkaError {
    KafkaError {
        code,
        message: None,
    }
}

impl Admin {
    /// Delete the records below `offset` in each partition (`-1`: below the high watermark).
    /// Each partition gets its own outcome.
    pub async fn delete_records(
        &self,
        wanted: &[(TopicPartition, i64)],
    ) -> Result<BTreeMap<TopicPartition, DeleteOutcome>> {
        let deadline = Instant::now() + self.timeout;
        let mut out = BTreeMap::new();
        let mut topics: Vec<String> = wanted.iter().map(|((t, _), _)| t.clone()).collect();
        topics.sort();
        topics.dedup();
        let mut pending = wanted.to_vec();
        let backoff = Duration::from_millis(100);
        while !pending.is_empty() {
            let meta = self.client.refresh_metadata(Some(&topics)).await?;
            let mut by_leader: BTreeMap<i32, Vec<(TopicPartition, i64)>> = BTreeMap::new();
            let mut retry = Vec::new();
            for (tp, offset) in pending.drain(..) {
                let topic = meta.topic(&tp.0);
                let code = topic.and_then(|t| t.error.as_ref().map(|e| e.code));
                match (topic, code) {
                    (_, Some(c)) if retriable(c) => retry.push((tp, offset)),
                    (_, Some(c)) => {
                        out.insert(tp, Err(kafka(c)));
                    }
                    (None, None) => {
                        out.insert(tp, Err(kafka(3)));
                    }
                    (Some(t), None) => match t.partition(tp.1) {
                        None => {
                            out.insert(tp, Err(kafka(3)));
                        }
                        Some(p) if p.leader < 0 => retry.push((tp, offset)),
                        Some(p) => by_leader.entry(p.leader).or_default().push((tp, offset)),
                    },
                }
            }
            for (leader, parts) in by_leader {
                match self.delete_on(leader, &parts).await {
                    Ok(results) => {
                        for (tp, offset) in parts {
                            match results.get(&tp) {
                                Some(Err(e)) if retriable(e.code) => retry.push((tp, offset)),
                                Some(r) => {
                                    out.insert(tp, r.clone());
                                }
                                None => retry.push((tp, offset)),
                            }
                        }
                    }
                    Err(e) if is_transport_error(&e) => {
                        tracing::debug!(leader, error = %e, "DeleteRecords failed; retrying.");
                        retry.extend(parts);
                    }
                    Err(e) => return Err(e),
                }
            }
            if retry.is_empty() {
                break;
            }
            if Instant::now() + backoff >= deadline {
                for (tp, _) in retry {
                    out.insert(tp, Err(kafka(5)));
                }
                break;
            }
            tokio::time::sleep(backoff).await;
            pending = retry;
        }
        Ok(out)
    }

    async fn delete_on(
        &self,
        leader: i32,
        parts: &[(TopicPartition, i64)],
    ) -> Result<BTreeMap<TopicPartition, DeleteOutcome>> {
        let mut topics: BTreeMap<&str, Vec<DeleteRecordsPartition>> = BTreeMap::new();
        for ((t, p), offset) in parts {
            topics.entry(t.as_str()).or_default().push(
                DeleteRecordsPartition::default()
                    .with_partition_index(*p)
                    .with_offset(*offset),
            );
        }
        let topics: Vec<DeleteRecordsTopic> = topics
            .into_iter()
            .map(|(t, ps)| {
                DeleteRecordsTopic::default()
                    .with_name(topic_name(t))
                    .with_partitions(ps)
            })
            .collect();
        let timeout_ms = i32::try_from(self.timeout.as_millis()).unwrap_or(i32::MAX);
        let resp = self
            .client
            .send_to_node(leader, None, |_v| {
                DeleteRecordsRequest::default()
                    .with_topics(topics.clone())
                    .with_timeout_ms(timeout_ms)
            })
            .await?;
        let mut out = BTreeMap::new();
        for t in &resp.topics {
            for p in &t.partitions {
                let outcome = match KafkaError::from_code(p.error_code, None) {
                    Some(e) => Err(e),
                    None => Ok(p.low_watermark),
                };
                out.insert((t.name.0.to_string(), p.partition_index), outcome);
            }
        }
        Ok(out)
    }
}
