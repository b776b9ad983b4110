//! DeleteRecords (what `kafka-delete-records` needs from Kafka's Admin): move the log start
//! offset of partitions forward, one request per partition leader.
//!
//! Leader moves (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE) and lost connections are retried
//! after a metadata refresh until the admin timeout; unknown topics and partitions answer
//! UNKNOWN_TOPIC_OR_PARTITION without a request, as Kafka's Admin does.

use std::collections::BTreeMap;

use kafka_protocol::messages::DeleteRecordsRequest;
use kafka_protocol::messages::delete_records_request::{
    DeleteRecordsPartition, DeleteRecordsTopic,
};

use crate::admin::Admin;
use crate::coordinator::topic_name;
use crate::error::{KafkaError, Result};
use crate::offsets::TopicPartition;

/// The new log start offset (low watermark) of a partition, or the broker's error.
pub type DeleteOutcome = std::result::Result<i64, KafkaError>;

/// Codes a metadata refresh and a retry can fix: NOT_LEADER_OR_FOLLOWER,
/// LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE, REQUEST_TIMED_OUT.
fn retriable(code: i16) -> bool {
    matches!(code, 6 | 5 | 9 | 7)
}

impl Admin {
    /// Delete the records below `offset` in each partition (`-1`: below the high watermark).
    /// Each partition gets its own outcome.
    pub async fn delete_records(
        &self,
        wanted: &[(TopicPartition, i64)],
    ) -> Result<BTreeMap<TopicPartition, DeleteOutcome>> {
        crate::leaders::per_leader(
            &self.client,
            wanted,
            self.timeout,
            retriable,
            "DeleteRecords",
            |leader, parts| async move { self.delete_on(leader, &parts).await },
        )
        .await
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
