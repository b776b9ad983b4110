//! The partition log: Kafka's on-disk layout, record batches stored as received with offsets
//! assigned in place, sparse indexes, recovery that truncates a torn tail.
//!
//! ```text
//! <log.dir>/<topic>-<partition>/
//!     00000000000000000000.log        record batches, exactly as they travel on the wire
//!     00000000000000000000.index      (relative offset, position) every index.interval.bytes
//!     00000000000000000000.timeindex  (max timestamp so far, relative offset)
//!     leader-epoch-checkpoint         epoch start offsets
//!     partition.metadata              topic id
//!     producer-state.json             idempotent producer state at clean shutdown
//! ```
//! The log is synchronous (std::fs); the broker calls it from its tasks under a short lock and
//! does fsyncs on a separate flusher thread.

pub mod batch;
pub mod checkpoint;
pub mod cleaner;
pub mod compression;
mod direct;
pub mod index;
pub mod leader_epoch;
mod open;
pub mod producer_state;
pub mod reader;
pub mod records;
mod retention;
pub mod segment;

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;

use crate::config::topic::LogConfig;
use batch::{BatchHeader, LOG_OVERHEAD};
use leader_epoch::LeaderEpochCache;
use producer_state::{ProducerStateManager, SequenceCheck};
use reader::{BatchReader, Step};
use segment::Segment;

const PRODUCER_STATE_FILE: &str = "producer-state.json";

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("i/o error on {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("out of order sequence number: expected {expected}, got {got}")]
    OutOfOrderSequence { expected: i32, got: i32 },
    #[error("producer epoch is older than the current one")]
    InvalidProducerEpoch,
    #[error("offset {offset} is out of range [{start}, {end}]")]
    OffsetOutOfRange { offset: i64, start: i64, end: i64 },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> LogError + '_ {
    move |source| LogError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// How a log is opened.
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenOptions {
    /// The broker stopped cleanly: skip recovery.
    pub clean_shutdown: bool,
    /// Offsets below this were flushed before the stop (from the checkpoint).
    pub recovery_point: Option<i64>,
    /// From `log-start-offset-checkpoint`.
    pub log_start_offset: Option<i64>,
    pub now_ms: i64,
}

/// What an append did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppendInfo {
    pub base_offset: i64,
    pub last_offset: i64,
    /// The LogAppendTime stamped on the batch, or -1.
    pub log_append_time: i64,
    /// A retry of a batch already in the log (idempotent producer): nothing was written.
    pub duplicate: bool,
}

/// A position in the log: an offset and where its batch boundary sits on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogPosition {
    pub offset: i64,
    pub segment_base: i64,
    pub position: u64,
}

/// Everything the flusher needs to make the log durable up to `upto`, taken under the lock
/// and executed outside it.
#[derive(Debug)]
pub struct FlushJob {
    pub upto: LogPosition,
    pub files: Vec<Arc<File>>,
    pub dir: Option<PathBuf>,
}

impl FlushJob {
    /// fdatasync every file (and the directory when segments were created).
    pub fn run(&self) -> io::Result<()> {
        for f in &self.files {
            f.sync_data()?;
        }
        if let Some(dir) = &self.dir {
            checkpoint::sync_dir(dir)?;
        }
        Ok(())
    }
}

/// Bytes to send for a fetch, read outside the partition lock.
#[derive(Debug)]
pub struct ReadPlan {
    file: Arc<File>,
    pos: u64,
    end: u64,
    /// Size of the batch at `pos`, known from locating it: sizing a `min_one` read needs no
    /// second read of its header.
    first_batch: usize,
}

impl ReadPlan {
    /// Read whole batches, at most `max_bytes` unless `min_one` and the first batch is larger.
    pub fn read(&self, max_bytes: usize, min_one: bool) -> io::Result<Bytes> {
        read_whole_batches(&self.file, self.pos, self.take_len(max_bytes, min_one))
    }

