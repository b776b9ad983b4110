//! Appends to the active segment that bypass the page cache (`O_DIRECT`).
//!
//! A buffered append costs a kernel copy into the page cache, and the group commit's
//! `fdatasync` then pays the writeback of every page. `tests/bench_ceiling.c` measured both on
//! our machines: receive + `write` + an fdatasync loop reached 0.45–0.85 GB per CPU-second,
//! receive + `O_DIRECT` writes 4.6–5.6. With `O_DIRECT` the device reads our buffer itself and
//! the fsync only flushes the device cache and the file size.
//!
//! `O_DIRECT` wants block-aligned memory, offsets and lengths. So the segment's last partial
//! block is kept here and written again, zero-padded, in front of the next append: the file
//! can end in up to one block of zeros past the log end. Readers never look past the end they
//! were given; recovery after a crash truncates the zeros as it truncates any torn tail; and
//! sealing or closing the segment cuts them off.
//!
//! Each append reaches the device before it is acknowledged, as a buffered append reaches the
//! page cache: a crash of the process loses nothing acknowledged (only a power cut can lose
//! what no fsync covered), and buffered readers (`sendfile`) see the new bytes because the
//! kernel drops the cached copies of the blocks a direct write replaces.

use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::Path;

/// Alignment of offsets, lengths and memory: the largest logical block size in use.
pub const BLOCK: usize = 4096;

/// A scratch buffer bigger than this is freed after use, not kept per thread.
const SCRATCH_KEEP: usize = 2 << 20;

