//! The v2 record batch header: parse, validate and rewrite in place.
//!
//! ```text
//! offset  size  field
//!      0     8  baseOffset            (not covered by the CRC: rewritten on append)
//!      8     4  batchLength           (bytes after this field)
//!     12     4  partitionLeaderEpoch  (not covered by the CRC: rewritten on append)
//!     16     1  magic (2)
//!     17     4  crc (CRC-32C of bytes 21..end)
//!     21     2  attributes (bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control)
//!     23     4  lastOffsetDelta
//!     27     8  baseTimestamp
//!     35     8  maxTimestamp
//!     43     8  producerId
//!     51     2  producerEpoch
//!     53     4  baseSequence
//!     57     4  recordCount
//!     61        records
//! ```
//! The same bytes travel on the wire and sit in segment files.

/// Size of the fixed header.
pub const HEADER_LEN: usize = 61;
/// baseOffset + batchLength: the part of a batch before what batchLength counts.
pub const LOG_OVERHEAD: usize = 12;
/// Smallest legal batchLength.
pub const MIN_BATCH_LENGTH: i32 = (HEADER_LEN - LOG_OVERHEAD) as i32;
const CRC_START: usize = 21;

/// Why a batch was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("batch truncated: {have} of {need} bytes")]
    Truncated { have: usize, need: usize },
    #[error("invalid batch length {0}")]
    BadLength(i32),
    #[error("unsupported record batch magic {0}")]
    BadMagic(i8),
    #[error("record batch crc mismatch: stored {stored:#010x}, computed {computed:#010x}")]
    BadCrc { stored: u32, computed: u32 },
    #[error("inconsistent batch: record count {count}, last offset delta {delta}")]
    BadCount { count: i32, delta: i32 },
}

/// The decoded fixed header of one batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchHeader {
    pub base_offset: i64,
    pub batch_length: i32,
    pub partition_leader_epoch: i32,
    pub magic: i8,
    pub crc: u32,
    pub attributes: i16,
    pub last_offset_delta: i32,
    pub base_timestamp: i64,
    pub max_timestamp: i64,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub record_count: i32,
}

fn be_i64(b: &[u8], at: usize) -> i64 {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        a.copy_from_slice(s);
    }
    i64::from_be_bytes(a)
}
fn be_i32(b: &[u8], at: usize) -> i32 {
    let mut a = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        a.copy_from_slice(s);
    }
    i32::from_be_bytes(a)
}
fn be_i16(b: &[u8], at: usize) -> i16 {
    let mut a = [0u8; 2];
    if let Some(s) = b.get(at..at + 2) {
        a.copy_from_slice(s);
    }
    i16::from_be_bytes(a)
}

impl BatchHeader {
    /// Parse the first [`HEADER_LEN`] bytes; no validation beyond having the bytes.
    pub fn parse(b: &[u8]) -> Result<BatchHeader, BatchError> {
        if b.len() < HEADER_LEN {
            return Err(BatchError::Truncated {
                have: b.len(),
                need: HEADER_LEN,
            });
        }
        Ok(BatchHeader {
            base_offset: be_i64(b, 0),
            batch_length: be_i32(b, 8),
            partition_leader_epoch: be_i32(b, 12),
            magic: b.get(16).map_or(0, |m| *m as i8),
            crc: be_i32(b, 17) as u32,
            attributes: be_i16(b, 21),
            last_offset_delta: be_i32(b, 23),
            base_timestamp: be_i64(b, 27),
            max_timestamp: be_i64(b, 35),
            producer_id: be_i64(b, 43),
            producer_epoch: be_i16(b, 51),
            base_sequence: be_i32(b, 53),
            record_count: be_i32(b, 57),
        })
    }

    /// Bytes the whole batch occupies, including baseOffset and batchLength.
    pub fn total_size(&self) -> usize {
        LOG_OVERHEAD + self.batch_length.max(0) as usize
    }

    pub fn last_offset(&self) -> i64 {
        self.base_offset + i64::from(self.last_offset_delta)
    }

