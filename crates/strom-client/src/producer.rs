//! A batching, pipelining producer.
//!
//! [`Producer::send`] only appends to the accumulator (it awaits nothing on the network unless
//! buffer memory is exhausted or the topic's metadata is not known yet). A background sender
//! task seals batches when they fill up or their `linger.ms` passes, groups them per leader into
//! Produce requests, keeps up to `max.in.flight.requests.per.connection` requests in flight per
//! broker, and retries retriable failures after refreshing metadata. Delivery failures are
//! collected and reported by [`Producer::flush`].

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use kafka_protocol::messages::InitProducerIdRequest;
use tokio::sync::{Notify, Semaphore, mpsc};

use crate::accumulator::{Accumulator, AccumulatorConfig, ReadyBatch, TopicMap};
use crate::batch_encoder::Header;
use crate::client::Client;
use crate::delivery::DeliveryListener;
use crate::error::{Error, KafkaError, Result};
pub use crate::producer_config::{Acks, ProducerConfig, parse_compression};
use crate::sender::{pipeline_loop, sender_loop, spawn_detached};

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

/// A record to send, borrowing its bytes (see [`Producer::send_ref`]).
#[derive(Debug, Clone, Copy)]
pub struct RecordRef<'a> {
    pub topic: &'a Arc<str>,
    pub partition: Option<i32>,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [Header],
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

pub(crate) struct State {
    pub(crate) acc: Accumulator,
    /// Partition count per topic, learned from metadata.
    pub(crate) partitions: TopicMap<i32>,
    pub(crate) in_flight: HashMap<i32, usize>,
    pub(crate) flushing: usize,
    pub(crate) closed: bool,
    pub(crate) report: DeliveryReport,
}

impl State {
    pub(crate) fn idle(&self) -> bool {
        self.acc.is_empty() && self.in_flight.values().all(|&n| n == 0)
    }
}

pub(crate) struct Shared {
    pub(crate) client: Client,
    pub(crate) config: ProducerConfig,
    pub(crate) state: Mutex<State>,
    /// Wakes the sender: a batch opened or sealed, a flush, a completed request.
    pub(crate) wake: Notify,
    /// Wakes flush/close waiters when work completes.
    pub(crate) progress: Notify,
    pub(crate) memory: Arc<Semaphore>,
    /// One ordered request pipeline per broker (see [`pipeline_loop`]).
    pub(crate) pipelines: Mutex<HashMap<i32, mpsc::UnboundedSender<Vec<ReadyBatch>>>>,
    /// A metadata refresh is under way (so the sender starts at most one).
    pub(crate) refreshing: AtomicBool,
    /// Told about every settled batch (see [`crate::delivery`]).
    pub(crate) listener: Option<Arc<dyn DeliveryListener>>,
}

