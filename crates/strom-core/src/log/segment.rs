//! One segment: `<base offset>.log` with its `.index` and `.timeindex`.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::batch::{BatchError, BatchHeader};
use super::direct::{self, DirectWriter};
use super::index::{Index, OffsetEntry, TimeEntry};
use super::reader::{BatchReader, Step};

/// `00000000000000000042.log` and friends.
pub fn file_name(base_offset: i64, ext: &str) -> String {
    format!("{base_offset:020}.{ext}")
}

/// Parse the base offset out of a segment file name with the given extension.
pub fn parse_file_name(name: &str, ext: &str) -> Option<i64> {
    let stem = name.strip_suffix(ext)?.strip_suffix('.')?;
    if stem.len() != 20 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

/// What a recovery scan of a segment learned.
#[derive(Debug)]
pub struct Recovered {
    pub truncated_bytes: u64,
    pub error: Option<BatchError>,
}

#[derive(Debug)]
pub struct Segment {
    pub base_offset: i64,
    log_path: PathBuf,
    file: Arc<File>,
    size: u64,
    offset_index: Index<OffsetEntry>,
    time_index: Index<TimeEntry>,
    bytes_since_index: u64,
    max_timestamp: i64,
    offset_of_max_timestamp: i64,
    next_offset: i64,
    /// Max timestamp of the first batch: what `segment.ms` counts from.
    first_timestamp: Option<i64>,
    created_ms: i64,
    /// Set while the segment is active and written with `O_DIRECT` (see `direct.rs`).
    direct: Option<DirectWriter>,
}

const SCAN_CHUNK: usize = 1 << 20;
/// Read-ahead when walking headers from an index entry to a fetch offset.
const LOCATE_CHUNK: usize = 4 << 10;

impl Segment {
    /// A new, empty segment.
    pub fn create(dir: &Path, base_offset: i64, now_ms: i64) -> io::Result<Segment> {
        let log_path = dir.join(file_name(base_offset, "log"));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&log_path)?;
        if file.metadata()?.len() != 0 {
            file.set_len(0)?;
        }
        Ok(Segment {
            base_offset,
            log_path,
            file: Arc::new(file),
            size: 0,
            offset_index: Index::create(&dir.join(file_name(base_offset, "index")))?,
            time_index: Index::create(&dir.join(file_name(base_offset, "timeindex")))?,
            bytes_since_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: -1,
            next_offset: base_offset,
            first_timestamp: None,
            created_ms: now_ms,
            direct: None,
        })
    }

    /// Open an existing segment without scanning it. Index files that are missing or damaged
    /// are reported as `Err(InvalidData)` so the caller recovers the segment instead.
    pub fn open(dir: &Path, base_offset: i64, active: bool) -> io::Result<Segment> {
        let log_path = dir.join(file_name(base_offset, "log"));
        let file = OpenOptions::new().read(true).write(true).open(&log_path)?;
        let size = file.metadata()?.len();
        let created_ms = file
            .metadata()?
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        let invalid = |e: io::Error| {
            if e.kind() == io::ErrorKind::NotFound {
                io::Error::new(io::ErrorKind::InvalidData, e)
            } else {
                e
            }
        };
        let offset_index: Index<OffsetEntry> =
            Index::open(&dir.join(file_name(base_offset, "index")), active).map_err(invalid)?;
        let time_index: Index<TimeEntry> =
            Index::open(&dir.join(file_name(base_offset, "timeindex")), active).map_err(invalid)?;
        if let Some(last) = offset_index.last()
            && u64::from(last.position) >= size.max(1)
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "offset index points past the end of the log",
            ));
        }
        let mut seg = Segment {
            base_offset,
            log_path,
            file: Arc::new(file),
            size,
            offset_index,
            time_index,
            bytes_since_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: -1,
            next_offset: base_offset,
            first_timestamp: None,
            created_ms,
            direct: None,
        };
        if let Some(t) = seg.time_index.last() {
            seg.max_timestamp = t.timestamp;
            seg.offset_of_max_timestamp = base_offset + i64::from(t.relative_offset);
        }
        seg.load_tail()?;
        Ok(seg)
    }

    /// Open a segment that is about to be recovered: fresh indexes, no walk of the data
    /// (which may be torn anywhere).
    pub fn open_for_recovery(dir: &Path, base_offset: i64) -> io::Result<Segment> {
        let log_path = dir.join(file_name(base_offset, "log"));
        let file = OpenOptions::new().read(true).write(true).open(&log_path)?;
        let size = file.metadata()?.len();
        Ok(Segment {
            base_offset,
            log_path,
            file: Arc::new(file),
            size,
            offset_index: Index::create(&dir.join(file_name(base_offset, "index")))?,
            time_index: Index::create(&dir.join(file_name(base_offset, "timeindex")))?,
            bytes_since_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: -1,
            next_offset: base_offset,
            first_timestamp: None,
            created_ms: 0,
            direct: None,
        })
    }

    /// Find the end offset and trailing max timestamp by walking from the last index entry.
    fn load_tail(&mut self) -> io::Result<()> {
        let start = self
            .offset_index
            .last()
            .map_or(0, |e| u64::from(e.position));
        let mut reader = BatchReader::new(&self.file, self.size, SCAN_CHUNK);
        let mut pos = start;
        let mut since = 0u64;
        let mut first = true;
        loop {
            match reader.at(pos, false)? {
                Step::Batch(h, _) => {
                    if first && start == 0 {
                        self.first_timestamp = Some(h.max_timestamp);
                    }
                    first = false;
                    self.next_offset = h.last_offset() + 1;
                    if h.max_timestamp > self.max_timestamp {
                        self.max_timestamp = h.max_timestamp;
                        self.offset_of_max_timestamp = h.last_offset();
                    }
                    pos += h.total_size() as u64;
                    since += h.total_size() as u64;
                }
                Step::End => break,
                Step::Invalid(e) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("{}: {e} at {pos}", self.log_path.display()),
                    ));
                }
            }
        }
        self.bytes_since_index = since;
        if self.first_timestamp.is_none() && self.size > 0 {
            // The first batch's timestamp only matters for time-based rolls; read it once.
            if let Step::Batch(h, _) = BatchReader::new(&self.file, self.size, 4096).at(0, false)? {
                self.first_timestamp = Some(h.max_timestamp);
            }
        }
        Ok(())
    }

    /// Rebuild the indexes by validating every batch from the start; truncate at the first
    /// invalid one. `on_batch` sees each valid batch (producer state, leader epochs).
    pub fn recover(
        &mut self,
        index_interval: u64,
        mut on_batch: impl FnMut(&BatchHeader),
    ) -> io::Result<Recovered> {
        let dir = self
            .log_path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.offset_index = Index::create(&dir.join(file_name(self.base_offset, "index")))?;
        self.time_index = Index::create(&dir.join(file_name(self.base_offset, "timeindex")))?;
        self.bytes_since_index = 0;
        self.max_timestamp = -1;
        self.offset_of_max_timestamp = -1;
        self.next_offset = self.base_offset;
        self.first_timestamp = None;
        let file = Arc::clone(&self.file);
        let mut reader = BatchReader::new(&file, self.size, SCAN_CHUNK);
        let mut pos = 0u64;
        let error = loop {
            match reader.at(pos, true)? {
                Step::Batch(h, _) => {
                    // Offsets must stay inside the segment and move forward.
                    let rel = h.last_offset() - self.base_offset;
                    if h.base_offset < self.next_offset || rel > i64::from(i32::MAX) {
                        break Some(BatchError::BadCount {
                            count: h.record_count,
                            delta: h.last_offset_delta,
                        });
                    }
                    self.index_batch(&h, pos, index_interval);
                    on_batch(&h);
                    pos += h.total_size() as u64;
                }
                Step::End => break None,
                Step::Invalid(e) => break Some(e),
            }
        };
        let truncated = self.size - pos;
        if truncated > 0 {
            self.file.set_len(pos)?;
            self.file.sync_data()?;
            self.size = pos;
        }
        Ok(Recovered {
            truncated_bytes: truncated,
            error,
        })
    }

    fn index_batch(&mut self, h: &BatchHeader, pos: u64, index_interval: u64) {
        if self.bytes_since_index > index_interval {
            let rel = (h.last_offset() - self.base_offset) as u32;
            self.offset_index.append(OffsetEntry {
                relative_offset: rel,
                position: pos as u32,
            });
            self.maybe_time_entry();
            self.bytes_since_index = 0;
        }
        self.bytes_since_index += h.total_size() as u64;
        if h.max_timestamp > self.max_timestamp {
            self.max_timestamp = h.max_timestamp;
            self.offset_of_max_timestamp = h.last_offset();
        }
        self.next_offset = h.last_offset() + 1;
        self.first_timestamp.get_or_insert(h.max_timestamp);
    }

    fn maybe_time_entry(&mut self) {
        if self.max_timestamp < 0 {
            return;
        }
        if self
            .time_index
            .last()
            .is_none_or(|t| self.max_timestamp > t.timestamp)
        {
            let rel = (self.offset_of_max_timestamp - self.base_offset).max(0) as u32;
            self.time_index.append(TimeEntry {
                timestamp: self.max_timestamp,
                relative_offset: rel,
            });
        }
    }

    /// Append one batch (offsets already assigned). On a failed write the file is cut back so
    /// nothing partial stays behind.
    pub fn append(&mut self, batch: &[u8], h: &BatchHeader, index_interval: u64) -> io::Result<()> {
        self.append_parts(batch, &[], h, index_interval)
    }

    /// Append one batch given as its header and the rest, in one `writev`.
    pub fn append_parts(
        &mut self,
        head: &[u8],
        rest: &[u8],
        h: &BatchHeader,
        index_interval: u64,
    ) -> io::Result<()> {
        let pos = self.size;
        let mut written = false;
        if let Some(d) = &mut self.direct {
            match d.append(&self.file, pos, &[head, rest]) {
                Ok(()) => written = true,
                Err(e) => {
                    let _ = self.file.set_len(pos);
                    if !direct::refused(&e) {
                        return Err(e);
                    }
                    // Opened with O_DIRECT but the writes are refused: go on buffered.
                    tracing::warn!(path = %self.log_path.display(), error = %e, "Direct writes refused; writing through the page cache.");
                    self.direct = None;
                }
            }
        }
        // Positioned writes, not O_APPEND: direct writes may have left padding past `pos`.
        if !written && let Err(e) = direct::pwrite_all(&self.file, &[head, rest], pos) {
            let _ = self.file.set_len(pos);
            return Err(e);
        }
        self.size += (head.len() + rest.len()) as u64;
        self.index_batch(h, pos, index_interval);
        Ok(())
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn next_offset(&self) -> i64 {
        self.next_offset
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Max timestamp of the first batch (for `max.compaction.lag.ms`).
    pub fn first_timestamp(&self) -> Option<i64> {
        self.first_timestamp.filter(|t| *t >= 0)
    }

    /// Last modification time of the data file (retention falls back to it without timestamps).
    pub fn modified_ms(&self) -> i64 {
        self.file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64)
    }

    pub fn max_timestamp(&self) -> i64 {
        self.max_timestamp
    }

    pub fn offset_of_max_timestamp(&self) -> i64 {
        self.offset_of_max_timestamp
    }

    pub fn file(&self) -> &Arc<File> {
        &self.file
    }

    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// How long the segment has been rolling, as Kafka measures it for `segment.ms`: the
    /// incoming batch's max timestamp minus the first batch's, or wall time since creation
    /// when the segment holds no timestamps.
    pub fn time_waited_for_roll(&self, now_ms: i64, incoming_max_ts: i64) -> i64 {
        match self.first_timestamp.filter(|t| *t >= 0) {
            Some(first) => incoming_max_ts - first,
            None => now_ms - self.created_ms,
        }
    }

    /// Write pending index entries (they are derived data; no fsync here).
    pub fn flush_indexes(&mut self) -> io::Result<()> {
        self.offset_index.flush()?;
        self.time_index.flush()
    }

    /// Write appends with `O_DIRECT` from now on, where the file system allows it. Returns
    /// whether it does.
    pub fn write_direct(&mut self) -> io::Result<bool> {
        if self.direct.is_none() {
            self.direct = DirectWriter::open(&self.log_path, &self.file, self.size)?;
        }
        Ok(self.direct.is_some())
    }

    /// Cut off the zero padding that direct writes leave past the end (before a clean stop,
    /// whose restart trusts the file size).
    pub fn trim(&mut self) -> io::Result<()> {
        if self.direct.is_some() && self.file.metadata()?.len() > self.size {
            self.file.set_len(self.size)?;
        }
        Ok(())
    }

    /// Called when the segment stops being active: final time index entry, flush and fsync.
    pub fn seal(&mut self) -> io::Result<()> {
        self.trim()?;
        self.direct = None;
        self.maybe_time_entry();
        self.offset_index.seal()?;
        self.time_index.seal()?;
        self.file.sync_data()
    }

    /// Position of the first batch whose last offset is `>= offset`, and its header, scanning
    /// from the nearest index entry. `None` when no batch below `end_pos` qualifies.
    pub fn locate(&self, offset: i64, end_pos: u64) -> io::Result<Option<(u64, BatchHeader)>> {
        let rel = offset - self.base_offset;
        let start = if rel <= 0 {
            0
        } else {
            self.offset_index
                .floor(rel.min(i64::from(u32::MAX)), true)?
                .map_or(0, |e| u64::from(e.position))
        };
        // Only headers are read here, and the index puts the target within about
        // `index.interval.bytes` of `start`: one page of read-ahead is enough, where 64 KiB
        // cost a 64 KiB copy on every fetch.
        let mut reader = BatchReader::new(&self.file, end_pos.min(self.size), LOCATE_CHUNK);
        let mut pos = start;
        loop {
            match reader.at(pos, false)? {
                Step::Batch(h, _) => {
                    if h.last_offset() >= offset {
                        return Ok(Some((pos, h)));
                    }
                    pos += h.total_size() as u64;
                }
                Step::End | Step::Invalid(_) => return Ok(None),
            }
        }
    }

    /// (timestamp, offset) of the first record at or after `min_offset` with timestamp >= `ts`
    /// in this segment, below `end_pos`.
    pub fn find_by_timestamp(
        &self,
        ts: i64,
        min_offset: i64,
        end_pos: u64,
    ) -> io::Result<Option<(i64, i64)>> {
        if self.max_timestamp < ts {
            return Ok(None);
        }
        // Start at the entry's own offset, not after it: a damaged index (zeroed, say) that
        // passed the load check then costs a little scanning, never a wrong answer.
        let start_offset = match self.time_index.floor(ts, true)? {
            Some(e) => self.base_offset + i64::from(e.relative_offset),
            None => self.base_offset,
        }
        .max(min_offset);
        let Some((mut pos, _)) = self.locate(start_offset, end_pos)? else {
            return Ok(None);
        };
        let end = end_pos.min(self.size);
        let mut reader = BatchReader::new(&self.file, end, 64 << 10);
        loop {
            match reader.at(pos, true)? {
                Step::Batch(h, bytes) => {
                    if h.max_timestamp >= ts && h.last_offset() >= start_offset {
                        if h.is_log_append_time() {
                            return Ok(Some((h.max_timestamp, h.base_offset.max(start_offset))));
                        }
                        let found = super::records::first_at_or_after(bytes, ts, start_offset);
                        if let Some(hit) = found {
                            return Ok(Some(hit));
                        }
                    }
                    pos += h.total_size() as u64;
                }
                Step::End | Step::Invalid(_) => return Ok(None),
            }
        }
    }

    /// First step of a deletion: rename the segment's files to `<name>.deleted` and return
    /// the new paths; they are removed after `file.delete.delay.ms` (or at the next start).
    /// Readers holding the file keep reading it meanwhile.
    pub fn mark_deleted(self) -> io::Result<Vec<PathBuf>> {
        let Segment {
            log_path,
            mut offset_index,
            mut time_index,
            file,
            ..
        } = self;
        drop(file);
        let mut out = Vec::with_capacity(3);
        let deleted = |p: &Path| PathBuf::from(format!("{}.deleted", p.display()));
        let log_to = deleted(&log_path);
        match std::fs::rename(&log_path, &log_to) {
            Ok(()) => out.push(log_to),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        for idx in [
            offset_index.path().to_path_buf(),
            time_index.path().to_path_buf(),
        ] {
            let to = deleted(&idx);
            match std::fs::rename(&idx, &to) {
                Ok(()) => out.push(to),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let _ = (&mut offset_index, &mut time_index);
        Ok(out)
    }
}
