//! Looking inside a batch, for the few features that need record-level data: ListOffsets by
//! timestamp, the keyless check on compacted topics, and the cleaner. The produce and fetch
//! paths of ordinary topics never come here.
//!
//! A v2 record is: length (varint), attributes (i8), timestampDelta (varlong), offsetDelta
//! (varint), key (varint length, -1 for null), value (likewise), header count (varint), then
//! headers. Records are relative to their batch's baseOffset and baseTimestamp, so a record's
//! bytes can be copied verbatim into another batch with the same bases.

use std::ops::Range;

use bytes::Bytes;

use super::batch::{BatchHeader, HEADER_LEN};
use super::compression::{self, CompressionError};

/// One record, located inside a records section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord {
    pub offset: i64,
    pub timestamp: i64,
    pub key: Option<Range<usize>>,
    pub has_value: bool,
    /// The whole record, length prefix included.
    pub bytes: Range<usize>,
}

fn varint(b: &[u8], at: &mut usize) -> Option<i64> {
    let mut shift = 0u32;
    let mut raw: u64 = 0;
    loop {
        let byte = *b.get(*at)?;
        *at += 1;
        raw |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    Some(((raw >> 1) as i64) ^ -((raw & 1) as i64))
}

fn put_varint(out: &mut Vec<u8>, v: i64) {
    let mut raw = ((v << 1) ^ (v >> 63)) as u64;
    while raw >= 0x80 {
        out.push((raw as u8) | 0x80);
        raw >>= 7;
    }
    out.push(raw as u8);
}

/// `record` (length prefix included) with its timestamp delta replaced, for a batch whose
/// base timestamp changes; everything after the delta is copied as it is.
pub fn with_timestamp_delta(record: &[u8], delta: i64) -> Option<Vec<u8>> {
    let mut at = 0usize;
    let len = usize::try_from(varint(record, &mut at)?).ok()?;
    let body = record.get(at..at.checked_add(len)?)?;
    let attributes = *body.first()?;
    let mut rest_at = 1usize;
    varint(body, &mut rest_at)?;
    let rest = body.get(rest_at..)?;
    let mut new_body = Vec::with_capacity(body.len() + 9);
    new_body.push(attributes);
    put_varint(&mut new_body, delta);
    new_body.extend_from_slice(rest);
    let mut out = Vec::with_capacity(new_body.len() + 5);
    put_varint(&mut out, i64::try_from(new_body.len()).ok()?);
    out.extend_from_slice(&new_body);
    Some(out)
}

/// Parse every record of a (decompressed) records section. `None` on malformed data.
pub fn parse(records: &[u8], h: &BatchHeader) -> Option<Vec<RawRecord>> {
    let mut out = Vec::with_capacity((h.record_count.max(0) as usize).min(records.len()));
    let mut at = 0usize;
    for _ in 0..h.record_count.max(0) {
        let start = at;
        let len = usize::try_from(varint(records, &mut at)?).ok()?;
        let body_start = at;
        let end = body_start.checked_add(len)?;
        if end > records.len() {
            return None;
        }
        at += 1; // attributes
        let ts_delta = varint(records, &mut at)?;
        let off_delta = varint(records, &mut at)?;
        let key_len = varint(records, &mut at)?;
        let key = if key_len < 0 {
            None
        } else {
            let k = at..at.checked_add(usize::try_from(key_len).ok()?)?;
            at = k.end;
            Some(k)
        };
        let value_len = varint(records, &mut at)?;
        if at > end {
            return None;
        }
        out.push(RawRecord {
            offset: h.base_offset + off_delta,
            timestamp: h.base_timestamp + ts_delta,
            key,
            has_value: value_len >= 0,
            bytes: start..end,
        });
        at = end;
    }
    Some(out)
}

/// The records section of a batch, decompressed (bounded by `limit`).
pub fn payload(batch: &[u8], h: &BatchHeader, limit: usize) -> Result<Bytes, CompressionError> {
    let total = h.total_size().min(batch.len());
    let section = Bytes::copy_from_slice(batch.get(HEADER_LEN..total).unwrap_or_default());
    let raw = compression::decompress(h.compression(), section)?;
    if raw.len() > limit {
        return Err(CompressionError::TooLarge { limit });
    }
    Ok(raw)
}

fn records_of(batch: &[u8]) -> Option<(Bytes, Vec<RawRecord>)> {
    let h = BatchHeader::parse(batch).ok()?;
    let raw = payload(batch, &h, 1 << 30).ok()?;
    let recs = parse(&raw, &h)?;
    Some((raw, recs))
}

/// (timestamp, offset) of the first record in `batch` at or after `min_offset` with
/// timestamp >= `ts`.
pub fn first_at_or_after(batch: &[u8], ts: i64, min_offset: i64) -> Option<(i64, i64)> {
    let (_, recs) = records_of(batch)?;
    recs.iter()
        .find(|r| r.timestamp >= ts && r.offset >= min_offset)
        .map(|r| (r.timestamp, r.offset))
}

/// (timestamp, offset) of the record holding the largest timestamp in `batch` (first wins).
pub fn max_timestamp_record(batch: &[u8]) -> Option<(i64, i64)> {
    let (_, recs) = records_of(batch)?;
    let mut best: Option<(i64, i64)> = None;
    for r in &recs {
        if best.is_none_or(|(t, _)| r.timestamp > t) {
            best = Some((r.timestamp, r.offset));
        }
    }
    best
}

/// Whether every record of the batch has a key (compacted topics refuse keyless records).
pub fn all_keyed(batch: &[u8], limit: usize) -> Result<bool, CompressionError> {
    let h = BatchHeader::parse(batch).map_err(|_| CompressionError::UnknownCodec(-1))?;
    let raw = payload(batch, &h, limit)?;
    Ok(parse(&raw, &h).is_some_and(|recs| recs.iter().all(|r| r.key.is_some())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::batch::tests::make_batch;

    #[test]
    fn records_parse_with_offsets_timestamps_and_keys() {
        let b = make_batch(3, 100);
        let h = BatchHeader::parse(&b).unwrap();
        let raw = payload(&b, &h, 1 << 20).unwrap();
        let recs = parse(&raw, &h).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!((recs[2].offset, recs[2].timestamp), (2, 102));
        assert_eq!(&raw[recs[1].key.clone().unwrap()], b"k1");
        assert!(recs.iter().all(|r| r.has_value));
        assert_eq!(recs.last().unwrap().bytes.end, raw.len());
        assert!(all_keyed(&b, 1 << 20).unwrap());
        assert!(parse(&raw[..raw.len() - 1], &h).is_none());
    }
}