    /// Compression codec id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd).
    pub fn compression(&self) -> i16 {
        self.attributes & 0x7
    }

    pub fn is_log_append_time(&self) -> bool {
        self.attributes & 0x8 != 0
    }

    pub fn is_transactional(&self) -> bool {
        self.attributes & 0x10 != 0
    }

    pub fn is_control(&self) -> bool {
        self.attributes & 0x20 != 0
    }

    pub fn has_producer_id(&self) -> bool {
        self.producer_id >= 0
    }

    /// Last sequence number of the batch, wrapping as Kafka does at i32::MAX.
    pub fn last_sequence(&self) -> i32 {
        if self.base_sequence < 0 {
            return -1;
        }
        let last = i64::from(self.base_sequence) + i64::from(self.last_offset_delta);
        if last > i64::from(i32::MAX) {
            (last - i64::from(i32::MAX) - 1) as i32
        } else {
            last as i32
        }
    }
}

/// Validate one complete batch in `b` (exactly one batch, or a prefix holding it): length,
/// magic, CRC and count consistency. Returns the header.
pub fn validate(b: &[u8]) -> Result<BatchHeader, BatchError> {
    let h = BatchHeader::parse(b)?;
    if h.batch_length < MIN_BATCH_LENGTH {
        return Err(BatchError::BadLength(h.batch_length));
    }
    let total = h.total_size();
    if b.len() < total {
        return Err(BatchError::Truncated {
            have: b.len(),
            need: total,
        });
    }
    if h.magic != 2 {
        return Err(BatchError::BadMagic(h.magic));
    }
    let computed = compute_crc(b.get(..total).unwrap_or_default());
    if computed != h.crc {
        return Err(BatchError::BadCrc {
            stored: h.crc,
            computed,
        });
    }
    if h.record_count < 0 || h.last_offset_delta < 0 {
        return Err(BatchError::BadCount {
            count: h.record_count,
            delta: h.last_offset_delta,
        });
    }
    Ok(h)
}

/// CRC-32C over attributes..end of one batch.
pub fn compute_crc(batch: &[u8]) -> u32 {
    crc32c::crc32c(batch.get(CRC_START..).unwrap_or_default())
}

/// Rewrite baseOffset (not covered by the CRC).
pub fn set_base_offset(batch: &mut [u8], offset: i64) {
    if let Some(s) = batch.get_mut(0..8) {
        s.copy_from_slice(&offset.to_be_bytes());
    }
}

/// Rewrite partitionLeaderEpoch (not covered by the CRC).
pub fn set_partition_leader_epoch(batch: &mut [u8], epoch: i32) {
    if let Some(s) = batch.get_mut(12..16) {
        s.copy_from_slice(&epoch.to_be_bytes());
    }
}

/// Stamp LogAppendTime: set the timestamp-type bit and maxTimestamp, then fix the CRC.
pub fn set_log_append_time(batch: &mut [u8], now_ms: i64) {
    let split = batch.len().min(HEADER_LEN);
    let (head, rest) = batch.split_at_mut(split);
    stamp_log_append_time(head, rest, now_ms);
}

/// [`set_log_append_time`] for a batch held as a (copied) header and the untouched rest: the
/// CRC runs over the patched header and continues over `rest`, so the records need not be
/// copied to be stamped.
pub fn stamp_log_append_time(head: &mut [u8], rest: &[u8], now_ms: i64) {
    let attrs = be_i16(head, 21) | 0x8;
    if let Some(s) = head.get_mut(21..23) {
        s.copy_from_slice(&attrs.to_be_bytes());
    }
    if let Some(s) = head.get_mut(35..43) {
        s.copy_from_slice(&now_ms.to_be_bytes());
    }
    let crc = crc32c::crc32c_append(
        crc32c::crc32c(head.get(CRC_START..).unwrap_or_default()),
        rest,
    );
    if let Some(s) = head.get_mut(17..21) {
        s.copy_from_slice(&crc.to_be_bytes());
    }
}

