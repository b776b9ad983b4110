//! Parsing v2 record batches out of Fetch responses.
//!
//! Written here rather than using `RecordBatchDecoder` because that decoder keeps headers in a
//! map (duplicate keys collapse, Kafka allows them) and allocates per record. Keys, values and
//! headers come out as zero-copy slices of the fetched (or decompressed) bytes.
//!
//! A fetch may end in a partial batch (the broker cuts at `max_bytes`): iteration stops there
//! without an error and the next fetch resumes from the last complete batch.

use bytes::Bytes;
use kafka_protocol::compression::{Decompressor, Gzip, Lz4, Snappy, Zstd};
use kafka_protocol::records::{Compression, TimestampType};

use crate::batch_encoder::{BATCH_HEADER_LEN, Header};
use crate::error::{Error, Result};
use crate::varint::Reader;

/// One consumed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub offset: i64,
    pub timestamp: i64,
    pub timestamp_type: TimestampType,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<Header>,
    /// The partition leader epoch of the batch, -1 when unknown.
    pub leader_epoch: i32,
}

/// The fixed header of a v2 batch plus its undecoded records section.
#[derive(Debug, Clone)]
pub struct RawBatch {
    pub base_offset: i64,
    pub partition_leader_epoch: i32,
    pub attributes: i16,
    pub last_offset_delta: i32,
    pub base_timestamp: i64,
    pub max_timestamp: i64,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub record_count: i32,
    records: Bytes,
}

/// Control record types (key of a control batch's record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlType {
    Abort,
    Commit,
    Other(i16),
}

impl RawBatch {
    /// Offset of the last record the batch ever held (compaction may have removed records).
    pub fn last_offset(&self) -> i64 {
        self.base_offset
            .saturating_add(i64::from(self.last_offset_delta))
    }

    pub fn compression(&self) -> Result<Compression> {
        Ok(match self.attributes & 0x7 {
            0 => Compression::None,
            1 => Compression::Gzip,
            2 => Compression::Snappy,
            3 => Compression::Lz4,
            4 => Compression::Zstd,
            c => return Err(self.corrupt(format!("unknown compression type {c}"))),
        })
    }

    pub fn timestamp_type(&self) -> TimestampType {
        if self.attributes & 0x8 != 0 {
            TimestampType::LogAppend
        } else {
            TimestampType::Creation
        }
    }

    pub fn is_transactional(&self) -> bool {
        self.attributes & 0x10 != 0
    }

    pub fn is_control(&self) -> bool {
        self.attributes & 0x20 != 0
    }

    fn corrupt(&self, reason: String) -> Error {
        Error::CorruptBatch {
            offset: self.base_offset,
            reason,
        }
    }

    /// The records section, decompressed.
    fn plain_records(&self) -> Result<Bytes> {
        let mut src = self.records.clone();
        let copy = |b: &mut Bytes| -> anyhow::Result<Bytes> { Ok(std::mem::take(b)) };
        let out = match self.compression()? {
            Compression::None => return Ok(src),
            Compression::Gzip => Gzip::decompress(&mut src, copy),
            Compression::Snappy => Snappy::decompress(&mut src, copy),
            Compression::Lz4 => Lz4::decompress(&mut src, copy),
            Compression::Zstd => Zstd::decompress(&mut src, copy),
        };
        out.map_err(|e| self.corrupt(format!("cannot decompress: {e}")))
    }

    /// Decode every record of the batch.
    pub fn records(&self) -> Result<Vec<Record>> {
        let data = self.plain_records()?;
        let mut rd = Reader::new(&data);
        // Each record takes at least 7 bytes, so cap the pre-allocation by what is there.
        let cap = usize::try_from(self.record_count)
            .unwrap_or(0)
            .min(data.len() / 7 + 1);
        let mut out = Vec::with_capacity(cap);
        let ts_type = self.timestamp_type();
        for _ in 0..self.record_count.max(0) {
            let rec = self.record(&data, &mut rd, ts_type).ok_or_else(|| {
                self.corrupt(format!("truncated record at byte {}", rd.position()))
            })?;
            out.push(rec);
        }
        Ok(out)
    }

