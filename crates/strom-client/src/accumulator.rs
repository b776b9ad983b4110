//! The producer's record accumulator: per-partition open batches, partition choice, sealing.
//!
//! Pure bookkeeping without I/O, so it is tested directly; the producer's sender task drains
//! what is sealed here. It sits on the per-record path, so state is kept per topic (one cheap
//! hash of the name) and then indexed by partition, and `Instant::now()` is only read when a
//! batch opens.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::records::Compression;

use crate::batch_encoder::{BatchBuilder, Header, ProducerStamp};
use crate::delivery::RecordMark;
use crate::error::Result;
use crate::murmur2::partition_for_key;

/// A topic name and partition index.
pub type TopicPartition = (Arc<str>, i32);

/// A sealed batch waiting to be sent (or re-sent).
#[derive(Debug, Clone)]
pub struct ReadyBatch {
    pub tp: TopicPartition,
    pub data: Bytes,
    pub records: i32,
    /// Buffer-memory permits held until the batch is done.
    pub reserved: usize,
    pub attempts: u32,
    /// Retry backoff: not to be sent before this instant.
    pub not_before: Option<Instant>,
    /// Per-record append marks, kept only when a delivery listener is set.
    pub marks: Vec<RecordMark>,
}

struct OpenBatch {
    builder: BatchBuilder,
    created: Instant,
    reserved: usize,
    marks: Vec<RecordMark>,
}

/// Knobs the accumulator needs.
#[derive(Debug, Clone)]
pub struct AccumulatorConfig {
    pub batch_size: usize,
    pub linger: Duration,
    pub compression: Compression,
}

/// FxHash-style hasher: topic names are our own callers' strings, not adversarial input, and
/// SipHash showed up in profiles of the per-record path.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by topic name with the fast hasher.
pub type TopicMap<V> = HashMap<Arc<str>, V, BuildHasherDefault<FastHasher>>;

/// Everything the accumulator tracks for one topic, indexed by partition.
#[derive(Default)]
struct TopicState {
    open: Vec<Option<OpenBatch>>,
    /// Keyless records stick to one partition until its batch is sealed.
    sticky: Option<i32>,
    /// Next sequence per partition when idempotence is on.
    sequences: Vec<i32>,
}

pub struct Accumulator {
    cfg: AccumulatorConfig,
    topics: TopicMap<TopicState>,
    open_batches: usize,
    ready: VecDeque<ReadyBatch>,
    /// Producer id/epoch when idempotence is on.
    producer: Option<(i64, i16)>,
    /// Keep a [`RecordMark`] per record (for a delivery listener).
    track_records: bool,
}

impl Accumulator {
    pub fn new(cfg: AccumulatorConfig) -> Self {
        Accumulator {
            cfg,
            topics: TopicMap::default(),
            open_batches: 0,
            ready: VecDeque::new(),
            producer: None,
            track_records: false,
        }
    }

    /// Remember when each record was appended and its value size (see [`RecordMark`]).
    pub fn track_records(&mut self) {
        self.track_records = true;
    }

    pub fn set_producer_id(&mut self, producer_id: i64, epoch: i16) {
        self.producer = Some((producer_id, epoch));
    }

    fn topic_state(&mut self, topic: &Arc<str>) -> &mut TopicState {
        // Look up by &str first so the common case does not touch the Arc's refcount.
        if !self.topics.contains_key(&**topic) {
            self.topics.insert(topic.clone(), TopicState::default());
        }
        self.topics.entry(topic.clone()).or_default()
    }

    /// The partition a record goes to: explicit, else by key hash, else the sticky one.
    pub fn choose_partition(
        &mut self,
        topic: &Arc<str>,
        key: Option<&[u8]>,
        explicit: Option<i32>,
        n: i32,
    ) -> i32 {
        if let Some(p) = explicit {
            return p;
        }
        if let Some(k) = key {
            return partition_for_key(k, n);
        }
        let state = match self.topics.get_mut(&**topic) {
            Some(s) => s,
            None => self.topic_state(topic),
        };
        let p = *state
            .sticky
            .get_or_insert_with(|| rand::random_range(0..n.max(1)));
        if p < n { p } else { 0 }
    }

