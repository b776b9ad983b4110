//! Log tests: append, read, roll, recovery from torn tails and lost indexes, timestamps.

use std::io::Write;

use super::batch::tests::make_batch;
use super::*;
use crate::config::topic::LogConfig;

fn cfg(segment_bytes: u64) -> LogConfig {
    LogConfig {
        segment_bytes,
        index_interval_bytes: 64,
        ..LogConfig::default()
    }
}

fn open(dir: &Path, c: LogConfig, clean: bool) -> Log {
    Log::open(
        dir,
        "t",
        0,
        c,
        true,
        OpenOptions {
            clean_shutdown: clean,
            now_ms: 0,
            ..Default::default()
        },
    )
    .unwrap()
}

fn flush(log: &mut Log) {
    if let Some(job) = log.flush_job() {
        job.run().unwrap();
        log.complete_flush(&job);
    }
}

/// Append `n` batches of 3 records with timestamps 1000*i.., return the base offsets.
fn fill(log: &mut Log, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let mut b = make_batch(3, 1000 * i as i64);
            log.append(&mut b, 0, 0).unwrap().base_offset
        })
        .collect()
}

fn read_all(log: &Log, from: i64) -> Vec<batch::BatchHeader> {
    let mut out = Vec::new();
    let mut next = from;
    while let Some(plan) = log.plan_read(next).unwrap() {
        let bytes = plan.read(1 << 20, true).unwrap();
        let mut at = 0;
        while at < bytes.len() {
            let h = batch::validate(&bytes[at..]).unwrap();
            at += h.total_size();
            next = h.last_offset() + 1;
            out.push(h);
        }
    }
    out
}

#[test]
fn offsets_are_dense_and_reads_follow_the_high_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), cfg(1 << 20), false);
    assert_eq!(fill(&mut log, 4), vec![0, 3, 6, 9]);
    assert_eq!(log.log_end_offset(), 12);
    // Nothing is visible until the group commit ran.
    assert_eq!(log.high_watermark(), 0);
    assert!(log.plan_read(0).unwrap().is_none());
    flush(&mut log);
    assert_eq!(log.high_watermark(), 12);
    let hs = read_all(&log, 4);
    assert_eq!(
        hs.first().unwrap().base_offset,
        3,
        "the containing batch is returned"
    );
    assert_eq!(hs.len(), 3);
    assert!(matches!(
        log.plan_read(13),
        Err(LogError::OffsetOutOfRange { .. })
    ));
}

#[test]
fn segments_roll_by_size_and_reads_cross_them() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    let mut log = open(dir.path(), cfg(one * 2), false);
    fill(&mut log, 7);
    flush(&mut log);
    assert_eq!(log.segment_bases(), vec![0, 6, 12, 18]);
    assert_eq!(read_all(&log, 0).len(), 7);
    assert_eq!(read_all(&log, 13).first().unwrap().base_offset, 12);
    assert!(dir.path().join("00000000000000000006.log").exists());
}

#[test]
fn reopen_after_clean_close_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    {
        let mut log = open(dir.path(), cfg(one * 3), false);
        fill(&mut log, 10);
        flush(&mut log);
        log.close().unwrap();
    }
    let log = open(dir.path(), cfg(one * 3), true);
    assert_eq!(log.log_end_offset(), 30);
    assert_eq!(log.high_watermark(), 30);
    assert_eq!(read_all(&log, 0).len(), 10);
}

#[test]
fn torn_and_garbage_tails_are_truncated_at_the_last_valid_batch() {
    let dir = tempfile::tempdir().unwrap();
    let seg_path = dir.path().join("00000000000000000000.log");
    let valid_len;
    {
        let mut log = open(dir.path(), cfg(1 << 20), false);
        fill(&mut log, 5);
        flush(&mut log);
        valid_len = std::fs::metadata(&seg_path).unwrap().len();
    }
    // A torn copy of a batch, then garbage.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&seg_path)
        .unwrap();
    let torn = make_batch(3, 0);
    f.write_all(&torn[..torn.len() - 5]).unwrap();
    f.write_all(&[0xab; 333]).unwrap();
    drop(f);
    let mut log = open(dir.path(), cfg(1 << 20), false);
    assert_eq!(std::fs::metadata(&seg_path).unwrap().len(), valid_len);
    assert_eq!(log.log_end_offset(), 15);
    assert_eq!(read_all(&log, 0).len(), 5);
    // Appends continue at the next offset.
    let mut b = make_batch(1, 0);
    assert_eq!(log.append(&mut b, 0, 0).unwrap().base_offset, 15);
    // Recovery is idempotent.
    flush(&mut log);
    drop(log);
    let log = open(dir.path(), cfg(1 << 20), false);
    assert_eq!(log.log_end_offset(), 16);
}

#[test]
fn a_flipped_byte_truncates_from_that_batch_and_drops_later_segments() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    {
        let mut log = open(dir.path(), cfg(one * 2), false);
        fill(&mut log, 6);
        flush(&mut log);
    }
    // Corrupt the second batch of the middle segment (offsets 9..11).
    let p = dir.path().join("00000000000000000006.log");
    let mut bytes = std::fs::read(&p).unwrap();
    let i = one as usize + 70;
    bytes[i] ^= 0x55;
    std::fs::write(&p, &bytes).unwrap();
    let log = Log::open(
        dir.path(),
        "t",
        0,
        cfg(one * 2),
        true,
        OpenOptions {
            recovery_point: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(log.log_end_offset(), 9);
    assert_eq!(log.segment_bases(), vec![0, 6]);
    assert!(!dir.path().join("00000000000000000012.log").exists());
}

#[test]
fn deleted_and_corrupt_indexes_are_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    {
        let mut log = open(dir.path(), cfg(one * 4), false);
        fill(&mut log, 12);
        flush(&mut log);
        log.close().unwrap();
    }
    std::fs::remove_file(dir.path().join("00000000000000000000.index")).unwrap();
    std::fs::write(dir.path().join("00000000000000000012.timeindex"), [1u8; 7]).unwrap();
    let log = open(dir.path(), cfg(one * 4), true);
    assert_eq!(log.log_end_offset(), 36);
    assert_eq!(read_all(&log, 17).first().unwrap().base_offset, 15);
    assert_eq!(log.offset_for_timestamp(5001).unwrap(), Some((5001, 16)));
    assert_eq!(
        std::fs::metadata(dir.path().join("00000000000000000012.timeindex"))
            .unwrap()
            .len()
            % 12,
        0
    );
}

