//! Committed offsets of a group: OffsetFetch and OffsetCommit against its coordinator, shared
//! by the group consumer and admin.
//!
//! OffsetFetch v8+ takes a `groups[]` list; v1-7 name one group. OffsetCommit carries the
//! generation and member id of a group member, or generation -1 and an empty member id for an
//! admin write to an inactive group (what Kafka's `alterConsumerGroupOffsets` sends).

use std::collections::BTreeMap;
use std::time::Duration;

use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::offset_fetch_request::{
    OffsetFetchRequestGroup, OffsetFetchRequestTopic, OffsetFetchRequestTopics,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetFetchRequest};

use crate::client::Client;
use crate::coordinator::{group_id, sb, topic_name};
use crate::error::{KafkaError, Result};

/// A partition of a topic.
pub type TopicPartition = (String, i32);

/// An offset a group committed for a partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommittedOffset {
    pub offset: i64,
    /// The leader epoch of the record before the offset, when the committer knew it.
    pub leader_epoch: Option<i32>,
    pub metadata: Option<String>,
}

/// An offset to commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetToCommit {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub leader_epoch: Option<i32>,
}

/// Who commits: a member of the current generation, or an admin (`Admin`, generation -1).
#[derive(Debug, Clone, Copy)]
pub struct Committer<'a> {
    pub generation_id: i32,
    pub member_id: &'a str,
    pub group_instance_id: Option<&'a str>,
}

impl Committer<'static> {
    /// An admin write: only accepted by the broker while the group has no members.
    pub const ADMIN: Committer<'static> = Committer {
        generation_id: -1,
        member_id: "",
        group_instance_id: None,
    };
}

fn group_topics(partitions: &[TopicPartition]) -> BTreeMap<&str, Vec<i32>> {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in partitions {
        by_topic.entry(t.as_str()).or_default().push(*p);
    }
    by_topic
}

/// The committed offsets of `group` on its coordinator `node`: for `partitions`, or every
/// partition with a commit when `None`. Partitions without a commit are left out. The outer
/// `Err` is a transport failure; the inner one the broker's group-level error.
pub async fn fetch_committed(
    client: &Client,
    node: i32,
    group: &str,
    partitions: Option<&[TopicPartition]>,
    require_stable: bool,
    timeout: Option<Duration>,
) -> Result<Result<BTreeMap<TopicPartition, CommittedOffset>, KafkaError>> {
    let by_topic = partitions.map(group_topics);
    let resp = client
        .send_to_coordinator(node, timeout, |v| {
            let req = OffsetFetchRequest::default();
            let req = if v >= 7 {
                req.with_require_stable(require_stable)
            } else {
                req
            };
            if v >= 8 {
                let topics = by_topic.as_ref().map(|m| {
                    m.iter()
                        .map(|(t, ps)| {
                            OffsetFetchRequestTopics::default()
                                .with_name(topic_name(t))
                                .with_partition_indexes(ps.clone())
                        })
                        .collect()
                });
                req.with_groups(vec![
                    OffsetFetchRequestGroup::default()
                        .with_group_id(group_id(group))
                        .with_topics(topics),
                ])
            } else {
                let topics = by_topic.as_ref().map(|m| {
                    m.iter()
                        .map(|(t, ps)| {
                            OffsetFetchRequestTopic::default()
                                .with_name(topic_name(t))
                                .with_partition_indexes(ps.clone())
                        })
                        .collect()
                });
                req.with_group_id(group_id(group)).with_topics(topics)
            }
        })
        .await?;
    let mut out = BTreeMap::new();
    // A committed offset of -1 means "no commit" in every version.
    let mut keep = |topic: &str, p: i32, offset: i64, epoch: i32, meta: Option<String>, code| {
        if code != 0 {
            tracing::debug!(
                group,
                topic,
                partition = p,
                code,
                "OffsetFetch partition error."
            );
            return;
        }
        if offset >= 0 {
            out.insert(
                (topic.to_string(), p),
                CommittedOffset {
                    offset,
                    leader_epoch: (epoch >= 0).then_some(epoch),
                    metadata: meta,
                },
            );
        }
    };
    let mut partition_errors = Vec::new();
    if let Some(g) = resp.groups.first() {
        if let Some(e) = KafkaError::from_code(g.error_code, None) {
            return Ok(Err(e));
        }
        for t in &g.topics {
            for p in &t.partitions {
                partition_errors.push(p.error_code);
                keep(
                    t.name.0.as_str(),
                    p.partition_index,
                    p.committed_offset,
                    p.committed_leader_epoch,
                    p.metadata.as_ref().map(|m| m.to_string()),
                    p.error_code,
                );
            }
        }
    } else {
        if let Some(e) = KafkaError::from_code(resp.error_code, None) {
            return Ok(Err(e));
        }
        for t in &resp.topics {
            for p in &t.partitions {
                partition_errors.push(p.error_code);
                keep(
                    t.name.0.as_str(),
                    p.partition_index,
                    p.committed_offset,
                    p.committed_leader_epoch,
                    p.metadata.as_ref().map(|m| m.to_string()),
                    p.error_code,
                );
            }
        }
    }
    // UNSTABLE_OFFSET_COMMIT is a partition error that concerns the whole answer: a
    // transactional commit is pending, and the caller must ask again.
    if let Some(&code) = partition_errors.iter().find(|&&c| c == 88) {
        return Ok(Err(KafkaError {
            code,
            message: None,
        }));
    }
    Ok(Ok(out))
}

/// Commit offsets for `group` on its coordinator `node`; returns each partition's outcome.
pub async fn commit(
    client: &Client,
    node: i32,
    group: &str,
    who: Committer<'_>,
    offsets: &[OffsetToCommit],
    timeout: Option<Duration>,
) -> Result<Vec<(TopicPartition, Result<(), KafkaError>)>> {
    let mut by_topic: BTreeMap<&str, Vec<&OffsetToCommit>> = BTreeMap::new();
    for o in offsets {
        by_topic.entry(o.topic.as_str()).or_default().push(o);
    }
    let topics: Vec<OffsetCommitRequestTopic> = by_topic
        .iter()
        .map(|(t, os)| {
            OffsetCommitRequestTopic::default()
                .with_name(topic_name(t))
                .with_partitions(
                    os.iter()
                        .map(|o| {
                            OffsetCommitRequestPartition::default()
                                .with_partition_index(o.partition)
                                .with_committed_offset(o.offset)
                                .with_committed_leader_epoch(o.leader_epoch.unwrap_or(-1))
                                .with_committed_metadata(Some(sb("")))
                        })
                        .collect(),
                )
        })
        .collect();
    let resp = client
        .send_to_coordinator(node, timeout, |v| {
            let req = OffsetCommitRequest::default()
                .with_group_id(group_id(group))
                .with_generation_id_or_member_epoch(who.generation_id)
                .with_member_id(sb(who.member_id))
                .with_topics(topics.clone());
            if v >= 7 {
                req.with_group_instance_id(who.group_instance_id.map(sb))
            } else {
                req
            }
        })
        .await?;
    let mut out = Vec::new();
    for t in &resp.topics {
        for p in &t.partitions {
            let outcome = match KafkaError::from_code(p.error_code, None) {
                Some(e) => Err(e),
                None => Ok(()),
            };
            out.push(((t.name.0.to_string(), p.partition_index), outcome));
        }
    }
    Ok(out)
}
