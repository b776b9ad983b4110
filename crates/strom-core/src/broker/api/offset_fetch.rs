//! OffsetFetch (key 9): committed offsets of one group (v0-7) or several (v8+ `groups[]`).

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::offset_fetch_response::{
    OffsetFetchResponseGroup, OffsetFetchResponsePartition, OffsetFetchResponsePartitions,
    OffsetFetchResponseTopic, OffsetFetchResponseTopics,
};
use kafka_protocol::messages::{OffsetFetchRequest, OffsetFetchResponse, ResponseKind, TopicName};

use super::util::{s, topic_name};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::coordinator::offsets::Committed;

type Rows = Vec<(String, i32, Option<Committed>)>;
type ByTopic = Vec<(String, Vec<(i32, Option<Committed>)>)>;

/// Group rows by topic, keeping first-seen order.
fn by_topic(rows: Rows) -> ByTopic {
    let mut out: ByTopic = Vec::new();
    for (t, p, c) in rows {
        match out.iter_mut().find(|(n, _)| *n == t) {
            Some((_, v)) => v.push((p, c)),
            None => out.push((t, vec![(p, c)])),
        }
    }
    out
}

fn fields(c: &Option<Committed>) -> (i64, i32, String) {
    match c {
        Some(c) => (c.offset, c.leader_epoch, c.metadata.clone()),
        None => (-1, -1, String::new()),
    }
}

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: OffsetFetchRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::later(async move {
        if b.coordinator_settings().await.is_err() {
            let resp =
                OffsetFetchResponse::default().with_error_code(E::CoordinatorNotAvailable.code());
            return ResponseKind::OffsetFetch(resp);
        }
        if v < 8 {
            let topics: Option<Vec<(String, Vec<i32>)>> = req.topics.as_ref().map(|ts| {
                ts.iter()
                    .map(|t| (t.name.to_string(), t.partition_indexes.clone()))
                    .collect()
            });
            let rows = b
                .groups
                .fetch_offsets(&req.group_id, topics.as_deref(), None)
                .unwrap_or_default();
            let topics = by_topic(rows)
                .into_iter()
                .map(|(t, ps)| {
                    OffsetFetchResponseTopic::default()
                        .with_name(topic_name(t))
                        .with_partitions(
                            ps.iter()
                                .map(|(p, c)| {
                                    let (offset, epoch, meta) = fields(c);
                                    let r = OffsetFetchResponsePartition::default()
                                        .with_partition_index(*p)
                                        .with_committed_offset(offset)
                                        .with_metadata(Some(s(meta)));
                                    if v >= 5 {
                                        r.with_committed_leader_epoch(epoch)
                                    } else {
                                        r
                                    }
                                })
                                .collect(),
                        )
                })
                .collect();
            return ResponseKind::OffsetFetch(OffsetFetchResponse::default().with_topics(topics));
        }
        let groups = req
            .groups
            .iter()
            .map(|g| {
                let topics: Option<Vec<(String, Vec<i32>)>> = g.topics.as_ref().map(|ts| {
                    ts.iter()
                        .map(|t| (t.name.to_string(), t.partition_indexes.clone()))
                        .collect()
                });
                let member = if v >= 9 {
                    g.member_id.as_deref().map(|m| (m, g.member_epoch))
                } else {
                    None
                };
                let base = OffsetFetchResponseGroup::default().with_group_id(g.group_id.clone());
                match b
                    .groups
                    .fetch_offsets(&g.group_id, topics.as_deref(), member)
                {
                    Err(e) => base.with_error_code(e.code()),
                    Ok(rows) => base.with_topics(
                        by_topic(rows)
                            .into_iter()
                            .map(|(t, ps)| {
                                OffsetFetchResponseTopics::default()
                                    .with_name(TopicName(s(t)))
                                    .with_partitions(
                                        ps.iter()
                                            .map(|(p, c)| {
                                                let (offset, epoch, meta) = fields(c);
                                                OffsetFetchResponsePartitions::default()
                                                    .with_partition_index(*p)
                                                    .with_committed_offset(offset)
                                                    .with_committed_leader_epoch(epoch)
                                                    .with_metadata(Some(s(meta)))
                                            })
                                            .collect(),
                                    )
                            })
                            .collect(),
                    ),
                }
            })
            .collect();
        ResponseKind::OffsetFetch(OffsetFetchResponse::default().with_groups(groups))
    })
}