#[test]
fn timestamps_find_the_first_record_at_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), cfg(1 << 20), false);
    fill(&mut log, 6); // batch i has timestamps 1000i, 1000i+1, 1000i+2
    flush(&mut log);
    assert_eq!(log.offset_for_timestamp(0).unwrap(), Some((0, 0)));
    assert_eq!(log.offset_for_timestamp(2001).unwrap(), Some((2001, 7)));
    assert_eq!(log.offset_for_timestamp(2003).unwrap(), Some((3000, 9)));
    assert_eq!(log.offset_for_timestamp(9999).unwrap(), None);
    assert_eq!(log.max_timestamp_offset().unwrap(), Some((5002, 17)));
}

#[test]
fn delete_records_moves_the_start_and_drops_whole_segments() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    let mut log = open(dir.path(), cfg(one * 2), false);
    fill(&mut log, 6);
    flush(&mut log);
    assert_eq!(log.delete_records_before(7).unwrap(), 7);
    assert_eq!(log.segment_bases(), vec![6, 12]);
    assert!(matches!(
        log.plan_read(5),
        Err(LogError::OffsetOutOfRange { .. })
    ));
    assert_eq!(read_all(&log, 7).first().unwrap().base_offset, 6);
    assert!(log.delete_records_before(100).is_err());
    // Timestamps before the new start resolve to the first record kept, as in Kafka.
    assert_eq!(log.offset_for_timestamp(0).unwrap(), Some((2001, 7)));
}

#[test]
fn log_append_time_is_stamped() {
    let dir = tempfile::tempdir().unwrap();
    let c = LogConfig {
        log_append_time: true,
        ..cfg(1 << 20)
    };
    let mut log = Log::open(dir.path(), "t", 0, c, false, OpenOptions::default()).unwrap();
    let mut b = make_batch(2, 5);
    let info = log.append(&mut b, 3, 777).unwrap();
    assert_eq!(info.log_append_time, 777);
    let h = read_all(&log, 0).remove(0);
    assert!(h.is_log_append_time());
    assert_eq!(h.max_timestamp, 777);
    assert_eq!(h.partition_leader_epoch, 3);
}

#[test]
fn segment_ms_counts_from_record_timestamps_like_kafka() {
    let dir = tempfile::tempdir().unwrap();
    let c = LogConfig {
        segment_ms: 1000,
        ..cfg(1 << 20)
    };
    let mut log = open(dir.path(), c, false);
    // Old timestamps alone do not roll: only the spread between batches counts.
    let mut b = make_batch(1, 5);
    log.append(&mut b, 0, 1_000_000).unwrap();
    let mut b = make_batch(1, 900);
    log.append(&mut b, 0, 1_000_000).unwrap();
    assert_eq!(log.segment_count(), 1);
    let mut b = make_batch(1, 2000);
    log.append(&mut b, 0, 1_000_000).unwrap();
    assert_eq!(log.segment_bases(), vec![0, 2]);
}

#[test]
fn retention_by_size_and_time_deletes_whole_old_segments() {
    let dir = tempfile::tempdir().unwrap();
    let one = make_batch(3, 0).len() as u64;
    // Two batches per segment; keep at most three batches' worth of bytes.
    let c = LogConfig {
        retention_bytes: (one * 3) as i64,
        retention_ms: -1,
        ..cfg(one * 2)
    };
    let mut log = open(dir.path(), c, false);
    fill(&mut log, 7); // segments at 0, 6, 12, 18(active, 1 batch)
    // Nothing past the high watermark is ever deleted.
    assert_eq!(log.apply_retention(0).unwrap(), 0);
    flush(&mut log);
    assert_eq!(log.apply_retention(0).unwrap(), 2);
    assert_eq!(log.segment_bases(), vec![12, 18]);
    assert_eq!(log.log_start_offset(), 12);
    assert!(dir.path().join("00000000000000000000.log.deleted").exists());
    assert_eq!(log.take_deleted_files().len(), 6);
    assert!(matches!(
        log.plan_read(3),
        Err(LogError::OffsetOutOfRange { .. })
    ));

    // By time: every batch timestamp (1000i..) is older than 1 s before now = 1_000_000.
    let c = LogConfig {
        retention_ms: 1000,
        retention_bytes: -1,
        ..cfg(one * 2)
    };
    log.set_config(c);
    assert_eq!(log.apply_retention(1_000_000).unwrap(), 2);
    // The expired active segment was rolled: an empty active segment remains at the end.
    assert_eq!(log.segment_bases(), vec![21]);
    assert_eq!(log.log_start_offset(), 21);
    let mut b = make_batch(1, 0);
    assert_eq!(log.append(&mut b, 0, 0).unwrap().base_offset, 21);
    // compact-only topics are not touched by retention.
    flush(&mut log);
    log.set_config(LogConfig {
        delete: false,
        compact: true,
        retention_ms: 0,
        ..cfg(one * 2)
    });
    assert_eq!(log.apply_retention(i64::MAX / 2).unwrap(), 0);
}
