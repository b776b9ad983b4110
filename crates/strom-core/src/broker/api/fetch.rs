//! Fetch (key 1). Stored batches are served as they are; the containing batch may start
//! before the fetch offset (clients skip). A fetch that finds fewer than `min_bytes` parks
//! until a high watermark it reads moves, or `max_wait_ms` passes: woken by appends, not by a
//! timer.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
use kafka_protocol::messages::{BrokerId, FetchRequest, FetchResponse};
use tokio::sync::watch;

use super::Reply;
use super::RequestContext;
use super::fetch_encode::{self, Region};
use super::util::topic_name;
use crate::broker::Broker;
use crate::broker::partition::Partition;
use crate::log::LogError;

struct Target {
    partition: Option<Arc<Partition>>,
    /// Error decided before reading (unknown topic, bad epoch...).
    error: Option<E>,
    index: i32,
    offset: i64,
    max_bytes: i32,
}

struct TopicTargets {
    skeleton: FetchableTopicResponse,
    targets: Vec<Target>,
}

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: FetchRequest) -> Reply {
    let b = Arc::clone(b);
    let v = ctx.version;
    Reply::Chunked(Box::pin(async move {
        let (resp, regions) = fetch(&b, v, req).await;
        fetch_encode::encode(v, &resp, &regions)
    }))
}

fn resolve(b: &Broker, v: i16, req: &FetchRequest) -> Vec<TopicTargets> {
    let map = b.replicas.map();
    req.topics
        .iter()
        .map(|t| {
            let (skeleton, parts) = if v >= 13 {
                let tp = map.by_id.get(&t.topic_id).cloned();
                (
                    FetchableTopicResponse::default().with_topic_id(t.topic_id),
                    tp,
                )
            } else {
                let tp = map.by_name.get(t.topic.as_str()).cloned();
                (
                    FetchableTopicResponse::default().with_topic(topic_name(t.topic.to_string())),
                    tp,
                )
            };
            let targets = t
                .partitions
                .iter()
                .map(|fp| {
                    let partition = parts.as_ref().and_then(|tp| {
                        tp.partitions
                            .get(usize::try_from(fp.partition).ok()?)
                            .cloned()
                    });
                    let error = match (&parts, &partition) {
                        (None, _) if v >= 13 => Some(E::UnknownTopicId),
                        (_, None) => Some(E::UnknownTopicOrPartition),
                        (_, Some(p)) => p.check_leader_epoch(fp.current_leader_epoch).err(),
                    };
                    Target {
                        partition,
                        error,
                        index: fp.partition,
                        offset: fp.fetch_offset,
                        max_bytes: fp.partition_max_bytes,
                    }
                })
                .collect();
            TopicTargets { skeleton, targets }
        })
        .collect()
}

/// One pass over every partition: read what is there. Returns the response, the bytes read,
/// and whether any partition carries an error (which makes the fetch return at once).
fn read_once(
    topics: &[TopicTargets],
    max_bytes: usize,
    read_committed: bool,
) -> (FetchResponse, Vec<Vec<Option<Region>>>, usize, bool) {
    let mut total = 0usize;
    let mut any_error = false;
    let mut responses = Vec::with_capacity(topics.len());
    let mut regions = Vec::with_capacity(topics.len());
    for t in topics {
        let mut parts = Vec::with_capacity(t.targets.len());
        let mut topic_regions = Vec::with_capacity(t.targets.len());
        for tg in &t.targets {
            let mut pd = PartitionData::default()
                .with_partition_index(tg.index)
                .with_high_watermark(-1)
                .with_last_stable_offset(-1)
                .with_log_start_offset(-1)
                .with_preferred_read_replica(BrokerId(-1))
                .with_records(None);
            if read_committed {
                pd = pd.with_aborted_transactions(Some(Vec::new()));
            }
            let result = match (&tg.error, &tg.partition) {
                (Some(e), _) => Err((*e, -1, -1)),
                (None, None) => Err((E::UnknownTopicOrPartition, -1, -1)),
                (None, Some(p)) => {
                    read_partition(p, tg, max_bytes.saturating_sub(total), total == 0)
                }
            };
            let mut region = None;
            match result {
                Ok((hw, log_start, r)) => {
                    total += r.as_ref().map_or(0, |r| r.len);
                    region = r;
                    pd = pd
                        .with_high_watermark(hw)
                        .with_last_stable_offset(hw)
                        .with_log_start_offset(log_start);
                }
                Err((e, hw, log_start)) => {
                    any_error = true;
                    pd = pd
                        .with_error_code(e.code())
                        .with_high_watermark(hw)
                        .with_last_stable_offset(hw)
                        .with_log_start_offset(log_start);
                }
            }
            parts.push(pd);
            topic_regions.push(region);
        }
        responses.push(t.skeleton.clone().with_partitions(parts));
        regions.push(topic_regions);
    }
    (
        FetchResponse::default().with_responses(responses),
        regions,
        total,
        any_error,
    )
}

