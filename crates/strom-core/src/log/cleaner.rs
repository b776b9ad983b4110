//! Compaction for `cleanup.policy=compact`: keep the latest record per key, drop tombstones once
//! `delete.retention.ms` has passed, never touch the active segment, keep offsets (compacted
//! logs have gaps). As in Kafka since KIP-534, the first round that keeps a tombstone stamps
//! its batch with a delete horizon (now + `delete.retention.ms`) and a later round past the
//! horizon drops it, so merging segments (which changes their modification times) cannot
//! keep tombstones forever.
//!
//! Three steps, so the partition lock is held only briefly:
//! 1. [`Log::cleaning_plan`] (under the lock) picks the cleanable range by Kafka's rules
//!    (`min.cleanable.dirty.ratio`, `min.compaction.lag.ms`, `max.compaction.lag.ms`).
//! 2. [`build`] (no lock: sealed segments never change) maps each key of the dirty range to its
//!    latest offset and writes a cleaned copy of each group of segments as `<base>.log.cleaned`.
//!    Like Kafka, consecutive segments whose sizes add up to at most `segment.bytes` are cleaned
//!    into one, so segments that compaction shrank or emptied merge instead of piling up.
//! 3. [`Log::install_cleaned`] (under the lock) swaps each copy in: rename to `<base>.log.swap`
//!    (the commit point), retire the group's other segments, rename the swap over the `.log`. A
//!    `.swap` found at start-up completes the swap: segments inside its offset range go.
//!
//! Retained records are copied byte for byte into batches with the same base offset and base
//! timestamp, so record encodings (duplicate headers included) survive untouched.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{BufMut, BytesMut};

use super::batch::{self, BatchHeader, HEADER_LEN, LOG_OVERHEAD};
use super::reader::{BatchReader, Step};
use super::segment::{self, Segment};
use super::{Log, LogError, checkpoint, compression, io_err, records};

/// A sealed segment as the cleaner sees it.
#[derive(Debug, Clone)]
pub struct SegmentSnapshot {
    pub base: i64,
    path: PathBuf,
    file: Arc<File>,
    size: u64,
}

/// What to clean (taken under the lock, executed outside it).
#[derive(Debug)]
pub struct CleanPlan {
    dir: PathBuf,
    /// Sealed segments from the log start up to the first uncleanable one.
    segments: Vec<SegmentSnapshot>,
    first_dirty: i64,
    /// First offset not cleaned this round.
    end: i64,
    delete_retention_ms: i64,
    /// The time the plan was made: delete horizons are stamped and checked against it.
    now: i64,
    /// Largest input a merged group may have (`segment.bytes`).
    max_group_bytes: u64,
    /// Last offset of each producer: its last batch is kept even if emptied, so idempotent
    /// producers keep their sequence state.
    producer_last: HashMap<i64, i64>,
}

/// A cleaned copy of a group of consecutive segments, ready to be swapped in as one segment
/// with the first one's base offset.
#[derive(Debug)]
pub struct Cleaned {
    pub(crate) base: i64,
    pub(crate) path: PathBuf,
    /// `(base, size)` of every input segment, the first included, as planned.
    members: Vec<(i64, u64)>,
    modified: std::time::SystemTime,
}

