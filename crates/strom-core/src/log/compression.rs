//! Recompressing a batch for `compression.type` other than `producer`. The records section of
//! a v2 batch is compressed as a whole, independently of the record encoding, so recompression
//! swaps that section and fixes the header (codec bits, length, CRC) without touching records.

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::compression::{
    Compressor, Decompressor, Gzip, Lz4, None as Plain, Snappy, Zstd,
};

use super::batch::{self, BatchHeader, HEADER_LEN, LOG_OVERHEAD};

#[derive(Debug, thiserror::Error)]
pub enum CompressionError {
    #[error("unknown compression codec {0}")]
    UnknownCodec(i16),
    #[error("cannot decompress the record batch")]
    Decompress(#[source] anyhow::Error),
    #[error("decompressed records exceed {limit} bytes")]
    TooLarge { limit: usize },
    #[error("cannot compress the record batch")]
    Compress(#[source] anyhow::Error),
}

/// The codec id for a `compression.type` value; `None` for `producer`.
pub fn codec_for(compression_type: &str) -> Option<i16> {
    match compression_type {
        "uncompressed" => Some(0),
        "gzip" => Some(1),
        "snappy" => Some(2),
        "lz4" => Some(3),
        "zstd" => Some(4),
        _ => None,
    }
}

pub(crate) fn decompress(codec: i16, data: Bytes) -> Result<Bytes, CompressionError> {
    let mut data = data;
    let take = |b: &mut Bytes| Ok(b.clone());
    let out = match codec {
        0 => return Ok(data),
        1 => Gzip::decompress(&mut data, take),
        2 => Snappy::decompress(&mut data, take),
        3 => Lz4::decompress(&mut data, take),
        4 => Zstd::decompress(&mut data, take),
        other => return Err(CompressionError::UnknownCodec(other)),
    };
    out.map_err(CompressionError::Decompress)
}

pub(crate) fn compress(codec: i16, raw: &[u8], out: &mut BytesMut) -> Result<(), CompressionError> {
    let fill = |tmp: &mut BytesMut| {
        tmp.extend_from_slice(raw);
        Ok(())
    };
    let res = match codec {
        0 => Plain::compress(out, fill),
        1 => Gzip::compress(out, fill),
        2 => Snappy::compress(out, fill),
        3 => Lz4::compress(out, fill),
        4 => Zstd::compress(out, fill),
        other => return Err(CompressionError::UnknownCodec(other)),
    };
    res.map_err(CompressionError::Compress)
}

/// Rewrite one validated batch with codec `target`. `limit` bounds the decompressed size (a
/// small compressed batch must not expand into gigabytes).
pub fn recompress(
    batch: &[u8],
    h: &BatchHeader,
    target: i16,
    limit: usize,
) -> Result<BytesMut, CompressionError> {
    let total = h.total_size().min(batch.len());
    let payload = Bytes::copy_from_slice(batch.get(HEADER_LEN..total).unwrap_or_default());
    let raw = decompress(h.compression(), payload)?;
    if raw.len() > limit {
        return Err(CompressionError::TooLarge { limit });
    }
    let mut out = BytesMut::with_capacity(HEADER_LEN + raw.len() / 2 + 64);
    out.put_slice(batch.get(..HEADER_LEN).unwrap_or_default());
    compress(target, &raw, &mut out)?;
    let batch_length = (out.len() - LOG_OVERHEAD) as i32;
    out[8..12].copy_from_slice(&batch_length.to_be_bytes());
    let attrs = (h.attributes & !0x7) | target;
    out[21..23].copy_from_slice(&attrs.to_be_bytes());
    let crc = batch::compute_crc(&out);
    out[17..21].copy_from_slice(&crc.to_be_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::batch::tests::make_batch;

    #[test]
    fn every_codec_round_trips_through_kafka_protocols_decoder() {
        let original = make_batch(50, 7);
        let h = batch::validate(&original).unwrap();
        for codec in 1..=4 {
            let c = recompress(&original, &h, codec, 1 << 20).unwrap();
            let ch = batch::validate(&c).unwrap();
            assert_eq!(ch.compression(), codec);
            assert_eq!(ch.record_count, 50);
            let back = recompress(&c, &ch, 0, 1 << 20).unwrap();
            assert_eq!(&back[..], &original[..], "codec {codec}");
            let mut bytes = c.freeze();
            let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
            assert_eq!(set.records.len(), 50);
        }
    }

    #[test]
    fn expansion_is_bounded() {
        let original = make_batch(50, 7);
        let h = batch::validate(&original).unwrap();
        let gz = recompress(&original, &h, 1, 1 << 20).unwrap();
        let gh = batch::validate(&gz).unwrap();
        assert!(matches!(
            recompress(&gz, &gh, 0, 10),
            Err(CompressionError::TooLarge { .. })
        ));
    }
}
