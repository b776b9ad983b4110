//! An assign-mode consumer: the caller names the partitions and where to start; no group.
//!
//! Offsets are resolved with ListOffsets; each [`Consumer::poll`] sends one long-poll Fetch per
//! leader (concurrently) and returns the records that came back, skipping records before the
//! position (a fetch may return a batch that starts earlier), control batches and, under
//! read_committed, aborted transactions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{
    BrokerId, FetchRequest, FetchResponse, ListOffsetsRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use kafka_protocol::records::TimestampType;

use crate::batch_decoder::{BatchIter, ControlType, RawBatch};
use crate::batch_encoder::Header;
use crate::client::Client;
use crate::config::Properties;
use crate::error::{Error, KafkaError, Result};

/// Where to start reading a partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffsetSpec {
    Earliest,
    Latest,
    Offset(i64),
}

/// `isolation.level`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IsolationLevel {
    #[default]
    ReadUncommitted,
    ReadCommitted,
}

impl IsolationLevel {
    pub fn parse(s: &str) -> Result<IsolationLevel> {
        match s.trim() {
            "read_uncommitted" => Ok(IsolationLevel::ReadUncommitted),
            "read_committed" => Ok(IsolationLevel::ReadCommitted),
            other => Err(Error::Config(format!(
                "invalid value '{other}' for isolation.level: expected read_uncommitted or read_committed"
            ))),
        }
    }

    fn wire(self) -> i8 {
        match self {
            IsolationLevel::ReadUncommitted => 0,
            IsolationLevel::ReadCommitted => 1,
        }
    }
}

/// Consumer settings, named after Kafka's consumer configs.
#[derive(Debug, Clone)]
pub struct ConsumerConfig {
    /// `fetch.max.wait.ms`
    pub max_wait: Duration,
    /// `fetch.min.bytes`
    pub min_bytes: i32,
    /// `fetch.max.bytes`
    pub max_bytes: i32,
    /// `max.partition.fetch.bytes`
    pub partition_max_bytes: i32,
    pub isolation: IsolationLevel,
    /// `auto.offset.reset`: where to go when the position is out of range (`None` = error).
    pub auto_offset_reset: Option<OffsetSpec>,
    /// `retry.backoff.ms`
    pub retry_backoff: Duration,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            max_wait: Duration::from_millis(500),
            min_bytes: 1,
            max_bytes: 50 << 20,
            partition_max_bytes: 1 << 20,
            isolation: IsolationLevel::ReadUncommitted,
            auto_offset_reset: Some(OffsetSpec::Latest),
            retry_backoff: Duration::from_millis(100),
        }
    }
}

impl ConsumerConfig {
    pub fn apply(&mut self, props: &Properties) -> Result<()> {
        if let Some(v) = props.get_parsed::<u64>("fetch.max.wait.ms")? {
            self.max_wait = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<i32>("fetch.min.bytes")? {
            self.min_bytes = v;
        }
        if let Some(v) = props.get_parsed::<i32>("fetch.max.bytes")? {
            self.max_bytes = v;
        }
        if let Some(v) = props.get_parsed::<i32>("max.partition.fetch.bytes")? {
            self.partition_max_bytes = v;
        }
        if let Some(v) = props.get("isolation.level") {
            self.isolation = IsolationLevel::parse(v)?;
        }
        if let Some(v) = props.get("auto.offset.reset") {
            self.auto_offset_reset = match v.trim() {
                "earliest" => Some(OffsetSpec::Earliest),
                "latest" => Some(OffsetSpec::Latest),
                "none" => None,
                other => {
                    return Err(Error::Config(format!(
                        "invalid value '{other}' for auto.offset.reset: expected earliest, latest or none"
                    )));
                }
            };
        }
        if let Some(v) = props.get_parsed::<u64>("retry.backoff.ms")? {
            self.retry_backoff = Duration::from_millis(v);
        }
        Ok(())
    }
}

/// A consumed record with its topic and partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerRecord {
    pub topic: Arc<str>,
    pub partition: i32,
    pub offset: i64,
    pub timestamp: i64,
    pub timestamp_type: TimestampType,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<Header>,
    pub leader_epoch: i32,
}

