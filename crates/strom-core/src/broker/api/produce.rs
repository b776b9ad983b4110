//! Produce (key 0). Each partition's batch is validated by header and CRC only, given its
//! offsets in place and appended as received. acks=all waits for the high watermark, which by
//! default advances only after the group-commit fsync; acks=0 gets no response at all.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::ResponseError as E;
use kafka_protocol::messages::produce_response::{PartitionProduceResponse, TopicProduceResponse};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse, ResponseKind};

use super::util::{now_ms, s};
use super::{Reply, RequestContext};
use crate::broker::Broker;
use crate::broker::partition::Partition;
use crate::log::LogError;
use crate::log::batch::{self, BatchError, BatchHeader, HEADER_LEN};
use crate::log::compression;

/// The outcome for one partition, plus what acks=all has to wait for.
struct Outcome {
    resp: PartitionProduceResponse,
    wait: Option<(Arc<Partition>, i64)>,
}

fn error(index: i32, err: E, message: Option<String>) -> Outcome {
    let mut resp = PartitionProduceResponse::default()
        .with_index(index)
        .with_error_code(err.code())
        .with_base_offset(-1)
        .with_log_append_time_ms(-1)
        .with_log_start_offset(-1);
    resp.error_message = message.map(s);
    Outcome { resp, wait: None }
}

pub fn handle(b: &Arc<Broker>, ctx: &RequestContext, req: ProduceRequest) -> Reply {
    let v = ctx.version;
    let acks = req.acks;
    let now = now_ms();
    let request_error = if !matches!(acks, -1..=1) {
        Some((E::InvalidRequiredAcks, None))
    } else if req.transactional_id.is_some() {
        Some((
            E::TransactionalIdAuthorizationFailed,
            Some("transactions are not supported by this broker yet".to_string()),
        ))
    } else {
        None
    };
    let mut topics = Vec::with_capacity(req.topic_data.len());
    let mut waits = Vec::new();
    for (ti, td) in req.topic_data.into_iter().enumerate() {
        let (name, parts) = if v >= 13 {
            match b.replicas.topic_by_id(&td.topic_id) {
                Some(t) => (t.name.clone(), Some(t)),
                None => (String::new(), None),
            }
        } else {
            let name = td.name.to_string();
            let parts = b.replicas.map().by_name.get(&name).cloned();
            (name, parts)
        };
        let mut responses = Vec::with_capacity(td.partition_data.len());
        for (pi, pd) in td.partition_data.into_iter().enumerate() {
            let out = if let Some((err, msg)) = &request_error {
                error(pd.index, *err, msg.clone())
            } else {
                match parts
                    .as_ref()
                    .and_then(|t| t.partitions.get(usize::try_from(pd.index).ok()?))
                {
                    None if v >= 13 && parts.is_none() => error(pd.index, E::UnknownTopicId, None),
                    None => error(pd.index, E::UnknownTopicOrPartition, None),
                    Some(p) if p.topic == crate::coordinator::OFFSETS_TOPIC => error(
                        pd.index,
                        E::InvalidTopicException,
                        Some(format!("Cannot append to internal topic {}", p.topic)),
                    ),
                    Some(p) => append(b, p, pd.records, acks, v, now),
                }
            };
            if let Some(w) = out.wait {
                waits.push((ti, pi, w));
            }
            responses.push(out.resp);
        }
        let mut t = TopicProduceResponse::default().with_partition_responses(responses);
        if v >= 13 {
            t = t.with_topic_id(td.topic_id);
        } else {
            t = t.with_name(super::util::topic_name(name));
        }
        topics.push(t);
    }
    if acks == 0 {
        return Reply::NoResponse;
    }
    let resp = ProduceResponse::default().with_responses(topics);
    if waits.is_empty() {
        return Reply::Now(ResponseKind::Produce(resp));
    }
    let timeout = Duration::from_millis(req.timeout_ms.clamp(1, 3_600_000) as u64);
    Reply::later(async move {
        let mut resp = resp;
        for (ti, pi, (p, last)) in waits {
            if let Err(e) = p.wait_for_hw(last, timeout).await
                && let Some(r) = resp
                    .responses
                    .get_mut(ti)
                    .and_then(|t| t.partition_responses.get_mut(pi))
            {
                r.error_code = e.code();
            }
        }
        ResponseKind::Produce(resp)
    })
}

