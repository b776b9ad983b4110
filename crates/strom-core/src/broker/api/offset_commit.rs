//! OffsetCommit (key 8): validated against the group's generation or member epoch, per
//! partition against the topic and `offset.metadata.max.bytes`; acknowledged once durable.

use std::sync::Arc;

use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetCommitResponse, ResponseKind};

use super::util::now_ms;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::groups::{OffsetsAppender, partition_counts};
use crate::coordinator::offsets::{CommitPartition, CommitRequest};

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: OffsetCommitRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::later(async move {
        let parts: Vec<CommitPartition> = req
            .topics
            .iter()
            .flat_map(|t| {
                t.partitions.iter().map(move |p| CommitPartition {
                    topic: t.name.to_string(),
                    partition: p.partition_index,
                    offset: p.committed_offset,
                    leader_epoch: if v >= 6 { p.committed_leader_epoch } else { -1 },
                    metadata: p.committed_metadata.as_ref().map(|m| m.to_string()),
                })
            })
            .collect();
        let codes: Vec<i16> = match b.coordinator_settings().await {
            Err(e) => vec![e.code(); parts.len()],
            Ok(settings) => {
                let commit = CommitRequest {
                    group_id: req.group_id.to_string(),
                    generation_or_epoch: req.generation_id_or_member_epoch,
                    member_id: req.member_id.to_string(),
                    instance_id: req.group_instance_id.as_ref().map(|i| i.to_string()),
                    version: v,
                };
                let counts = partition_counts(&b.image());
                let known = |t: &str, p: i32| counts.get(t).is_some_and(|c| p >= 0 && p < *c);
                let (codes, durable) = tokio::task::block_in_place(|| {
                    b.groups.commit(
                        &commit,
                        &parts,
                        &known,
                        &settings,
                        &OffsetsAppender { broker: &b },
                        now_ms(),
                    )
                });
                let waited = b.wait_durable(durable).await;
                codes
                    .into_iter()
                    .map(|c| match (c, waited) {
                        (Err(e), _) => e.code(),
                        (Ok(()), Err(e)) => e.code(),
                        (Ok(()), Ok(())) => 0,
                    })
                    .collect()
            }
        };
        let mut it = codes.into_iter();
        let topics = req
            .topics
            .iter()
            .map(|t| {
                OffsetCommitResponseTopic::default()
                    .with_name(t.name.clone())
                    .with_partitions(
                        t.partitions
                            .iter()
                            .map(|p| {
                                OffsetCommitResponsePartition::default()
                                    .with_partition_index(p.partition_index)
                                    .with_error_code(it.next().unwrap_or(0))
                            })
                            .collect(),
                    )
            })
            .collect();
        ResponseKind::OffsetCommit(OffsetCommitResponse::default().with_topics(topics))
    })
}
