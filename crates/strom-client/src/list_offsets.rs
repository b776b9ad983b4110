//! ListOffsets for tools: log start and end offsets, and the first offset at or after a
//! timestamp, for many partitions at once (one request per leader).

use std::collections::BTreeMap;
use std::time::Duration;

use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{BrokerId, ListOffsetsRequest};

use crate::client::Client;
use crate::consumer::IsolationLevel;
use crate::coordinator::topic_name;
use crate::error::{KafkaError, Result};
use crate::offsets::TopicPartition;

/// Which offset to ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOffsetsSpec {
    /// The log start offset.
    Earliest,
    /// The log end offset (the high watermark under read_uncommitted).
    Latest,
    /// The offset of the record with the largest timestamp (ListOffsets v7+).
    MaxTimestamp,
    /// The first offset whose timestamp is at or after this time (ms since the epoch).
    Timestamp(i64),
}

impl ListOffsetsSpec {
    fn wire(self) -> i64 {
        match self {
            ListOffsetsSpec::Earliest => -2,
            ListOffsetsSpec::Latest => -1,
            ListOffsetsSpec::MaxTimestamp => -3,
            ListOffsetsSpec::Timestamp(t) => t,
        }
    }
}

/// A ListOffsets answer. `offset` is -1 when no record is at or after the asked timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetAndTimestamp {
    pub offset: i64,
    pub timestamp: i64,
    pub leader_epoch: Option<i32>,
}

type Outcome = std::result::Result<OffsetAndTimestamp, KafkaError>;

/// Errors a metadata refresh and a retry can fix.
fn retriable(code: i16) -> bool {
    // NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, FENCED/UNKNOWN_LEADER_EPOCH,
    // OFFSET_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE
    matches!(code, 6 | 5 | 74 | 75 | 78 | 9)
}

/// Offsets for every `(partition, spec)`, each with its own outcome. Leader moves and lost
/// connections are retried until `timeout`; unknown topics and partitions answer
/// UNKNOWN_TOPIC_OR_PARTITION.
pub async fn list_offsets(
    client: &Client,
    wanted: &[(TopicPartition, ListOffsetsSpec)],
    isolation: IsolationLevel,
    timeout: Duration,
) -> Result<BTreeMap<TopicPartition, Outcome>> {
    crate::leaders::per_leader(
        client,
        wanted,
        timeout,
        retriable,
        "ListOffsets",
        |leader, parts| async move { list_from(client, leader, &parts, isolation).await },
    )
    .await
}

async fn list_from(
    client: &Client,
    leader: i32,
    parts: &[(TopicPartition, ListOffsetsSpec)],
    isolation: IsolationLevel,
) -> Result<BTreeMap<TopicPartition, Outcome>> {
    let mut topics: BTreeMap<&str, Vec<ListOffsetsPartition>> = BTreeMap::new();
    for ((t, p), spec) in parts {
        topics.entry(t.as_str()).or_default().push(
            ListOffsetsPartition::default()
                .with_partition_index(*p)
                .with_current_leader_epoch(-1)
                .with_timestamp(spec.wire()),
        );
    }
    let topics: Vec<ListOffsetsTopic> = topics
        .into_iter()
        .map(|(t, ps)| {
            ListOffsetsTopic::default()
                .with_name(topic_name(t))
                .with_partitions(ps)
        })
        .collect();
    let level = match isolation {
        IsolationLevel::ReadUncommitted => 0,
        IsolationLevel::ReadCommitted => 1,
    };
    let resp = client
        .send_to_node(leader, None, |v| {
            let req = ListOffsetsRequest::default()
                .with_replica_id(BrokerId(-1))
                .with_topics(topics.clone());
            if v >= 2 {
                req.with_isolation_level(level)
            } else {
                req
            }
        })
        .await?;
    let mut out = BTreeMap::new();
    for t in &resp.topics {
        for p in &t.partitions {
            let outcome = match KafkaError::from_code(p.error_code, None) {
                Some(e) => Err(e),
                None => Ok(OffsetAndTimestamp {
                    offset: p.offset,
                    timestamp: p.timestamp,
                    leader_epoch: (p.leader_epoch >= 0).then_some(p.leader_epoch),
                }),
            };
            out.insert((t.name.0.to_string(), p.partition_index), outcome);
        }
    }
    Ok(out)
}