    fn record(&self, data: &Bytes, rd: &mut Reader<'_>, ts_type: TimestampType) -> Option<Record> {
        let len = usize::try_from(rd.varint()?).ok()?;
        let end = rd.position().checked_add(len)?;
        if end > data.len() {
            return None;
        }
        let _attributes = rd.u8()?;
        let ts_delta = rd.varlong()?;
        let offset_delta = rd.varint()?;
        let key = opt_bytes(data, rd)?;
        let value = opt_bytes(data, rd)?;
        let n_headers = usize::try_from(rd.varint()?).ok()?;
        let mut headers = Vec::with_capacity(n_headers.min(rd.remaining() / 2 + 1));
        for _ in 0..n_headers {
            let key = opt_bytes(data, rd)?.unwrap_or_default();
            let value = opt_bytes(data, rd)?;
            headers.push(Header { key, value });
        }
        if rd.position() != end {
            return None;
        }
        let timestamp = match ts_type {
            TimestampType::LogAppend => self.max_timestamp,
            TimestampType::Creation => self.base_timestamp.wrapping_add(ts_delta),
        };
        Some(Record {
            offset: self.base_offset.wrapping_add(i64::from(offset_delta)),
            timestamp,
            timestamp_type: ts_type,
            key,
            value,
            headers,
            leader_epoch: self.partition_leader_epoch,
        })
    }

    /// The marker type of a control batch (its single record's key).
    pub fn control_type(&self) -> Result<ControlType> {
        let records = self.records()?;
        let key = records
            .first()
            .and_then(|r| r.key.clone())
            .unwrap_or_default();
        match key.get(..4) {
            Some(&[_, _, hi, lo]) => Ok(match i16::from_be_bytes([hi, lo]) {
                0 => ControlType::Abort,
                1 => ControlType::Commit,
                t => ControlType::Other(t),
            }),
            _ => Err(self.corrupt("control record without a type".to_string())),
        }
    }
}

fn opt_bytes(data: &Bytes, rd: &mut Reader<'_>) -> Option<Option<Bytes>> {
    let len = rd.varint()?;
    if len < 0 {
        return Some(None);
    }
    let r = rd.take(usize::try_from(len).ok()?)?;
    Some(Some(data.slice(r)))
}

/// Walks the batches of a fetched records blob.
pub struct BatchIter {
    data: Bytes,
    verify_crc: bool,
}

impl BatchIter {
    pub fn new(data: Bytes) -> Self {
        BatchIter {
            data,
            verify_crc: true,
        }
    }

    fn be_i64(b: &[u8], at: usize) -> Option<i64> {
        Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
    }

