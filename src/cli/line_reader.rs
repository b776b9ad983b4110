//! Kafka's `LineMessageReader`: one record per input line, with optional key and headers.
//!
//! Line layout with `parse.headers` and `parse.key`: `h1:v1,h2:v2<TAB>key<TAB>value`. Records
//! are built from zero-copy slices of the input chunk, and stdin is read on its own thread in
//! large chunks so piping millions of lines costs no per-line system call.

use std::io::{Read, Write};

use bytes::{Bytes, BytesMut};
use strom_client::{Header, Properties};
use tokio::sync::mpsc;

/// Reader properties (`--property` / `--reader-config`).
#[derive(Debug, Clone)]
pub struct LineReaderConfig {
    pub parse_key: bool,
    pub key_separator: Vec<u8>,
    pub parse_headers: bool,
    pub headers_delimiter: Vec<u8>,
    pub headers_separator: Vec<u8>,
    pub headers_key_separator: Vec<u8>,
    pub ignore_error: bool,
    pub null_marker: Option<Vec<u8>>,
}

impl LineReaderConfig {
    /// Read the properties with Kafka's defaults and checks.
    pub fn from_properties(p: &Properties) -> Result<Self, String> {
        let get = |k: &str, d: &str| p.get(k).unwrap_or(d).as_bytes().to_vec();
        let cfg = LineReaderConfig {
            parse_key: p.get_bool("parse.key").unwrap_or(false),
            key_separator: get("key.separator", "\t"),
            parse_headers: p.get_bool("parse.headers").unwrap_or(false),
            headers_delimiter: get("headers.delimiter", "\t"),
            headers_separator: get("headers.separator", ","),
            headers_key_separator: get("headers.key.separator", ":"),
            ignore_error: p.get_bool("ignore.error").unwrap_or(false),
            null_marker: p.get("null.marker").map(|m| m.as_bytes().to_vec()),
        };
        for (name, v) in [
            ("key.separator", &cfg.key_separator),
            ("headers.delimiter", &cfg.headers_delimiter),
            ("headers.separator", &cfg.headers_separator),
            ("headers.key.separator", &cfg.headers_key_separator),
        ] {
            if v.is_empty() {
                return Err(format!("{name} must not be empty"));
            }
        }
        if cfg.parse_headers {
            if cfg.headers_delimiter == cfg.headers_separator {
                return Err("headers.delimiter and headers.separator may not be equal".into());
            }
            if cfg.headers_delimiter == cfg.headers_key_separator {
                return Err("headers.delimiter and headers.key.separator may not be equal".into());
            }
            if cfg.headers_separator == cfg.headers_key_separator {
                return Err("headers.separator and headers.key.separator may not be equal".into());
            }
        }
        Ok(cfg)
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    match needle {
        [b] => rest.iter().position(|c| c == b).map(|i| i + from),
        _ => rest
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from),
    }
}

/// One parsed line: key and value borrow the input chunk; headers are slices of it.
#[derive(Debug, Default)]
pub struct ParsedLine<'a> {
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: Vec<Header>,
}

/// Turns lines into records, counting lines for error messages.
pub struct LineParser {
    cfg: LineReaderConfig,
    line_number: u64,
}

impl LineParser {
    pub fn new(cfg: LineReaderConfig) -> Self {
        LineParser {
            cfg,
            line_number: 0,
        }
    }

    /// Lines parsed so far (the number of the last one).
    pub fn line_number(&self) -> u64 {
        self.line_number
    }

    fn is_null(&self, v: &[u8]) -> bool {
        self.cfg.null_marker.as_deref().is_some_and(|m| m == v)
    }

