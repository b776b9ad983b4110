//! `console-consumer --output json`: one JSON object per record, one per line (JSON Lines).
//!
//! Fields, always present and in this order:
//! `{"topic", "partition", "offset", "timestamp", "timestamp_type" ("CreateTime" or
//! "LogAppendTime"), "leader_epoch" (null when unknown), "key", "value", "headers":
//! [{"key", "value"}]}`.
//!
//! A key, value or header value is `null` when the record has none, a JSON string when its
//! bytes are valid UTF-8, and otherwise `{"base64": "<standard base64 with padding>"}`, so any
//! record round-trips. Header keys are strings (UTF-8, lossily decoded when invalid).

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value};
use strom_client::{ConsumerRecord, TimestampType};

/// Bytes as JSON: a string when UTF-8, else `{"base64": ...}`.
pub fn bytes_value(b: Option<&[u8]>) -> Value {
    match b {
        None => Value::Null,
        Some(b) => match std::str::from_utf8(b) {
            Ok(s) => Value::String(s.to_string()),
            Err(_) => {
                let mut m = Map::new();
                m.insert("base64".to_string(), Value::String(base64(b)));
                Value::Object(m)
            }
        },
    }
}

/// One record, its fields in the documented order.
#[derive(Serialize)]
struct RecordJson<'a> {
    topic: &'a str,
    partition: i32,
    offset: i64,
    timestamp: i64,
    timestamp_type: &'static str,
    leader_epoch: Option<i32>,
    key: Value,
    value: Value,
    headers: Vec<HeaderJson>,
}

#[derive(Serialize)]
struct HeaderJson {
    key: String,
    value: Value,
}

fn record_json(r: &ConsumerRecord) -> RecordJson<'_> {
    RecordJson {
        topic: &r.topic,
        partition: r.partition,
        offset: r.offset,
        timestamp: r.timestamp,
        timestamp_type: match r.timestamp_type {
            TimestampType::Creation => "CreateTime",
            TimestampType::LogAppend => "LogAppendTime",
        },
        leader_epoch: (r.leader_epoch >= 0).then_some(r.leader_epoch),
        key: bytes_value(r.key.as_deref()),
        value: bytes_value(r.value.as_deref()),
        headers: r
            .headers
            .iter()
            .map(|h| HeaderJson {
                key: String::from_utf8_lossy(&h.key).into_owned(),
                value: bytes_value(h.value.as_deref()),
            })
            .collect(),
    }
}

/// Write one record as a line of JSON.
pub fn write_record(out: &mut impl Write, r: &ConsumerRecord) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &record_json(r))?;
    out.write_all(b"\n")
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648) with padding.
pub fn base64(data: &[u8]) -> String {
    let sym = |i: u32| char::from(ALPHABET.get((i & 63) as usize).copied().unwrap_or(b'A'));
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b0 = u32::from(chunk.first().copied().unwrap_or(0));
        let b1 = u32::from(chunk.get(1).copied().unwrap_or(0));
        let b2 = u32::from(chunk.get(2).copied().unwrap_or(0));
        let n = (b0 << 16) | (b1 << 8) | b2;
        s.push(sym(n >> 18));
        s.push(sym(n >> 12));
        s.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        s.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn utf8_is_a_string_and_binary_is_base64() {
        assert_eq!(bytes_value(None), Value::Null);
        assert_eq!(bytes_value(Some(b"hi")), json!("hi"));
        assert_eq!(bytes_value(Some(&[0xff, 0x00])), json!({"base64": "/wA="}));
    }

    #[test]
    fn a_record_is_one_line_with_fields_in_order() {
        let r = ConsumerRecord {
            topic: std::sync::Arc::from("t"),
            partition: 1,
            offset: 7,
            timestamp: 1000,
            timestamp_type: TimestampType::Creation,
            key: None,
            value: Some(bytes::Bytes::from_static(b"v")),
            headers: vec![strom_client::Header {
                key: bytes::Bytes::from_static(b"h"),
                value: Some(bytes::Bytes::from_static(&[0xff])),
            }],
            leader_epoch: -1,
        };
        let mut out = Vec::new();
        write_record(&mut out, &r).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "{\"topic\":\"t\",\"partition\":1,\"offset\":7,\"timestamp\":1000,\"timestamp_type\":\"CreateTime\",\
             \"leader_epoch\":null,\"key\":null,\"value\":\"v\",\"headers\":[{\"key\":\"h\",\"value\":{\"base64\":\"/w==\"}}]}\n"
        );
    }
}
