//! A batching, pipelining producer.
//!
//! [`Producer::send`] only appends to the accumulator (it awaits nothing on the network unless
//! buffer memory is exhausted or the topic's metadata is not known yet). A background sender
//! task seals batches when they fill up or their `linger.ms` passes, groups them per leader into
//! Produce requests, keeps up to `max.in.flight.requests.per.connection` requests in flight per
//! broker, and retries retriable failures after refreshing metadata. Delivery failures are
//! collected and reported by [`Producer::flush`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{InitProducerIdRequest, ProduceRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use kafka_protocol::records::Compression;
use tokio::sync::{Notify, Semaphore};

use crate::accumulator::{Accumulator, AccumulatorConfig, ReadyBatch};
use crate::batch_encoder::Header;
use crate::client::Client;
use crate::config::Properties;
use crate::error::{Error, KafkaError, Result};

/// `acks`: how many replicas must have the write before the broker answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acks {
    /// acks=0: the broker sends no response at all.
    None,
    /// acks=1: the leader's append.
    Leader,
    /// acks=all / -1: every in-sync replica.
    All,
}

impl Acks {
    pub fn parse(s: &str) -> Result<Acks> {
        match s.trim() {
            "0" => Ok(Acks::None),
            "1" => Ok(Acks::Leader),
            "-1" | "all" => Ok(Acks::All),
            other => Err(Error::Config(format!(
                "invalid value '{other}' for acks: expected all, -1, 0 or 1"
            ))),
        }
    }

    fn wire(self) -> i16 {
        match self {
            Acks::None => 0,
            Acks::Leader => 1,
            Acks::All => -1,
        }
    }
}

/// Parse a `compression.type` value.
pub fn parse_compression(s: &str) -> Result<Compression> {
    match s.trim().to_ascii_lowercase().as_str() {
        "none" | "uncompressed" => Ok(Compression::None),
        "gzip" => Ok(Compression::Gzip),
        "snappy" => Ok(Compression::Snappy),
        "lz4" => Ok(Compression::Lz4),
        "zstd" => Ok(Compression::Zstd),
        other => Err(Error::Config(format!(
            "invalid value '{other}' for compression.type: expected none, gzip, snappy, lz4 or zstd"
        ))),
    }
}

/// Producer settings, named after Kafka's producer configs.
#[derive(Debug, Clone)]
pub struct ProducerConfig {
    pub acks: Acks,
    pub compression: Compression,
    /// `batch.size`
    pub batch_size: usize,
    /// `linger.ms`
    pub linger: Duration,
    /// `retries`
    pub retries: u32,
    /// `retry.backoff.ms`
    pub retry_backoff: Duration,
    /// `max.in.flight.requests.per.connection`
    pub max_in_flight: usize,
    /// `buffer.memory`
    pub buffer_memory: usize,
    /// `max.block.ms`: how long `send` may wait for metadata or buffer space.
    pub max_block: Duration,
    /// `max.request.size`
    pub max_request_size: usize,
    /// `enable.idempotence`
    pub idempotence: bool,
    /// `allow.auto.create.topics`: ask the broker to create a missing topic.
    pub allow_auto_create: bool,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            compression: Compression::None,
            batch_size: 16384,
            linger: Duration::from_millis(5),
            retries: 3,
            retry_backoff: Duration::from_millis(100),
            max_in_flight: 5,
            buffer_memory: 32 << 20,
            max_block: Duration::from_secs(60),
            max_request_size: 1 << 20,
            idempotence: false,
            allow_auto_create: true,
        }
    }
}

