//! The leader-epoch cache: (epoch, start offset) pairs, in `leader-epoch-checkpoint`.

use std::io;
use std::path::{Path, PathBuf};

use super::checkpoint;

pub const FILE_NAME: &str = "leader-epoch-checkpoint";

#[derive(Debug, Default)]
pub struct LeaderEpochCache {
    path: PathBuf,
    entries: Vec<(i32, i64)>,
    dirty: bool,
}

impl LeaderEpochCache {
    /// Load from the partition directory (an unreadable file starts empty; recovery refills it
    /// from the batches' partitionLeaderEpoch fields).
    pub fn load(dir: &Path) -> LeaderEpochCache {
        let path = dir.join(FILE_NAME);
        let mut entries = Vec::new();
        if let Ok(text) = std::fs::read_to_string(&path) {
            let mut lines = text.lines().skip(2);
            for l in lines.by_ref() {
                let mut it = l.split_whitespace();
                if let (Some(Ok(e)), Some(Ok(o))) =
                    (it.next().map(str::parse), it.next().map(str::parse))
                {
                    entries.push((e, o));
                }
            }
        }
        LeaderEpochCache {
            path,
            entries,
            dirty: false,
        }
    }

    /// Note that `epoch` starts at `offset` (no-op unless it is a newer epoch).
    pub fn assign(&mut self, epoch: i32, offset: i64) {
        if epoch < 0 {
            return;
        }
        if self.entries.last().is_none_or(|(e, _)| epoch > *e) {
            self.entries.push((epoch, offset));
            self.dirty = true;
        }
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.entries.last().map(|(e, _)| *e)
    }

    /// Drop entries that start at or past `end` (the log was truncated there).
    pub fn truncate_from_end(&mut self, end: i64) {
        let before = self.entries.len();
        self.entries.retain(|(_, o)| *o < end);
        self.dirty |= before != self.entries.len();
    }

    /// Drop entries wholly before `start` (log start moved), keeping one that covers it.
    pub fn truncate_from_start(&mut self, start: i64) {
        let keep_from = self
            .entries
            .iter()
            .rposition(|(_, o)| *o <= start)
            .unwrap_or(0);
        if keep_from > 0 {
            self.entries.drain(..keep_from);
            self.dirty = true;
        }
        if let Some(first) = self.entries.first_mut()
            && first.1 < start
        {
            first.1 = start;
            self.dirty = true;
        }
    }

    /// OffsetForLeaderEpoch: the largest epoch <= `epoch` and the offset where it ended.
    pub fn end_offset_for(&self, epoch: i32, log_end: i64) -> Option<(i32, i64)> {
        let i = self.entries.iter().rposition(|(e, _)| *e <= epoch)?;
        let (found, _) = *self.entries.get(i)?;
        let end = self.entries.get(i + 1).map_or(log_end, |(_, o)| *o);
        Some((found, end))
    }

    /// Persist if changed.
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let mut s = format!("0\n{}\n", self.entries.len());
        for (e, o) in &self.entries {
            s.push_str(&format!("{e} {o}\n"));
        }
        checkpoint::write_atomic(&self.path, s.as_bytes())?;
        self.dirty = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_offsets_and_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = LeaderEpochCache::load(dir.path());
        c.assign(0, 0);
        c.assign(0, 10);
        c.assign(2, 50);
        assert_eq!(c.end_offset_for(1, 100), Some((0, 50)));
        assert_eq!(c.end_offset_for(2, 100), Some((2, 100)));
        assert_eq!(c.end_offset_for(-1, 100), None);
        c.flush().unwrap();
        let mut again = LeaderEpochCache::load(dir.path());
        assert_eq!(again.latest_epoch(), Some(2));
        again.truncate_from_end(50);
        assert_eq!(again.latest_epoch(), Some(0));
    }
}