/// Header checks, in Kafka's order of precedence, mapped to Kafka's error codes.
fn validate(
    bytes: &[u8],
    v: i16,
    max_message_bytes: i32,
    segment_bytes: u64,
) -> Result<BatchHeader, (E, String)> {
    if bytes.len() < HEADER_LEN {
        return Err((
            E::CorruptMessage,
            format!("Record batch is truncated: {} bytes", bytes.len()),
        ));
    }
    let h = BatchHeader::parse(bytes).map_err(|e| (E::CorruptMessage, e.to_string()))?;
    if h.magic < 2 {
        return Err((
            E::InvalidRecord,
            format!(
                "Produce requests with version {v} are only allowed to contain record batches with magic version 2"
            ),
        ));
    }
    let h = batch::validate(bytes).map_err(|e| match e {
        BatchError::BadCount { .. } => (E::InvalidRecord, e.to_string()),
        other => (E::CorruptMessage, other.to_string()),
    })?;
    if h.total_size() < bytes.len() {
        return Err((
            E::InvalidRecord,
            format!(
                "Produce requests with version {v} are only allowed to contain exactly one record batch"
            ),
        ));
    }
    if h.total_size() > max_message_bytes.max(0) as usize {
        return Err((
            E::MessageTooLarge,
            format!(
                "Message batch size is {} bytes which exceeds the maximum configured size of {max_message_bytes}.",
                h.total_size()
            ),
        ));
    }
    if h.total_size() as u64 > segment_bytes {
        return Err((
            E::RecordListTooLarge,
            format!(
                "Message batch size is {} bytes which exceeds the segment size {segment_bytes}.",
                h.total_size()
            ),
        ));
    }
    if h.base_offset != 0 {
        return Err((
            E::InvalidRecord,
            format!(
                "The baseOffset of the record batch should be 0, but it is {}",
                h.base_offset
            ),
        ));
    }
    if h.record_count <= 0 || i64::from(h.last_offset_delta) != i64::from(h.record_count) - 1 {
        return Err((
            E::InvalidRecord,
            format!(
                "Inconsistent batch offset range [0, {}] and count of records {}",
                h.last_offset_delta, h.record_count
            ),
        ));
    }
    if h.is_control() {
        return Err((
            E::InvalidRecord,
            "Clients are not allowed to write control records".into(),
        ));
    }
    if h.is_transactional() {
        return Err((
            E::InvalidTxnState,
            "transactional batch without a transaction".into(),
        ));
    }
    Ok(h)
}