/// The result of a cleaning round.
#[derive(Debug)]
pub struct Outcome {
    pub cleaned: Vec<Cleaned>,
    /// The offset the next round starts from (the cleaner checkpoint).
    pub next_dirty: i64,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Log {
    /// Decide whether and what to clean. `checkpoint` is the first dirty offset remembered from
    /// the last round (the log start when unknown).
    pub fn cleaning_plan(&self, checkpoint: Option<i64>, now: i64) -> Option<CleanPlan> {
        let cfg = &self.config;
        if !cfg.compact {
            return None;
        }
        let mut first_dirty = checkpoint.unwrap_or(self.log_start_offset);
        if first_dirty < self.log_start_offset || first_dirty > self.next_offset {
            first_dirty = self.log_start_offset;
        }
        let hw = self.high_watermark.offset;
        let bases: Vec<i64> = self.segments.keys().copied().collect();
        let mut sealed: Vec<(&Segment, i64)> = Vec::new();
        for (i, base) in bases.iter().enumerate() {
            let Some(next) = bases.get(i + 1).copied() else {
                break;
            }; // the active segment
            if next > hw {
                break;
            }
            if let Some(seg) = self.segments.get(base) {
                sealed.push((seg, next));
            }
        }
        // min.compaction.lag.ms: dirty segments holding recent records stay uncleanable.
        let lag = cfg.min_compaction_lag_ms.max(0);
        let end_index = sealed
            .iter()
            .position(|(s, next)| *next > first_dirty && lag > 0 && s.max_timestamp() > now - lag)
            .unwrap_or(sealed.len());
        sealed.truncate(end_index);
        let end = sealed.last().map_or(first_dirty, |(_, next)| *next);
        if end <= first_dirty {
            return None;
        }
        let total: u64 = sealed.iter().map(|(s, _)| s.size()).sum();
        let dirty: u64 = sealed
            .iter()
            .filter(|(_, next)| *next > first_dirty)
            .map(|(s, _)| s.size())
            .sum();
        let ratio = if total == 0 {
            0.0
        } else {
            dirty as f64 / total as f64
        };
        let overdue = cfg.max_compaction_lag_ms < i64::MAX
            && sealed.iter().any(|(s, next)| {
                *next > first_dirty
                    && s.first_timestamp()
                        .is_some_and(|t| now - t > cfg.max_compaction_lag_ms)
            });
        if ratio < cfg.min_cleanable_dirty_ratio && !overdue {
            return None;
        }
        let producer_last = self.producers.last_offsets();
        Some(CleanPlan {
            dir: self.dir.clone(),
            segments: sealed
                .iter()
                .map(|(s, _)| SegmentSnapshot {
                    base: s.base_offset,
                    path: s.log_path().to_path_buf(),
                    file: Arc::clone(s.file()),
                    size: s.size(),
                })
                .collect(),
            first_dirty,
            end,
            delete_retention_ms: cfg.delete_retention_ms,
            now,
            max_group_bytes: cfg.segment_bytes,
            producer_last,
        })
    }

    /// Swap cleaned copies in. Segments deleted or changed since the plan was made are skipped.
    pub fn install_cleaned(&mut self, outcome: &Outcome) -> Result<usize, LogError> {
        let dir = self.dir.clone();
        let active = self.segments.keys().next_back().copied();
        let mut installed = 0;
        for c in &outcome.cleaned {
            let unchanged = c.members.iter().all(|(base, size)| {
                Some(*base) != active && self.segments.get(base).map(Segment::size) == Some(*size)
            });
            if !unchanged {
                let _ = std::fs::remove_file(&c.path);
                continue;
            }
            let log_path = dir.join(segment::file_name(c.base, "log"));
            let swap = PathBuf::from(format!("{}.swap", log_path.display()));
            std::fs::rename(&c.path, &swap).map_err(io_err(&swap))?;
            checkpoint::sync_dir(&dir).map_err(io_err(&dir))?;
            for (base, _) in c.members.iter().skip(1) {
                self.remove_segment(*base)?;
            }
            // Indexes before the data: after a crash here they are rebuilt from the new data.
            for ext in ["index", "timeindex"] {
                let _ = std::fs::remove_file(dir.join(segment::file_name(c.base, ext)));
            }
            std::fs::rename(&swap, &log_path).map_err(io_err(&log_path))?;
            checkpoint::sync_dir(&dir).map_err(io_err(&dir))?;
            let mut seg = Segment::open_for_recovery(&dir, c.base).map_err(io_err(&log_path))?;
            seg.recover(self.config.index_interval_bytes, |_| {})
                .map_err(io_err(&log_path))?;
            seg.seal().map_err(io_err(&log_path))?;
            let _ = File::options()
                .write(true)
                .open(&log_path)
                .and_then(|f| f.set_modified(c.modified));
            self.segments.insert(c.base, seg);
            installed += 1;
        }
        Ok(installed)
    }
}

/// Complete a swap interrupted by a crash: `<base>.log.swap` replaces `<base>.log`.
pub fn finish_interrupted_swaps(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(log_name) = name.strip_suffix(".swap") else {
            continue;
        };
        let Some(base) = segment::parse_file_name(log_name, "log") else {
            continue;
        };
        // A merged swap replaces every segment that starts inside its offset range.
        let last = last_offset(&entry.path())?;
        for other in std::fs::read_dir(dir)?.flatten() {
            let other_name = other.file_name().to_string_lossy().to_string();
            let other_base = ["log", "index", "timeindex"]
                .iter()
                .find_map(|ext| segment::parse_file_name(&other_name, ext));
            if other_base.is_some_and(|b| b > base && last.is_some_and(|l| b <= l)) {
                std::fs::remove_file(other.path())?;
            }
        }
        for ext in ["index", "timeindex"] {
            let _ = std::fs::remove_file(dir.join(segment::file_name(base, ext)));
        }
        std::fs::rename(entry.path(), dir.join(log_name))?;
        tracing::warn!(dir = %dir.display(), base, "Completed a compaction swap interrupted by a crash.");
    }
    checkpoint::sync_dir(dir)
}

