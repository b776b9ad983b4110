//! Kafka's ConsumerProtocol: the bytes a consumer puts in JoinGroup's protocol metadata (a
//! [`Subscription`]) and the leader hands out through SyncGroup (an [`Assignment`]), for
//! groups of protocol type `consumer`.
//!
//! Both are versioned structs in Kafka's classic (non-flexible) encoding: an i16 version,
//! then the fields of that version. Subscription v0 has topics and user data, v1 adds the
//! owned partitions, v2 the generation, v3 the rack. Assignment has the same fields in v0-3.
//! Readers accept versions above 3 by reading the fields they know, as Kafka's clients do, so
//! a newer member can sit in a group with an older leader.

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::{Error, Result};

/// The protocol type of consumer groups in JoinGroup.
pub const PROTOCOL_TYPE: &str = "consumer";

/// The highest Subscription and Assignment version this module reads and writes.
pub const MAX_VERSION: i16 = 3;

/// Partitions of one topic.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicPartitions {
    pub topic: String,
    pub partitions: Vec<i32>,
}

/// What a member subscribes to, sent in JoinGroup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The version the bytes were (or will be) written in.
    pub version: i16,
    pub topics: Vec<String>,
    pub user_data: Option<Bytes>,
    /// v1+: partitions the member owns now (for cooperative assignors).
    pub owned_partitions: Vec<TopicPartitions>,
    /// v2+: the generation the owned partitions belong to, -1 if none.
    pub generation_id: i32,
    /// v3+: `client.rack`.
    pub rack_id: Option<String>,
}

impl Default for Subscription {
    fn default() -> Self {
        Subscription {
            version: MAX_VERSION,
            topics: Vec::new(),
            user_data: None,
            owned_partitions: Vec::new(),
            generation_id: -1,
            rack_id: None,
        }
    }
}

/// The partitions the leader gives a member, received in SyncGroup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub version: i16,
    pub partitions: Vec<TopicPartitions>,
    pub user_data: Option<Bytes>,
}

impl Default for Assignment {
    fn default() -> Self {
        Assignment {
            version: MAX_VERSION,
            partitions: Vec::new(),
            user_data: None,
        }
    }
}

impl Assignment {
    /// Every (topic, partition) pair, in the order they were listed.
    pub fn topic_partitions(&self) -> Vec<(String, i32)> {
        self.partitions
            .iter()
            .flat_map(|tp| tp.partitions.iter().map(|&p| (tp.topic.clone(), p)))
            .collect()
    }
}

impl Subscription {
    pub fn encode(&self) -> Result<Bytes> {
        let version = check_version(self.version, "subscription")?;
        let mut w = Writer::new();
        w.i16(version);
        w.array(&self.topics, |w, t| w.string(Some(t)))?;
        w.bytes(self.user_data.as_deref())?;
        if version >= 1 {
            w.array(&self.owned_partitions, Writer::topic_partitions)?;
        }
        if version >= 2 {
            w.i32(self.generation_id);
        }
        if version >= 3 {
            w.string(self.rack_id.as_deref())?;
        }
        Ok(w.finish())
    }

    pub fn decode(data: &[u8]) -> Result<Subscription> {
        let what = "consumer protocol subscription";
        let mut r = Reader::new(data, what);
        let version = r.version()?;
        let topics = r.array(|r| r.string()?.ok_or_else(|| r.err("null topic name")))?;
        let user_data = r.bytes()?;
        let mut sub = Subscription {
            version,
            topics,
            user_data,
            ..Subscription::default()
        };
        if version >= 1 {
            sub.owned_partitions = r.array(Reader::topic_partitions)?;
        }
        if version >= 2 {
            sub.generation_id = r.i32()?;
        }
        if version >= 3 {
            sub.rack_id = r.string()?;
        }
        Ok(sub)
    }
}

impl Assignment {
    pub fn encode(&self) -> Result<Bytes> {
        let version = check_version(self.version, "assignment")?;
        let mut w = Writer::new();
        w.i16(version);
        w.array(&self.partitions, Writer::topic_partitions)?;
        w.bytes(self.user_data.as_deref())?;
        Ok(w.finish())
    }

    /// Decode an assignment; an empty buffer is an empty assignment (what a broker sends a
    /// member the leader gave nothing, and what some leaders write for such members).
    pub fn decode(data: &[u8]) -> Result<Assignment> {
        if data.is_empty() {
            return Ok(Assignment::default());
        }
        let mut r = Reader::new(data, "consumer protocol assignment");
        let version = r.version()?;
        let partitions = r.array(Reader::topic_partitions)?;
        let user_data = r.bytes()?;
        Ok(Assignment {
            version,
            partitions,
            user_data,
        })
    }
}

