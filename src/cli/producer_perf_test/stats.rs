//! The producer perf test's statistics, as Kafka's `ProducerPerformance.Stats` keeps them:
//! counts, bytes and latencies for the whole run and for the current reporting window, and a
//! sample of at most 500 000 latencies for the percentiles.
//!
//! A record's latency is the time from `send` (its append to a batch) to the settling of its
//! batch, the same span Kafka's callback measures. Kafka keeps whole milliseconds; here
//! latencies are kept in microseconds so that averages and maxima on a fast broker are not all
//! zero, and percentiles are printed in whole milliseconds (truncated) as Kafka prints them.
//!
//! With `--warmup-records N` a second set of counters, the steady state, starts when record N is
//! sent (Kafka's `steadyStateStats`): it counts the records appended from then on, progress
//! windows come from it (the first one after an `In steady state.` line), and its total is
//! printed after the run's as `M steady state records sent, ...`.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use strom_client::{BatchDelivery, DeliveryListener, RecordMark};

/// At most this many latencies are kept for percentiles (Kafka's sample size).
pub const MAX_SAMPLES: u64 = 500_000;

const MIB: f64 = 1024.0 * 1024.0;

#[derive(Debug, Default, Clone, Copy)]
struct Window {
    count: u64,
    bytes: u64,
    total_latency_us: u64,
    max_latency_us: u64,
}

impl Window {
    fn record(&mut self, latency_us: u64, bytes: u64) {
        self.count += 1;
        self.bytes += bytes;
        self.total_latency_us += latency_us;
        self.max_latency_us = self.max_latency_us.max(latency_us);
    }
}

/// Counters of a run.
#[derive(Debug)]
pub struct Stats {
    start: Instant,
    window_start: Instant,
    /// Every `sampling`-th completed record's latency is kept.
    sampling: u64,
    samples: Vec<u32>,
    completed: u64,
    total: Window,
    window: Window,
    failed: u64,
    errors: Vec<String>,
    batches: u64,
    batch_bytes: u64,
    batch_bytes_max: u64,
    /// The steady state after the warmup records: the records appended at or after its
    /// `start` (see [`Stats::begin_steady_state`]).
    steady: Option<Box<Stats>>,
}

/// One progress line (`printWindow`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowReport {
    pub records: u64,
    pub records_per_sec: f64,
    pub mb_per_sec: f64,
    pub avg_latency_ms: f64,
    pub max_latency_ms: f64,
    /// The first window of the steady state: Kafka prints `In steady state.` before it.
    pub steady_state_began: bool,
}

impl fmt::Display for WindowReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            self.records,
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_latency_ms,
            self.max_latency_ms
        )
    }
}

/// The final line (`printTotal`), plus what the JSON summary and the metrics need.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalReport {
    /// The steady state's total (`--warmup-records`), printed `N steady state records sent`.
    pub steady_state: bool,
    pub records: u64,
    pub bytes: u64,
    pub failed: u64,
    pub errors: Vec<String>,
    pub elapsed: Duration,
    pub records_per_sec: f64,
    pub mb_per_sec: f64,
    pub avg_latency_ms: f64,
    pub max_latency_ms: f64,
    /// p50, p95, p99 and p99.9 in milliseconds.
    pub percentiles_ms: [f64; 4],
    pub batches: u64,
    pub batch_bytes_avg: f64,
    pub batch_bytes_max: u64,
}

impl fmt::Display for TotalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Kafka prints whole milliseconds (its latencies are ints); truncate the same way.
        let [p50, p95, p99, p999] = self.percentiles_ms.map(|p| p.trunc() as u64);
        write!(
            f,
            "{}{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {p50} ms 50th, {p95} ms 95th, {p99} ms 99th, {p999} ms 99.9th.",
            self.records,
            if self.steady_state {
                " steady state"
            } else {
                ""
            },
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_latency_ms,
            self.max_latency_ms,
        )
    }
}

