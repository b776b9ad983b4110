//! Moving the log start: DeleteRecords and retention by time and size, whole segments at a
//! time, with the files renamed `.deleted` and removed after `file.delete.delay.ms`.

use super::*;

impl Log {
    /// DeleteRecords: move the log start offset to `offset` and drop whole segments below it.
    pub fn delete_records_before(&mut self, offset: i64) -> Result<i64, LogError> {
        if offset > self.high_watermark.offset {
            return Err(LogError::OffsetOutOfRange {
                offset,
                start: self.log_start_offset,
                end: self.high_watermark.offset,
            });
        }
        if offset > self.log_start_offset {
            self.log_start_offset = offset;
            self.epochs.truncate_from_start(offset);
            let _ = self.epochs.flush();
            self.delete_segments_below_start()?;
        }
        Ok(self.log_start_offset)
    }

    fn delete_segments_below_start(&mut self) -> Result<(), LogError> {
        loop {
            let mut it = self.segments.iter();
            let (Some((&first, _)), Some((&second, _))) = (it.next(), it.next()) else {
                break;
            };
            if second > self.log_start_offset {
                break;
            }
            self.remove_segment(first)?;
        }
        Ok(())
    }

    pub(super) fn remove_segment(&mut self, base: i64) -> Result<(), LogError> {
        if let Some(seg) = self.segments.remove(&base) {
            let path = seg.log_path().to_path_buf();
            let renamed = seg.mark_deleted().map_err(io_err(&path))?;
            self.deleted_files.extend(renamed);
            self.dir_dirty = true;
        }
        Ok(())
    }

    /// Files waiting for removal (see `file.delete.delay.ms`); the caller removes them.
    pub fn take_deleted_files(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.deleted_files)
    }

    /// Delete whole segments that `retention.ms` or `retention.bytes` no longer keep, oldest
    /// first, never past the high watermark. An expired active segment is rolled first, so the
    /// log always keeps an active segment. Returns the number of segments deleted.
    pub fn apply_retention(&mut self, now_ms: i64) -> Result<usize, LogError> {
        if !self.config.delete {
            return Ok(0);
        }
        let hw = self.high_watermark.offset;
        let retention_ms = self.config.retention_ms;
        let retention_bytes = self.config.retention_bytes;
        let mut excess = if retention_bytes >= 0 {
            self.size_bytes() as i64 - retention_bytes
        } else {
            0
        };
        let bases: Vec<i64> = self.segments.keys().copied().collect();
        let mut doomed = Vec::new();
        // Sealed segments that compaction emptied: they have no timestamps to judge, so they go
        // exactly when the segment after them goes (neither blocking retention nor moving the
        // log start on their own).
        let mut empties = Vec::new();
        for (i, base) in bases.iter().enumerate() {
            let Some(seg) = self.segments.get(base) else {
                break;
            };
            let next = bases.get(i + 1).copied().unwrap_or(self.next_offset);
            // Only segments whose every offset is below the high watermark.
            if next > hw || (i + 1 == bases.len() && seg.is_empty()) {
                break;
            }
            if seg.is_empty() {
                empties.push(*base);
                continue;
            }
            let largest = if seg.max_timestamp() >= 0 {
                seg.max_timestamp()
            } else {
                seg.modified_ms()
            };
            let by_time = retention_ms >= 0 && now_ms - largest > retention_ms;
            let by_size = retention_bytes >= 0 && excess - seg.size() as i64 >= 0;
            if !(by_time || by_size) {
                break;
            }
            excess -= seg.size() as i64;
            doomed.append(&mut empties);
            doomed.push(*base);
        }
        if doomed.is_empty() {
            return Ok(0);
        }
        if doomed.len() == self.segments.len() {
            self.roll(now_ms)?;
        }
        for base in &doomed {
            self.remove_segment(*base)?;
        }
        let first = self
            .segments
            .keys()
            .next()
            .copied()
            .unwrap_or(self.next_offset);
        if first > self.log_start_offset {
            self.log_start_offset = first;
            self.epochs.truncate_from_start(first);
            let _ = self.epochs.flush();
        }
        tracing::info!(topic = %self.topic, partition = self.partition, segments = doomed.len(), log_start_offset = self.log_start_offset, "Deleted segments by retention.");
        Ok(doomed.len())
    }
}