/// The last offset of the whole batches in a file, if any.
fn last_offset(path: &Path) -> std::io::Result<Option<i64>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut reader = BatchReader::new(&file, size, 1 << 20);
    let (mut pos, mut last) = (0u64, None);
    while let Step::Batch(h, _) = reader.at(pos, false)? {
        pos += h.total_size() as u64;
        last = Some(h.last_offset());
    }
    Ok(last)
}

/// Largest decompressed batch the cleaner handles.
const PAYLOAD_LIMIT: usize = 256 << 20;

/// Run a cleaning round: map keys, write cleaned copies. `map_limit` bounds the number of keys
/// held in memory; a round that reaches it cleans up to where it stopped.
pub fn build(plan: &CleanPlan, map_limit: usize) -> Result<Outcome, LogError> {
    let (map, latest) = offset_map(plan, map_limit)?;
    let next_dirty = if latest >= plan.first_dirty {
        latest + 1
    } else {
        plan.end
    };
    let mut cleaned = Vec::new();
    let (mut before, mut after) = (0u64, 0u64);
    let mut group: Option<Group> = None;
    for (i, seg) in plan.segments.iter().enumerate() {
        let seg_end = plan.segments.get(i + 1).map_or(plan.end, |s| s.base);
        let filter = Filter {
            map: &map,
            latest,
            now: plan.now,
            delete_retention_ms: plan.delete_retention_ms,
            producer_last: &plan.producer_last,
        };
        let mut out = Vec::new();
        let changed = clean_segment(seg, &filter, &mut out)?;
        before += seg.size;
        after += out.len() as u64;
        // Like Kafka, consecutive segments merge while their sizes add up to at most
        // segment.bytes and offsets stay within the index's 32-bit relative range. A segment
        // this round empties merges at once (Kafka waits a round): it holds no timestamps, so
        // merging it cannot keep expired records of a compact,delete topic alive.
        let fits = group.as_ref().is_some_and(|g| {
            (out.is_empty() || g.input + seg.size <= plan.max_group_bytes)
                && g.len + out.len() as u64 <= plan.max_group_bytes
                && seg_end - g.base <= i64::from(i32::MAX)
        });
        if !fits && let Some(done) = group.take() {
            cleaned.extend(done.finish()?);
        }
        let g = match group.as_mut() {
            Some(g) => g,
            None => group.insert(Group::new(&plan.dir, seg.base)?),
        };
        g.add(seg, &out, changed)?;
    }
    if let Some(done) = group.take() {
        cleaned.extend(done.finish()?);
    }
    Ok(Outcome {
        cleaned,
        next_dirty,
        bytes_before: before,
        bytes_after: after,
    })
}

