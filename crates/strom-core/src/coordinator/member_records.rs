//! The KIP-848 member records of `__consumer_offsets`, in Kafka's formats: key type 5
//! ConsumerGroupMemberMetadata (who the member is and what it subscribes to) and key type 8
//! ConsumerGroupCurrentMemberAssignment (its epochs, state and partitions). Keys are the
//! non-flexible (group, member) pair; values are flexible version 0 (compact strings and arrays,
//! tagged-field sections). With them a consumer group's members survive a broker restart.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use uuid::Uuid;

use super::assignor::Assignment;
use super::records::{Reader, RecordError};

pub const MEMBER_METADATA_KEY: i16 = 5;
pub const CURRENT_ASSIGNMENT_KEY: i16 = 8;

/// ConsumerGroupMemberMetadataValue v0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberMetadata {
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub subscribed_topic_names: Vec<String>,
    pub subscribed_topic_regex: Option<String>,
    pub rebalance_timeout_ms: i32,
    pub server_assignor: Option<String>,
}

/// ConsumerGroupCurrentMemberAssignmentValue v0. `state` is Kafka's MemberState id:
/// 1 stable, 2 unrevoked partitions, 3 unreleased partitions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberAssignment {
    pub member_epoch: i32,
    pub previous_member_epoch: i32,
    pub state: i8,
    pub assigned: Assignment,
    pub pending_revocation: Assignment,
}

/// The key of either record type: (type, group, member), strings with i16 lengths.
pub fn key(record_type: i16, group: &str, member: &str) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(record_type);
    for s in [group, member] {
        let s = s.get(..s.len().min(i16::MAX as usize)).unwrap_or_default();
        b.put_i16(s.len() as i16);
        b.put_slice(s.as_bytes());
    }
    b.freeze()
}

fn put_uvarint(b: &mut BytesMut, mut v: u64) {
    while v >= 0x80 {
        b.put_u8((v as u8) | 0x80);
        v >>= 7;
    }
    b.put_u8(v as u8);
}

fn put_compact(b: &mut BytesMut, s: Option<&str>) {
    match s {
        None => put_uvarint(b, 0),
        Some(s) => {
            put_uvarint(b, s.len() as u64 + 1);
            b.put_slice(s.as_bytes());
        }
    }
}

fn put_partitions(b: &mut BytesMut, a: &Assignment) {
    put_uvarint(b, a.len() as u64 + 1);
    for (topic, parts) in a {
        b.put_slice(topic.as_bytes());
        put_uvarint(b, parts.len() as u64 + 1);
        for p in parts {
            b.put_i32(*p);
        }
        put_uvarint(b, 0); // tagged fields of TopicPartitions
    }
}

pub fn metadata_value(m: &MemberMetadata) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    put_compact(&mut b, m.instance_id.as_deref());
    put_compact(&mut b, m.rack_id.as_deref());
    put_compact(&mut b, Some(&m.client_id));
    put_compact(&mut b, Some(&m.client_host));
    put_uvarint(&mut b, m.subscribed_topic_names.len() as u64 + 1);
    for n in &m.subscribed_topic_names {
        put_compact(&mut b, Some(n));
    }
    put_compact(&mut b, m.subscribed_topic_regex.as_deref());
    b.put_i32(m.rebalance_timeout_ms);
    put_compact(&mut b, m.server_assignor.as_deref());
    put_uvarint(&mut b, 0);
    b.freeze()
}

pub fn assignment_value(a: &MemberAssignment) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    b.put_i32(a.member_epoch);
    b.put_i32(a.previous_member_epoch);
    b.put_i8(a.state);
    put_partitions(&mut b, &a.assigned);
    put_partitions(&mut b, &a.pending_revocation);
    put_uvarint(&mut b, 0);
    b.freeze()
}

