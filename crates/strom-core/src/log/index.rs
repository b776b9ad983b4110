//! Sparse offset and time indexes in Kafka's file format.
//!
//! `.index`: 8-byte entries, (offset − baseOffset: i32, file position: i32), big endian.
//! `.timeindex`: 12-byte entries, (timestamp: i64, offset − baseOffset: i32).
//!
//! The active segment's entries live in memory and reach the file lazily (on flush, roll and
//! shutdown): indexes are derived data, rebuilt by recovery after an unclean stop. Sealed
//! segments are searched on disk with positioned reads, so memory does not grow with the log.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// One fixed-size index entry.
pub trait Entry: Copy + std::fmt::Debug {
    const SIZE: usize;
    /// The value entries are sorted and searched by.
    fn key(&self) -> i64;
    fn encode(&self) -> [u8; 12];
    fn decode(b: &[u8]) -> Self;
}

/// `.index` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetEntry {
    pub relative_offset: u32,
    pub position: u32,
}

/// `.timeindex` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeEntry {
    pub timestamp: i64,
    pub relative_offset: u32,
}

fn arr<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    let mut a = [0u8; N];
    if let Some(s) = b.get(at..at + N) {
        a.copy_from_slice(s);
    }
    a
}

impl Entry for OffsetEntry {
    const SIZE: usize = 8;
    fn key(&self) -> i64 {
        i64::from(self.relative_offset)
    }
    fn encode(&self) -> [u8; 12] {
        let mut out = [0u8; 12];
        out[..4].copy_from_slice(&self.relative_offset.to_be_bytes());
        out[4..8].copy_from_slice(&self.position.to_be_bytes());
        out
    }
    fn decode(b: &[u8]) -> Self {
        OffsetEntry {
            relative_offset: u32::from_be_bytes(arr(b, 0)),
            position: u32::from_be_bytes(arr(b, 4)),
        }
    }
}

impl Entry for TimeEntry {
    const SIZE: usize = 12;
    fn key(&self) -> i64 {
        self.timestamp
    }
    fn encode(&self) -> [u8; 12] {
        let mut out = [0u8; 12];
        out[..8].copy_from_slice(&self.timestamp.to_be_bytes());
        out[8..12].copy_from_slice(&self.relative_offset.to_be_bytes());
        out
    }
    fn decode(b: &[u8]) -> Self {
        TimeEntry {
            timestamp: i64::from_be_bytes(arr(b, 0)),
            relative_offset: u32::from_be_bytes(arr(b, 8)),
        }
    }
}

/// A sorted, append-only index file.
#[derive(Debug)]
pub struct Index<E: Entry> {
    path: PathBuf,
    file: File,
    /// All entries while the segment is active; `None` once sealed.
    mem: Option<Vec<E>>,
    len: usize,
    written: usize,
    last: Option<E>,
}

impl<E: Entry> Index<E> {
    /// A new, empty index (truncating any file at `path`).
    pub fn create(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        Ok(Index {
            path: path.to_path_buf(),
            file,
            mem: Some(Vec::new()),
            len: 0,
            written: 0,
            last: None,
        })
    }

