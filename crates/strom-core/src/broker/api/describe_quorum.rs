//! DescribeQuorum (key 55): the state of the metadata quorum, `__cluster_metadata-0`
//! (`kafka-metadata-quorum describe`, `Admin.describeMetadataQuorum`).
//!
//! Strom's controller is a quorum of one: this node is the only voter and always the leader, so
//! it answers from its own state where a Kafka broker forwards the request to the active
//! controller. A metadata change is committed once it is fsynced here, so the high watermark
//! and the voter's log end offset are both the metadata log's end offset. The leader epoch is
//! [`METADATA_LEADER_EPOCH`], the epoch every metadata batch is written with (no election ever
//! happens). The leader's fetch and caught-up timestamps are "now", as Kafka reports them for
//! the leader; there are no observers. v2 adds the voter's directory id (the metadata log
//! directory's `directory.id`) and its endpoints, the advertised listeners.
//!
//! A request for anything but exactly one topic `__cluster_metadata` with exactly partition 0
//! gets UNKNOWN_TOPIC_OR_PARTITION on every partition it names, with no top-level error, as
//! Kafka's `KafkaRaftClient.handleDescribeQuorumRequest` answers.

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::describe_quorum_response::{
    Listener, Node, PartitionData, ReplicaState, TopicData,
};
use kafka_protocol::messages::{
    BrokerId, DescribeQuorumRequest, DescribeQuorumResponse, ResponseKind,
};

use super::util::{now_ms, s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::controller::store::{METADATA_LEADER_EPOCH, METADATA_TOPIC};

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: DescribeQuorumRequest) -> Reply {
    if !names_the_metadata_partition(&req) {
        return Reply::Now(ResponseKind::DescribeQuorum(unknown_partitions(&req)));
    }
    let now = now_ms();
    let end = b.controller.end_offset();
    let mut voter = ReplicaState::default()
        .with_replica_id(BrokerId(b.node_id))
        .with_log_end_offset(end)
        // Not encoded before v1.
        .with_last_fetch_timestamp(now)
        .with_last_caught_up_timestamp(now);
    if ctx.version >= 2 {
        voter = voter.with_replica_directory_id(b.metadata_directory_id);
    }
    let partition = PartitionData::default()
        .with_partition_index(0)
        .with_leader_id(BrokerId(b.node_id))
        .with_leader_epoch(METADATA_LEADER_EPOCH)
        .with_high_watermark(end)
        .with_current_voters(vec![voter])
        .with_observers(Vec::new());
    let mut resp = DescribeQuorumResponse::default().with_topics(vec![
        TopicData::default()
            .with_topic_name(topic_name(METADATA_TOPIC))
            .with_partitions(vec![partition]),
    ]);
    if ctx.version >= 2 {
        let listeners = b
            .advertised
            .iter()
            .map(|l| {
                Listener::default()
                    .with_name(s(l.name.clone()))
                    .with_host(s(l.host.clone()))
                    .with_port(l.port)
            })
            .collect();
        resp = resp.with_nodes(vec![
            Node::default()
                .with_node_id(BrokerId(b.node_id))
                .with_listeners(listeners),
        ]);
    }
    Reply::Now(ResponseKind::DescribeQuorum(resp))
}

/// Kafka's `hasValidTopicPartition`: one topic, the metadata topic, with one partition, 0.
fn names_the_metadata_partition(req: &DescribeQuorumRequest) -> bool {
    match req.topics.as_slice() {
        [t] => {
            t.topic_name.0.as_str() == METADATA_TOPIC
                && matches!(t.partitions.as_slice(), [p] if p.partition_index == 0)
        }
        _ => false,
    }
}

/// Every partition the request names, each with UNKNOWN_TOPIC_OR_PARTITION.
fn unknown_partitions(req: &DescribeQuorumRequest) -> DescribeQuorumResponse {
    let topics = req
        .topics
        .iter()
        .map(|t| {
            TopicData::default()
                .with_topic_name(t.topic_name.clone())
                .with_partitions(
                    t.partitions
                        .iter()
                        .map(|p| {
                            PartitionData::default()
                                .with_partition_index(p.partition_index)
                                .with_error_code(E::UnknownTopicOrPartition.code())
                        })
                        .collect(),
                )
        })
        .collect();
    DescribeQuorumResponse::default().with_topics(topics)
}

#[cfg(test)]
mod tests {
    use kafka_protocol::messages::TopicName;
    use kafka_protocol::messages::describe_quorum_request::{self as rq};

    use super::*;

    fn request(topics: &[(&str, &[i32])]) -> DescribeQuorumRequest {
        DescribeQuorumRequest::default().with_topics(
            topics
                .iter()
                .map(|(name, parts)| {
                    rq::TopicData::default()
                        .with_topic_name(TopicName(s(*name)))
                        .with_partitions(
                            parts
                                .iter()
                                .map(|p| rq::PartitionData::default().with_partition_index(*p))
                                .collect(),
                        )
                })
                .collect(),
        )
    }

    #[test]
    fn only_the_metadata_partition_is_described() {
        assert!(names_the_metadata_partition(&request(&[(
            "__cluster_metadata",
            &[0]
        )])));
        for bad in [
            request(&[]),
            request(&[("__cluster_metadata", &[1])]),
            request(&[("__cluster_metadata", &[0, 0])]),
            request(&[("__cluster_metadata", &[])]),
            request(&[("orders", &[0])]),
            request(&[("__cluster_metadata", &[0]), ("orders", &[0])]),
        ] {
            assert!(!names_the_metadata_partition(&bad), "{bad:?}");
        }
    }

    #[test]
    fn other_partitions_get_unknown_topic_or_partition_each() {
        let resp = unknown_partitions(&request(&[
            ("orders", &[0, 3]),
            ("__cluster_metadata", &[1]),
        ]));
        assert_eq!(resp.error_code, 0);
        let got: Vec<(String, i32, i16)> = resp
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(|p| (t.topic_name.0.to_string(), p.partition_index, p.error_code))
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("orders".to_string(), 0, 3),
                ("orders".to_string(), 3, 3),
                ("__cluster_metadata".to_string(), 1, 3),
            ]
        );
    }
}