thread_local! {
    /// The aligned staging buffer of the appending thread: reused, so appends allocate nothing.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Appends at least this large go direct. Smaller ones (a lightly loaded partition, a
/// latency-bound producer) are written through the page cache: a direct write waits for the
/// device, about 50–200 µs here, where a small buffered copy takes microseconds, and a tailing
/// consumer then finds the bytes in the page cache instead of reading them back from disk.
pub const DIRECT_MIN: usize = 64 << 10;

/// The write side of an active segment.
#[derive(Debug)]
pub struct DirectWriter {
    direct: File,
    /// The segment's bytes from its last block boundary to its end (shorter than a block).
    tail: Vec<u8>,
    /// The previous `tail`'s allocation, reused.
    spare: Vec<u8>,
}

impl DirectWriter {
    /// Open `path` for direct writes of a segment whose data ends at `size`, reading the
    /// partial last block through `read`. `Ok(None)` when the file system refuses `O_DIRECT`
    /// (tmpfs, some FUSE and network file systems): the caller keeps writing buffered.
    pub fn open(path: &Path, read: &File, size: u64) -> io::Result<Option<DirectWriter>> {
        let direct = match OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_DIRECT)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if refused(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        let keep = (size % BLOCK as u64) as usize;
        let mut tail = vec![0u8; keep];
        read.read_exact_at(&mut tail, size - keep as u64)?;
        Ok(Some(DirectWriter {
            direct,
            tail,
            spare: Vec::new(),
        }))
    }

    /// Write `parts` at `size`, the segment's current end: direct, or through `plain` (the
    /// segment's buffered descriptor) when small. On an error nothing changed here; the caller
    /// cuts the file back to `size`.
    pub fn append(&mut self, plain: &File, size: u64, parts: &[&[u8]]) -> io::Result<()> {
        let n = parts.iter().map(|p| p.len()).sum::<usize>();
        if n < DIRECT_MIN {
            pwrite_all(plain, parts, size)?;
        } else {
            let block_start = size.saturating_sub(self.tail.len() as u64);
            let len = self.tail.len() + n;
            let padded = len.div_ceil(BLOCK) * BLOCK;
            SCRATCH.with(|cell| {
                let mut scratch = cell.borrow_mut();
                let result = self.write_staged(&mut scratch, block_start, parts, padded);
                if scratch.capacity() > SCRATCH_KEEP {
                    *scratch = Vec::new();
                }
                result
            })?;
        }
        self.keep_tail(parts, n, ((size + n as u64) % BLOCK as u64) as usize);
        Ok(())
    }

    /// The new partial last block: the last `keep` bytes of the old tail followed by `parts`
    /// (`n` bytes in all).
    fn keep_tail(&mut self, parts: &[&[u8]], n: usize, keep: usize) {
        let mut skip = (self.tail.len() + n).saturating_sub(keep);
        let mut next = std::mem::take(&mut self.spare);
        next.clear();
        for part in std::iter::once(&self.tail[..]).chain(parts.iter().copied()) {
            if skip >= part.len() {
                skip -= part.len();
                continue;
            }
            next.extend_from_slice(part.get(skip..).unwrap_or_default());
            skip = 0;
        }
        self.spare = std::mem::replace(&mut self.tail, next);
    }

    fn write_staged(
        &self,
        scratch: &mut Vec<u8>,
        block_start: u64,
        parts: &[&[u8]],
        padded: usize,
    ) -> io::Result<()> {
        let buf = aligned(scratch, padded)?;
        let mut at = 0;
        for part in std::iter::once(&self.tail[..]).chain(parts.iter().copied()) {
            let dst = buf
                .get_mut(at..at + part.len())
                .ok_or_else(|| io::Error::other("direct write staging overflow"))?;
            dst.copy_from_slice(part);
            at += part.len();
        }
        if let Some(pad) = buf.get_mut(at..) {
            pad.fill(0);
        }
        self.direct.write_all_at(buf, block_start)
    }
}

/// `pwritev` all of `parts` at `offset`, resuming after short writes.
pub fn pwrite_all(file: &File, parts: &[&[u8]], mut offset: u64) -> io::Result<()> {
    let mut slices: Vec<io::IoSlice<'_>> = parts.iter().map(|p| io::IoSlice::new(p)).collect();
    let mut bufs = &mut slices[..];
    io::IoSlice::advance_slices(&mut bufs, 0);
    while !bufs.is_empty() {
        let at = i64::try_from(offset).map_err(|_| io::Error::other("offset out of range"))?;
        match nix::sys::uio::pwritev(file, bufs, at) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
            Ok(n) => {
                io::IoSlice::advance_slices(&mut bufs, n);
                offset += n as u64;
            }
            Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Whether an error means "this file system does not do O_DIRECT" rather than a failure.
pub fn refused(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EINVAL)
}

/// `len` bytes of `buf` starting at a `BLOCK`-aligned address.
fn aligned(buf: &mut Vec<u8>, len: usize) -> io::Result<&mut [u8]> {
    let need = len + BLOCK;
    if buf.len() < need {
        buf.resize(need, 0);
    }
    let addr = buf.as_ptr() as usize;
    let skip = (BLOCK - addr % BLOCK) % BLOCK;
    buf.get_mut(skip..skip + len)
        .ok_or_else(|| io::Error::other("direct write staging overflow"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_rewrite_the_partial_block_and_pad_with_zeros() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seg.log");
        let read = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        let Some(mut w) = DirectWriter::open(&path, &read, 0).unwrap() else {
            eprintln!("no O_DIRECT on this file system; nothing to test");
            return;
        };
        // A small append goes through the page cache: the file ends at the data.
        let a = vec![1u8; 5000];
        w.append(&read, 0, &[&a[..61], &a[61..]]).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 5000);
        // A large one goes direct, rewriting the partial block in front of it; the file then
        // runs on in zeros to the block boundary.
        let b = vec![2u8; DIRECT_MIN + 100];
        w.append(&read, 5000, &[&b[..40], &b[40..]]).unwrap();
        let end = 5000 + b.len();
        let data = std::fs::read(&path).unwrap();
        assert_eq!(data.len(), end.div_ceil(BLOCK) * BLOCK);
        assert!(data[..5000].iter().all(|&x| x == 1));
        assert!(data[5000..end].iter().all(|&x| x == 2));
        assert!(data[end..].iter().all(|&x| x == 0));
        // A small append after it lands at the log end, inside the padding.
        w.append(&read, end as u64, &[&[4u8; 7]]).unwrap();
        let data = std::fs::read(&path).unwrap();
        assert_eq!(&data[end..end + 7], &[4u8; 7]);
        assert!(data[end + 7..].iter().all(|&x| x == 0));
        let end = end + 7;

        // Reopened at the log end, a writer picks the partial block up from the file.
        let mut again = DirectWriter::open(&path, &read, end as u64)
            .unwrap()
            .unwrap();
        again
            .append(&read, end as u64, &[&vec![3u8; DIRECT_MIN]])
            .unwrap();
        let data = std::fs::read(&path).unwrap();
        assert!(data[5000..end - 7].iter().all(|&x| x == 2));
        assert_eq!(&data[end - 7..end], &[4u8; 7]);
        assert!(data[end..end + DIRECT_MIN].iter().all(|&x| x == 3));
        assert!(data[end + DIRECT_MIN..].iter().all(|&x| x == 0));
    }

    #[test]
    fn staging_memory_is_aligned_and_large_buffers_are_not_kept() {
        let mut v = Vec::new();
        let s = aligned(&mut v, 3 * BLOCK).unwrap();
        assert_eq!(s.as_ptr() as usize % BLOCK, 0);
        assert_eq!(s.len(), 3 * BLOCK);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.log");
        let read = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        let Some(mut w) = DirectWriter::open(&path, &read, 0).unwrap() else {
            return;
        };
        w.append(&read, 0, &[&vec![7u8; 3 << 20]]).unwrap();
        SCRATCH.with(|c| assert_eq!(c.borrow().capacity(), 0));
        w.append(&read, 3 << 20, &[&vec![8u8; DIRECT_MIN]]).unwrap();
        SCRATCH.with(|c| assert!(c.borrow().capacity() >= DIRECT_MIN));
    }
}
