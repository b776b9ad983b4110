//! Building v2 record batches.
//!
//! We encode records straight into a buffer as they arrive instead of going through
//! `kafka_protocol::records::RecordBatchEncoder`: that encoder takes headers as an `IndexMap`
//! (duplicate keys, which Kafka allows, would collapse) and wants a materialised `Vec<Record>`
//! per batch, which costs an allocation per record on a path that has to handle millions of
//! lines a second. Compression still goes through the crate's `Compressor` implementations.

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::compression::{Compressor, Gzip, Lz4, Snappy, Zstd};
use kafka_protocol::records::Compression;

use crate::error::{Error, Result};
use crate::varint::{put_varint, put_varlong, varint_len, varlong_len};

/// Size of the fixed v2 batch header (baseOffset through recordCount).
pub const BATCH_HEADER_LEN: usize = 61;
/// Offset of the attributes field: the CRC covers everything from here to the end.
const ATTRIBUTES_AT: usize = 21;
const CRC_AT: usize = 17;

/// One record header. Keys are strings in Kafka, but we keep the raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub key: Bytes,
    pub value: Option<Bytes>,
}

/// Producer identity stamped into a batch when idempotence is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerStamp {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
}

impl ProducerStamp {
    /// The values of a batch from a producer without idempotence.
    pub const NONE: ProducerStamp = ProducerStamp {
        producer_id: -1,
        producer_epoch: -1,
        base_sequence: -1,
    };
}

/// Accumulates records of one partition and seals them into a v2 batch.
#[derive(Debug)]
pub struct BatchBuilder {
    records: BytesMut,
    count: i32,
    base_timestamp: i64,
    max_timestamp: i64,
}

impl BatchBuilder {
    pub fn new(capacity: usize) -> Self {
        BatchBuilder {
            records: BytesMut::with_capacity(capacity),
            count: 0,
            base_timestamp: 0,
            max_timestamp: -1,
        }
    }

    /// Records appended so far.
    pub fn len(&self) -> i32 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Uncompressed size the batch would have now.
    pub fn size(&self) -> usize {
        BATCH_HEADER_LEN + self.records.len()
    }

    /// Encoded size of one record with these fields (including its length prefix), used to
    /// decide whether it still fits before appending.
    pub fn record_size(
        &self,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) -> usize {
        let body = self.body_len(timestamp, key, value, headers);
        varint_len(body as i32) + body
    }

    fn body_len(
        &self,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) -> usize {
        let ts_delta = if self.count == 0 {
            0
        } else {
            timestamp.wrapping_sub(self.base_timestamp)
        };
        let mut n =
            1 + varlong_len(ts_delta) + varint_len(self.count) + bytes_len(key) + bytes_len(value);
        n += varint_len(headers.len() as i32);
        for h in headers {
            n += bytes_len(Some(&h.key)) + bytes_len(h.value.as_deref());
        }
        n
    }

    /// Append one record. The first record's timestamp becomes the batch's base timestamp.
    pub fn push(
        &mut self,
        timestamp: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) {
        let body = self.body_len(timestamp, key, value, headers);
        if self.count == 0 {
            self.base_timestamp = timestamp;
        }
        let buf = &mut self.records;
        buf.reserve(body + 5);
        put_varint(buf, body as i32);
        buf.put_u8(0); // record attributes: unused in v2
        put_varlong(buf, timestamp.wrapping_sub(self.base_timestamp));
        put_varint(buf, self.count);
        put_bytes(buf, key);
        put_bytes(buf, value);
        put_varint(buf, headers.len() as i32);
        for h in headers {
            put_bytes(buf, Some(&h.key));
            put_bytes(buf, h.value.as_deref());
        }
        self.max_timestamp = self.max_timestamp.max(timestamp);
        self.count += 1;
    }

    /// Seal into a complete batch (base offset 0; the broker assigns offsets).
    pub fn finish(&self, compression: Compression, stamp: ProducerStamp) -> Result<Bytes> {
        let mut out = BytesMut::with_capacity(BATCH_HEADER_LEN + self.records.len() / 2 + 64);
        out.put_i64(0); // baseOffset
        out.put_i32(0); // batchLength, patched below
        out.put_i32(-1); // partitionLeaderEpoch
        out.put_i8(2); // magic
        out.put_u32(0); // crc, patched below
        out.put_i16(compression as i16);
        out.put_i32(self.count.saturating_sub(1)); // lastOffsetDelta
        out.put_i64(self.base_timestamp);
        out.put_i64(self.max_timestamp);
        out.put_i64(stamp.producer_id);
        out.put_i16(stamp.producer_epoch);
        out.put_i32(stamp.base_sequence);
        out.put_i32(self.count);
        compress_into(&mut out, &self.records, compression)?;
        let batch_len = out.len() - 12;
        let batch_len = i32::try_from(batch_len).map_err(|_| {
            Error::Config(format!("record batch of {batch_len} bytes is too large"))
        })?;
        patch(&mut out, 8, &batch_len.to_be_bytes());
        let crc = crc32c::crc32c(out.get(ATTRIBUTES_AT..).unwrap_or_default());
        patch(&mut out, CRC_AT, &crc.to_be_bytes());
        Ok(out.freeze())
    }
}

fn compress_into(out: &mut BytesMut, records: &[u8], compression: Compression) -> Result<()> {
    // kafka-protocol's compressors hand their closure a scratch buffer and expect anyhow errors.
    let fill = |tmp: &mut BytesMut| -> anyhow::Result<()> {
        tmp.put_slice(records);
        Ok(())
    };
    let res = match compression {
        Compression::None => {
            out.put_slice(records);
            Ok(())
        }
        Compression::Gzip => Gzip::compress(out, fill),
        Compression::Snappy => Snappy::compress(out, fill),
        Compression::Lz4 => Lz4::compress(out, fill),
        Compression::Zstd => Zstd::compress(out, fill),
    };
    res.map_err(|e| Error::Encode {
        api: format!("{compression:?} compression"),
        message: e.to_string(),
    })
}

/// Overwrite bytes of the header written above (always in range: the header is 61 bytes).
fn patch(out: &mut BytesMut, at: usize, bytes: &[u8]) {
    if let Some(dst) = out.get_mut(at..at + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
}

fn bytes_len(b: Option<&[u8]>) -> usize {
    match b {
        None => 1,
        Some(b) => varint_len(b.len() as i32) + b.len(),
    }
}

fn put_bytes(buf: &mut BytesMut, b: Option<&[u8]>) {
    match b {
        None => put_varint(buf, -1),
        Some(b) => {
            put_varint(buf, b.len() as i32);
            buf.put_slice(b);
        }
    }
}
