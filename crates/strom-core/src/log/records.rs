//! Looking inside a batch, for the few features that need record-level data (ListOffsets by
//! timestamp). The produce and fetch paths never come here.

use bytes::Bytes;
use kafka_protocol::records::RecordBatchDecoder;

/// (timestamp, offset) of the first record in `batch` at or after `min_offset` with
/// timestamp >= `ts`.
pub fn first_at_or_after(batch: &[u8], ts: i64, min_offset: i64) -> Option<(i64, i64)> {
    let mut buf = Bytes::copy_from_slice(batch);
    let set = RecordBatchDecoder::decode(&mut buf).ok()?;
    set.records
        .iter()
        .find(|r| r.timestamp >= ts && r.offset >= min_offset)
        .map(|r| (r.timestamp, r.offset))
}

/// (timestamp, offset) of the record holding the largest timestamp in `batch` (first wins).
pub fn max_timestamp_record(batch: &[u8]) -> Option<(i64, i64)> {
    let mut buf = Bytes::copy_from_slice(batch);
    let set = RecordBatchDecoder::decode(&mut buf).ok()?;
    let mut best: Option<(i64, i64)> = None;
    for r in &set.records {
        if best.is_none_or(|(t, _)| r.timestamp > t) {
            best = Some((r.timestamp, r.offset));
        }
    }
    best
}
