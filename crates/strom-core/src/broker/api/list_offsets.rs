//! ListOffsets (key 2): earliest (-2), latest (-1), max timestamp (-3), earliest local (-4),
//! latest tiered (-5), or the first offset at or after a timestamp.

use std::collections::HashSet;
use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::list_offsets_response::{
    ListOffsetsPartitionResponse, ListOffsetsTopicResponse,
};
use kafka_protocol::messages::{ListOffsetsRequest, ListOffsetsResponse, ResponseKind};

use super::util::topic_name;
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::partition::Partition;

const LATEST: i64 = -1;
const EARLIEST: i64 = -2;
const MAX_TIMESTAMP: i64 = -3;
const EARLIEST_LOCAL: i64 = -4;
const LATEST_TIERED: i64 = -5;

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: ListOffsetsRequest) -> Reply {
    let v = ctx.version;
    let map = b.replicas.map();
    let mut seen = HashSet::new();
    let topics = req
        .topics
        .iter()
        .map(|t| {
            let name = t.name.to_string();
            let parts = map.by_name.get(&name);
            let partitions = t
                .partitions
                .iter()
                .map(|lp| {
                    let base = ListOffsetsPartitionResponse::default()
                        .with_partition_index(lp.partition_index)
                        .with_timestamp(-1)
                        .with_offset(-1);
                    if !seen.insert((name.clone(), lp.partition_index)) {
                        return base.with_error_code(E::InvalidRequest.code());
                    }
                    let p = parts.and_then(|tp| {
                        tp.partitions.get(usize::try_from(lp.partition_index).ok()?)
                    });
                    let Some(p) = p else {
                        return base.with_error_code(E::UnknownTopicOrPartition.code());
                    };
                    if let Err(e) = p.check_leader_epoch(lp.current_leader_epoch) {
                        return base.with_error_code(e.code());
                    }
                    match lookup(p, lp.timestamp) {
                        Ok((ts, off)) => {
                            let r = base.with_timestamp(ts).with_offset(off);
                            if v >= 4 {
                                r.with_leader_epoch(p.leader_epoch())
                            } else {
                                r
                            }
                        }
                        Err(e) => base.with_error_code(e.code()),
                    }
                })
                .collect();
            ListOffsetsTopicResponse::default()
                .with_name(topic_name(name))
                .with_partitions(partitions)
        })
        .collect();
    Reply::Now(ResponseKind::ListOffsets(
        ListOffsetsResponse::default().with_topics(topics),
    ))
}

/// (timestamp, offset) for one query; (-1, -1) when no record qualifies.
fn lookup(p: &Partition, ts: i64) -> Result<(i64, i64), E> {
    if p.is_offline() {
        return Err(E::KafkaStorageError);
    }
    let log = p.log.lock();
    let storage = |e: crate::log::LogError| {
        tracing::error!(topic = %p.topic, partition = p.index, error = %e, "ListOffsets read failed.");
        E::KafkaStorageError
    };
    Ok(match ts {
        LATEST => (-1, log.high_watermark()),
        EARLIEST | EARLIEST_LOCAL => (-1, log.log_start_offset()),
        LATEST_TIERED => (-1, -1),
        MAX_TIMESTAMP => log
            .max_timestamp_offset()
            .map_err(storage)?
            .unwrap_or((-1, -1)),
        t if t >= 0 => log
            .offset_for_timestamp(t)
            .map_err(storage)?
            .unwrap_or((-1, -1)),
        _ => return Err(E::InvalidRequest),
    })
}
