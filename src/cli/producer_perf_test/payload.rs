//! Record values for the producer perf test, chosen as Kafka's `ProducerPerformance` chooses
//! them: `--record-size` refills the value with random `A`–`Z` bytes for every record,
//! `--payload-file` picks one of the file's payloads at random, `--payload-monotonic` sends
//! the record number as decimal text.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;

/// A small, fast generator (xorshift64*): the values need to be varied, not unpredictable.
#[derive(Debug, Clone)]
pub struct FastRng(u64);

impl FastRng {
    /// Seeded from the process's random hasher keys, so runs differ.
    pub fn new() -> FastRng {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x9e37_79b9_7f4a_7c15);
        FastRng(h.finish() | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`; the tiny modulo bias does not matter here).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 32) as usize * n) >> 32
    }
}

impl Default for FastRng {
    fn default() -> Self {
        FastRng::new()
    }
}

/// Where the values come from.
#[derive(Debug)]
pub enum Payloads {
    Random { buf: Vec<u8>, rng: FastRng },
    File { list: Vec<Vec<u8>>, rng: FastRng },
    Monotonic { buf: String },
}

impl Payloads {
    pub fn random(size: usize) -> Payloads {
        Payloads::Random {
            buf: vec![b'A'; size],
            rng: FastRng::new(),
        }
    }

    pub fn monotonic() -> Payloads {
        Payloads::Monotonic { buf: String::new() }
    }

    /// Payloads from a file split on `delimiter` (`\n` written as the two characters `\n`
    /// means a newline, as in Kafka). Empty trailing payloads are dropped, as Java's
    /// `String.split` drops them.
    pub fn from_file(path: &Path, delimiter: &str) -> anyhow::Result<Payloads> {
        let text = std::fs::read(path)
            .with_context(|| format!("cannot read payload file {}", path.display()))?;
        let list = split_payloads(&text, delimiter);
        if list.is_empty() {
            anyhow::bail!("no payloads found in {}", path.display());
        }
        Ok(Payloads::File {
            list,
            rng: FastRng::new(),
        })
    }

    /// How many payloads a file gave (for Kafka's `Number of messages read: N`).
    pub fn file_count(&self) -> Option<usize> {
        match self {
            Payloads::File { list, .. } => Some(list.len()),
            _ => None,
        }
    }

    /// The value of record number `i`.
    pub fn next(&mut self, i: u64) -> &[u8] {
        match self {
            Payloads::Random { buf, rng } => {
                fill_letters(buf, rng);
                buf
            }
            Payloads::File { list, rng } => {
                let n = list.len();
                if n == 0 {
                    return &[];
                }
                let k = rng.below(n);
                list.get(k).map_or(&[], Vec::as_slice)
            }
            Payloads::Monotonic { buf } => {
                buf.clear();
                let _ = write!(buf, "{i}");
                buf.as_bytes()
            }
        }
    }
}

/// Fill `buf` with random letters `A`–`Z`, eight per random word.
pub fn fill_letters(buf: &mut [u8], rng: &mut FastRng) {
    let mut chunks = buf.chunks_exact_mut(8);
    for chunk in &mut chunks {
        let word = rng.next_u64().to_le_bytes();
        for (b, r) in chunk.iter_mut().zip(word) {
            *b = letter(r);
        }
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let word = rng.next_u64().to_le_bytes();
        for (b, r) in rest.iter_mut().zip(word) {
            *b = letter(r);
        }
    }
}

fn letter(r: u8) -> u8 {
    // (r * 26) / 256 is in 0..26.
    b'A' + ((u16::from(r) * 26) >> 8) as u8
}

/// Split `text` on `delimiter`, dropping trailing empty pieces.
pub fn split_payloads(text: &[u8], delimiter: &str) -> Vec<Vec<u8>> {
    let delim = if delimiter == "\\n" { "\n" } else { delimiter };
    let delim = delim.as_bytes();
    let mut out: Vec<Vec<u8>> = Vec::new();
    if delim.is_empty() {
        // Java splits on the empty regex between every character.
        out.extend(
            String::from_utf8_lossy(text)
                .chars()
                .map(|c| c.to_string().into_bytes()),
        );
        return out;
    }
    let mut rest = text;
    while let Some(pos) = find(rest, delim) {
        out.push(rest.get(..pos).unwrap_or_default().to_vec());
        rest = rest.get(pos + delim.len()..).unwrap_or_default();
    }
    out.push(rest.to_vec());
    while out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn random_values_are_letters_and_change() {
        let mut p = Payloads::random(100);
        let a = p.next(0).to_vec();
        assert_eq!(a.len(), 100);
        assert!(a.iter().all(u8::is_ascii_uppercase));
        let b = p.next(1).to_vec();
        assert_ne!(a, b);
        let mut rng = FastRng::new();
        let mut seen = [false; 26];
        let mut buf = [0u8; 4096];
        fill_letters(&mut buf, &mut rng);
        for b in buf {
            seen[usize::from(b - b'A')] = true;
        }
        assert!(seen.iter().all(|&s| s), "every letter appears");
    }

    #[test]
    fn monotonic_values_count() {
        let mut p = Payloads::monotonic();
        assert_eq!(p.next(0), b"0");
        assert_eq!(p.next(1234), b"1234");
    }

    #[test]
    fn files_split_like_java() {
        assert_eq!(
            split_payloads(b"a\nbb\n\nc\n\n", "\\n"),
            vec![b"a".to_vec(), b"bb".to_vec(), Vec::new(), b"c".to_vec()]
        );
        assert_eq!(
            split_payloads(b"x||y", "||"),
            vec![b"x".to_vec(), b"y".to_vec()]
        );
        assert!(split_payloads(b"\n\n", "\\n").is_empty());
    }
}