/// Key -> latest offset over the dirty range, and the last offset mapped.
fn offset_map(plan: &CleanPlan, limit: usize) -> Result<(HashMap<Vec<u8>, i64>, i64), LogError> {
    let mut map: HashMap<Vec<u8>, i64> = HashMap::new();
    let mut latest = plan.first_dirty - 1;
    for seg in &plan.segments {
        let path = plan.dir.join(segment::file_name(seg.base, "log"));
        let mut reader = BatchReader::new(&seg.file, seg.size, 1 << 20);
        let mut pos = 0u64;
        while let Step::Batch(h, bytes) = reader.at(pos, true).map_err(io_err(&path))? {
            let bytes = bytes.to_vec();
            pos += h.total_size() as u64;
            if h.last_offset() < plan.first_dirty || h.is_control() {
                continue;
            }
            let Ok(raw) = records::payload(&bytes, &h, PAYLOAD_LIMIT) else {
                continue;
            };
            let Some(recs) = records::parse(&raw, &h) else {
                continue;
            };
            // Whole batches only, so a round never splits one.
            let new_keys = recs
                .iter()
                .filter(|r| {
                    r.key
                        .as_ref()
                        .is_some_and(|k| !map.contains_key(raw.get(k.clone()).unwrap_or_default()))
                })
                .count();
            if map.len() + new_keys > limit && !map.is_empty() {
                return Ok((map, latest));
            }
            for r in recs.iter().filter(|r| r.offset >= plan.first_dirty) {
                if let Some(k) = &r.key {
                    map.insert(raw.get(k.clone()).unwrap_or_default().to_vec(), r.offset);
                }
            }
            latest = latest.max(h.last_offset());
        }
    }
    Ok((map, latest))
}

/// Which records of a segment survive a round.
struct Filter<'a> {
    map: &'a HashMap<Vec<u8>, i64>,
    latest: i64,
    now: i64,
    delete_retention_ms: i64,
    producer_last: &'a HashMap<i64, i64>,
}

/// Append the cleaned contents of one segment to `buf`; whether anything was dropped.
fn clean_segment(
    seg: &SegmentSnapshot,
    f: &Filter<'_>,
    buf: &mut Vec<u8>,
) -> Result<bool, LogError> {
    let path = &seg.path;
    let Filter {
        map,
        latest,
        now,
        delete_retention_ms,
        producer_last,
    } = *f;
    let mut reader = BatchReader::new(&seg.file, seg.size, 1 << 20);
    let mut pos = 0u64;
    let mut changed = false;
    while let Step::Batch(h, bytes) = reader.at(pos, true).map_err(io_err(path))? {
        let bytes = bytes.to_vec();
        pos += h.total_size() as u64;
        if h.base_offset > latest || h.is_control() {
            buf.extend_from_slice(&bytes);
            continue;
        }
        let Ok(raw) = records::payload(&bytes, &h, PAYLOAD_LIMIT) else {
            buf.extend_from_slice(&bytes);
            continue;
        };
        let Some(recs) = records::parse(&raw, &h) else {
            buf.extend_from_slice(&bytes);
            continue;
        };
        // KIP-534: a batch's tombstones stay until the delete horizon stamped on it the first
        // time it was cleaned (now + delete.retention.ms), however often it is rewritten.
        let horizon = (h.attributes & DELETE_HORIZON_FLAG != 0).then_some(h.base_timestamp);
        let keep_tombstones = horizon.is_none_or(|hz| now < hz);
        let kept: Vec<&records::RawRecord> = recs
            .iter()
            .filter(|r| {
                if r.offset > latest {
                    return true;
                }
                let Some(k) = &r.key else { return false };
                let newest = map
                    .get(raw.get(k.clone()).unwrap_or_default())
                    .is_none_or(|o| r.offset >= *o);
                newest && (r.has_value || keep_tombstones)
            })
            .collect();
        let stamp = (horizon.is_none() && kept.iter().any(|r| !r.has_value))
            .then(|| now.saturating_add(delete_retention_ms));
        if kept.len() == recs.len() && stamp.is_none() {
            buf.extend_from_slice(&bytes);
            continue;
        }
        changed = true;
        let producers_last =
            h.has_producer_id() && producer_last.get(&h.producer_id) == Some(&h.last_offset());
        if kept.is_empty() && !producers_last {
            continue;
        }
        buf.extend_from_slice(&rebuild(&bytes, &h, &raw, &kept, stamp)?);
    }
    Ok(changed)
}