impl ProducerConfig {
    /// Apply Kafka producer keys from `props` on top of the current values.
    pub fn apply(&mut self, props: &Properties) -> Result<()> {
        if let Some(v) = props.get("acks") {
            self.acks = Acks::parse(v)?;
        }
        if let Some(v) = props.get("compression.type") {
            self.compression = parse_compression(v)?;
        }
        if let Some(v) = props.get_parsed::<usize>("batch.size")? {
            self.batch_size = v.max(1);
        }
        if let Some(v) = props.get_parsed::<u64>("linger.ms")? {
            self.linger = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<u32>("retries")? {
            self.retries = v;
        }
        if let Some(v) = props.get_parsed::<u64>("retry.backoff.ms")? {
            self.retry_backoff = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<usize>("max.in.flight.requests.per.connection")? {
            self.max_in_flight = v.max(1);
        }
        if let Some(v) = props.get_parsed::<usize>("buffer.memory")? {
            self.buffer_memory = v.max(1);
        }
        if let Some(v) = props.get_parsed::<u64>("max.block.ms")? {
            self.max_block = Duration::from_millis(v);
        }
        if let Some(v) = props.get_parsed::<usize>("max.request.size")? {
            self.max_request_size = v.max(1);
        }
        if let Some(v) = props.get_bool("enable.idempotence") {
            self.idempotence = v;
        }
        if let Some(v) = props.get_bool("allow.auto.create.topics") {
            self.allow_auto_create = v;
        }
        if self.idempotence && self.acks != Acks::All {
            return Err(Error::Config(
                "enable.idempotence=true requires acks=all".into(),
            ));
        }
        Ok(())
    }
}

/// A record to send. `partition: None` lets the partitioner choose; `timestamp: None` is now.
#[derive(Debug, Clone, Default)]
pub struct ProducerRecord {
    pub topic: Arc<str>,
    pub partition: Option<i32>,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<Header>,
    pub timestamp: Option<i64>,
}

/// What went wrong with records that could not be delivered.
#[derive(Debug, Clone, Default)]
pub struct DeliveryReport {
    pub delivered: u64,
    pub failed: u64,
    /// The first failures (topic-partition, records, reason), a few at most.
    pub errors: Vec<String>,
}

struct State {
    acc: Accumulator,
    /// Partition count per topic, learned from metadata.
    partitions: HashMap<Arc<str>, i32>,
    in_flight: HashMap<i32, usize>,
    flushing: usize,
    closed: bool,
    report: DeliveryReport,
}

impl State {
    fn idle(&self) -> bool {
        self.acc.is_empty() && self.in_flight.values().all(|&n| n == 0)
    }
}

struct Shared {
    client: Client,
    config: ProducerConfig,
    state: Mutex<State>,
    /// Wakes the sender: a batch opened or sealed, a flush, a completed request.
    wake: Notify,
    /// Wakes flush/close waiters when work completes.
    progress: Notify,
    memory: Arc<Semaphore>,
}

impl Shared {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| Error::Shutdown("producer"))
    }
}

/// The producer handle.
pub struct Producer {
    shared: Arc<Shared>,
    sender: tokio::task::JoinHandle<()>,
}

