//! Log tests for direct appends: padding, crash recovery, clean stops, rolls.

use super::*;
use crate::log::direct::{BLOCK, DIRECT_MIN};

/// Whether `dir`'s file system takes O_DIRECT (tmpfs may not: then the log writes buffered).
fn direct_io_works(dir: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_DIRECT)
        .open(dir.join("probe"))
        .is_ok()
}

/// A batch of 3 records large enough to be written direct.
fn big_batch(ts: i64) -> bytes::BytesMut {
    crate::log::batch::tests::make_batch_with(3, ts, Some(DIRECT_MIN / 3 + 1000))
}

#[test]
fn direct_writes_lose_nothing_across_a_crash_and_leave_no_padding_after_a_clean_stop() {
    let dir = tempfile::tempdir().unwrap();
    let seg_path = dir.path().join("00000000000000000000.log");
    let direct = direct_io_works(dir.path());
    let logical;
    {
        let mut log = open(dir.path(), cfg(16 << 20), false);
        // Large (direct) and small (buffered) appends interleaved.
        for i in 0..7 {
            let b = if i % 3 == 2 {
                make_batch(3, i)
            } else {
                big_batch(i)
            };
            log.append(&b, 0, 0).unwrap();
        }
        // Not flushed, not closed: the process dies right after the appends.
        logical = log.size_bytes();
    }
    let on_disk = std::fs::metadata(&seg_path).unwrap().len();
    if direct {
        // The last append was direct: zeros follow up to the block boundary.
        assert_eq!(on_disk % BLOCK as u64, 0);
        assert!(on_disk > logical && on_disk - logical < BLOCK as u64);
    } else {
        assert_eq!(on_disk, logical);
    }
    // Recovery keeps every appended batch (they reached the file before the crash) and cuts
    // the zeros off.
    let mut log = open(dir.path(), cfg(16 << 20), false);
    assert_eq!(log.log_end_offset(), 21);
    assert_eq!(std::fs::metadata(&seg_path).unwrap().len(), logical);
    flush(&mut log);
    assert_eq!(read_all(&log, 0).len(), 7);
    // Appends go on from the recovered partial block; a clean stop leaves no padding.
    log.append(&big_batch(7), 0, 0).unwrap();
    log.append(&make_batch(3, 8), 0, 0).unwrap();
    log.append(&big_batch(9), 0, 0).unwrap();
    flush(&mut log);
    let logical = log.size_bytes();
    log.close().unwrap();
    drop(log);
    assert_eq!(std::fs::metadata(&seg_path).unwrap().len(), logical);
    let log = open(dir.path(), cfg(16 << 20), true);
    assert_eq!(log.log_end_offset(), 30);
    let hs = read_all(&log, 0);
    assert_eq!(hs.len(), 10);
    assert_eq!(hs.last().unwrap().base_offset, 27);
    // The bytes read back are the bytes appended (CRCs checked by read_all).
    assert_eq!(hs.iter().map(|h| h.max_timestamp).max(), Some(9 + 2));
}

#[test]
fn sealed_segments_end_at_their_last_batch_with_or_without_direct_writes() {
    for direct_io in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let one = big_batch(0).len() as u64;
        let c = LogConfig {
            direct_io,
            ..cfg(one * 2)
        };
        let mut log = open(dir.path(), c, false);
        for i in 0..5 {
            log.append(&big_batch(i), 0, 0).unwrap();
        }
        flush(&mut log);
        assert_eq!(log.segment_bases(), vec![0, 6, 12]);
        for base in [0, 6] {
            let path = dir.path().join(segment::file_name(base, "log"));
            assert_eq!(
                std::fs::metadata(&path).unwrap().len(),
                one * 2,
                "direct_io={direct_io}"
            );
        }
        let active = dir.path().join(segment::file_name(12, "log"));
        let len = std::fs::metadata(&active).unwrap().len();
        if direct_io && direct_io_works(dir.path()) {
            assert_eq!(len, one.div_ceil(BLOCK as u64) * BLOCK as u64);
        } else {
            assert_eq!(len, one);
        }
        assert_eq!(read_all(&log, 0).len(), 5);
    }
}