type ReadResult = Result<(i64, i64, Option<Region>), (E, i64, i64)>;

fn read_partition(p: &Partition, tg: &Target, room: usize, first: bool) -> ReadResult {
    if p.is_offline() {
        return Err((E::KafkaStorageError, -1, -1));
    }
    let log = p.log.lock();
    let (hw, log_start) = (log.high_watermark(), log.log_start_offset());
    let plan = match log.plan_read(tg.offset) {
        Ok(plan) => plan,
        Err(LogError::OffsetOutOfRange { .. }) => return Err((E::OffsetOutOfRange, hw, log_start)),
        Err(e) => {
            tracing::error!(topic = %p.topic, partition = p.index, error = %e, "Fetch read failed.");
            return Err((E::KafkaStorageError, hw, log_start));
        }
    };
    drop(log);
    let Some(plan) = plan else {
        return Ok((hw, log_start, None));
    };
    let limit = (tg.max_bytes.max(0) as usize).min(room);
    match plan.region(limit, first) {
        (_, _, 0) => Ok((hw, log_start, None)),
        (file, offset, len) => Ok((hw, log_start, Some(Region { file, offset, len }))),
    }
}

async fn fetch(b: &Broker, v: i16, req: FetchRequest) -> (FetchResponse, Vec<Vec<Option<Region>>>) {
    let topics = resolve(b, v, &req);
    let max_bytes = if v >= 3 {
        req.max_bytes.max(0) as usize
    } else {
        usize::MAX
    };
    let min_bytes = req.min_bytes.max(0) as usize;
    let read_committed = req.isolation_level == 1;
    let deadline =
        tokio::time::Instant::now() + Duration::from_millis(req.max_wait_ms.max(0) as u64);
    loop {
        // Subscribe before reading, so an append between the read and the wait still wakes us.
        let mut watches: Vec<watch::Receiver<i64>> = topics
            .iter()
            .flat_map(|t| t.targets.iter())
            .filter_map(|tg| tg.partition.as_ref().map(|p| p.subscribe()))
            .collect();
        for w in &mut watches {
            w.borrow_and_update();
        }
        let (resp, regions, total, any_error) = read_once(&topics, max_bytes, read_committed);
        if total >= min_bytes
            || any_error
            || req.max_wait_ms <= 0
            || watches.is_empty()
            || tokio::time::Instant::now() >= deadline
        {
            return (resp, regions);
        }
        let mut changed: FuturesUnordered<_> = watches.iter_mut().map(|w| w.changed()).collect();
        tokio::select! {
            _ = changed.next() => {}
            _ = tokio::time::sleep_until(deadline) => {
                drop(changed);
                let (resp, regions, _, _) = read_once(&topics, max_bytes, read_committed);
                return (resp, regions);
            }
        }
    }
}