impl Drop for Producer {
    fn drop(&mut self) {
        self.sender.abort();
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Wait for `notify` while `done` is false, registering interest before each check so a
/// notification between the check and the wait is not lost.
async fn wait_until(notify: &Notify, mut done: impl FnMut() -> bool) {
    loop {
        let notified = notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if done() {
            return;
        }
        notified.await;
    }
}

impl Producer {
    /// Start a producer over a connected client.
    pub async fn new(client: Client, config: ProducerConfig) -> Result<Producer> {
        let mut acc = Accumulator::new(AccumulatorConfig {
            batch_size: config.batch_size,
            linger: config.linger,
            compression: config.compression,
        });
        if config.idempotence {
            let resp = client
                .send_any(
                    &InitProducerIdRequest::default()
                        .with_transaction_timeout_ms(-1)
                        .with_producer_id((-1).into()),
                )
                .await?;
            if let Some(e) = KafkaError::from_code(resp.error_code, None) {
                return Err(Error::Kafka(e));
            }
            acc.set_producer_id(resp.producer_id.0, resp.producer_epoch);
        }
        let shared = Arc::new(Shared {
            memory: Arc::new(Semaphore::new(config.buffer_memory)),
            client,
            config,
            state: Mutex::new(State {
                acc,
                partitions: HashMap::new(),
                in_flight: HashMap::new(),
                flushing: 0,
                closed: false,
                report: DeliveryReport::default(),
            }),
            wake: Notify::new(),
            progress: Notify::new(),
        });
        let sender = tokio::spawn(sender_loop(shared.clone()));
        Ok(Producer { shared, sender })
    }

    pub fn config(&self) -> &ProducerConfig {
        &self.shared.config
    }

    /// Queue a record. Returns once it is in a batch; delivery is reported by [`flush`](Self::flush).
    pub async fn send(&self, rec: ProducerRecord) -> Result<()> {
        let n = self.partition_count(&rec.topic).await?;
        if let Some(p) = rec.partition
            && (p < 0 || p >= n)
        {
            return Err(Error::Config(format!(
                "partition {p} of topic {} does not exist ({n} partitions)",
                rec.topic
            )));
        }
        let timestamp = rec.timestamp.unwrap_or_else(now_ms);
        // Reserve buffer memory for the record's approximate encoded size.
        let size = rec.key.as_ref().map_or(0, Bytes::len)
            + rec.value.as_ref().map_or(0, Bytes::len)
            + rec
                .headers
                .iter()
                .map(|h| h.key.len() + h.value.as_ref().map_or(0, Bytes::len) + 4)
                .sum::<usize>()
            + 16;
        let size = size.min(self.shared.config.buffer_memory);
        let permits = u32::try_from(size).unwrap_or(u32::MAX);
        match self.shared.memory.try_acquire_many(permits) {
            Ok(p) => p.forget(),
            Err(_) => {
                let acquire = self.shared.memory.acquire_many(permits);
                match tokio::time::timeout(self.shared.config.max_block, acquire).await {
                    Ok(Ok(p)) => p.forget(),
                    Ok(Err(_)) => return Err(Error::Shutdown("producer")),
                    Err(_) => {
                        return Err(Error::Timeout(format!(
                            "failed to allocate memory within the configured max blocking time {} ms.",
                            self.shared.config.max_block.as_millis()
                        )));
                    }
                }
            }
        }
        let wake = {
            let mut st = self.shared.lock()?;
            if st.closed {
                return Err(Error::Shutdown("producer"));
            }
            let p = st
                .acc
                .choose_partition(&rec.topic, rec.key.as_deref(), rec.partition, n);
            let tp = (rec.topic.clone(), p);
            st.acc.append(
                &tp,
                n,
                timestamp,
                rec.key.as_deref(),
                rec.value.as_deref(),
                &rec.headers,
                size,
                Instant::now(),
            )?
        };
        if wake {
            self.shared.wake.notify_one();
        }
        Ok(())
    }

    /// The topic's partition count, fetching metadata (and letting the broker auto-create the
    /// topic when allowed) until it is known or `max.block.ms` passes.
    async fn partition_count(&self, topic: &Arc<str>) -> Result<i32> {
        if let Some(&n) = self.shared.lock()?.partitions.get(topic) {
            return Ok(n);
        }
        let deadline = Instant::now() + self.shared.config.max_block;
        let names = [topic.to_string()];
        loop {
            let meta = self
                .shared
                .client
                .fetch_metadata(Some(&names), self.shared.config.allow_auto_create)
                .await?;
            if let Some(t) = meta.topic(topic) {
                let n = i32::try_from(t.partitions.len()).unwrap_or(i32::MAX);
                if t.error.is_none() && n > 0 {
                    self.shared.lock()?.partitions.insert(topic.clone(), n);
                    return Ok(n);
                }
                if let Some(e) = &t.error
                    && !e.is_retriable()
                {
                    return Err(Error::Kafka(e.clone()));
                }
            }
            if Instant::now() >= deadline {
                return Err(Error::Timeout(format!(
                    "Topic {topic} not present in metadata after {} ms.",
                    self.shared.config.max_block.as_millis()
                )));
            }
            tokio::time::sleep(
                self.shared
                    .config
                    .retry_backoff
                    .min(deadline.saturating_duration_since(Instant::now())),
            )
            .await;
        }
    }

    /// Send everything queued and wait for the outcome. Returns the delivery report since the
    /// last flush; an `Err` only for failures of the producer itself.
    pub async fn flush(&self) -> Result<DeliveryReport> {
        self.shared.lock()?.flushing += 1;
        self.shared.wake.notify_one();
        let shared = self.shared.clone();
        wait_until(&self.shared.progress, || {
            shared.state.lock().map(|s| s.idle()).unwrap_or(true)
        })
        .await;
        let mut st = self.shared.lock()?;
        st.flushing = st.flushing.saturating_sub(1);
        Ok(std::mem::take(&mut st.report))
    }

    /// Flush, then stop the sender.
    pub async fn close(self) -> Result<DeliveryReport> {
        let report = self.flush().await?;
        self.shared.lock()?.closed = true;
        self.shared.wake.notify_one();
        Ok(report)
    }
}

/// The sender task: seal what is due, ship what is ready, sleep until the next deadline.
async fn sender_loop(shared: Arc<Shared>) {
    loop {
        let (deadline, closed) = match dispatch(&shared) {
            Ok(v) => v,
            Err(e) => {
                fail_everything(&shared, &e.to_string());
                (None, false)
            }
        };
        if closed {
            return;
        }
        let wake = shared.wake.notified();
        match deadline {
            Some(t) => {
                let _ = tokio::time::timeout_at(t.into(), wake).await;
            }
            None => wake.await,
        }
    }
}

/// One round of the sender under the lock; spawns the requests it decides to send.
fn dispatch(shared: &Arc<Shared>) -> Result<(Option<Instant>, bool)> {
    let now = Instant::now();
    let meta = shared.client.metadata();
    let mut st = shared.lock()?;
    if st.closed && st.idle() {
        return Ok((None, true));
    }
    let force = st.flushing > 0 || st.closed;
    let partitions = st.partitions.clone();
    let linger_deadline = st
        .acc
        .expire(now, force, |t| partitions.get(t).copied().unwrap_or(1))?;
    let mut missing_leader = false;
    let max_in_flight = shared.config.max_in_flight;
    // Keep taking (one batch per partition per round) until every broker is at its in-flight
    // limit or nothing sendable is left, so one partition can have several requests in flight.
    loop {
        let in_flight = st.in_flight.clone();
        let mut sizes: HashMap<i32, usize> = HashMap::new();
        let batches = st
            .acc
            .take_ready(now, |b| match meta.leader(&b.tp.0, b.tp.1) {
                Some(leader) => {
                    let busy = in_flight.get(&leader).copied().unwrap_or(0) >= max_in_flight;
                    let size = sizes.entry(leader).or_insert(0);
                    let fits = *size == 0 || *size + b.data.len() <= shared.config.max_request_size;
                    if busy || !fits {
                        return false;
                    }
                    *size += b.data.len();
                    true
                }
                None => {
                    missing_leader = true;
                    false
                }
            });
        if batches.is_empty() {
            break;
        }
        let mut by_broker: HashMap<i32, Vec<ReadyBatch>> = HashMap::new();
        for b in batches {
            if let Some(leader) = meta.leader(&b.tp.0, b.tp.1) {
                by_broker.entry(leader).or_default().push(b);
            }
        }
        for (broker, batches) in by_broker {
            *st.in_flight.entry(broker).or_insert(0) += 1;
            tokio::spawn(send_request(shared.clone(), broker, batches));
        }
    }
    let mut deadline = linger_deadline;
    if let Some(b) = st.acc.next_backoff() {
        deadline = Some(deadline.map_or(b, |d| d.min(b)));
    }
    drop(st);
    if missing_leader {
        let topics: Vec<String> = shared
            .lock()?
            .partitions
            .keys()
            .map(|t| t.to_string())
            .collect();
        let s = shared.clone();
        spawn_detached(async move {
            tokio::time::sleep(s.config.retry_backoff).await;
            let _ = s.client.refresh_metadata(Some(&topics)).await;
            s.wake.notify_one();
        });
    }
    shared.progress.notify_waiters();
    Ok((deadline, false))
}

fn spawn_detached<F: Future<Output = ()> + Send + 'static>(f: F) {
    drop(tokio::spawn(f));
}

/// Send one Produce request and settle its batches.
async fn send_request(shared: Arc<Shared>, broker: i32, batches: Vec<ReadyBatch>) {
    let outcome = produce(&shared, broker, &batches).await;
    let mut retry_metadata = false;
    {
        let Ok(mut st) = shared.lock() else { return };
        if let Some(n) = st.in_flight.get_mut(&broker) {
            *n = n.saturating_sub(1);
        }
        match outcome {
            Ok(results) => {
                for (batch, result) in batches.into_iter().zip(results) {
                    retry_metadata |= settle(&shared, &mut st, batch, result);
                }
            }
            Err(e) => {
                shared.client.drop_connection(broker);
                let err = e;
                for batch in batches {
                    let r = if err.is_retriable() {
                        Err(Failure::Retriable(err.to_string()))
                    } else {
                        Err(Failure::Fatal(err.to_string()))
                    };
                    retry_metadata |= settle(&shared, &mut st, batch, r);
                }
            }
        }
    }
    if retry_metadata {
        let topics: Vec<String> = shared
            .lock()
            .map(|s| s.partitions.keys().map(|t| t.to_string()).collect())
            .unwrap_or_default();
        let _ = shared.client.refresh_metadata(Some(&topics)).await;
    }
    shared.wake.notify_one();
    shared.progress.notify_waiters();
}

enum Failure {
    Retriable(String),
    Fatal(String),
}

/// Record a batch's outcome; returns true when metadata should be refreshed before a retry.
fn settle(
    shared: &Shared,
    st: &mut State,
    mut batch: ReadyBatch,
    result: Result<(), Failure>,
) -> bool {
    match result {
        Ok(()) => {
            st.report.delivered += batch.records as u64;
            shared.memory.add_permits(batch.reserved);
            false
        }
        Err(Failure::Retriable(why)) if batch.attempts < shared.config.retries && !st.closed => {
            tracing::debug!(topic = %batch.tp.0, partition = batch.tp.1, attempt = batch.attempts + 1, reason = %why, "Retrying a batch.");
            batch.attempts += 1;
            batch.not_before = Some(Instant::now() + shared.config.retry_backoff);
            st.acc.requeue(batch);
            true
        }
        Err(Failure::Retriable(why) | Failure::Fatal(why)) => {
            record_failure(shared, st, &batch, &why);
            false
        }
    }
}

fn record_failure(shared: &Shared, st: &mut State, batch: &ReadyBatch, why: &str) {
    st.report.failed += batch.records as u64;
    if st.report.errors.len() < 5 {
        st.report.errors.push(format!(
            "{} record(s) for {}-{}: {why}",
            batch.records, batch.tp.0, batch.tp.1
        ));
    }
    shared.memory.add_permits(batch.reserved);
}

fn fail_everything(shared: &Shared, why: &str) {
    if let Ok(mut st) = shared.state.lock() {
        for b in st.acc.abort_all() {
            record_failure(shared, &mut st, &b, why);
        }
    }
    shared.progress.notify_waiters();
}

/// The Produce round trip: one result per batch, in order.
async fn produce(
    shared: &Shared,
    broker: i32,
    batches: &[ReadyBatch],
) -> Result<Vec<Result<(), Failure>>> {
    let conn = shared.client.broker_connection(broker).await?;
    let mut topics: Vec<TopicProduceData> = Vec::new();
    for b in batches {
        let part = PartitionProduceData::default()
            .with_index(b.tp.1)
            .with_records(Some(b.data.clone()));
        match topics.iter_mut().find(|t| t.name.0.as_str() == &*b.tp.0) {
            Some(t) => t.partition_data.push(part),
            None => topics.push(
                TopicProduceData::default()
                    .with_name(TopicName(StrBytes::from_string(b.tp.0.to_string())))
                    .with_partition_data(vec![part]),
            ),
        }
    }
    let timeout_ms =
        i32::try_from(shared.client.config().request_timeout.as_millis()).unwrap_or(i32::MAX);
    let req = ProduceRequest::default()
        .with_acks(shared.config.acks.wire())
        .with_timeout_ms(timeout_ms)
        .with_topic_data(topics);
    if shared.config.acks == Acks::None {
        conn.send_no_response(&req).await?;
        return Ok(batches.iter().map(|_| Ok(())).collect());
    }
    let resp = conn.send(&req).await?;
    let mut by_tp: HashMap<(&str, i32), (i16, Option<String>)> = HashMap::new();
    for t in &resp.responses {
        for p in &t.partition_responses {
            let msg = p.error_message.as_ref().map(|m| m.to_string()).or_else(|| {
                p.record_errors
                    .first()
                    .and_then(|r| r.batch_index_error_message.as_ref().map(|m| m.to_string()))
            });
            by_tp.insert((t.name.0.as_str(), p.index), (p.error_code, msg));
        }
    }
    Ok(batches
        .iter()
        .map(|b| match by_tp.get(&(&*b.tp.0, b.tp.1)) {
            None => Err(Failure::Fatal("no response for this partition".into())),
            Some((code, msg)) => match KafkaError::from_code(*code, msg.clone()) {
                None => Ok(()),
                Some(e) if e.is_retriable() => {
                    Err(Failure::Retriable(format!("{} ({})", e, e.name())))
                }
                Some(e) => Err(Failure::Fatal(format!("{} ({})", e, e.name()))),
            },
        })
        .collect())
}