    /// The file region to send for at most `max_bytes` (or the whole first batch when
    /// `min_one` and it is larger). Like Kafka, the region may end in a partial batch, which
    /// clients skip; reading is left to `sendfile(2)`.
    pub fn region(&self, max_bytes: usize, min_one: bool) -> (Arc<File>, u64, usize) {
        (
            Arc::clone(&self.file),
            self.pos,
            self.take_len(max_bytes, min_one),
        )
    }

    /// Bytes to take: `max_bytes`, or the whole first batch when `min_one` and it is larger.
    fn take_len(&self, max_bytes: usize, min_one: bool) -> usize {
        let avail = self.end.saturating_sub(self.pos) as usize;
        let len = avail.min(max_bytes);
        if min_one {
            len.max(self.first_batch.min(avail))
        } else {
            len
        }
    }

    /// Bytes available to this read.
    pub fn available(&self) -> u64 {
        self.end.saturating_sub(self.pos)
    }
}

/// Read `len` bytes at `pos` of a segment file and keep the whole batches among them.
fn read_whole_batches(file: &File, pos: u64, len: usize) -> io::Result<Bytes> {
    use std::os::unix::fs::FileExt;
    if len == 0 {
        return Ok(Bytes::new());
    }
    let mut buf = bytes::BytesMut::zeroed(len);
    file.read_exact_at(&mut buf, pos)?;
    let mut at = 0usize;
    while let Some(h) = buf.get(at..at + LOG_OVERHEAD) {
        let blen = i32::from_be_bytes([h[8], h[9], h[10], h[11]]);
        let next = at + LOG_OVERHEAD + blen.max(0) as usize;
        if next > buf.len() || blen <= 0 {
            break;
        }
        at = next;
    }
    buf.truncate(at);
    Ok(buf.freeze())
}

/// The log of one partition.
#[derive(Debug)]
pub struct Log {
    dir: PathBuf,
    topic: String,
    partition: i32,
    config: LogConfig,
    segments: BTreeMap<i64, Segment>,
    log_start_offset: i64,
    next_offset: i64,
    /// Offsets below this are durable (fsynced).
    recovery_point: i64,
    high_watermark: LogPosition,
    /// When false (Kafka's behaviour) the high watermark follows appends, not flushes.
    hw_follows_flush: bool,
    epochs: LeaderEpochCache,
    producers: ProducerStateManager,
    /// Segments rolled since the last flush: their data still needs an fsync.
    unflushed_sealed: Vec<Arc<File>>,
    dir_dirty: bool,
    messages_since_flush: i64,
    /// Wall time of the last completed flush (`flush.ms`).
    last_flush_ms: i64,
    /// Files renamed `.deleted`, waiting for `file.delete.delay.ms`.
    deleted_files: Vec<PathBuf>,
}

/// `topic-partition` directory name.
pub fn dir_name(topic: &str, partition: i32) -> String {
    format!("{topic}-{partition}")
}