/// The cleaned copy of consecutive segments, written as it grows.
struct Group {
    base: i64,
    path: PathBuf,
    file: File,
    /// Bytes written so far, and the input segments' sizes they came from.
    len: u64,
    input: u64,
    members: Vec<(i64, u64)>,
    changed: bool,
    modified: std::time::SystemTime,
}

impl Group {
    fn new(dir: &Path, base: i64) -> Result<Group, LogError> {
        let path = dir.join(format!("{}.cleaned", segment::file_name(base, "log")));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(io_err(&path))?;
        Ok(Group {
            base,
            path,
            file,
            len: 0,
            input: 0,
            members: Vec::new(),
            changed: false,
            modified: std::time::SystemTime::now(),
        })
    }

    fn add(&mut self, seg: &SegmentSnapshot, out: &[u8], changed: bool) -> Result<(), LogError> {
        self.file.write_all(out).map_err(io_err(&self.path))?;
        self.len += out.len() as u64;
        self.input += seg.size;
        // Merging is a change in itself.
        self.changed |= changed || !self.members.is_empty();
        self.members.push((seg.base, seg.size));
        // Like Kafka, the result takes the newest member's modification time.
        if let Ok(m) = seg.file.metadata().and_then(|m| m.modified()) {
            self.modified = m;
        }
        Ok(())
    }

    /// The copy to swap in, or nothing (and no file) when the group is one unchanged segment.
    fn finish(self) -> Result<Option<Cleaned>, LogError> {
        if !self.changed {
            drop(self.file);
            let _ = std::fs::remove_file(&self.path);
            return Ok(None);
        }
        self.file.sync_all().map_err(io_err(&self.path))?;
        Ok(Some(Cleaned {
            base: self.base,
            path: self.path,
            members: self.members,
            modified: self.modified,
        }))
    }
}

/// The batch attribute saying the base timestamp is a delete horizon (KIP-534).
const DELETE_HORIZON_FLAG: i16 = 0x40;

/// A batch holding only `kept`, with the original base offset, base timestamp, last offset
/// delta, producer fields and codec. With `stamp`, the base timestamp becomes that delete
/// horizon and each record's timestamp delta is re-encoded so its timestamp is unchanged.
fn rebuild(
    original: &[u8],
    h: &BatchHeader,
    raw: &[u8],
    kept: &[&records::RawRecord],
    stamp: Option<i64>,
) -> Result<BytesMut, LogError> {
    let mut section = Vec::new();
    let mut max_ts = -1i64;
    for r in kept {
        let bytes = raw.get(r.bytes.clone()).unwrap_or_default();
        match stamp {
            Some(hz) => {
                let re =
                    records::with_timestamp_delta(bytes, r.timestamp - hz).ok_or_else(|| {
                        LogError::Io {
                            path: PathBuf::new(),
                            source: std::io::Error::other("unreadable record while cleaning"),
                        }
                    })?;
                section.extend_from_slice(&re);
            }
            None => section.extend_from_slice(bytes),
        }
        max_ts = max_ts.max(r.timestamp);
    }
    let mut out = BytesMut::with_capacity(HEADER_LEN + section.len());
    out.put_slice(original.get(..HEADER_LEN).unwrap_or_default());
    if let Some(hz) = stamp {
        let attributes = h.attributes | DELETE_HORIZON_FLAG;
        out[21..23].copy_from_slice(&attributes.to_be_bytes());
        out[27..35].copy_from_slice(&hz.to_be_bytes());
    }
    compression::compress(h.compression(), &section, &mut out).map_err(|e| LogError::Io {
        path: PathBuf::new(),
        source: std::io::Error::other(e),
    })?;
    let len = (out.len() - LOG_OVERHEAD) as i32;
    out[8..12].copy_from_slice(&len.to_be_bytes());
    if !h.is_log_append_time() && max_ts >= 0 {
        out[35..43].copy_from_slice(&max_ts.to_be_bytes());
    }
    out[57..61].copy_from_slice(&(kept.len() as i32).to_be_bytes());
    let crc = batch::compute_crc(&out);
    out[17..21].copy_from_slice(&crc.to_be_bytes());
    Ok(out)
}