impl Shared {
    pub(crate) fn lock(&self) -> Result<std::sync::MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| Error::Shutdown("producer"))
    }

    /// Hand a request's batches to the broker's pipeline, starting it on first use.
    pub(crate) fn submit(self: &Arc<Self>, broker: i32, batches: Vec<ReadyBatch>) {
        // A poisoned map is still usable: losing batches here would hang flush().
        let mut pipes = self.pipelines.lock().unwrap_or_else(|p| p.into_inner());
        let batches = match pipes.get(&broker) {
            Some(tx) => match tx.send(batches) {
                Ok(()) => return,
                Err(mpsc::error::SendError(b)) => b,
            },
            None => batches,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(batches);
        pipes.insert(broker, tx);
        spawn_detached(pipeline_loop(self.clone(), broker, rx));
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
        Self::start(client, config, None).await
    }

    /// Start a producer that reports every settled batch, with per-record append times, to
    /// `listener` (see [`crate::delivery`]).
    pub async fn with_listener(
        client: Client,
        config: ProducerConfig,
        listener: Arc<dyn DeliveryListener>,
    ) -> Result<Producer> {
        Self::start(client, config, Some(listener)).await
    }

    async fn start(
        client: Client,
        config: ProducerConfig,
        listener: Option<Arc<dyn DeliveryListener>>,
    ) -> Result<Producer> {
        let mut acc = Accumulator::new(AccumulatorConfig {
            batch_size: config.batch_size,
            linger: config.linger,
            compression: config.compression,
        });
        if listener.is_some() {
            acc.track_records();
        }
        if config.idempotence {
            let resp = client
                .send_any(
                    // The crate's default transactional id is Some(""), which asks for a
                    // transactional producer; an idempotent one sends null.
                    &InitProducerIdRequest::default()
                        .with_transactional_id(None)
                        .with_transaction_timeout_ms(60_000)
                        .with_producer_id((-1).into())
                        .with_producer_epoch(-1),
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
                partitions: TopicMap::default(),
                in_flight: HashMap::new(),
                flushing: 0,
                closed: false,
                report: DeliveryReport::default(),
            }),
            wake: Notify::new(),
            progress: Notify::new(),
            pipelines: Mutex::new(HashMap::new()),
            refreshing: AtomicBool::new(false),
            listener,
        });
        let sender = tokio::spawn(sender_loop(shared.clone()));
        Ok(Producer { shared, sender })
    }

    pub fn config(&self) -> &ProducerConfig {
        &self.shared.config
    }

    /// Queue a record. Returns once it is in a batch; delivery is reported by [`flush`](Self::flush).
    pub async fn send(&self, rec: ProducerRecord) -> Result<()> {
        self.send_ref(RecordRef {
            topic: &rec.topic,
            partition: rec.partition,
            key: rec.key.as_deref(),
            value: rec.value.as_deref(),
            headers: &rec.headers,
            timestamp: rec.timestamp,
        })
        .await
    }

    /// As [`send`](Self::send) with borrowed fields: the bytes are copied straight into the
    /// batch, so a caller slicing a big input buffer allocates nothing per record.
    pub async fn send_ref(&self, rec: RecordRef<'_>) -> Result<()> {
        let size = rec.key.map_or(0, <[u8]>::len)
            + rec.value.map_or(0, <[u8]>::len)
            + rec
                .headers
                .iter()
                .map(|h| h.key.len() + h.value.as_ref().map_or(0, Bytes::len) + 4)
                .sum::<usize>()
            + 16;
        // Kafka's client-side check: a record that cannot fit a request is refused up front
        // (the batch header is counted, as Java counts it).
        let serialized = size + crate::batch_encoder::BATCH_HEADER_LEN;
        let max = self.shared.config.max_request_size;
        if serialized > max {
            return Err(Error::RecordTooLarge {
                size: serialized,
                max,
            });
        }
        // Reserve buffer memory for the record's approximate encoded size.
        let size = size.min(self.shared.config.buffer_memory);
        let permits = u32::try_from(size).unwrap_or(u32::MAX);
        match self.shared.memory.try_acquire_many(permits) {
            Ok(p) => p.forget(),
            Err(_) => self.wait_for_memory(permits).await?,
        }
        let timestamp = rec.timestamp.unwrap_or_else(now_ms);
        loop {
            let wake = {
                let mut st = self.shared.lock()?;
                if st.closed {
                    return Err(Error::Shutdown("producer"));
                }
                // The partition count is known after the topic's first record.
                if let Some(&n) = st.partitions.get(&**rec.topic) {
                    if let Some(p) = rec.partition
                        && (p < 0 || p >= n)
                    {
                        drop(st);
                        self.shared.memory.add_permits(size);
                        return Err(Error::Config(format!(
                            "partition {p} of topic {} does not exist ({n} partitions)",
                            rec.topic
                        )));
                    }
                    let p = st
                        .acc
                        .choose_partition(rec.topic, rec.key, rec.partition, n);
                    Some(st.acc.append(
                        rec.topic,
                        p,
                        n,
                        timestamp,
                        rec.key,
                        rec.value,
                        rec.headers,
                        size,
                    )?)
                } else {
                    None
                }
            };
            match wake {
                Some(wake) => {
                    if wake {
                        self.shared.wake.notify_one();
                    }
                    return Ok(());
                }
                None => {
                    if let Err(e) = self.partition_count(rec.topic).await {
                        self.shared.memory.add_permits(size);
                        return Err(e);
                    }
                }
            }
        }
    }

    async fn wait_for_memory(&self, permits: u32) -> Result<()> {
        let acquire = self.shared.memory.acquire_many(permits);
        match tokio::time::timeout(self.shared.config.max_block, acquire).await {
            Ok(Ok(p)) => {
                p.forget();
                Ok(())
            }
            Ok(Err(_)) => Err(Error::Shutdown("producer")),
            Err(_) => Err(Error::Timeout(format!(
                "failed to allocate memory within the configured max blocking time {} ms.",
                self.shared.config.max_block.as_millis()
            ))),
        }
    }

    /// The topic's partition count, fetching metadata (and letting the broker auto-create the
    /// topic when allowed) until it is known or `max.block.ms` passes.
    async fn partition_count(&self, topic: &Arc<str>) -> Result<i32> {
        if let Some(&n) = self.shared.lock()?.partitions.get(&**topic) {
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