    /// Append a record. Returns true when it opened a new batch (the sender must learn about
    /// the new linger deadline) or sealed one.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        topic: &Arc<str>,
        partition: i32,
        n_partitions: i32,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
        reserved: usize,
    ) -> Result<bool> {
        let Ok(index) = usize::try_from(partition) else {
            return Ok(false);
        };
        let batch_size = self.cfg.batch_size;
        let track = self.track_records;
        let mut wake = false;
        let state = match self.topics.get_mut(&**topic) {
            Some(s) => s,
            None => self.topic_state(topic),
        };
        if state.open.len() <= index {
            state.open.resize_with(index + 1, || None);
        }
        let fits = match state.open.get(index).and_then(Option::as_ref) {
            Some(b) => {
                b.builder.size() + b.builder.record_size(timestamp, key, value, headers)
                    <= batch_size
            }
            None => true,
        };
        if !fits {
            self.seal(topic, partition, n_partitions)?;
            wake = true;
        }
        let state = match self.topics.get_mut(&**topic) {
            Some(s) => s,
            None => self.topic_state(topic),
        };
        let Some(slot) = state.open.get_mut(index) else {
            return Ok(wake);
        };
        let opened = slot.is_none();
        if opened {
            *slot = Some(OpenBatch {
                builder: BatchBuilder::new(batch_size.min(1 << 20)),
                created: Instant::now(),
                reserved: 0,
                marks: Vec::new(),
            });
        }
        let mut full = false;
        if let Some(batch) = slot.as_mut() {
            batch.builder.push(timestamp, key, value, headers);
            batch.reserved += reserved;
            if track {
                batch.marks.push(RecordMark {
                    appended: Instant::now(),
                    value_bytes: value.map_or(0, |v| u32::try_from(v.len()).unwrap_or(u32::MAX)),
                });
            }
            full = batch.builder.size() >= batch_size;
        }
        if opened {
            self.open_batches += 1;
            wake = true;
        }
        if full {
            self.seal(topic, partition, n_partitions)?;
            wake = true;
        }
        Ok(wake)
    }

    /// Seal a partition's open batch into the ready queue; a full sticky partition moves on.
    fn seal(&mut self, topic: &Arc<str>, partition: i32, n_partitions: i32) -> Result<()> {
        let producer = self.producer;
        let Some(state) = self.topics.get_mut(&**topic) else {
            return Ok(());
        };
        let index = usize::try_from(partition).unwrap_or(usize::MAX);
        let Some(batch) = state.open.get_mut(index).and_then(Option::take) else {
            return Ok(());
        };
        self.open_batches = self.open_batches.saturating_sub(1);
        let stamp = match producer {
            Some((producer_id, producer_epoch)) => {
                if state.sequences.len() <= index {
                    state.sequences.resize(index + 1, 0);
                }
                let seq = state.sequences.get_mut(index).map_or(0, |s| {
                    let base = *s;
                    *s = s.wrapping_add(batch.builder.len()) & i32::MAX;
                    base
                });
                ProducerStamp {
                    producer_id,
                    producer_epoch,
                    base_sequence: seq,
                }
            }
            None => ProducerStamp::NONE,
        };
        if let Some(s) = state.sticky.as_mut()
            && *s == partition
            && n_partitions > 1
        {
            *s = (*s + 1) % n_partitions;
        }
        let data = batch.builder.finish(self.cfg.compression, stamp)?;
        self.ready.push_back(ReadyBatch {
            tp: (topic.clone(), partition),
            data,
            records: batch.builder.len(),
            reserved: batch.reserved,
            attempts: 0,
            not_before: None,
            marks: batch.marks,
        });
        Ok(())
    }

    /// Seal batches whose linger expired (all of them when `force`); returns the earliest
    /// deadline still pending.
    pub fn expire(
        &mut self,
        now: Instant,
        force: bool,
        partitions: impl Fn(&str) -> i32,
    ) -> Result<Option<Instant>> {
        if self.open_batches == 0 {
            return Ok(None);
        }
        let linger = self.cfg.linger;
        let mut due: Vec<TopicPartition> = Vec::new();
        let mut next: Option<Instant> = None;
        for (topic, state) in &self.topics {
            for (i, b) in state.open.iter().enumerate() {
                let Some(b) = b else { continue };
                let deadline = b.created + linger;
                if force || now >= deadline {
                    due.push((topic.clone(), i32::try_from(i).unwrap_or(i32::MAX)));
                } else {
                    next = Some(next.map_or(deadline, |n: Instant| n.min(deadline)));
                }
            }
        }
        for (topic, p) in due {
            let n = partitions(&topic);
            self.seal(&topic, p, n)?;
        }
        Ok(next)
    }

    /// Put a batch back for a retry.
    pub fn requeue(&mut self, batch: ReadyBatch) {
        self.ready.push_front(batch);
    }
    /// Take sendable batches: at most one per partition, those whose backoff has passed and
    /// for which `accept` says yes (it sees the batch and may refuse, e.g. leader unknown).
    pub fn take_ready(
        &mut self,
        now: Instant,
        mut accept: impl FnMut(&ReadyBatch) -> bool,
    ) -> Vec<ReadyBatch> {
        let mut taken = Vec::new();
        let mut keep = VecDeque::with_capacity(self.ready.len());
        let mut seen = std::collections::HashSet::new();
        while let Some(b) = self.ready.pop_front() {
            let waiting = b.not_before.is_some_and(|t| t > now);
            if !waiting && !seen.contains(&b.tp) && accept(&b) {
                seen.insert(b.tp.clone());
                taken.push(b);
            } else {
                keep.push_back(b);
            }
        }
        self.ready = keep;
        taken
    }

    /// The earliest retry backoff among ready batches.
    pub fn next_backoff(&self) -> Option<Instant> {
        self.ready.iter().filter_map(|b| b.not_before).min()
    }

    #[cfg(test)]
    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.open_batches == 0 && self.ready.is_empty()
    }

    /// Drop everything not yet sent (after a fatal error); returns the dropped batches.
    pub fn abort_all(&mut self) -> Vec<ReadyBatch> {
        let mut out: Vec<ReadyBatch> = self.ready.drain(..).collect();
        for (topic, state) in &mut self.topics {
            for (i, slot) in state.open.iter_mut().enumerate() {
                if let Some(b) = slot.take() {
                    out.push(ReadyBatch {
                        tp: (topic.clone(), i32::try_from(i).unwrap_or(i32::MAX)),
                        data: Bytes::new(),
                        records: b.builder.len(),
                        reserved: b.reserved,
                        attempts: 0,
                        not_before: None,
                        marks: b.marks,
                    });
                }
            }
        }
        self.open_batches = 0;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch_decoder::BatchIter;

    fn acc(batch_size: usize) -> Accumulator {
        Accumulator::new(AccumulatorConfig {
            batch_size,
            linger: Duration::from_millis(10),
            compression: Compression::None,
        })
    }

    #[test]
    fn full_batches_are_sealed_and_keep_every_record() {
        let mut a = acc(200);
        let t: Arc<str> = Arc::from("t");
        let tp = (t.clone(), 0);
        let now = Instant::now();
        for i in 0..50 {
            a.append(
                &tp.0,
                tp.1,
                1,
                1,
                None,
                Some(format!("value-{i}").as_bytes()),
                &[],
                10,
            )
            .unwrap();
        }
        a.expire(now, true, |_| 1).unwrap();
        let batches = a.take_ready(now, |_| true);
        // One per partition per take.
        assert_eq!(batches.len(), 1);
        let mut total = batches[0].records;
        loop {
            let more = a.take_ready(now, |_| true);
            if more.is_empty() {
                break;
            }
            for b in &more {
                assert!(b.data.len() <= 200, "batch of {} bytes", b.data.len());
                let parsed: Vec<_> = BatchIter::new(b.data.clone()).collect();
                assert_eq!(parsed.len(), 1);
            }
            total += more.iter().map(|b| b.records).sum::<i32>();
        }
        assert_eq!(total, 50);
        assert!(a.is_empty());
    }

    #[test]
    fn linger_decides_when_an_open_batch_is_sealed() {
        let mut a = acc(1 << 20);
        let tp: TopicPartition = (Arc::from("t"), 2);
        let t0 = Instant::now();
        assert!(
            a.append(&tp.0, tp.1, 3, 1, Some(b"k"), Some(b"v"), &[], 1)
                .unwrap()
        );
        assert!(
            !a.append(&tp.0, tp.1, 3, 1, Some(b"k"), Some(b"v"), &[], 1)
                .unwrap()
        );
        let deadline = a.expire(t0, false, |_| 3).unwrap().expect("an open batch");
        assert!(deadline >= t0 + Duration::from_millis(10));
        assert!(!a.has_ready());
        assert_eq!(a.expire(deadline, false, |_| 3).unwrap(), None);
        let b = a.take_ready(t0, |_| true);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].records, 2);
        assert_eq!(b[0].reserved, 2);
    }

    #[test]
    fn keys_hash_like_java_and_keyless_records_stick() {
        let mut a = acc(1 << 20);
        let t: Arc<str> = Arc::from("t");
        assert_eq!(
            a.choose_partition(&t, Some(b"21"), None, 7),
            (-973_932_308i32 & 0x7fff_ffff) % 7
        );
        assert_eq!(a.choose_partition(&t, Some(b"x"), Some(5), 7), 5);
        let first = a.choose_partition(&t, None, None, 4);
        assert_eq!(a.choose_partition(&t, None, None, 4), first);
    }

    #[test]
    fn idempotent_batches_carry_consecutive_sequences() {
        let mut a = acc(1 << 20);
        a.set_producer_id(7, 0);
        let tp: TopicPartition = (Arc::from("t"), 0);
        let now = Instant::now();
        for _ in 0..3 {
            a.append(&tp.0, tp.1, 1, 1, None, Some(b"v"), &[], 1)
                .unwrap();
        }
        a.expire(now, true, |_| 1).unwrap();
        a.append(&tp.0, tp.1, 1, 1, None, Some(b"v"), &[], 1)
            .unwrap();
        a.expire(now, true, |_| 1).unwrap();
        let mut seqs = Vec::new();
        while let Some(b) = a.take_ready(now, |_| true).pop() {
            let raw = BatchIter::new(b.data).next().unwrap().unwrap();
            assert_eq!(raw.producer_id, 7);
            seqs.push(raw.base_sequence);
        }
        assert_eq!(seqs, [0, 3]);
    }
}