fn append(
    b: &Broker,
    p: &Arc<Partition>,
    records: Option<Bytes>,
    acks: i16,
    v: i16,
    now: i64,
) -> Outcome {
    if p.is_offline() {
        return error(p.index, E::KafkaStorageError, None);
    }
    let Some(records) = records else {
        return error(
            p.index,
            E::InvalidRecord,
            Some("Produce request without records".into()),
        );
    };
    let cfg = p.log.lock().config().clone();
    let h = match validate(&records, v, cfg.max_message_bytes, cfg.segment_bytes) {
        Ok(h) => h,
        Err((e, m)) => {
            tracing::debug!(topic = %p.topic, partition = p.index, error = %m, "Rejected produce.");
            return error(p.index, e, Some(m));
        }
    };
    if !cfg.log_append_time {
        let (lo, hi) = (
            h.base_timestamp.min(h.max_timestamp),
            h.max_timestamp.max(h.base_timestamp),
        );
        if lo >= 0 && now.saturating_sub(lo) > cfg.timestamp_before_max_ms {
            return error(
                p.index,
                E::InvalidTimestamp,
                Some(format!(
                    "Timestamp {lo} of message is out of range. The timestamp should be within [{}, {}]",
                    now.saturating_sub(cfg.timestamp_before_max_ms),
                    now.saturating_add(cfg.timestamp_after_max_ms)
                )),
            );
        }
        if hi.saturating_sub(now) > cfg.timestamp_after_max_ms {
            return error(
                p.index,
                E::InvalidTimestamp,
                Some(format!(
                    "Timestamp {hi} of message is out of range. The timestamp should be within [{}, {}]",
                    now.saturating_sub(cfg.timestamp_before_max_ms),
                    now.saturating_add(cfg.timestamp_after_max_ms)
                )),
            );
        }
    }
    if acks == -1 && cfg.min_insync_replicas > 1 {
        // A single replica can never satisfy min.insync.replicas > 1.
        return error(
            p.index,
            E::NotEnoughReplicas,
            Some(format!(
                "The size of the current ISR 1 is insufficient to satisfy the min.isr requirement of {}",
                cfg.min_insync_replicas
            )),
        );
    }
    if cfg.compact {
        // Compaction needs a key per record: the only produce check that reads records.
        match crate::log::records::all_keyed(&records, b.config.socket_request_max_bytes) {
            Ok(true) => {}
            Ok(false) => {
                return error(
                    p.index,
                    E::InvalidRecord,
                    Some(format!(
                        "Compacted topic cannot accept message without key in topic partition {}-{}.",
                        p.topic, p.index
                    )),
                );
            }
            Err(e) => return error(p.index, E::CorruptMessage, Some(e.to_string())),
        }
    }
    // The batch as the log will store it: the request's own bytes unless the topic recompresses.
    let buf: Bytes = match compression::codec_for(&cfg.compression_type) {
        Some(target) if target != h.compression() => {
            match compression::recompress(&records, &h, target, b.config.socket_request_max_bytes) {
                Ok(c) if c.len() > cfg.max_message_bytes.max(0) as usize => {
                    return error(
                        p.index,
                        E::MessageTooLarge,
                        Some(format!(
                            "Message batch size is {} bytes after compression.type={} which exceeds the maximum configured size of {}.",
                            c.len(),
                            cfg.compression_type,
                            cfg.max_message_bytes
                        )),
                    );
                }
                Ok(c) => c.freeze(),
                Err(e) => return error(p.index, E::CorruptMessage, Some(e.to_string())),
            }
        }
        _ => records,
    };
    let epoch = p.leader_epoch();
    let mut log = p.log.lock();
    let result = log.append(&buf, epoch, now);
    let log_start = log.log_start_offset();
    let hw = log.high_watermark();
    let due = log.flush_due_by_messages();
    drop(log);
    let info = match result {
        Ok(info) => info,
        Err(LogError::OutOfOrderSequence { expected, got }) => {
            return error(
                p.index,
                E::OutOfOrderSequenceNumber,
                Some(format!(
                    "Out of order sequence number for producer {}: expected {expected}, got {got}",
                    h.producer_id
                )),
            );
        }
        Err(LogError::InvalidProducerEpoch) => {
            return error(p.index, E::InvalidProducerEpoch, None);
        }
        Err(e) => {
            tracing::error!(topic = %p.topic, partition = p.index, error = %e, "Append failed.");
            return error(p.index, E::KafkaStorageError, Some(e.to_string()));
        }
    };
    if b.replicas.hw_follows_flush() {
        b.replicas.flusher().request(p);
    } else {
        p.publish_hw(hw);
        if due {
            b.replicas.flusher().request(p);
        }
    }
    let resp = PartitionProduceResponse::default()
        .with_index(p.index)
        .with_base_offset(info.base_offset)
        .with_log_append_time_ms(info.log_append_time)
        .with_log_start_offset(log_start);
    let wait = (acks == -1).then(|| (Arc::clone(p), info.last_offset));
    Outcome { resp, wait }
}
