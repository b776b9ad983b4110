//! Zig-zag varints as used inside v2 records (protobuf style, as Kafka's `ByteUtils`).

use bytes::BufMut;

/// Append a zig-zag varint of a 32-bit value.
pub fn put_varint(buf: &mut impl BufMut, v: i32) {
    put_uvarint(buf, ((v << 1) ^ (v >> 31)) as u32 as u64);
}

/// Append a zig-zag varint of a 64-bit value.
pub fn put_varlong(buf: &mut impl BufMut, v: i64) {
    put_uvarint(buf, ((v << 1) ^ (v >> 63)) as u64);
}

fn put_uvarint(buf: &mut impl BufMut, mut v: u64) {
    while v >= 0x80 {
        buf.put_u8((v as u8) | 0x80);
        v >>= 7;
    }
    buf.put_u8(v as u8);
}

/// Bytes a zig-zag varint of `v` takes.
pub fn varint_len(v: i32) -> usize {
    uvarint_len(((v << 1) ^ (v >> 31)) as u32 as u64)
}

/// Bytes a zig-zag varlong of `v` takes.
pub fn varlong_len(v: i64) -> usize {
    uvarint_len(((v << 1) ^ (v >> 63)) as u64)
}

fn uvarint_len(v: u64) -> usize {
    let bits = 64 - (v | 1).leading_zeros() as usize;
    bits.div_ceil(7)
}

/// A cursor over a byte slice for reading records; every read is bounds-checked.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    fn uvarint(&mut self, max_bytes: usize) -> Option<u64> {
        let mut out = 0u64;
        for i in 0..max_bytes {
            let b = *self.buf.get(self.pos)?;
            self.pos += 1;
            out |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Some(out);
            }
        }
        None
    }

    /// A zig-zag varint (at most 5 bytes).
    pub fn varint(&mut self) -> Option<i32> {
        let u = self.uvarint(5)? as u32;
        Some(((u >> 1) as i32) ^ -((u & 1) as i32))
    }

    /// A zig-zag varlong (at most 10 bytes).
    pub fn varlong(&mut self) -> Option<i64> {
        let u = self.uvarint(10)?;
        Some(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    pub fn u8(&mut self) -> Option<u8> {
        let b = *self.buf.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// `n` bytes as a range into the underlying slice.
    pub fn take(&mut self, n: usize) -> Option<std::ops::Range<usize>> {
        let end = self.pos.checked_add(n)?;
        if end > self.buf.len() {
            return None;
        }
        let r = self.pos..end;
        self.pos = end;
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_edge_values() {
        for v in [0i32, 1, -1, 63, -64, 64, 300, i32::MAX, i32::MIN] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            assert_eq!(b.len(), varint_len(v), "len of {v}");
            assert_eq!(Reader::new(&b).varint(), Some(v));
        }
        for v in [0i64, -1, 1 << 40, i64::MAX, i64::MIN] {
            let mut b = Vec::new();
            put_varlong(&mut b, v);
            assert_eq!(b.len(), varlong_len(v), "len of {v}");
            assert_eq!(Reader::new(&b).varlong(), Some(v));
        }
    }

    #[test]
    fn known_encodings() {
        let mut b = Vec::new();
        put_varint(&mut b, -1);
        put_varint(&mut b, 1);
        put_varint(&mut b, 150);
        assert_eq!(b, [0x01, 0x02, 0xac, 0x02]);
    }

    #[test]
    fn truncated_and_overlong_inputs_fail() {
        assert_eq!(Reader::new(&[0x80]).varint(), None);
        assert_eq!(
            Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).varint(),
            None
        );
        assert_eq!(Reader::new(&[1, 2]).take(3), None);
    }
}