type Tp = (Arc<str>, i32);

/// The assign-mode consumer.
pub struct Consumer {
    client: Client,
    config: ConsumerConfig,
    /// Next offset to fetch per assigned partition.
    positions: BTreeMap<Tp, i64>,
    /// Partitions whose position must be (re)resolved before fetching.
    resets: BTreeMap<Tp, OffsetSpec>,
    /// Consecutive polls that failed to reach a leader (drives backoff and log volume).
    failures: u32,
}

fn topic_name(t: &str) -> TopicName {
    TopicName(StrBytes::from_string(t.to_string()))
}

/// Errors that a metadata refresh and a later retry can fix.
fn needs_metadata(code: i16) -> bool {
    // NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, REPLICA_NOT_AVAILABLE,
    // FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, UNKNOWN_TOPIC_ID, KAFKA_STORAGE_ERROR, OFFSET_NOT_AVAILABLE
    matches!(code, 6 | 3 | 5 | 9 | 74 | 75 | 100 | 56 | 78)
}

impl Consumer {
    pub fn new(client: Client, config: ConsumerConfig) -> Consumer {
        Consumer {
            client,
            config,
            positions: BTreeMap::new(),
            resets: BTreeMap::new(),
            failures: 0,
        }
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Assign partitions with their starting points (replaces any earlier assignment).
    /// Offsets are resolved on the first poll, or now by [`resolve_offsets`](Self::resolve_offsets).
    pub fn assign(&mut self, parts: impl IntoIterator<Item = (String, i32, OffsetSpec)>) {
        self.positions.clear();
        self.resets.clear();
        for (t, p, spec) in parts {
            let tp: Tp = (Arc::from(t.as_str()), p);
            match spec {
                OffsetSpec::Offset(o) if o >= 0 => {
                    self.positions.insert(tp, o);
                }
                other => {
                    self.resets.insert(tp, other);
                }
            }
        }
    }

    /// The assigned partitions.
    pub fn assignment(&self) -> Vec<(Arc<str>, i32)> {
        let mut all: Vec<Tp> = self
            .positions
            .keys()
            .chain(self.resets.keys())
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The next offset to be fetched for a partition, once resolved.
    pub fn position(&self, topic: &str, partition: i32) -> Option<i64> {
        self.positions
            .iter()
            .find(|((t, p), _)| &**t == topic && *p == partition)
            .map(|(_, o)| *o)
    }

    /// Move a partition's position (Kafka's `seek`): the next poll fetches from there
    /// (`Earliest` and `Latest` are resolved first). Ignored for partitions not assigned.
    pub fn seek(&mut self, topic: &str, partition: i32, offset: OffsetSpec) {
        let Some(tp) = self
            .assignment()
            .into_iter()
            .find(|(t, p)| &**t == topic && *p == partition)
        else {
            return;
        };
        self.positions.remove(&tp);
        self.resets.remove(&tp);
        match offset {
            OffsetSpec::Offset(o) if o >= 0 => {
                self.positions.insert(tp, o);
            }
            other => {
                self.resets.insert(tp, other);
            }
        }
    }

    /// The reset to apply when a partition's position is out of range or unknown.
    pub fn auto_offset_reset(&self) -> Option<OffsetSpec> {
        self.config.auto_offset_reset
    }

    /// Resolve every pending earliest/latest position with ListOffsets.
    pub async fn resolve_offsets(&mut self) -> Result<()> {
        let mut attempts = 0;
        while !self.resets.is_empty() {
            let pending: Vec<(Tp, OffsetSpec)> =
                self.resets.iter().map(|(k, v)| (k.clone(), *v)).collect();
            let resolved = self.list_offsets(&pending).await;
            let mut retry = false;
            match resolved {
                Ok(results) => {
                    for (tp, outcome) in results {
                        match outcome {
                            Ok(offset) => {
                                self.resets.remove(&tp);
                                self.positions.insert(tp, offset);
                            }
                            Err(e) if needs_metadata(e.code) || e.is_retriable() => retry = true,
                            Err(e) => {
                                return Err(Error::Kafka(KafkaError {
                                    code: e.code,
                                    message: Some(format!(
                                        "cannot resolve the offset of {}-{}: {}",
                                        tp.0, tp.1, e
                                    )),
                                }));
                            }
                        }
                    }
                }
                Err(e) if e.is_retriable() => {
                    tracing::warn!(error = %e, "ListOffsets failed; retrying.");
                    retry = true;
                }
                Err(e) => return Err(e),
            }
            if retry {
                attempts += 1;
                if attempts > 20 {
                    let tp = self
                        .resets
                        .keys()
                        .next()
                        .map(|(t, p)| format!("{t}-{p}"))
                        .unwrap_or_default();
                    return Err(Error::Timeout(format!(
                        "cannot resolve the offset of {tp}: no leader available"
                    )));
                }
                tokio::time::sleep(self.config.retry_backoff).await;
                let topics = self.topics();
                self.client.refresh_metadata(Some(&topics)).await?;
            }
        }
        Ok(())
    }

    fn topics(&self) -> Vec<String> {
        let set: HashSet<String> = self
            .positions
            .keys()
            .chain(self.resets.keys())
            .map(|(t, _)| t.to_string())
            .collect();
        set.into_iter().collect()
    }

    /// Group partitions by their current leader; partitions without one are returned apart.
    fn by_leader<'a>(
        &self,
        tps: impl Iterator<Item = &'a Tp>,
    ) -> (BTreeMap<i32, Vec<Tp>>, Vec<Tp>) {
        let meta = self.client.metadata();
        let mut groups: BTreeMap<i32, Vec<Tp>> = BTreeMap::new();
        let mut leaderless = Vec::new();
        for tp in tps {
            match meta.leader(&tp.0, tp.1) {
                Some(l) => groups.entry(l).or_default().push(tp.clone()),
                None => leaderless.push(tp.clone()),
            }
        }
        (groups, leaderless)
    }

    /// The earliest (-2) or latest (-1) offsets of partitions.
    async fn list_offsets(
        &self,
        pending: &[(Tp, OffsetSpec)],
    ) -> Result<Vec<(Tp, Result<i64, KafkaError>)>> {
        let specs: HashMap<&Tp, OffsetSpec> = pending.iter().map(|(tp, s)| (tp, *s)).collect();
        let (groups, leaderless) = self.by_leader(pending.iter().map(|(tp, _)| tp));
        let mut out: Vec<(Tp, Result<i64, KafkaError>)> = leaderless
            .into_iter()
            .map(|tp| {
                (
                    tp,
                    Err(KafkaError {
                        code: 5,
                        message: None,
                    }),
                )
            })
            .collect();
        for (leader, tps) in groups {
            let mut topics: Vec<ListOffsetsTopic> = Vec::new();
            for tp in &tps {
                let ts = match specs.get(tp) {
                    Some(OffsetSpec::Earliest) => -2,
                    _ => -1,
                };
                let part = ListOffsetsPartition::default()
                    .with_partition_index(tp.1)
                    .with_timestamp(ts)
                    .with_current_leader_epoch(-1);
                match topics.iter_mut().find(|t| t.name.0.as_str() == &*tp.0) {
                    Some(t) => t.partitions.push(part),
                    None => topics.push(
                        ListOffsetsTopic::default()
                            .with_name(topic_name(&tp.0))
                            .with_partitions(vec![part]),
                    ),
                }
            }
            let req = ListOffsetsRequest::default()
                .with_replica_id(BrokerId(-1))
                .with_isolation_level(self.config.isolation.wire())
                .with_topics(topics);
            let conn = self.client.broker_connection(leader).await?;
            let resp = match conn.send(&req).await {
                Ok(r) => r,
                Err(e) => {
                    self.client.drop_connection(leader);
                    return Err(e);
                }
            };
            for t in &resp.topics {
                for p in &t.partitions {
                    let Some(tp) = tps
                        .iter()
                        .find(|tp| &*tp.0 == t.name.0.as_str() && tp.1 == p.partition_index)
                    else {
                        continue;
                    };
                    let outcome = match KafkaError::from_code(p.error_code, None) {
                        Some(e) => Err(e),
                        None => Ok(p.offset),
                    };
                    out.push((tp.clone(), outcome));
                }
            }
        }
        Ok(out)
    }

    /// One fetch round: resolves pending offsets, fetches from every leader at once, and returns
    /// the records (possibly none, after `fetch.max.wait.ms`).
    pub async fn poll(&mut self) -> Result<Vec<ConsumerRecord>> {
        self.resolve_offsets().await?;
        let (groups, leaderless) = self.by_leader(self.positions.keys());
        let mut tasks = tokio::task::JoinSet::new();
        for (leader, tps) in groups {
            let req = self.fetch_request(&tps);
            let client = self.client.clone();
            let timeout = self.client.config().request_timeout + self.config.max_wait;
            tasks.spawn(async move {
                let r = match client.broker_connection(leader).await {
                    Ok(conn) => conn.send_timeout(&req, timeout).await,
                    Err(e) => Err(e),
                };
                (leader, r)
            });
        }
        let mut records = Vec::new();
        let mut refresh = !leaderless.is_empty();
        let mut failure = None;
        while let Some(joined) = tasks.join_next().await {
            let Ok((leader, result)) = joined else {
                continue;
            };
            match result {
                Ok(resp) => refresh |= self.handle_fetch(resp, &mut records)?,
                Err(e) if e.is_retriable() => {
                    // Warn on the first failure of a streak and then every 20th, not every retry.
                    if self.failures.is_multiple_of(20) {
                        tracing::warn!(broker = leader, error = %e, "Fetch failed; will retry.");
                    }
                    self.client.drop_connection(leader);
                    refresh = true;
                    failure = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        if failure.is_some() {
            self.failures = self.failures.saturating_add(1);
        } else {
            self.failures = 0;
        }
        if refresh {
            if failure.is_some() || records.is_empty() {
                // Back off exponentially while a broker stays unreachable, up to 1 s.
                let factor = 1u32 << self.failures.min(4);
                let backoff = (self.config.retry_backoff * factor).min(Duration::from_secs(1));
                tokio::time::sleep(backoff.max(self.config.retry_backoff)).await;
            }
            let topics = self.topics();
            if let Err(e) = self.client.refresh_metadata(Some(&topics)).await {
                tracing::warn!(error = %e, "Metadata refresh failed.");
            }
        }
        Ok(records)
    }

    fn fetch_request(&self, tps: &[Tp]) -> FetchRequest {
        let mut topics: Vec<FetchTopic> = Vec::new();
        for tp in tps {
            let offset = self.positions.get(tp).copied().unwrap_or(0);
            let part = FetchPartition::default()
                .with_partition(tp.1)
                .with_fetch_offset(offset)
                .with_current_leader_epoch(-1)
                .with_last_fetched_epoch(-1)
                .with_log_start_offset(-1)
                .with_partition_max_bytes(self.config.partition_max_bytes);
            match topics.iter_mut().find(|t| t.topic.0.as_str() == &*tp.0) {
                Some(t) => t.partitions.push(part),
                None => topics.push(
                    FetchTopic::default()
                        .with_topic(topic_name(&tp.0))
                        .with_partitions(vec![part]),
                ),
            }
        }
        FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(i32::try_from(self.config.max_wait.as_millis()).unwrap_or(i32::MAX))
            .with_min_bytes(self.config.min_bytes)
            .with_max_bytes(self.config.max_bytes)
            .with_isolation_level(self.config.isolation.wire())
            .with_session_id(0)
            .with_session_epoch(-1)
            .with_topics(topics)
    }

    /// Apply one Fetch response; returns true when metadata should be refreshed.
    fn handle_fetch(&mut self, resp: FetchResponse, out: &mut Vec<ConsumerRecord>) -> Result<bool> {
        if let Some(e) = KafkaError::from_code(resp.error_code, None) {
            return if e.is_retriable() {
                Ok(true)
            } else {
                Err(Error::Kafka(e))
            };
        }
        let mut refresh = false;
        for t in resp.responses {
            let name = t.topic.0.as_str();
            for p in t.partitions {
                let Some((tp, pos)) = self
                    .positions
                    .iter_mut()
                    .find(|((tn, pn), _)| &**tn == name && *pn == p.partition_index)
                else {
                    continue;
                };
                let tp = tp.clone();
                match p.error_code {
                    0 => {}
                    1 => {
                        // OFFSET_OUT_OF_RANGE
                        match self.config.auto_offset_reset {
                            Some(spec) => {
                                tracing::info!(topic = %tp.0, partition = tp.1, offset = *pos, "Offset out of range; resetting.");
                                self.resets.insert(tp.clone(), spec);
                                self.positions.remove(&tp);
                            }
                            None => {
                                return Err(Error::Kafka(KafkaError {
                                    code: 1,
                                    message: Some(format!(
                                        "offset {} is out of range for {}-{}",
                                        pos, tp.0, tp.1
                                    )),
                                }));
                            }
                        }
                        continue;
                    }
                    code if needs_metadata(code) => {
                        refresh = true;
                        continue;
                    }
                    code => {
                        return Err(Error::Kafka(KafkaError {
                            code,
                            message: Some(format!(
                                "fetch of {}-{} failed: {}",
                                tp.0,
                                tp.1,
                                KafkaError {
                                    code,
                                    message: None
                                }
                            )),
                        }));
                    }
                }
                let Some(data) = p.records else { continue };
                let aborted: Vec<(i64, i64)> = p
                    .aborted_transactions
                    .unwrap_or_default()
                    .iter()
                    .map(|a| (a.producer_id.0, a.first_offset))
                    .collect();
                let read_committed = self.config.isolation == IsolationLevel::ReadCommitted;
                *pos = decode_partition(&tp, data, *pos, read_committed, aborted, out)?;
            }
        }
        Ok(refresh)
    }
}

/// Append the records at or past `position` to `out`; returns the next position.
fn decode_partition(
    tp: &Tp,
    data: Bytes,
    mut position: i64,
    read_committed: bool,
    mut aborted: Vec<(i64, i64)>,
    out: &mut Vec<ConsumerRecord>,
) -> Result<i64> {
    aborted.sort_by_key(|a| std::cmp::Reverse(a.1));
    let mut aborting: HashSet<i64> = HashSet::new();
    for batch in BatchIter::new(data) {
        let batch: RawBatch = batch?;
        let next = batch.last_offset().saturating_add(1);
        if next <= position {
            continue;
        }
        if read_committed {
            // Transactions aborted at or before this batch become active (Java's Fetcher logic).
            while aborted.last().is_some_and(|a| a.1 <= batch.last_offset()) {
                if let Some((pid, _)) = aborted.pop() {
                    aborting.insert(pid);
                }
            }
            if batch.is_control() {
                if batch.control_type()? == ControlType::Abort {
                    aborting.remove(&batch.producer_id);
                }
                position = next;
                continue;
            }
            if batch.is_transactional() && aborting.contains(&batch.producer_id) {
                position = next;
                continue;
            }
        }
        if batch.is_control() {
            position = next;
            continue;
        }
        for r in batch.records()? {
            if r.offset < position {
                continue;
            }
            out.push(ConsumerRecord {
                topic: tp.0.clone(),
                partition: tp.1,
                offset: r.offset,
                timestamp: r.timestamp,
                timestamp_type: r.timestamp_type,
                key: r.key,
                value: r.value,
                headers: r.headers,
                leader_epoch: r.leader_epoch,
            });
        }
        position = next;
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch_encoder::{BatchBuilder, ProducerStamp};
    use kafka_protocol::records::Compression;

    fn batch(base: i64, n: i32) -> Vec<u8> {
        let mut b = BatchBuilder::new(256);
        for i in 0..n {
            b.push(
                1,
                None,
                Some(format!("v{}", base + i64::from(i)).as_bytes()),
                &[],
            );
        }
        let mut bytes = b
            .finish(Compression::None, ProducerStamp::NONE)
            .unwrap()
            .to_vec();
        bytes[..8].copy_from_slice(&base.to_be_bytes());
        bytes
    }

    #[test]
    fn records_before_the_position_are_skipped() {
        let tp: Tp = (Arc::from("t"), 0);
        let mut data = batch(0, 5);
        data.extend(batch(5, 5));
        let mut out = Vec::new();
        let next = decode_partition(&tp, Bytes::from(data), 3, false, vec![], &mut out).unwrap();
        assert_eq!(next, 10);
        assert_eq!(
            out.iter().map(|r| r.offset).collect::<Vec<_>>(),
            [3, 4, 5, 6, 7, 8, 9]
        );
        assert_eq!(out[0].value.as_deref(), Some(&b"v3"[..]));
    }

    #[test]
    fn a_truncated_tail_leaves_the_position_at_the_last_full_batch() {
        let tp: Tp = (Arc::from("t"), 0);
        let mut data = batch(0, 2);
        let second = batch(2, 2);
        data.extend_from_slice(&second[..second.len() - 1]);
        let mut out = Vec::new();
        let next = decode_partition(&tp, Bytes::from(data), 0, false, vec![], &mut out).unwrap();
        assert_eq!(next, 2);
        assert_eq!(out.len(), 2);
    }

    /// Set attribute bits and a producer id on an encoded batch, fixing its CRC.
    fn restamp(mut bytes: Vec<u8>, attributes: i16, pid: i64) -> Vec<u8> {
        bytes[21..23].copy_from_slice(&attributes.to_be_bytes());
        bytes[43..51].copy_from_slice(&pid.to_be_bytes());
        let crc = crc32c::crc32c(&bytes[21..]);
        bytes[17..21].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn txn_log() -> Vec<u8> {
        const TRANSACTIONAL: i16 = 0x10;
        const CONTROL: i16 = 0x20;
        // Offsets 0-1: a transaction of producer 5, later aborted.
        let mut data = restamp(batch(0, 2), TRANSACTIONAL, 5);
        // Offset 2: producer 5's ABORT marker (key: version 0, type 0).
        let mut marker = BatchBuilder::new(64);
        marker.push(1, Some(&[0, 0, 0, 0]), Some(&[0, 0, 0, 0, 0, 0]), &[]);
        let mut m = marker
            .finish(Compression::None, ProducerStamp::NONE)
            .unwrap()
            .to_vec();
        m[..8].copy_from_slice(&2i64.to_be_bytes());
        data.extend(restamp(m, TRANSACTIONAL | CONTROL, 5));
        // Offset 3: a plain record.
        data.extend(batch(3, 1));
        data
    }

    #[test]
    fn read_committed_drops_aborted_transactions_and_markers() {
        let tp: Tp = (Arc::from("t"), 0);
        let mut out = Vec::new();
        let next =
            decode_partition(&tp, Bytes::from(txn_log()), 0, true, vec![(5, 0)], &mut out).unwrap();
        assert_eq!(next, 4);
        assert_eq!(out.iter().map(|r| r.offset).collect::<Vec<_>>(), [3]);

        let mut out = Vec::new();
        decode_partition(
            &tp,
            Bytes::from(txn_log()),
            0,
            false,
            vec![(5, 0)],
            &mut out,
        )
        .unwrap();
        assert_eq!(
            out.iter().map(|r| r.offset).collect::<Vec<_>>(),
            [0, 1, 3],
            "read_uncommitted sees the aborted records but never the marker"
        );
    }
}