impl Log {
    fn end_position(&self) -> LogPosition {
        match self.segments.values().next_back() {
            Some(s) => LogPosition {
                offset: self.next_offset,
                segment_base: s.base_offset,
                position: s.size(),
            },
            None => LogPosition {
                offset: self.next_offset,
                segment_base: self.next_offset,
                position: 0,
            },
        }
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    pub fn partition(&self) -> i32 {
        self.partition
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    pub fn set_config(&mut self, config: LogConfig) {
        self.config = config;
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset
    }

    /// The log end offset (LEO): the offset the next record will get.
    pub fn log_end_offset(&self) -> i64 {
        self.next_offset
    }

    pub fn high_watermark(&self) -> i64 {
        self.high_watermark.offset
    }

    pub fn recovery_point(&self) -> i64 {
        self.recovery_point
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.epochs.latest_epoch()
    }

    /// OffsetForLeaderEpoch: (epoch, end offset) for the largest epoch <= `epoch`.
    pub fn end_offset_for_epoch(&self, epoch: i32) -> Option<(i32, i64)> {
        self.epochs.end_offset_for(epoch, self.next_offset)
    }

    /// Total bytes in the log's segments.
    pub fn size_bytes(&self) -> u64 {
        self.segments.values().map(Segment::size).sum()
    }

    /// Check sequence numbers without appending (for a fast duplicate answer).
    pub fn check_sequence(&self, h: &BatchHeader) -> SequenceCheck {
        self.producers.check(h)
    }

    /// Append one validated batch: assign offsets and stamp LogAppendTime (when the topic asks
    /// for it) in a copy of the 61-byte header, then write that header and the rest of the batch
    /// as received. The records themselves are never copied in this process.
    pub fn append(
        &mut self,
        batch: &[u8],
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<AppendInfo, LogError> {
        let h = BatchHeader::parse(batch).map_err(|e| LogError::Io {
            path: self.dir.clone(),
            source: io::Error::new(io::ErrorKind::InvalidInput, e),
        })?;
        match self.producers.check(&h) {
            SequenceCheck::Accept => {}
            SequenceCheck::Duplicate(meta) => {
                return Ok(AppendInfo {
                    base_offset: meta.base_offset,
                    last_offset: meta.last_offset,
                    log_append_time: -1,
                    duplicate: true,
                });
            }
            SequenceCheck::StaleEpoch => return Err(LogError::InvalidProducerEpoch),
            SequenceCheck::OutOfOrder { expected, got } => {
                return Err(LogError::OutOfOrderSequence { expected, got });
            }
        }
        self.maybe_roll(
            batch.len() as u64,
            h.last_offset_delta,
            h.max_timestamp,
            now_ms,
        )?;
        let base = self.next_offset;
        let mut head = [0u8; batch::HEADER_LEN];
        let (Some(src), Some(rest)) = (
            batch.get(..batch::HEADER_LEN),
            batch.get(batch::HEADER_LEN..),
        ) else {
            return Err(LogError::Io {
                path: self.dir.clone(),
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "batch shorter than its header",
                ),
            });
        };
        head.copy_from_slice(src);
        batch::set_base_offset(&mut head, base);
        batch::set_partition_leader_epoch(&mut head, leader_epoch);
        let mut log_append_time = -1;
        if self.config.log_append_time {
            batch::stamp_log_append_time(&mut head, rest, now_ms);
            log_append_time = now_ms;
        }
        let h = BatchHeader {
            base_offset: base,
            partition_leader_epoch: leader_epoch,
            ..h
        };
        let h = if log_append_time >= 0 {
            BatchHeader {
                attributes: h.attributes | 0x8,
                max_timestamp: now_ms,
                ..h
            }
        } else {
            h
        };
        let interval = self.config.index_interval_bytes;
        let dir = self.dir.clone();
        let Some(active) = self.segments.values_mut().next_back() else {
            return Err(LogError::Io {
                path: dir,
                source: io::Error::other("log has no active segment"),
            });
        };
        active
            .append_parts(&head, rest, &h, interval)
            .map_err(io_err(&dir))?;
        self.next_offset = h.last_offset() + 1;
        self.epochs.assign(leader_epoch, base);
        self.producers.update(&h);
        self.messages_since_flush += i64::from(h.record_count);
        if !self.hw_follows_flush {
            self.high_watermark = self.end_position();
        }
        Ok(AppendInfo {
            base_offset: base,
            last_offset: h.last_offset(),
            log_append_time,
            duplicate: false,
        })
    }

    fn maybe_roll(
        &mut self,
        incoming: u64,
        last_delta: i32,
        incoming_ts: i64,
        now_ms: i64,
    ) -> Result<(), LogError> {
        let cfg = &self.config;
        let next = self.next_offset;
        let Some(active) = self.segments.values().next_back() else {
            return Ok(());
        };
        if active.is_empty() {
            return Ok(());
        }
        let full = active.size() + incoming > cfg.segment_bytes;
        let old =
            cfg.segment_ms > 0 && active.time_waited_for_roll(now_ms, incoming_ts) > cfg.segment_ms;
        let overflow = next + i64::from(last_delta) - active.base_offset > i64::from(i32::MAX) - 1;
        let pos_overflow = active.size() + incoming > i32::MAX as u64;
        if full || old || overflow || pos_overflow {
            self.roll(now_ms)?;
        }
        Ok(())
    }

    /// Start a new active segment at the log end offset.
    pub fn roll(&mut self, now_ms: i64) -> Result<(), LogError> {
        let dir = self.dir.clone();
        if let Some(active) = self.segments.values_mut().next_back() {
            if active.base_offset == self.next_offset {
                return Ok(());
            }
            active.flush_indexes().map_err(io_err(&dir))?;
            // Index files are synced here (rare); the data file joins the next group commit.
            active.seal().map_err(io_err(&dir))?;
            self.unflushed_sealed.push(Arc::clone(active.file()));
        }
        let seg = Segment::create(&dir, self.next_offset, now_ms).map_err(io_err(&dir))?;
        tracing::debug!(topic = %self.topic, partition = self.partition, base = self.next_offset, "Rolled segment.");
        self.segments.insert(self.next_offset, seg);
        self.dir_dirty = true;
        self.start_direct_writes()
    }

    /// Write the active segment with `O_DIRECT` when configured and the file system allows.
    fn start_direct_writes(&mut self) -> Result<(), LogError> {
        if !self.config.direct_io {
            return Ok(());
        }
        if let Some(active) = self.segments.values_mut().next_back()
            && !active.write_direct().map_err(io_err(&self.dir))?
        {
            tracing::debug!(topic = %self.topic, partition = self.partition, "No O_DIRECT here; writing through the page cache.");
        }
        Ok(())
    }

    /// What to fsync to make everything appended so far durable, or `None` if it already is.
    pub fn flush_job(&mut self) -> Option<FlushJob> {
        let upto = self.end_position();
        if upto.offset <= self.recovery_point && self.unflushed_sealed.is_empty() && !self.dir_dirty
        {
            return None;
        }
        let mut files = std::mem::take(&mut self.unflushed_sealed);
        if let Some(active) = self.segments.values().next_back() {
            files.push(Arc::clone(active.file()));
        }
        let dir = if std::mem::take(&mut self.dir_dirty) {
            Some(self.dir.clone())
        } else {
            None
        };
        Some(FlushJob { upto, files, dir })
    }

    /// The flush job completed: advance the recovery point (and the high watermark when it
    /// follows flushes). Returns the new high watermark if it moved.
    pub fn complete_flush(&mut self, job: &FlushJob) -> Option<i64> {
        if job.upto.offset > self.recovery_point {
            self.recovery_point = job.upto.offset;
        }
        self.messages_since_flush = 0;
        self.last_flush_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(self.last_flush_ms, |d| d.as_millis() as i64);
        if self.hw_follows_flush && job.upto.offset > self.high_watermark.offset {
            self.high_watermark = job.upto;
            return Some(job.upto.offset);
        }
        None
    }

    /// Whether flush.messages says a flush is due now (Kafka-behaviour mode).
    pub fn flush_due_by_messages(&self) -> bool {
        self.messages_since_flush >= self.config.flush_messages
    }

    /// Whether `flush.ms` has passed since the last flush with data still unflushed.
    pub fn flush_due_by_time(&self, now_ms: i64) -> bool {
        self.next_offset > self.recovery_point
            && now_ms.saturating_sub(self.last_flush_ms) >= self.config.flush_ms
    }

    /// Plan a read starting at `offset`, bounded by the high watermark.
    pub fn plan_read(&self, offset: i64) -> Result<Option<ReadPlan>, LogError> {
        let hw = self.high_watermark;
        if offset < self.log_start_offset || offset > self.next_offset {
            return Err(LogError::OffsetOutOfRange {
                offset,
                start: self.log_start_offset,
                end: self.next_offset,
            });
        }
        if offset >= hw.offset {
            return Ok(None);
        }
        let from = offset.max(self.log_start_offset);
        let candidates = self
            .segments
            .range(..=from)
            .next_back()
            .into_iter()
            .chain(self.segments.range(from + 1..));
        for (_, seg) in candidates {
            if seg.base_offset > hw.segment_base {
                break;
            }
            let end = if seg.base_offset == hw.segment_base {
                hw.position
            } else {
                seg.size()
            };
            let found = seg.locate(from, end).map_err(io_err(seg.log_path()))?;
            if let Some((pos, h)) = found {
                return Ok(Some(ReadPlan {
                    file: Arc::clone(seg.file()),
                    pos,
                    end,
                    first_batch: h.total_size(),
                }));
            }
        }
        Ok(None)
    }

    /// ListOffsets by timestamp: the first record at or after `ts` below the high watermark.
    pub fn offset_for_timestamp(&self, ts: i64) -> Result<Option<(i64, i64)>, LogError> {
        let hw = self.high_watermark;
        for seg in self.segments.values() {
            if seg.base_offset > hw.segment_base {
                break;
            }
            let end = if seg.base_offset == hw.segment_base {
                hw.position
            } else {
                seg.size()
            };
            let hit = seg
                .find_by_timestamp(ts, self.log_start_offset, end)
                .map_err(io_err(seg.log_path()))?;
            if let Some((t, o)) = hit {
                return Ok((o < hw.offset).then_some((t, o)));
            }
        }
        Ok(None)
    }

    /// ListOffsets MAX_TIMESTAMP: the record with the largest timestamp below the high watermark.
    pub fn max_timestamp_offset(&self) -> Result<Option<(i64, i64)>, LogError> {
        let hw = self.high_watermark;
        let mut best: Option<&Segment> = None;
        for seg in self.segments.values() {
            if seg.base_offset > hw.segment_base || seg.max_timestamp() < 0 {
                continue;
            }
            if best.is_none_or(|b| seg.max_timestamp() > b.max_timestamp()) {
                best = Some(seg);
            }
        }
        let Some(seg) = best else { return Ok(None) };
        let target = seg.offset_of_max_timestamp();
        let end = if seg.base_offset == hw.segment_base {
            hw.position
        } else {
            seg.size()
        };
        let Some((pos, h)) = seg.locate(target, end).map_err(io_err(seg.log_path()))? else {
            return Ok(None);
        };
        if h.is_log_append_time() {
            return Ok(Some((h.max_timestamp, h.base_offset)));
        }
        let mut reader = BatchReader::new(seg.file(), end, 1 << 16);
        if let Step::Batch(_, bytes) = reader.at(pos, true).map_err(io_err(seg.log_path()))?
            && let Some(hit) = records::max_timestamp_record(bytes)
        {
            return Ok(Some(hit));
        }
        Ok(Some((h.max_timestamp, h.last_offset())))
    }

    /// Clean shutdown: write pending index entries, fsync the active segment, and save the
    /// producer state and leader epochs.
    pub fn close(&mut self) -> Result<(), LogError> {
        let dir = self.dir.clone();
        for f in std::mem::take(&mut self.unflushed_sealed) {
            f.sync_data().map_err(io_err(&dir))?;
        }
        if let Some(active) = self.segments.values_mut().next_back() {
            active.flush_indexes().map_err(io_err(&dir))?;
            active.trim().map_err(io_err(&dir))?;
            active.file().sync_data().map_err(io_err(&dir))?;
        }
        self.recovery_point = self.next_offset;
        self.epochs.flush().map_err(io_err(&dir))?;
        let state = serde_json::to_vec(&self.producers).unwrap_or_default();
        checkpoint::write_atomic(&dir.join(PRODUCER_STATE_FILE), &state).map_err(io_err(&dir))?;
        Ok(())
    }

    /// Flush index entries written since the last flush (periodic, cheap).
    pub fn flush_indexes(&mut self) -> Result<(), LogError> {
        let dir = self.dir.clone();
        if let Some(active) = self.segments.values_mut().next_back() {
            active.flush_indexes().map_err(io_err(&dir))?;
        }
        self.epochs.flush().map_err(io_err(&dir))
    }

    /// Number of segments (for tests and metrics).
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Base offsets of the segments.
    pub fn segment_bases(&self) -> Vec<i64> {
        self.segments.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests;
