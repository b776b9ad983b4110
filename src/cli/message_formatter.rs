//! Kafka's `DefaultMessageFormatter`: which fields of a record the console consumer prints.
//!
//! Order: timestamp, partition, offset, epoch, headers, key, value; each enabled field is
//! followed by `key.separator` when another enabled field comes after it, and the record ends
//! with `line.separator`.

use std::io::Write;

use strom_client::{ConsumerRecord, Properties, TimestampType};

#[derive(Debug, Clone)]
pub struct MessageFormatter {
    print_timestamp: bool,
    print_partition: bool,
    print_offset: bool,
    print_epoch: bool,
    print_headers: bool,
    print_key: bool,
    print_value: bool,
    key_separator: Vec<u8>,
    line_separator: Vec<u8>,
    headers_separator: Vec<u8>,
    null_literal: Vec<u8>,
}

impl Default for MessageFormatter {
    fn default() -> Self {
        MessageFormatter::from_properties(&Properties::new())
    }
}

impl MessageFormatter {
    /// Formatter properties (`--property`); Kafka's defaults for anything unset.
    pub fn from_properties(p: &Properties) -> Self {
        let flag = |k: &str, d: bool| p.get_bool(k).unwrap_or(d);
        let text = |k: &str, d: &str| p.get(k).unwrap_or(d).as_bytes().to_vec();
        MessageFormatter {
            print_timestamp: flag("print.timestamp", false),
            print_partition: flag("print.partition", false),
            print_offset: flag("print.offset", false),
            print_epoch: flag("print.epoch", false),
            print_headers: flag("print.headers", false),
            print_key: flag("print.key", false),
            print_value: flag("print.value", true),
            key_separator: text("key.separator", "\t"),
            line_separator: text("line.separator", "\n"),
            headers_separator: text("headers.separator", ","),
            null_literal: text("null.literal", "null"),
        }
    }

    fn sep(&self, out: &mut impl Write, more: bool) -> std::io::Result<()> {
        if more {
            out.write_all(&self.key_separator)
        } else {
            Ok(())
        }
    }

    fn bytes(&self, out: &mut impl Write, b: Option<&[u8]>) -> std::io::Result<()> {
        out.write_all(b.unwrap_or(&self.null_literal))
    }

    /// Write one record.
    pub fn write(&self, out: &mut impl Write, r: &ConsumerRecord) -> std::io::Result<()> {
        let after_partition = self.print_offset
            || self.print_epoch
            || self.print_headers
            || self.print_key
            || self.print_value;
        if self.print_timestamp {
            let kind = match r.timestamp_type {
                TimestampType::Creation => "CreateTime",
                TimestampType::LogAppend => "LogAppendTime",
            };
            write!(out, "{kind}:{}", r.timestamp)?;
            self.sep(out, self.print_partition || after_partition)?;
        }
        if self.print_partition {
            write!(out, "Partition:{}", r.partition)?;
            self.sep(out, after_partition)?;
        }
        if self.print_offset {
            write!(out, "Offset:{}", r.offset)?;
            self.sep(
                out,
                self.print_epoch || self.print_headers || self.print_key || self.print_value,
            )?;
        }
        if self.print_epoch {
            if r.leader_epoch >= 0 {
                write!(out, "Epoch:{}", r.leader_epoch)?;
            } else {
                out.write_all(b"Epoch:NOT_PRESENT")?;
            }
            self.sep(
                out,
                self.print_headers || self.print_key || self.print_value,
            )?;
        }
        if self.print_headers {
            if r.headers.is_empty() {
                out.write_all(b"NO_HEADERS")?;
            }
            for (i, h) in r.headers.iter().enumerate() {
                if i > 0 {
                    out.write_all(&self.headers_separator)?;
                }
                out.write_all(&h.key)?;
                out.write_all(b":")?;
                self.bytes(out, h.value.as_deref())?;
            }
            self.sep(out, self.print_key || self.print_value)?;
        }
        if self.print_key {
            self.bytes(out, r.key.as_deref())?;
            self.sep(out, self.print_value)?;
        }
        if self.print_value {
            self.bytes(out, r.value.as_deref())?;
        }
        out.write_all(&self.line_separator)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use strom_client::Header;

    fn record() -> ConsumerRecord {
        ConsumerRecord {
            topic: "t".into(),
            partition: 0,
            offset: 5,
            timestamp: 1_729_832_000_000,
            timestamp_type: TimestampType::Creation,
            key: Some(Bytes::from_static(b"k1")),
            value: Some(Bytes::from_static(b"hello")),
            headers: vec![Header {
                key: Bytes::from_static(b"h1"),
                value: Some(Bytes::from_static(b"v1")),
            }],
            leader_epoch: 3,
        }
    }

    fn render(props: &[&str], r: &ConsumerRecord) -> String {
        let mut p = Properties::new();
        p.extend_pairs(props.iter().copied()).unwrap();
        let mut out = Vec::new();
        MessageFormatter::from_properties(&p)
            .write(&mut out, r)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn kafkas_documented_example() {
        let all = [
            "print.timestamp=true",
            "print.partition=true",
            "print.offset=true",
            "print.headers=true",
            "print.key=true",
        ];
        assert_eq!(
            render(&all, &record()),
            "CreateTime:1729832000000\tPartition:0\tOffset:5\th1:v1\tk1\thello\n"
        );
    }

    #[test]
    fn value_only_and_nulls() {
        let mut r = record();
        assert_eq!(render(&[], &r), "hello\n");
        r.key = None;
        r.value = None;
        r.headers.clear();
        assert_eq!(
            render(&["print.key=true", "print.headers=true"], &r),
            "NO_HEADERS\tnull\tnull\n"
        );
        assert_eq!(
            render(
                &["print.key=true", "print.value=false", "null.literal=-"],
                &r
            ),
            "-\n"
        );
        assert_eq!(
            render(
                &["print.epoch=true", "key.separator=|", "line.separator=;"],
                &record()
            ),
            "Epoch:3|hello;"
        );
    }
}