    fn be_i32(b: &[u8], at: usize) -> Option<i32> {
        Some(i32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    }

    fn be_i16(b: &[u8], at: usize) -> Option<i16> {
        Some(i16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
    }
}

impl Iterator for BatchIter {
    type Item = Result<RawBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        let d = &self.data;
        let base_offset = Self::be_i64(d, 0)?;
        let batch_len = Self::be_i32(d, 8)?;
        let corrupt = |reason: String| {
            Some(Err(Error::CorruptBatch {
                offset: base_offset,
                reason,
            }))
        };
        let Ok(total) = usize::try_from(batch_len).map(|l| l + 12) else {
            return corrupt(format!("negative batch length {batch_len}"));
        };
        if total > d.len() {
            return None; // partial trailing batch
        }
        let magic = d.get(16).copied()?;
        if magic != 2 {
            return corrupt(format!("unsupported record format (magic {magic})"));
        }
        if total < BATCH_HEADER_LEN {
            return corrupt(format!(
                "batch length {batch_len} is shorter than a batch header"
            ));
        }
        let batch = d.slice(0..total);
        let rest = d.slice(total..);
        self.data = rest;
        let b = &batch[..];
        if self.verify_crc {
            let stored = Self::be_i32(b, 17)? as u32;
            let computed = crc32c::crc32c(b.get(21..)?);
            if stored != computed {
                return corrupt(format!(
                    "crc mismatch (stored {stored:#x}, computed {computed:#x})"
                ));
            }
        }
        Some(Ok(RawBatch {
            base_offset,
            partition_leader_epoch: Self::be_i32(b, 12)?,
            attributes: Self::be_i16(b, 21)?,
            last_offset_delta: Self::be_i32(b, 23)?,
            base_timestamp: Self::be_i64(b, 27)?,
            max_timestamp: Self::be_i64(b, 35)?,
            producer_id: Self::be_i64(b, 43)?,
            producer_epoch: Self::be_i16(b, 51)?,
            base_sequence: Self::be_i32(b, 53)?,
            record_count: Self::be_i32(b, 57)?,
            records: batch.slice(BATCH_HEADER_LEN..),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch_encoder::{BatchBuilder, ProducerStamp};

    fn sample(compression: Compression) -> Bytes {
        let mut b = BatchBuilder::new(1024);
        let hs = vec![
            Header {
                key: Bytes::from_static(b"h"),
                value: Some(Bytes::from_static(b"1")),
            },
            Header {
                key: Bytes::from_static(b"h"),
                value: Some(Bytes::from_static(b"2")),
            },
            Header {
                key: Bytes::from_static(b"n"),
                value: None,
            },
        ];
        b.push(1_000, Some(b"k1"), Some(b"v1"), &hs);
        b.push(1_005, None, Some(b"v2"), &[]);
        b.push(999, Some(b""), None, &[]);
        b.finish(compression, ProducerStamp::NONE).expect("encode")
    }

    #[test]
    fn round_trip_every_codec() {
        for c in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let data = sample(c);
            let batches: Vec<_> = BatchIter::new(data)
                .collect::<Result<_>>()
                .expect("batches");
            assert_eq!(batches.len(), 1);
            let batch = &batches[0];
            assert_eq!(batch.compression().expect("codec"), c);
            assert_eq!(batch.last_offset(), 2);
            let recs = batch.records().expect("records");
            assert_eq!(recs.len(), 3);
            assert_eq!(recs[0].key.as_deref(), Some(&b"k1"[..]));
            assert_eq!(recs[0].headers.len(), 3, "duplicate header keys are kept");
            assert_eq!(recs[0].headers[1].value.as_deref(), Some(&b"2"[..]));
            assert_eq!(recs[0].headers[2].value, None);
            assert_eq!(recs[1].key, None);
            assert_eq!(recs[1].timestamp, 1_005);
            assert_eq!(recs[2].key.as_deref(), Some(&b""[..]));
            assert_eq!(recs[2].value, None);
            assert_eq!(recs[2].offset, 2);
            assert_eq!(recs[2].timestamp, 999);
        }
    }

    #[test]
    fn kafka_protocol_decoder_reads_our_batches() {
        for c in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let mut data = sample(c);
            let set =
                kafka_protocol::records::RecordBatchDecoder::decode(&mut data).expect("decode");
            assert_eq!(set.records.len(), 3);
            assert_eq!(set.records[0].value.as_deref(), Some(&b"v1"[..]));
            assert_eq!(set.records[1].timestamp, 1_005);
            assert_eq!(set.records[2].offset, 2);
        }
    }

    #[test]
    fn we_read_kafka_protocol_batches() {
        use kafka_protocol::records::{RecordBatchEncoder, RecordEncodeOptions};
        let recs: Vec<kafka_protocol::records::Record> = (0..3)
            .map(|i| kafka_protocol::records::Record {
                transactional: false,
                control: false,
                partition_leader_epoch: 0,
                producer_id: -1,
                producer_epoch: -1,
                timestamp_type: TimestampType::Creation,
                offset: 10 + i,
                sequence: -1,
                timestamp: 42 + i,
                key: None,
                value: Some(Bytes::from(format!("v{i}"))),
                headers: Default::default(),
                delete_horizon: false,
            })
            .collect();
        let mut buf = bytes::BytesMut::new();
        let opts = RecordEncodeOptions {
            version: 2,
            compression: Compression::Gzip,
        };
        RecordBatchEncoder::encode(&mut buf, &recs, &opts).expect("encode");
        // That encoder may split records into several batches; read them all.
        let mut got = Vec::new();
        for batch in BatchIter::new(buf.freeze()) {
            got.extend(batch.expect("valid").records().expect("records"));
        }
        assert_eq!(
            got.iter().map(|r| r.offset).collect::<Vec<_>>(),
            [10, 11, 12]
        );
        assert_eq!(got[2].value.as_deref(), Some(&b"v2"[..]));
        assert_eq!(got[1].timestamp, 43);
    }

    #[test]
    fn partial_trailing_batch_is_ignored_and_crc_is_checked() {
        let one = sample(Compression::None);
        let mut two = one.to_vec();
        two.extend_from_slice(&one[..one.len() - 3]);
        assert_eq!(BatchIter::new(Bytes::from(two)).count(), 1);

        let mut bad = one.to_vec();
        let last = bad.len() - 1;
        bad[last] ^= 0xff;
        assert!(matches!(
            BatchIter::new(Bytes::from(bad)).next(),
            Some(Err(Error::CorruptBatch { .. }))
        ));
    }
}