    /// Open an existing index file. Fails with `InvalidData` when it is not a whole number of
    /// entries or not sorted at its ends; callers rebuild it then.
    pub fn open(path: &Path, active: bool) -> io::Result<Self> {
        let file = OpenOptions::new().read(true).write(true).open(path)?;
        let bytes = file.metadata()?.len() as usize;
        if !bytes.is_multiple_of(E::SIZE) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: size {bytes} is not a multiple of {}",
                    path.display(),
                    E::SIZE
                ),
            ));
        }
        let len = bytes / E::SIZE;
        let mut idx = Index {
            path: path.to_path_buf(),
            file,
            mem: None,
            len,
            written: len,
            last: None,
        };
        if active {
            let mut buf = vec![0u8; bytes];
            idx.file.read_exact_at(&mut buf, 0)?;
            let entries: Vec<E> = buf.chunks_exact(E::SIZE).map(E::decode).collect();
            if entries
                .windows(2)
                .any(|w| w.first().map(E::key) > w.get(1).map(E::key))
            {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: entries out of order", idx.path.display()),
                ));
            }
            idx.last = entries.last().copied();
            idx.mem = Some(entries);
        } else if len > 0 {
            let first = idx.entry(0)?;
            let last = idx.entry(len - 1)?;
            if first.key() > last.key() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: entries out of order", idx.path.display()),
                ));
            }
            idx.last = Some(last);
        }
        Ok(idx)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn last(&self) -> Option<E> {
        self.last
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append an entry; keys must not decrease (callers guarantee it).
    pub fn append(&mut self, e: E) {
        if let Some(mem) = self.mem.as_mut() {
            mem.push(e);
            self.len += 1;
            self.last = Some(e);
        }
    }

    /// Write entries not yet in the file.
    pub fn flush(&mut self) -> io::Result<()> {
        let Some(mem) = self.mem.as_ref() else {
            return Ok(());
        };
        if self.written >= mem.len() {
            return Ok(());
        }
        let pending = mem.get(self.written..).unwrap_or_default();
        let mut buf = Vec::with_capacity(pending.len() * E::SIZE);
        for e in pending {
            buf.extend_from_slice(e.encode().get(..E::SIZE).unwrap_or_default());
        }
        self.file
            .write_all_at(&buf, (self.written * E::SIZE) as u64)?;
        self.written = mem.len();
        Ok(())
    }

    /// Flush, fsync and drop the in-memory copy: the segment will not grow again.
    pub fn seal(&mut self) -> io::Result<()> {
        self.flush()?;
        self.file.sync_data()?;
        self.mem = None;
        Ok(())
    }

    fn entry(&self, i: usize) -> io::Result<E> {
        if let Some(mem) = &self.mem {
            return mem.get(i).copied().ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "index entry out of range")
            });
        }
        let mut b = [0u8; 12];
        let slot = b.get_mut(..E::SIZE).unwrap_or_default();
        self.file.read_exact_at(slot, (i * E::SIZE) as u64)?;
        Ok(E::decode(&b))
    }

    /// The last entry whose key is `<= key` (or `< key` when `strict`).
    pub fn floor(&self, key: i64, strict: bool) -> io::Result<Option<E>> {
        let (mut lo, mut hi) = (0usize, self.len);
        // Invariant: entries [0, lo) qualify, entries [hi, len) do not.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let k = self.entry(mid)?.key();
            let ok = if strict { k < key } else { k <= key };
            if ok { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 {
            Ok(None)
        } else {
            self.entry(lo - 1).map(Some)
        }
    }

    /// Delete the file (segment removal).
    pub fn delete(self) -> io::Result<()> {
        let path = self.path.clone();
        drop(self);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn rename(&mut self, to: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.path = to.to_path_buf();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_in_memory_and_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("0.index");
        let mut idx = Index::<OffsetEntry>::create(&p).unwrap();
        for i in 0..100u32 {
            idx.append(OffsetEntry {
                relative_offset: i * 10,
                position: i * 4096,
            });
        }
        assert_eq!(idx.floor(55, false).unwrap().unwrap().relative_offset, 50);
        assert_eq!(idx.floor(50, true).unwrap().unwrap().relative_offset, 40);
        assert!(idx.floor(-1, false).unwrap().is_none());
        idx.seal().unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 800);
        assert_eq!(idx.floor(995, false).unwrap().unwrap().position, 99 * 4096);
        let reopened = Index::<OffsetEntry>::open(&p, false).unwrap();
        assert_eq!(
            reopened.floor(15, false).unwrap().unwrap().relative_offset,
            10
        );
        let active = Index::<OffsetEntry>::open(&p, true).unwrap();
        assert_eq!(active.last().unwrap().relative_offset, 990);
    }

    #[test]
    fn a_torn_index_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("0.timeindex");
        std::fs::write(&p, [0u8; 13]).unwrap();
        assert_eq!(
            Index::<TimeEntry>::open(&p, false).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }
}
