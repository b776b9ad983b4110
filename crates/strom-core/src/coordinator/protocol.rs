//! Bits of Kafka's ConsumerProtocol the coordinator needs to read (the subscribed topics of a
//! classic consumer group member), and Java's `String.hashCode` for group placement.

use bytes::{Buf, Bytes};

/// Topics in a ConsumerProtocol Subscription (any version: the topic list comes first).
pub fn subscription_topics(subscription: &Bytes) -> Vec<String> {
    let mut b = subscription.clone();
    if b.remaining() < 6 {
        return Vec::new();
    }
    let _version = b.get_i16();
    let n = b.get_i32();
    let mut out = Vec::new();
    for _ in 0..n.max(0) {
        if b.remaining() < 2 {
            break;
        }
        let len = b.get_i16();
        if len < 0 || b.remaining() < len as usize {
            break;
        }
        let s = b.split_to(len as usize);
        if let Ok(t) = String::from_utf8(s.to_vec()) {
            out.push(t);
        }
    }
    out
}

/// Java's `String.hashCode` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// The `__consumer_offsets` partition of a group: `Utils.abs(groupId.hashCode()) % partitions`.
pub fn partition_for(group: &str, partitions: i32) -> i32 {
    let h = java_string_hash(group);
    let abs = if h == i32::MIN { 0 } else { h.abs() };
    abs % partitions.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BufMut;

    #[test]
    fn java_hash_codes() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("hello"), 99162322);
        assert_eq!(
            java_string_hash("console-consumer-12345"),
            "console-consumer-12345"
                .encode_utf16()
                .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
        );
        assert_eq!(partition_for("hello", 50), 99162322 % 50);
    }

    #[test]
    fn subscription_topics_are_read() {
        let mut b = bytes::BytesMut::new();
        b.put_i16(1);
        b.put_i32(2);
        for t in ["orders", "payments"] {
            b.put_i16(t.len() as i16);
            b.put_slice(t.as_bytes());
        }
        b.put_i32(-1); // user data
        assert_eq!(
            subscription_topics(&b.freeze()),
            vec!["orders".to_string(), "payments".to_string()]
        );
        assert!(subscription_topics(&Bytes::from_static(b"\x00")).is_empty());
    }
}