/// The flexible encodings (unsigned varints, compact strings and arrays, tagged fields), read
/// without ever trusting a length beyond the bytes that remain.
impl Reader {
    fn uvarint(&mut self) -> Result<u64, RecordError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            self.need(1)?;
            let byte = self.0.get_u8();
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(RecordError::new("varint too long"))
    }
    /// A compact length: None for null, else the count (bounded by what is left).
    fn len(&mut self) -> Result<Option<usize>, RecordError> {
        match self.uvarint()? {
            0 => Ok(None),
            n => {
                let n = usize::try_from(n - 1).map_err(|_| RecordError::new("length"))?;
                if n > self.0.remaining() {
                    return Err(RecordError::new("length past the end"));
                }
                Ok(Some(n))
            }
        }
    }
    fn compact_nullable(&mut self) -> Result<Option<String>, RecordError> {
        let Some(n) = self.len()? else {
            return Ok(None);
        };
        let s = self.0.split_to(n);
        String::from_utf8(s.to_vec())
            .map(Some)
            .map_err(|_| RecordError::new("string is not UTF-8"))
    }
    fn compact_string(&mut self) -> Result<String, RecordError> {
        self.compact_nullable()?
            .ok_or_else(|| RecordError::new("null string"))
    }
    fn i8(&mut self) -> Result<i8, RecordError> {
        self.need(1)?;
        Ok(self.0.get_i8())
    }
    fn uuid(&mut self) -> Result<Uuid, RecordError> {
        self.need(16)?;
        let mut id = [0u8; 16];
        self.0.copy_to_slice(&mut id);
        Ok(Uuid::from_bytes(id))
    }
    /// Skip a tagged-field section (fields we do not know are ignored, as Kafka does).
    fn tags(&mut self) -> Result<(), RecordError> {
        let n = self.uvarint()?;
        for _ in 0..n {
            let _tag = self.uvarint()?;
            let size = usize::try_from(self.uvarint()?).map_err(|_| RecordError::new("size"))?;
            self.need(size)?;
            self.0.advance(size);
        }
        Ok(())
    }
    fn partitions(&mut self) -> Result<Assignment, RecordError> {
        let mut a = Assignment::new();
        let n = self.len()?.unwrap_or(0);
        for _ in 0..n {
            let topic = self.uuid()?;
            let parts = a.entry(topic).or_default();
            for _ in 0..self.len()?.unwrap_or(0) {
                parts.insert(self.i32()?);
            }
            self.tags()?;
        }
        Ok(a)
    }
}

pub fn decode_metadata_value(value: Bytes) -> Result<MemberMetadata, RecordError> {
    let mut r = Reader(value);
    if r.i16()? != 0 {
        return Err(RecordError::new("unsupported member metadata version"));
    }
    let instance_id = r.compact_nullable()?;
    let rack_id = r.compact_nullable()?;
    let client_id = r.compact_string()?;
    let client_host = r.compact_string()?;
    let mut subscribed_topic_names = Vec::new();
    for _ in 0..r.len()?.unwrap_or(0) {
        subscribed_topic_names.push(r.compact_string()?);
    }
    let m = MemberMetadata {
        instance_id,
        rack_id,
        client_id,
        client_host,
        subscribed_topic_names,
        subscribed_topic_regex: r.compact_nullable()?,
        rebalance_timeout_ms: r.i32()?,
        server_assignor: r.compact_nullable()?,
    };
    r.tags()?;
    Ok(m)
}

pub fn decode_assignment_value(value: Bytes) -> Result<MemberAssignment, RecordError> {
    let mut r = Reader(value);
    if r.i16()? != 0 {
        return Err(RecordError::new("unsupported member assignment version"));
    }
    let a = MemberAssignment {
        member_epoch: r.i32()?,
        previous_member_epoch: r.i32()?,
        state: r.i8()?,
        assigned: r.partitions()?,
        pending_revocation: r.partitions()?,
    };
    r.tags()?;
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coordinator::records::{Key, decode_key};

    #[test]
    fn member_records_round_trip() {
        assert_eq!(
            decode_key(key(MEMBER_METADATA_KEY, "g", "m1")).unwrap(),
            Key::ConsumerMember {
                group: "g".into(),
                member: "m1".into()
            }
        );
        assert_eq!(
            decode_key(key(CURRENT_ASSIGNMENT_KEY, "g", "m1")).unwrap(),
            Key::ConsumerAssignment {
                group: "g".into(),
                member: "m1".into()
            }
        );
        let m = MemberMetadata {
            instance_id: Some("i-1".into()),
            rack_id: None,
            client_id: "rdkafka".into(),
            client_host: "/127.0.0.1".into(),
            subscribed_topic_names: vec!["a".into(), "b".into()],
            subscribed_topic_regex: Some("ord.*".into()),
            rebalance_timeout_ms: 300_000,
            server_assignor: None,
        };
        assert_eq!(decode_metadata_value(metadata_value(&m)).unwrap(), m);
        let t = Uuid::from_u128(7);
        let a = MemberAssignment {
            member_epoch: 12,
            previous_member_epoch: 11,
            state: 2,
            assigned: [(t, [0, 2, 300].into())].into(),
            pending_revocation: [(t, [1].into())].into(),
        };
        assert_eq!(decode_assignment_value(assignment_value(&a)).unwrap(), a);
    }

    #[test]
    fn hostile_values_are_errors_not_panics() {
        let good = metadata_value(&MemberMetadata::default());
        for cut in 0..good.len() {
            assert!(decode_metadata_value(good.slice(..cut)).is_err());
        }
        // A compact array claiming 2^32 entries: refused before anything is allocated.
        let huge = Bytes::from_static(&[
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f,
        ]);
        assert!(decode_assignment_value(huge).is_err());
        // Unknown tagged fields are skipped.
        let mut b = BytesMut::from(&assignment_value(&MemberAssignment::default())[..]);
        b.truncate(b.len() - 1);
        b.put_slice(&[1, 9, 2, 0xaa, 0xbb]);
        assert!(decode_assignment_value(b.freeze()).is_ok());
    }
}
