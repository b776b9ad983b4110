//! OffsetForLeaderEpoch (key 23): the end offset of a leader epoch, for consumers validating
//! their position after a leader change (KIP-320).

use std::sync::Arc;

use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::offset_for_leader_epoch_response::{
    EpochEndOffset, OffsetForLeaderTopicResult,
};
use kafka_protocol::messages::{
    OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse, ResponseKind,
};

use super::util::topic_name;
use super::{Reply, RequestContext};
use crate::broker::Broker;

pub fn handle(b: &Arc<Broker>, _ctx: &RequestContext, req: OffsetForLeaderEpochRequest) -> Reply {
    let map = b.replicas.map();
    let topics = req
        .topics
        .iter()
        .map(|t| {
            let name = t.topic.to_string();
            let parts = map.by_name.get(&name);
            let partitions = t
                .partitions
                .iter()
                .map(|op| {
                    let base = EpochEndOffset::default()
                        .with_partition(op.partition)
                        .with_leader_epoch(-1)
                        .with_end_offset(-1);
                    let Some(p) =
                        parts.and_then(|tp| tp.partitions.get(usize::try_from(op.partition).ok()?))
                    else {
                        return base.with_error_code(E::UnknownTopicOrPartition.code());
                    };
                    if let Err(e) = p.check_leader_epoch(op.current_leader_epoch) {
                        return base.with_error_code(e.code());
                    }
                    let log = p.log.lock();
                    // Consumers never see past the high watermark, so neither does their answer.
                    let hw = log.high_watermark();
                    match log.end_offset_for_epoch(op.leader_epoch) {
                        Some((epoch, end)) => {
                            base.with_leader_epoch(epoch).with_end_offset(end.min(hw))
                        }
                        None => base,
                    }
                })
                .collect();
            OffsetForLeaderTopicResult::default()
                .with_topic(topic_name(name))
                .with_partitions(partitions)
        })
        .collect();
    Reply::Now(ResponseKind::OffsetForLeaderEpoch(
        OffsetForLeaderEpochResponse::default().with_topics(topics),
    ))
}