/// Encode records the broker writes itself (`__consumer_offsets`, the metadata log) as one
/// uncompressed v2 batch, offsets from 0 (the log assigns the real ones on append).
pub fn encode_records(
    records: impl IntoIterator<Item = (Option<bytes::Bytes>, Option<bytes::Bytes>)>,
    partition_leader_epoch: i32,
    timestamp: i64,
) -> anyhow::Result<bytes::BytesMut> {
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };
    let records: Vec<Record> = records
        .into_iter()
        .enumerate()
        .map(|(i, (key, value))| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            // The encoder splits batches where offset − sequence changes; keep it constant.
            sequence: i as i32 - 1,
            timestamp,
            key,
            value,
            headers: Default::default(),
        })
        .collect();
    let mut buf = bytes::BytesMut::new();
    RecordBatchEncoder::encode(
        &mut buf,
        records.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        },
    )?;
    Ok(buf)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use bytes::BytesMut;
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };

    /// Build a real v2 batch with `n` records through kafka-protocol's encoder.
    pub(crate) fn make_batch(n: usize, ts: i64) -> BytesMut {
        make_batch_with(n, ts, None)
    }

    /// `make_batch` with every value `value_len` bytes long.
    pub(crate) fn make_batch_with(n: usize, ts: i64, value_len: Option<usize>) -> BytesMut {
        let records: Vec<Record> = (0..n)
            .map(|i| Record {
                transactional: false,
                control: false,
                delete_horizon: false,
                partition_leader_epoch: -1,
                producer_id: -1,
                producer_epoch: -1,
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: i as i32 - 1, // the encoder groups records by offset − sequence; base sequence −1
                timestamp: ts + i as i64,
                key: Some(bytes::Bytes::from(format!("k{i}"))),
                value: Some(match value_len {
                    Some(len) => bytes::Bytes::from(vec![b'v'; len]),
                    None => bytes::Bytes::from(format!("value-{i}")),
                }),
                headers: Default::default(),
            })
            .collect();
        let mut buf = BytesMut::new();
        RecordBatchEncoder::encode(
            &mut buf,
            records.iter(),
            &RecordEncodeOptions {
                version: 2,
                compression: Compression::None,
            },
        )
        .unwrap();
        buf
    }

    #[test]
    fn parse_and_validate_a_real_batch() {
        let b = make_batch(3, 1000);
        let h = validate(&b).unwrap();
        assert_eq!(h.record_count, 3);
        assert_eq!(h.last_offset_delta, 2);
        assert_eq!(h.base_timestamp, 1000);
        assert_eq!(h.max_timestamp, 1002);
        assert_eq!(h.total_size(), b.len());
    }

    #[test]
    fn offset_and_epoch_rewrites_keep_the_crc() {
        let mut b = make_batch(2, 5);
        set_base_offset(&mut b, 1234);
        set_partition_leader_epoch(&mut b, 7);
        let h = validate(&b).unwrap();
        assert_eq!(h.base_offset, 1234);
        assert_eq!(h.partition_leader_epoch, 7);
    }

    #[test]
    fn log_append_time_fixes_the_crc() {
        let mut b = make_batch(2, 5);
        set_log_append_time(&mut b, 99);
        let h = validate(&b).unwrap();
        assert!(h.is_log_append_time());
        assert_eq!(h.max_timestamp, 99);
    }

    #[test]
    fn corruption_is_detected() {
        let mut b = make_batch(2, 5);
        let last = b.len() - 1;
        b[last] ^= 0xff;
        assert!(matches!(validate(&b), Err(BatchError::BadCrc { .. })));
        let b = make_batch(2, 5);
        assert!(matches!(
            validate(&b[..b.len() - 1]),
            Err(BatchError::Truncated { .. })
        ));
        let mut b = make_batch(1, 5);
        b[16] = 1;
        assert!(matches!(validate(&b), Err(BatchError::BadMagic(1))));
    }

    #[test]
    fn sequence_wraps() {
        let mut h = BatchHeader::parse(&make_batch(3, 0)).unwrap();
        h.base_sequence = i32::MAX;
        assert_eq!(h.last_sequence(), 1);
    }
}