fn per_sec(n: f64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { n / secs } else { 0.0 }
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

impl Stats {
    /// Stats for a run of `num_records`, starting now.
    pub fn new(num_records: u64, start: Instant) -> Stats {
        let n = num_records.max(1);
        let sampling = n / n.min(MAX_SAMPLES);
        let capacity = usize::try_from(n / sampling + 1).unwrap_or(0);
        Stats {
            start,
            window_start: start,
            sampling,
            samples: Vec::with_capacity(capacity.min(MAX_SAMPLES as usize + 1)),
            completed: 0,
            total: Window::default(),
            window: Window::default(),
            failed: 0,
            errors: Vec::new(),
            batches: 0,
            batch_bytes: 0,
            batch_bytes_max: 0,
            steady: None,
        }
    }

    /// Start the steady state for the `num_records` records appended at or after `from`
    /// (Kafka's `steadyStateStats`, created when the first record after the warmup is sent).
    /// From now on the progress windows are the steady state's; the run's open window is
    /// dropped, as Kafka stops printing it.
    pub fn begin_steady_state(&mut self, num_records: u64, from: Instant) {
        self.steady = Some(Box::new(Stats::new(num_records, from)));
        self.window = Window::default();
        self.window_start = from;
    }

    /// The steady state's counters, for a record appended at `appended`.
    fn steady_for(&mut self, appended: Instant) -> Option<&mut Stats> {
        self.steady.as_deref_mut().filter(|s| appended >= s.start)
    }

    /// The records of a batch acknowledged at `now`: each counts for the run and, when
    /// appended after the warmup, for the steady state.
    pub fn delivered(&mut self, records: &[RecordMark], now: Instant) {
        for r in records {
            let latency = now.saturating_duration_since(r.appended);
            let bytes = u64::from(r.value_bytes);
            self.record(latency, bytes);
            if let Some(s) = self.steady_for(r.appended) {
                s.record(latency, bytes);
            }
        }
    }

    /// The records of a batch that failed for good.
    pub fn failed(&mut self, records: &[RecordMark], why: &str) {
        self.fail(records.len() as u64, why);
        if let Some(from) = self.steady.as_ref().map(|s| s.start) {
            let steady = records.iter().filter(|r| r.appended >= from).count() as u64;
            if let (Some(s), true) = (self.steady.as_deref_mut(), steady > 0) {
                s.fail(steady, why);
            }
        }
    }

    /// Start the clocks again (the run starts when the producer is ready).
    pub fn reset_start(&mut self, start: Instant) {
        self.start = start;
        self.window_start = start;
    }

    /// One acknowledged record.
    pub fn record(&mut self, latency: Duration, bytes: u64) {
        let us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        if self.completed.is_multiple_of(self.sampling)
            && (self.samples.len() as u64) <= MAX_SAMPLES
        {
            self.samples.push(u32::try_from(us).unwrap_or(u32::MAX));
        }
        self.completed += 1;
        self.total.record(us, bytes);
        self.window.record(us, bytes);
    }

    /// Records that could not be delivered (reported apart from the sent ones).
    pub fn fail(&mut self, records: u64, why: &str) {
        self.failed += records;
        if self.errors.len() < 5 {
            self.errors.push(why.to_string());
        }
    }

    /// One settled batch, for the metrics.
    pub fn batch(&mut self, bytes: usize) {
        let bytes = bytes as u64;
        self.batches += 1;
        self.batch_bytes += bytes;
        self.batch_bytes_max = self.batch_bytes_max.max(bytes);
    }

    /// Records acknowledged so far.
    pub fn count(&self) -> u64 {
        self.total.count
    }

    /// When the current window started (the steady state's, once it began).
    pub fn window_start(&self) -> Instant {
        self.steady
            .as_ref()
            .map_or(self.window_start, |s| s.window_start)
    }

    /// Close the current window at `now` and start the next one; `None` when nothing
    /// completed in it (Kafka prints a window only from a completion). Once the steady state
    /// began, its window is the one reported.
    pub fn take_window(&mut self, now: Instant) -> Option<WindowReport> {
        if let Some(s) = self.steady.as_deref_mut() {
            self.window = Window::default();
            self.window_start = now;
            let mut w = s.take_window(now)?;
            // Kafka: `In steady state.` when the steady state's count is still its window's.
            w.steady_state_began = s.total.count == w.records;
            return Some(w);
        }
        let w = std::mem::take(&mut self.window);
        let elapsed = now.saturating_duration_since(self.window_start);
        self.window_start = now;
        if w.count == 0 {
            return None;
        }
        Some(WindowReport {
            records: w.count,
            records_per_sec: per_sec(w.count as f64, elapsed),
            mb_per_sec: per_sec(w.bytes as f64, elapsed) / MIB,
            avg_latency_ms: ms(w.total_latency_us) / w.count as f64,
            max_latency_ms: ms(w.max_latency_us),
            steady_state_began: false,
        })
    }

    /// The steady state measured up to `now`, when it began.
    pub fn steady_total(&mut self, now: Instant) -> Option<TotalReport> {
        let s = self.steady.as_deref_mut()?;
        Some(TotalReport {
            steady_state: true,
            ..s.total(now)
        })
    }

    /// The whole run, measured up to `now`.
    pub fn total(&mut self, now: Instant) -> TotalReport {
        let t = self.total;
        let elapsed = now.saturating_duration_since(self.start);
        self.samples.sort_unstable();
        let size = self.samples.len();
        let pick = |p: f64| -> f64 {
            let i = ((p * size as f64) as usize).min(size.saturating_sub(1));
            self.samples.get(i).map_or(0.0, |&us| ms(u64::from(us)))
        };
        TotalReport {
            steady_state: false,
            records: t.count,
            bytes: t.bytes,
            failed: self.failed,
            errors: self.errors.clone(),
            elapsed,
            records_per_sec: per_sec(t.count as f64, elapsed),
            mb_per_sec: per_sec(t.bytes as f64, elapsed) / MIB,
            avg_latency_ms: if t.count > 0 {
                ms(t.total_latency_us) / t.count as f64
            } else {
                0.0
            },
            max_latency_ms: ms(t.max_latency_us),
            percentiles_ms: [pick(0.5), pick(0.95), pick(0.99), pick(0.999)],
            batches: self.batches,
            batch_bytes_avg: if self.batches > 0 {
                self.batch_bytes as f64 / self.batches as f64
            } else {
                0.0
            },
            batch_bytes_max: self.batch_bytes_max,
        }
    }
}

/// Feeds settled batches from the producer into shared [`Stats`].
pub struct StatsListener(pub Arc<Mutex<Stats>>);

impl DeliveryListener for StatsListener {
    fn on_delivery(&self, batch: &BatchDelivery<'_>) {
        let now = Instant::now();
        // A poisoned lock only means a panic elsewhere; the counters are still usable.
        let mut stats = self.0.lock().unwrap_or_else(|p| p.into_inner());
        stats.batch(batch.batch_bytes);
        match batch.error {
            Some(why) => stats.failed(
                batch.records,
                &format!(
                    "{} record(s) for {}-{}: {why}",
                    batch.records.len(),
                    batch.topic,
                    batch.partition
                ),
            ),
            None => stats.delivered(batch.records, now),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lines_use_kafkas_formats() {
        let w = WindowReport {
            records: 249_671,
            records_per_sec: 49_924.2,
            mb_per_sec: 4.76,
            avg_latency_ms: 3.4,
            max_latency_ms: 213.0,
            steady_state_began: false,
        };
        assert_eq!(
            w.to_string(),
            "249671 records sent, 49924.2 records/sec (4.76 MB/sec), 3.4 ms avg latency, 213.0 ms max latency."
        );
        let mut t = TotalReport {
            steady_state: false,
            records: 1_000_000,
            bytes: 0,
            failed: 0,
            errors: Vec::new(),
            elapsed: Duration::from_secs(20),
            records_per_sec: 49_975.0,
            mb_per_sec: 4.77,
            avg_latency_ms: 2.53,
            max_latency_ms: 213.0,
            percentiles_ms: [2.9, 5.0, 9.99, 21.0],
            batches: 0,
            batch_bytes_avg: 0.0,
            batch_bytes_max: 0,
        };
        assert_eq!(
            t.to_string(),
            "1000000 records sent, 49975.0 records/sec (4.77 MB/sec), 2.53 ms avg latency, 213.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 21 ms 99.9th."
        );
        t.steady_state = true;
        assert_eq!(
            t.to_string(),
            "1000000 steady state records sent, 49975.0 records/sec (4.77 MB/sec), 2.53 ms avg latency, 213.00 ms max latency, 2 ms 50th, 5 ms 95th, 9 ms 99th, 21 ms 99.9th."
        );
    }

    fn marks(appended: Instant, n: usize) -> Vec<RecordMark> {
        vec![
            RecordMark {
                appended,
                value_bytes: 10,
            };
            n
        ]
    }

    #[test]
    fn the_steady_state_counts_what_was_appended_after_the_warmup() {
        let t0 = Instant::now();
        let from = t0 + Duration::from_secs(1);
        let mut s = Stats::new(10, t0);
        // Four warmup records, then the steady state begins; two more warmup records are
        // acknowledged after it began, with six steady ones.
        s.delivered(&marks(t0, 4), t0 + Duration::from_millis(500));
        assert_eq!(
            s.steady_total(from),
            None,
            "no steady state before it begins"
        );
        s.begin_steady_state(6, from);
        assert_eq!(s.window_start(), from);
        s.delivered(&marks(t0, 2), from + Duration::from_millis(10));
        s.delivered(&marks(from, 5), from + Duration::from_millis(20));
        s.failed(&marks(from + Duration::from_millis(1), 1), "boom");
        s.failed(&marks(t0, 1), "warm boom");

        // The first window is the steady state's, with only its records.
        let w = s.take_window(from + Duration::from_secs(1)).unwrap();
        assert_eq!(w.records, 5);
        assert!(w.steady_state_began);
        assert!((w.max_latency_ms - 20.0).abs() < 1e-9);
        s.delivered(&marks(from, 1), from + Duration::from_millis(1500));
        let w = s.take_window(from + Duration::from_secs(2)).unwrap();
        assert_eq!(w.records, 1);
        assert!(!w.steady_state_began, "`In steady state.` only once");

        let end = from + Duration::from_secs(3);
        let total = s.total(end);
        assert_eq!(
            (total.records, total.failed, total.steady_state),
            (12, 2, false)
        );
        let steady = s.steady_total(end).unwrap();
        assert_eq!((steady.records, steady.failed), (6, 1));
        assert_eq!(steady.bytes, 60);
        assert!(steady.steady_state);
        assert_eq!(steady.elapsed, Duration::from_secs(3));
        assert!((steady.records_per_sec - 2.0).abs() < 1e-9);
        assert_eq!(steady.errors, ["boom"]);
        assert!(
            steady
                .to_string()
                .starts_with("6 steady state records sent, 2.0 records/sec")
        );
    }

    #[test]
    fn totals_windows_and_percentiles() {
        let t0 = Instant::now();
        let mut s = Stats::new(100, t0);
        for i in 1..=100u64 {
            s.record(Duration::from_millis(i), 1024 * 1024);
        }
        let w = s.take_window(t0 + Duration::from_secs(2)).unwrap();
        assert_eq!(w.records, 100);
        assert!((w.records_per_sec - 50.0).abs() < 1e-9);
        assert!((w.mb_per_sec - 50.0).abs() < 1e-9);
        assert!((w.avg_latency_ms - 50.5).abs() < 1e-9);
        assert!((w.max_latency_ms - 100.0).abs() < 1e-9);
        assert_eq!(s.take_window(t0 + Duration::from_secs(3)), None);
        let total = s.total(t0 + Duration::from_secs(4));
        assert_eq!(total.records, 100);
        assert!((total.records_per_sec - 25.0).abs() < 1e-9);
        // Kafka's index: (int) (p * size) into the sorted sample.
        assert_eq!(total.percentiles_ms, [51.0, 96.0, 100.0, 100.0]);
    }

    #[test]
    fn at_most_500k_latencies_are_sampled() {
        let mut s = Stats::new(2_000_000, Instant::now());
        assert_eq!(s.sampling, 4);
        for _ in 0..2_000_000 {
            s.record(Duration::from_micros(10), 1);
        }
        assert_eq!(s.samples.len(), 500_000);
        let empty = Stats::new(0, Instant::now()).total(Instant::now());
        assert_eq!(empty.percentiles_ms, [0.0; 4]);
    }
}