    /// The line `chunk[start..end]` (without its terminator), or Kafka's error message.
    pub fn parse<'a>(
        &mut self,
        chunk: &'a Bytes,
        start: usize,
        end: usize,
    ) -> Result<ParsedLine<'a>, String> {
        self.line_number += 1;
        let l: &'a [u8] = chunk.get(start..end).unwrap_or_default();
        let mut at = 0;
        let mut headers = Vec::new();
        if self.cfg.parse_headers {
            match find(l, &self.cfg.headers_delimiter, 0) {
                Some(i) => {
                    headers = self.split_headers(&chunk.slice(start..end), i, l)?;
                    at = i + self.cfg.headers_delimiter.len();
                }
                None if self.cfg.ignore_error => {}
                None => return Err(self.missing("headers delimiter", l)),
            }
        }
        let mut key = None;
        if self.cfg.parse_key {
            match find(l, &self.cfg.key_separator, at) {
                Some(i) => {
                    let k = l.get(at..i).unwrap_or_default();
                    key = (!self.is_null(k)).then_some(k);
                    at = i + self.cfg.key_separator.len();
                }
                None if self.cfg.ignore_error => {}
                None => return Err(self.missing("key separator", l)),
            }
        }
        let value = l.get(at..).unwrap_or_default();
        let value = (!self.is_null(value)).then_some(value);
        Ok(ParsedLine {
            key,
            value,
            headers,
        })
    }

    fn missing(&self, what: &str, line: &[u8]) -> String {
        format!(
            "No {what} found on line number {}: '{}'",
            self.line_number,
            String::from_utf8_lossy(line)
        )
    }

    fn split_headers(&self, line: &Bytes, end: usize, l: &[u8]) -> Result<Vec<Header>, String> {
        let section = l.get(..end).unwrap_or_default();
        if self.is_null(section) {
            return Ok(Vec::new());
        }
        let sep = &self.cfg.headers_separator;
        let kv = &self.cfg.headers_key_separator;
        let mut pairs = Vec::new();
        let mut at = 0;
        loop {
            let stop = find(section, sep, at).unwrap_or(section.len());
            pairs.push(at..stop);
            if stop >= section.len() {
                break;
            }
            at = stop + sep.len();
        }
        // Java's String.split drops trailing empty pieces.
        while pairs.last().is_some_and(|r| r.is_empty()) {
            pairs.pop();
        }
        let mut out = Vec::with_capacity(pairs.len());
        for r in pairs {
            let pair = &section[r.clone()];
            match find(pair, kv, 0) {
                Some(i) => {
                    let key = line.slice(r.start..r.start + i);
                    if self.is_null(&key) {
                        return Err(format!(
                            "Header keys should not be equal to the null marker '{}' as they can't be null",
                            String::from_utf8_lossy(&key)
                        ));
                    }
                    let value = line.slice(r.start + i + kv.len()..r.end);
                    let value = (!self.is_null(&value)).then_some(value);
                    out.push(Header { key, value });
                }
                None if self.cfg.ignore_error => out.push(Header {
                    key: line.slice(r),
                    value: None,
                }),
                None => {
                    return Err(format!(
                        "No header key separator found in pair '{}' on line number {}",
                        String::from_utf8_lossy(pair),
                        self.line_number
                    ));
                }
            }
        }
        Ok(out)
    }
}

const READ_SIZE: usize = 256 << 10;

/// Read stdin on a thread in large chunks and send the complete lines of each chunk to the
/// async side, which parses them there: slices of a chunk stay on one thread, so per-line
/// reference counting never bounces between cores. With `prompt` (a terminal), print Kafka's
/// `>` before each read.
pub fn spawn_stdin_reader(
    tx: mpsc::Sender<Result<Bytes, String>>,
    prompt: bool,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut buf = BytesMut::with_capacity(READ_SIZE * 2);
        loop {
            if prompt {
                let mut so = std::io::stdout().lock();
                let _ = so.write_all(b">").and_then(|_| so.flush());
            }
            let start = buf.len();
            buf.resize(start + READ_SIZE, 0);
            let n = loop {
                match input.read(&mut buf[start..]) {
                    Ok(n) => break Ok(n),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => break Err(e),
                }
            };
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    let _ = tx.blocking_send(Err(format!("cannot read standard input: {e}")));
                    return;
                }
            };
            buf.truncate(start + n);
            let eof = n == 0;
            // Everything up to the last newline (or all of it at EOF) is complete lines.
            let cut = if eof {
                buf.len()
            } else {
                buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
            };
            if cut > 0 && tx.blocking_send(Ok(buf.split_to(cut).freeze())).is_err() {
                return;
            }
            if eof {
                return;
            }
        }
    })
}

