//! Per-batch delivery notifications, for callers that measure the producer (the perf tools).
//!
//! A producer built with [`Producer::with_listener`](crate::Producer::with_listener) remembers,
//! for every record, when it was appended and how many value bytes it carried, and hands them
//! to the listener when the record's batch is settled: acknowledged by the leader (or written,
//! with acks=0) or failed for good. Retried batches are reported once, at their final outcome.
//!
//! The listener runs on the producer's sender while it holds the producer's state: it must be
//! quick (update counters, push to a channel) and must not call back into the producer.

use std::time::Instant;

/// What the producer remembers about one record of a tracked batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordMark {
    /// When [`Producer::send`](crate::Producer::send) appended the record.
    pub appended: Instant,
    /// The length of the record's value (0 for a null value).
    pub value_bytes: u32,
}

/// One settled batch.
#[derive(Debug, Clone, Copy)]
pub struct BatchDelivery<'a> {
    pub topic: &'a str,
    pub partition: i32,
    /// The records of the batch, in append order.
    pub records: &'a [RecordMark],
    /// The encoded size of the batch on the wire.
    pub batch_bytes: usize,
    /// `None` when the batch was delivered; otherwise why it failed.
    pub error: Option<&'a str>,
}

/// Receives every settled batch of a producer.
pub trait DeliveryListener: Send + Sync + 'static {
    fn on_delivery(&self, batch: &BatchDelivery<'_>);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use kafka_protocol::records::Compression;

    use crate::accumulator::{Accumulator, AccumulatorConfig};

    #[test]
    fn tracked_batches_carry_one_mark_per_record_in_order() {
        let mut acc = Accumulator::new(AccumulatorConfig {
            batch_size: 1 << 20,
            linger: Duration::from_millis(10),
            compression: Compression::None,
        });
        acc.track_records();
        let topic: Arc<str> = Arc::from("t");
        let before = Instant::now();
        for value in [&b"a"[..], b"bbb", b""] {
            acc.append(&topic, 0, 1, 1, None, Some(value), &[], 1)
                .unwrap();
        }
        acc.append(&topic, 0, 1, 1, Some(b"k"), None, &[], 1)
            .unwrap();
        let now = Instant::now();
        acc.expire(now, true, |_| 1).unwrap();
        let batch = acc.take_ready(now, |_| true).pop().unwrap();
        let sizes: Vec<u32> = batch.marks.iter().map(|m| m.value_bytes).collect();
        assert_eq!(sizes, [1, 3, 0, 0]);
        assert!(
            batch
                .marks
                .windows(2)
                .all(|w| w[0].appended <= w[1].appended)
        );
        assert!(
            batch
                .marks
                .iter()
                .all(|m| m.appended >= before && m.appended <= now)
        );
    }

    #[test]
    fn untracked_batches_carry_no_marks() {
        let mut acc = Accumulator::new(AccumulatorConfig {
            batch_size: 1 << 20,
            linger: Duration::from_millis(10),
            compression: Compression::None,
        });
        let topic: Arc<str> = Arc::from("t");
        acc.append(&topic, 0, 1, 1, None, Some(b"v"), &[], 1)
            .unwrap();
        let now = Instant::now();
        acc.expire(now, true, |_| 1).unwrap();
        assert!(
            acc.take_ready(now, |_| true)
                .pop()
                .unwrap()
                .marks
                .is_empty()
        );
    }
}
