//! DescribeQuorum (what `kafka-metadata-quorum describe` needs from Kafka's Admin): the leader,
//! epoch and high watermark of the metadata log `__cluster_metadata-0`, its voters and
//! observers, and (v2) the voters' endpoints.
//!
//! The response is checked the way Kafka's Admin checks it: a top-level or partition error is
//! returned as [`Error::Kafka`], and an answer that is not exactly one topic
//! `__cluster_metadata` with exactly partition 0 is [`Error::Malformed`].

use std::collections::BTreeMap;

use kafka_protocol::messages::DescribeQuorumRequest;
use kafka_protocol::messages::describe_quorum_request::{PartitionData, TopicData};
use kafka_protocol::messages::describe_quorum_response;
use uuid::Uuid;

use crate::admin::Admin;
use crate::coordinator::topic_name;
use crate::error::{Error, KafkaError, Result};

/// The metadata log's topic.
pub const METADATA_TOPIC: &str = "__cluster_metadata";

/// One replica of the metadata log, as the leader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumReplica {
    pub replica_id: i32,
    /// The replica's metadata directory id; nil when the broker did not report one (before v2).
    pub directory_id: Uuid,
    /// -1 when unknown.
    pub log_end_offset: i64,
    /// Leader wall-clock time of the replica's last fetch (v1+; `None` when unknown).
    pub last_fetch_timestamp: Option<i64>,
    /// Leader wall-clock time up to which the replica had caught up (v1+; `None` when unknown).
    pub last_caught_up_timestamp: Option<i64>,
}

/// A listener of a quorum node (v2+).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumEndpoint {
    pub listener: String,
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for QuorumEndpoint {
    /// Kafka's `RaftVoterEndpoint.toString`: `NAME://host:port`, IPv6 hosts in brackets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.listener, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.listener, self.host, self.port)
        }
    }
}

/// Kafka's `QuorumInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumInfo {
    pub leader_id: i32,
    pub leader_epoch: i32,
    pub high_watermark: i64,
    pub voters: Vec<QuorumReplica>,
    pub observers: Vec<QuorumReplica>,
    /// Endpoints by node id (v2+; empty when the broker speaks an older version).
    pub nodes: BTreeMap<i32, Vec<QuorumEndpoint>>,
    /// The DescribeQuorum version the answer came in.
    pub version: i16,
}

impl QuorumInfo {
    /// The leader's entry among the voters.
    pub fn leader(&self) -> Option<&QuorumReplica> {
        self.voters.iter().find(|v| v.replica_id == self.leader_id)
    }
}

fn malformed(reason: String) -> Error {
    Error::Malformed {
        what: "DescribeQuorum response",
        reason,
    }
}

fn timestamp(ms: i64) -> Option<i64> {
    (ms != -1).then_some(ms)
}

fn replica(r: &describe_quorum_response::ReplicaState) -> QuorumReplica {
    QuorumReplica {
        replica_id: r.replica_id.0,
        directory_id: r.replica_directory_id,
        log_end_offset: r.log_end_offset,
        last_fetch_timestamp: timestamp(r.last_fetch_timestamp),
        last_caught_up_timestamp: timestamp(r.last_caught_up_timestamp),
    }
}

impl Admin {
    /// Describe the metadata quorum (`Admin.describeMetadataQuorum`).
    pub async fn describe_quorum(&self) -> Result<QuorumInfo> {
        let version = std::sync::atomic::AtomicI16::new(0);
        let resp = self
            .client
            .send_any_built(|v| {
                version.store(v, std::sync::atomic::Ordering::Relaxed);
                DescribeQuorumRequest::default().with_topics(vec![
                    TopicData::default()
                        .with_topic_name(topic_name(METADATA_TOPIC))
                        .with_partitions(vec![PartitionData::default().with_partition_index(0)]),
                ])
            })
            .await?;
        let version = version.into_inner();
        if let Some(e) = KafkaError::from_code(
            resp.error_code,
            resp.error_message.as_ref().map(|m| m.to_string()),
        ) {
            return Err(Error::Kafka(e));
        }
        let [topic] = resp.topics.as_slice() else {
            return Err(malformed(format!(
                "{} topics when 1 was expected",
                resp.topics.len()
            )));
        };
        if topic.topic_name.0.as_str() != METADATA_TOPIC {
            return Err(malformed(format!(
                "a topic with name {} when {METADATA_TOPIC} was expected",
                topic.topic_name.0.as_str()
            )));
        }
        let [partition] = topic.partitions.as_slice() else {
            return Err(malformed(format!(
                "{} partitions when 1 was expected",
                topic.partitions.len()
            )));
        };
        if partition.partition_index != 0 {
            return Err(malformed(format!(
                "partition {} when 0 was expected",
                partition.partition_index
            )));
        }
        if let Some(e) = KafkaError::from_code(
            partition.error_code,
            partition.error_message.as_ref().map(|m| m.to_string()),
        ) {
            return Err(Error::Kafka(e));
        }
        let nodes = resp
            .nodes
            .iter()
            .map(|n| {
                let endpoints = n
                    .listeners
                    .iter()
                    .map(|l| QuorumEndpoint {
                        listener: l.name.to_string(),
                        host: l.host.to_string(),
                        port: l.port,
                    })
                    .collect();
                (n.node_id.0, endpoints)
            })
            .collect();
        Ok(QuorumInfo {
            leader_id: partition.leader_id.0,
            leader_epoch: partition.leader_epoch,
            high_watermark: partition.high_watermark,
            voters: partition.current_voters.iter().map(replica).collect(),
            observers: partition.observers.iter().map(replica).collect(),
            nodes,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_print_like_kafka() {
        let e = |host: &str| QuorumEndpoint {
            listener: "CONTROLLER".into(),
            host: host.into(),
            port: 9093,
        };
        assert_eq!(e("localhost").to_string(), "CONTROLLER://localhost:9093");
        assert_eq!(e("::1").to_string(), "CONTROLLER://[::1]:9093");
    }

    #[test]
    fn minus_one_timestamps_are_unknown() {
        assert_eq!(timestamp(-1), None);
        assert_eq!(timestamp(0), Some(0));
        assert_eq!(timestamp(1_700_000_000_000), Some(1_700_000_000_000));
    }
}