/// The lines of a chunk as `(start, end)` without terminators (`\n` or `\r\n`); the last line
/// may lack its newline.
pub fn lines(chunk: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= chunk.len() {
            return None;
        }
        let rest = chunk.get(at..)?;
        let nl = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(chunk.len(), |i| at + i);
        let mut end = nl;
        if end > at && chunk.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let line = (at, end);
        at = nl + 1;
        Some(line)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parser(props: &[&str]) -> LineParser {
        let mut p = Properties::new();
        p.extend_pairs(props.iter().copied()).unwrap();
        LineParser::new(LineReaderConfig::from_properties(&p).unwrap())
    }

    fn parse_one<'a>(p: &mut LineParser, line: &'a Bytes) -> Result<ParsedLine<'a>, String> {
        p.parse(line, 0, line.len())
    }

    #[test]
    fn value_only_by_default() {
        let line = Bytes::from_static(b"a\tb");
        let r = parse_one(&mut parser(&[]), &line).unwrap();
        assert_eq!(r.key, None);
        assert_eq!(r.value, Some(&b"a\tb"[..]));
    }

    #[test]
    fn key_and_headers() {
        let mut p = parser(&["parse.key=true", "parse.headers=true"]);
        let line = Bytes::from_static(b"h1:v1,h1:v2,h3:\tk\tval\tue");
        let r = parse_one(&mut p, &line).unwrap();
        assert_eq!(r.key, Some(&b"k"[..]));
        assert_eq!(r.value, Some(&b"val\tue"[..]));
        let hs: Vec<(&[u8], Option<&[u8]>)> = r
            .headers
            .iter()
            .map(|h| (&h.key[..], h.value.as_deref()))
            .collect();
        assert_eq!(
            hs,
            [
                (&b"h1"[..], Some(&b"v1"[..])),
                (&b"h1"[..], Some(&b"v2"[..])),
                (&b"h3"[..], Some(&b""[..]))
            ]
        );
    }

    #[test]
    fn missing_separator_is_kafkas_error_unless_ignored() {
        let mut p = parser(&["parse.key=true"]);
        parse_one(&mut p, &Bytes::from_static(b"k\tv")).unwrap();
        assert_eq!(
            parse_one(&mut p, &Bytes::from_static(b"novalue"))
                .err()
                .as_deref(),
            Some("No key separator found on line number 2: 'novalue'")
        );
        let mut p = parser(&["parse.key=true", "ignore.error=true"]);
        let line = Bytes::from_static(b"novalue");
        let r = parse_one(&mut p, &line).unwrap();
        assert_eq!((r.key, r.value), (None, Some(&b"novalue"[..])));
    }

    #[test]
    fn null_marker_makes_nulls() {
        let mut p = parser(&["parse.key=true", "null.marker=<null>", "key.separator=::"]);
        let line = Bytes::from_static(b"<null>::<null>");
        let r = parse_one(&mut p, &line).unwrap();
        assert_eq!((r.key, r.value), (None, None));
    }

    #[test]
    fn equal_separators_are_rejected() {
        let mut props = Properties::new();
        props
            .extend_pairs(["parse.headers=true", "headers.separator=\t"])
            .unwrap();
        assert_eq!(
            LineReaderConfig::from_properties(&props).err().as_deref(),
            Some("headers.delimiter and headers.separator may not be equal")
        );
    }

    #[test]
    fn chunks_split_on_newlines_and_strip_cr() {
        let chunk = b"a\r\nb\n\nc";
        let got: Vec<&[u8]> = lines(chunk).map(|(s, e)| &chunk[s..e]).collect();
        assert_eq!(got, [&b"a"[..], b"b", b"", b"c"]);
        assert_eq!(lines(b"x\n").count(), 1);
        assert_eq!(lines(b"").count(), 0);
    }
}