fn check_version(v: i16, what: &'static str) -> Result<i16> {
    if (0..=MAX_VERSION).contains(&v) {
        Ok(v)
    } else {
        Err(Error::Malformed {
            what,
            reason: format!("cannot write version {v} (supported: 0 to {MAX_VERSION})"),
        })
    }
}

/// Classic Kafka encoding: big-endian integers, i16-length strings, i32-length bytes and
/// arrays, -1 for null.
struct Writer {
    buf: BytesMut,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            buf: BytesMut::with_capacity(64),
        }
    }

    fn finish(self) -> Bytes {
        self.buf.freeze()
    }

    fn i16(&mut self, v: i16) {
        self.buf.put_i16(v);
    }

    fn i32(&mut self, v: i32) {
        self.buf.put_i32(v);
    }

    fn len_i32(&mut self, n: usize) -> Result<()> {
        let n = i32::try_from(n).map_err(|_| Error::Malformed {
            what: "consumer protocol field",
            reason: format!("length {n} does not fit in an i32"),
        })?;
        self.i32(n);
        Ok(())
    }

    fn string(&mut self, s: Option<&str>) -> Result<()> {
        match s {
            None => self.i16(-1),
            Some(s) => {
                let n = i16::try_from(s.len()).map_err(|_| Error::Malformed {
                    what: "consumer protocol string",
                    reason: format!("{} bytes is longer than 32767", s.len()),
                })?;
                self.i16(n);
                self.buf.put_slice(s.as_bytes());
            }
        }
        Ok(())
    }

    fn bytes(&mut self, b: Option<&[u8]>) -> Result<()> {
        match b {
            None => self.i32(-1),
            Some(b) => {
                self.len_i32(b.len())?;
                self.buf.put_slice(b);
            }
        }
        Ok(())
    }

    fn array<T>(
        &mut self,
        items: &[T],
        mut each: impl FnMut(&mut Writer, &T) -> Result<()>,
    ) -> Result<()> {
        self.len_i32(items.len())?;
        for item in items {
            each(self, item)?;
        }
        Ok(())
    }

    fn topic_partitions(&mut self, tp: &TopicPartitions) -> Result<()> {
        self.string(Some(&tp.topic))?;
        self.array(&tp.partitions, |w, &p| {
            w.i32(p);
            Ok(())
        })
    }
}

