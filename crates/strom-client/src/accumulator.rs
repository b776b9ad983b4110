//! The producer's record accumulator: per-partition open batches, partition choice, sealing.
//!
//! Pure bookkeeping without I/O, so it is tested directly; the producer's sender task drains
//! what is sealed here.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::records::Compression;

use crate::batch_encoder::{BatchBuilder, Header, ProducerStamp};
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
}

struct OpenBatch {
    builder: BatchBuilder,
    created: Instant,
    reserved: usize,
}

/// Knobs the accumulator needs.
#[derive(Debug, Clone)]
pub struct AccumulatorConfig {
    pub batch_size: usize,
    pub linger: Duration,
    pub compression: Compression,
}

pub struct Accumulator {
    cfg: AccumulatorConfig,
    open: HashMap<TopicPartition, OpenBatch>,
    ready: VecDeque<ReadyBatch>,
    /// Keyless records stick to one partition per topic until its batch is sealed.
    sticky: HashMap<Arc<str>, i32>,
    /// Producer id/epoch when idempotence is on, and the next sequence per partition.
    producer: Option<(i64, i16)>,
    sequences: HashMap<TopicPartition, i32>,
}

impl Accumulator {
    pub fn new(cfg: AccumulatorConfig) -> Self {
        Accumulator {
            cfg,
            open: HashMap::new(),
            ready: VecDeque::new(),
            sticky: HashMap::new(),
            producer: None,
            sequences: HashMap::new(),
        }
    }

    pub fn set_producer_id(&mut self, producer_id: i64, epoch: i16) {
        self.producer = Some((producer_id, epoch));
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
        let p = *self
            .sticky
            .entry(topic.clone())
            .or_insert_with(|| rand::random_range(0..n.max(1)));
        if p < n { p } else { 0 }
    }

    /// Append a record. Returns true when it opened a new batch (the sender must learn about
    /// the new linger deadline) or sealed one.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        tp: &TopicPartition,
        n_partitions: i32,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
        reserved: usize,
        now: Instant,
    ) -> Result<bool> {
        let mut wake = false;
        let fits = match self.open.get(tp) {
            Some(b) => {
                b.builder.size() + b.builder.record_size(timestamp, key, value, headers)
                    <= self.cfg.batch_size
            }
            None => true,
        };
        if !fits {
            self.seal(tp, n_partitions)?;
            wake = true;
        }
        let batch = self.open.entry(tp.clone()).or_insert_with(|| {
            wake = true;
            OpenBatch {
                builder: BatchBuilder::new(self.cfg.batch_size.min(1 << 20)),
                created: now,
                reserved: 0,
            }
        });
        batch.builder.push(timestamp, key, value, headers);
        batch.reserved += reserved;
        if batch.builder.size() >= self.cfg.batch_size {
            self.seal(tp, n_partitions)?;
            wake = true;
        }
        Ok(wake)
    }

    /// Seal a partition's open batch into the ready queue; a full sticky partition moves on.
    fn seal(&mut self, tp: &TopicPartition, n_partitions: i32) -> Result<()> {
        let Some(batch) = self.open.remove(tp) else {
            return Ok(());
        };
        let stamp = match self.producer {
            Some((producer_id, producer_epoch)) => {
                let seq = self.sequences.entry(tp.clone()).or_insert(0);
                let base_sequence = *seq;
                *seq = seq.wrapping_add(batch.builder.len()) & i32::MAX;
                ProducerStamp {
                    producer_id,
                    producer_epoch,
                    base_sequence,
                }
            }
            None => ProducerStamp::NONE,
        };
        let data = batch.builder.finish(self.cfg.compression, stamp)?;
        self.ready.push_back(ReadyBatch {
            tp: tp.clone(),
            data,
            records: batch.builder.len(),
            reserved: batch.reserved,
            attempts: 0,
            not_before: None,
        });
        if let Some(s) = self.sticky.get_mut(&tp.0)
            && *s == tp.1
            && n_partitions > 1
        {
            *s = (*s + 1) % n_partitions;
        }
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
        let due: Vec<TopicPartition> = self
            .open
            .iter()
            .filter(|(_, b)| force || now >= b.created + self.cfg.linger)
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in due {
            let n = partitions(&tp.0);
            self.seal(&tp, n)?;
        }
        Ok(self
            .open
            .values()
            .map(|b| b.created + self.cfg.linger)
            .min())
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
        self.open.is_empty() && self.ready.is_empty()
    }

    /// Drop everything not yet sent (after a fatal error); returns the dropped batches.
    pub fn abort_all(&mut self) -> Vec<ReadyBatch> {
        let mut out: Vec<ReadyBatch> = self.ready.drain(..).collect();
        for (tp, b) in self.open.drain() {
            out.push(ReadyBatch {
                tp,
                data: Bytes::new(),
                records: b.builder.len(),
                reserved: b.reserved,
                attempts: 0,
                not_before: None,
            });
        }
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
                &tp,
                1,
                1,
                None,
                Some(format!("value-{i}").as_bytes()),
                &[],
                10,
                now,
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
            a.append(&tp, 3, 1, Some(b"k"), Some(b"v"), &[], 1, t0)
                .unwrap()
        );
        assert!(
            !a.append(&tp, 3, 1, Some(b"k"), Some(b"v"), &[], 1, t0)
                .unwrap()
        );
        let deadline = a.expire(t0, false, |_| 3).unwrap();
        assert_eq!(deadline, Some(t0 + Duration::from_millis(10)));
        assert!(!a.has_ready());
        assert_eq!(
            a.expire(t0 + Duration::from_millis(10), false, |_| 3)
                .unwrap(),
            None
        );
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
            a.append(&tp, 1, 1, None, Some(b"v"), &[], 1, now).unwrap();
        }
        a.expire(now, true, |_| 1).unwrap();
        a.append(&tp, 1, 1, None, Some(b"v"), &[], 1, now).unwrap();
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
