//! Fetch responses without copying records: the response is encoded around the record sets,
//! which stay file regions that the connection writer hands to `sendfile(2)`.
//!
//! Each partition is encoded by kafka-protocol with `records: None`, which leaves the record
//! set as the last field before the tagged fields: `-1` (int32) before v12, or a null compact
//! length (`0`) followed by an empty tagged-field section from v12. Those trailing bytes are
//! replaced by the real length and the file region. Tests compare the result byte for byte with
//! kafka-protocol's own encoding of the same response.

use std::fs::File;
use std::sync::Arc;

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::messages::FetchResponse;
use kafka_protocol::messages::fetch_response::PartitionData;
use kafka_protocol::protocol::Encodable;

use super::{Chunk, DispatchError};
use kafka_protocol::messages::ApiKey;

/// The record set of one partition: a region of a segment file.
#[derive(Clone, Debug)]
pub struct Region {
    pub file: Arc<File>,
    pub offset: u64,
    pub len: usize,
}

fn put_uvarint(b: &mut BytesMut, mut v: u64) {
    while v >= 0x80 {
        b.put_u8((v as u8) | 0x80);
        v >>= 7;
    }
    b.put_u8(v as u8);
}

fn put_array_len(b: &mut BytesMut, n: usize, flexible: bool) {
    if flexible {
        put_uvarint(b, n as u64 + 1)
    } else {
        b.put_i32(n as i32)
    }
}

fn err(version: i16, e: anyhow::Error) -> DispatchError {
    DispatchError::Encode {
        api: ApiKey::Fetch,
        version,
        source: e,
    }
}

/// Encode `resp` (whose partitions carry `records: None` and no tagged fields) with the record
/// set of partition `[t][p]` taken from `regions[t][p]`.
pub fn encode(
    version: i16,
    resp: &FetchResponse,
    regions: &[Vec<Option<Region>>],
) -> Result<Vec<Chunk>, DispatchError> {
    let flexible = version >= 12;
    let mut chunks = Vec::new();
    let mut buf = BytesMut::with_capacity(256);
    buf.put_i32(resp.throttle_time_ms);
    if version >= 7 {
        buf.put_i16(resp.error_code);
        buf.put_i32(resp.session_id);
    }
    put_array_len(&mut buf, resp.responses.len(), flexible);
    for (ti, t) in resp.responses.iter().enumerate() {
        if version >= 13 {
            buf.put_slice(t.topic_id.as_bytes());
        } else if flexible {
            put_uvarint(&mut buf, t.topic.len() as u64 + 1);
            buf.put_slice(t.topic.as_bytes());
        } else {
            buf.put_i16(t.topic.len() as i16);
            buf.put_slice(t.topic.as_bytes());
        }
        put_array_len(&mut buf, t.partitions.len(), flexible);
        for (pi, p) in t.partitions.iter().enumerate() {
            let region = regions.get(ti).and_then(|r| r.get(pi)).cloned().flatten();
            encode_partition(version, p, region, &mut buf, &mut chunks)?;
        }
        if flexible {
            buf.put_u8(0); // topic tagged fields
        }
    }
    if flexible {
        buf.put_u8(0); // response tagged fields (no node endpoints)
    }
    chunks.push(Chunk::Bytes(buf.freeze()));
    Ok(chunks)
}

fn encode_partition(
    version: i16,
    p: &PartitionData,
    region: Option<Region>,
    buf: &mut BytesMut,
    chunks: &mut Vec<Chunk>,
) -> Result<(), DispatchError> {
    let mut bare = p.clone();
    bare.records = None;
    bare.encode(buf, version).map_err(|e| err(version, e))?;
    let Some(region) = region.filter(|r| r.len > 0) else {
        // An empty record set: Kafka sends an empty (not null) one.
        patch_len(buf, version, 0);
        return Ok(());
    };
    patch_len(buf, version, region.len);
    if version >= 12 {
        // patch_len left the tagged-field count off: it goes after the records.
        chunks.push(Chunk::Bytes(buf.split().freeze()));
        chunks.push(Chunk::File {
            file: region.file,
            offset: region.offset,
            len: region.len,
        });
        buf.put_u8(0);
    } else {
        chunks.push(Chunk::Bytes(buf.split().freeze()));
        chunks.push(Chunk::File {
            file: region.file,
            offset: region.offset,
            len: region.len,
        });
    }
    Ok(())
}

/// Replace the null record set at the end of `buf` by a length of `len` (the records follow).
fn patch_len(buf: &mut BytesMut, version: i16, len: usize) {
    if version >= 12 {
        // [.., 0x00 null records, 0x00 tagged fields]
        buf.truncate(buf.len().saturating_sub(2));
        put_uvarint(buf, len as u64 + 1);
        if len == 0 {
            buf.put_u8(0);
        }
    } else {
        // [.., ff ff ff ff]
        buf.truncate(buf.len().saturating_sub(4));
        buf.put_i32(len as i32);
    }
}

/// Materialise chunks (tests, and callers that need plain bytes).
pub fn flatten(chunks: &[Chunk]) -> std::io::Result<Bytes> {
    use std::os::unix::fs::FileExt;
    let mut out = BytesMut::new();
    for c in chunks {
        match c {
            Chunk::Bytes(b) => out.put_slice(b),
            Chunk::File { file, offset, len } => {
                let mut v = vec![0u8; *len];
                file.read_exact_at(&mut v, *offset)?;
                out.put_slice(&v);
            }
        }
    }
    Ok(out.freeze())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use kafka_protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
    use kafka_protocol::messages::{BrokerId, TopicName};
    use kafka_protocol::protocol::StrBytes;

    use super::*;

    #[test]
    fn chunked_encoding_matches_kafka_protocol_for_every_version() {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(b"0123456789abcdefghijklmnopqrstuvwxyz")
            .unwrap();
        let file = Arc::new(f);
        for v in 4..=18i16 {
            let part = |i: i32| {
                let mut p = PartitionData::default()
                    .with_partition_index(i)
                    .with_high_watermark(100)
                    .with_last_stable_offset(100)
                    .with_log_start_offset(if v >= 5 { 3 } else { -1 })
                    .with_aborted_transactions(if i == 1 { Some(vec![]) } else { None });
                if v >= 11 {
                    p = p.with_preferred_read_replica(BrokerId(-1));
                }
                p
            };
            let mut topic =
                FetchableTopicResponse::default().with_partitions(vec![part(0), part(1), part(2)]);
            if v >= 13 {
                topic = topic.with_topic_id(uuid::Uuid::new_v4());
            } else {
                topic = topic.with_topic(TopicName(StrBytes::from_static_str("orders")));
            }
            let resp = FetchResponse::default().with_responses(vec![topic]);
            let regions = vec![vec![
                Some(Region {
                    file: Arc::clone(&file),
                    offset: 2,
                    len: 10,
                }),
                None,
                Some(Region {
                    file: Arc::clone(&file),
                    offset: 20,
                    len: 16,
                }),
            ]];
            let chunks = encode(v, &resp, &regions).unwrap();
            let ours = flatten(&chunks).unwrap();
            // The same response with the records inline, through kafka-protocol.
            let mut full = resp.clone();
            full.responses[0].partitions[0].records = Some(Bytes::from_static(b"23456789ab"));
            full.responses[0].partitions[1].records = Some(Bytes::new());
            full.responses[0].partitions[2].records = Some(Bytes::from_static(b"klmnopqrstuvwxyz"));
            let mut theirs = BytesMut::new();
            full.encode(&mut theirs, v).unwrap();
            assert_eq!(&ours[..], &theirs[..], "fetch v{v}");
        }
    }
}
