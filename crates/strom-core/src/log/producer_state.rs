//! Idempotent producer state per partition: the epoch and the last five batches of each
//! producer id, so retries are recognised as duplicates and gaps are refused.

use std::collections::{HashMap, VecDeque};

use super::batch::BatchHeader;

/// Batches remembered per producer (Kafka's `NUM_BATCHES_TO_RETAIN`).
pub const BATCHES_TO_RETAIN: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BatchMeta {
    pub first_seq: i32,
    pub last_seq: i32,
    pub base_offset: i64,
    pub last_offset: i64,
    pub timestamp: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProducerEntry {
    pub epoch: i16,
    pub batches: VecDeque<BatchMeta>,
}

/// The verdict on an incoming idempotent batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SequenceCheck {
    /// Append it.
    Accept,
    /// A retry of a batch already in the log: answer with its original offsets.
    Duplicate(BatchMeta),
    /// The producer's epoch is older than the one we know (INVALID_PRODUCER_EPOCH).
    StaleEpoch,
    /// A gap or reordering (OUT_OF_ORDER_SEQUENCE_NUMBER).
    OutOfOrder { expected: i32, got: i32 },
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ProducerStateManager {
    producers: HashMap<i64, ProducerEntry>,
}

fn in_sequence(last: i32, next: i32) -> bool {
    next == last.wrapping_add(1) || (last == i32::MAX && next == 0)
}

impl ProducerStateManager {
    pub fn check(&self, h: &BatchHeader) -> SequenceCheck {
        if !h.has_producer_id() || h.base_sequence < 0 {
            return SequenceCheck::Accept;
        }
        let Some(entry) = self.producers.get(&h.producer_id) else {
            // Unknown producer (new, or its state aged out): any sequence is accepted.
            return SequenceCheck::Accept;
        };
        if h.producer_epoch < entry.epoch {
            return SequenceCheck::StaleEpoch;
        }
        if h.producer_epoch == entry.epoch {
            let last_seq = h.last_sequence();
            if let Some(dup) = entry
                .batches
                .iter()
                .find(|b| b.first_seq == h.base_sequence && b.last_seq == last_seq)
            {
                return SequenceCheck::Duplicate(*dup);
            }
            let current = entry.batches.back().map_or(-1, |b| b.last_seq);
            if entry.batches.is_empty() || in_sequence(current, h.base_sequence) {
                return SequenceCheck::Accept;
            }
            return SequenceCheck::OutOfOrder {
                expected: current.wrapping_add(1),
                got: h.base_sequence,
            };
        }
        // A bumped epoch must start again at sequence 0.
        if h.base_sequence != 0 {
            return SequenceCheck::OutOfOrder {
                expected: 0,
                got: h.base_sequence,
            };
        }
        SequenceCheck::Accept
    }

    /// Record an appended batch (its offsets already assigned).
    pub fn update(&mut self, h: &BatchHeader) {
        if !h.has_producer_id() || h.is_control() {
            return;
        }
        let entry = self.producers.entry(h.producer_id).or_default();
        if h.producer_epoch != entry.epoch {
            entry.epoch = h.producer_epoch;
            entry.batches.clear();
        }
        if h.base_sequence < 0 {
            return;
        }
        entry.batches.push_back(BatchMeta {
            first_seq: h.base_sequence,
            last_seq: h.last_sequence(),
            base_offset: h.base_offset,
            last_offset: h.last_offset(),
            timestamp: h.max_timestamp,
        });
        while entry.batches.len() > BATCHES_TO_RETAIN {
            entry.batches.pop_front();
        }
    }

    /// Forget batches at or past `offset` (log truncation).
    pub fn truncate_from(&mut self, offset: i64) {
        for e in self.producers.values_mut() {
            e.batches.retain(|b| b.last_offset < offset);
        }
        self.producers.retain(|_, e| !e.batches.is_empty());
    }

    /// The last offset written by each producer.
    pub fn last_offsets(&self) -> HashMap<i64, i64> {
        self.producers
            .iter()
            .filter_map(|(pid, e)| e.batches.back().map(|b| (*pid, b.last_offset)))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.producers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pid: i64, epoch: i16, seq: i32, n: i32, base: i64) -> BatchHeader {
        BatchHeader {
            base_offset: base,
            batch_length: 100,
            partition_leader_epoch: 0,
            magic: 2,
            crc: 0,
            attributes: 0,
            last_offset_delta: n - 1,
            base_timestamp: 0,
            max_timestamp: 0,
            producer_id: pid,
            producer_epoch: epoch,
            base_sequence: seq,
            record_count: n,
        }
    }

    #[test]
    fn duplicates_return_the_original_offsets_and_gaps_are_refused() {
        let mut m = ProducerStateManager::default();
        let b0 = h(7, 0, 0, 3, 100);
        assert_eq!(m.check(&b0), SequenceCheck::Accept);
        m.update(&b0);
        let retry = h(7, 0, 0, 3, 0);
        assert!(matches!(
            m.check(&retry),
            SequenceCheck::Duplicate(BatchMeta {
                base_offset: 100,
                ..
            })
        ));
        assert_eq!(m.check(&h(7, 0, 3, 1, 0)), SequenceCheck::Accept);
        assert_eq!(
            m.check(&h(7, 0, 5, 1, 0)),
            SequenceCheck::OutOfOrder {
                expected: 3,
                got: 5
            }
        );
        assert_eq!(m.check(&h(7, -1, 3, 1, 0)), SequenceCheck::StaleEpoch);
        assert_eq!(m.check(&h(7, 1, 0, 1, 0)), SequenceCheck::Accept);
        assert_eq!(
            m.check(&h(7, 1, 4, 1, 0)),
            SequenceCheck::OutOfOrder {
                expected: 0,
                got: 4
            }
        );
        // Unknown producers start anywhere.
        assert_eq!(m.check(&h(8, 0, 42, 1, 0)), SequenceCheck::Accept);
    }

    #[test]
    fn only_five_batches_are_remembered() {
        let mut m = ProducerStateManager::default();
        for i in 0..7 {
            m.update(&h(1, 0, i, 1, i64::from(i)));
        }
        assert_eq!(
            m.check(&h(1, 0, 1, 1, 0)),
            SequenceCheck::OutOfOrder {
                expected: 7,
                got: 1
            }
        );
        assert!(matches!(
            m.check(&h(1, 0, 2, 1, 0)),
            SequenceCheck::Duplicate(_)
        ));
    }
}