/// A bounds-checked cursor: every length is checked against the bytes that remain before
/// anything is allocated, so hostile metadata from another member cannot blow up memory.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader { buf, pos: 0, what }
    }

    fn err(&self, reason: &str) -> Error {
        Error::Malformed {
            what: self.what,
            reason: format!("{reason} at byte {}", self.pos),
        }
    }

    fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.err("truncated"))?;
        let out = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| self.err("truncated"))?;
        self.pos = end;
        Ok(out)
    }

    fn i16(&mut self) -> Result<i16> {
        let b = self.take(2)?;
        Ok(i16::from_be_bytes([
            b.first().copied().unwrap_or(0),
            b.get(1).copied().unwrap_or(0),
        ]))
    }

    fn i32(&mut self) -> Result<i32> {
        let b = self.take(4)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(i32::from_be_bytes(a))
    }

    /// The version, read as the highest we know when it is newer (forward compatibility).
    fn version(&mut self) -> Result<i16> {
        let v = self.i16()?;
        if v < 0 {
            return Err(self.err(&format!("negative version {v}")));
        }
        Ok(v.min(MAX_VERSION))
    }

    fn string(&mut self) -> Result<Option<String>> {
        let n = self.i16()?;
        if n < 0 {
            return Ok(None);
        }
        let raw = self.take(n as usize)?;
        String::from_utf8(raw.to_vec())
            .map(Some)
            .map_err(|_| self.err("string is not UTF-8"))
    }

    fn bytes(&mut self) -> Result<Option<Bytes>> {
        let n = self.i32()?;
        if n < 0 {
            return Ok(None);
        }
        Ok(Some(Bytes::copy_from_slice(self.take(n as usize)?)))
    }

    /// An i32-counted array, its count bounded by the bytes that remain.
    fn array<T>(&mut self, mut each: impl FnMut(&mut Reader<'a>) -> Result<T>) -> Result<Vec<T>> {
        let n = self.i32()?;
        if n < 0 {
            return Ok(Vec::new());
        }
        let n = n as usize;
        // The smallest element (an empty string) takes 2 bytes.
        if n.saturating_mul(2) > self.remaining() {
            return Err(self.err(&format!("array of {n} elements is longer than the data")));
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(each(self)?);
        }
        Ok(out)
    }

    fn topic_partitions(&mut self) -> Result<TopicPartitions> {
        let topic = self.string()?.ok_or_else(|| self.err("null topic name"))?;
        let partitions = self.array(Reader::i32)?;
        Ok(TopicPartitions { topic, partitions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(topic: &str, partitions: &[i32]) -> TopicPartitions {
        TopicPartitions {
            topic: topic.into(),
            partitions: partitions.to_vec(),
        }
    }

    #[test]
    fn subscription_v0_bytes_are_kafkas() {
        let sub = Subscription {
            version: 0,
            topics: vec!["ab".into()],
            ..Subscription::default()
        };
        let bytes = sub.encode().unwrap();
        // version 0, one topic "ab", null user data
        assert_eq!(
            &bytes[..],
            &[0, 0, 0, 0, 0, 1, 0, 2, b'a', b'b', 0xff, 0xff, 0xff, 0xff]
        );
        let back = Subscription::decode(&bytes).unwrap();
        assert_eq!(back, sub);
    }

    #[test]
    fn subscription_v3_round_trips_every_field() {
        let sub = Subscription {
            version: 3,
            topics: vec!["a".into(), "b".into()],
            user_data: Some(Bytes::from_static(b"ud")),
            owned_partitions: vec![tp("a", &[0, 2])],
            generation_id: 7,
            rack_id: Some("r1".into()),
        };
        let bytes = sub.encode().unwrap();
        assert_eq!(Subscription::decode(&bytes).unwrap(), sub);
        // The v3 tail: generation 7 then rack "r1".
        assert_eq!(&bytes[bytes.len() - 8..], &[0, 0, 0, 7, 0, 2, b'r', b'1']);
    }

    #[test]
    fn older_versions_drop_newer_fields() {
        let sub = Subscription {
            version: 1,
            topics: vec!["a".into()],
            owned_partitions: vec![tp("a", &[1])],
            generation_id: 9,
            rack_id: Some("r".into()),
            ..Subscription::default()
        };
        let back = Subscription::decode(&sub.encode().unwrap()).unwrap();
        assert_eq!(back.owned_partitions, vec![tp("a", &[1])]);
        assert_eq!(back.generation_id, -1);
        assert_eq!(back.rack_id, None);
    }

    #[test]
    fn newer_versions_are_read_as_v3_with_trailing_fields_ignored() {
        let sub = Subscription {
            version: 3,
            topics: vec!["t".into()],
            ..Subscription::default()
        };
        let mut raw = sub.encode().unwrap().to_vec();
        raw[1] = 5; // claim version 5
        raw.extend_from_slice(&[1, 2, 3, 4]); // a field we do not know
        let back = Subscription::decode(&raw).unwrap();
        assert_eq!(back.topics, ["t"]);
        assert_eq!(back.version, 3);
    }

    #[test]
    fn assignment_bytes_are_kafkas() {
        let a = Assignment {
            version: 0,
            partitions: vec![tp("t", &[0, 1])],
            user_data: None,
        };
        let bytes = a.encode().unwrap();
        assert_eq!(
            &bytes[..],
            &[
                0, 0, // version
                0, 0, 0, 1, // one topic
                0, 1, b't', // "t"
                0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, // partitions [0, 1]
                0xff, 0xff, 0xff, 0xff // null user data
            ]
        );
        assert_eq!(Assignment::decode(&bytes).unwrap(), a);
        assert_eq!(
            a.topic_partitions(),
            vec![("t".to_string(), 0), ("t".to_string(), 1)]
        );
    }

    #[test]
    fn empty_assignment_bytes_mean_nothing_assigned() {
        let a = Assignment::decode(&[]).unwrap();
        assert!(a.partitions.is_empty());
    }

    #[test]
    fn hostile_counts_and_truncation_are_errors_not_allocations() {
        // version 0, topic count 0x7fffffff
        let raw = [0, 0, 0x7f, 0xff, 0xff, 0xff];
        assert!(Subscription::decode(&raw).is_err());
        assert!(Assignment::decode(&raw).is_err());
        let ok = Assignment {
            version: 1,
            partitions: vec![tp("topic", &[3])],
            user_data: Some(Bytes::from_static(b"x")),
        }
        .encode()
        .unwrap();
        for cut in 1..ok.len() {
            assert!(Assignment::decode(&ok[..cut]).is_err(), "cut at {cut}");
        }
        assert!(
            Subscription::decode(&[0xff, 0xff]).is_err(),
            "negative version"
        );
    }

    #[test]
    fn versions_outside_the_range_are_not_written() {
        let sub = Subscription {
            version: 4,
            ..Subscription::default()
        };
        assert!(sub.encode().is_err());
    }
}
