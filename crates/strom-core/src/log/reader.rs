//! Walking the batches of a segment file with few, large positioned reads.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use super::batch::{self, BatchError, BatchHeader, HEADER_LEN, LOG_OVERHEAD, MIN_BATCH_LENGTH};

/// What the walker found at a position.
pub enum Step<'a> {
    /// A batch: its header, and its bytes when a full read was asked for.
    Batch(BatchHeader, &'a [u8]),
    /// The clean end of the data.
    End,
    /// A torn or corrupt batch starts here.
    Invalid(BatchError),
}

/// A read-ahead window over `[start, end)` of a segment file.
pub struct BatchReader<'f> {
    file: &'f File,
    end: u64,
    buf: Vec<u8>,
    /// File position of `buf[0]`.
    buf_pos: u64,
    chunk: usize,
}

impl<'f> BatchReader<'f> {
    pub fn new(file: &'f File, end: u64, chunk: usize) -> Self {
        BatchReader {
            file,
            end,
            buf: Vec::new(),
            buf_pos: 0,
            chunk,
        }
    }

    /// Make `[pos, pos + need)` available in the window (bounded by `end`).
    fn fill(&mut self, pos: u64, need: usize) -> io::Result<bool> {
        let want_end = pos.saturating_add(need as u64);
        if pos >= self.buf_pos && want_end <= self.buf_pos + self.buf.len() as u64 {
            return Ok(true);
        }
        if want_end > self.end {
            return Ok(false);
        }
        let len = (need.max(self.chunk) as u64).min(self.end - pos) as usize;
        self.buf.resize(len, 0);
        self.file.read_exact_at(&mut self.buf, pos)?;
        self.buf_pos = pos;
        Ok(true)
    }

    fn slice(&self, pos: u64, len: usize) -> &[u8] {
        let at = (pos - self.buf_pos) as usize;
        self.buf.get(at..at + len).unwrap_or_default()
    }

    /// The batch at `pos`. With `full`, the whole batch is read and its CRC checked.
    pub fn at(&mut self, pos: u64, full: bool) -> io::Result<Step<'_>> {
        if pos >= self.end {
            return Ok(Step::End);
        }
        if !self.fill(pos, HEADER_LEN)? {
            let have = (self.end - pos) as usize;
            return Ok(Step::Invalid(BatchError::Truncated {
                have,
                need: HEADER_LEN,
            }));
        }
        let header = match BatchHeader::parse(self.slice(pos, HEADER_LEN)) {
            Ok(h) => h,
            Err(e) => return Ok(Step::Invalid(e)),
        };
        if header.batch_length < MIN_BATCH_LENGTH {
            return Ok(Step::Invalid(BatchError::BadLength(header.batch_length)));
        }
        if header.magic != 2 {
            return Ok(Step::Invalid(BatchError::BadMagic(header.magic)));
        }
        let total = header.total_size();
        if !full {
            if pos + total as u64 > self.end {
                let have = (self.end - pos) as usize;
                return Ok(Step::Invalid(BatchError::Truncated { have, need: total }));
            }
            return Ok(Step::Batch(header, &[]));
        }
        if !self.fill(pos, total)? {
            let have = (self.end - pos) as usize;
            return Ok(Step::Invalid(BatchError::Truncated { have, need: total }));
        }
        let bytes = self.slice(pos, total);
        match batch::validate(bytes) {
            Ok(h) => Ok(Step::Batch(h, bytes)),
            Err(e) => Ok(Step::Invalid(e)),
        }
    }
}

/// Bytes of the batch-length prefix, for callers computing positions.
pub const PREFIX: u64 = LOG_OVERHEAD as u64;
