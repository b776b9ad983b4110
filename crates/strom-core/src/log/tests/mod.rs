//! Log tests: append, read, roll, recovery from torn tails and lost indexes, timestamps.

mod direct;

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
            let b = make_batch(3, 1000 * i as i64);
            log.append(&b, 0, 0).unwrap().base_offset
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
        // The log's own size: with direct writes the file runs on in zeros to a block boundary.
        valid_len = log.size_bytes();
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
    let b = make_batch(1, 0);
    assert_eq!(log.append(&b, 0, 0).unwrap().base_offset, 15);
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
    let b = make_batch(2, 5);
    let info = log.append(&b, 3, 777).unwrap();
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
    let b = make_batch(1, 5);
    log.append(&b, 0, 1_000_000).unwrap();
    let b = make_batch(1, 900);
    log.append(&b, 0, 1_000_000).unwrap();
    assert_eq!(log.segment_count(), 1);
    let b = make_batch(1, 2000);
    log.append(&b, 0, 1_000_000).unwrap();
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
    let b = make_batch(1, 0);
    assert_eq!(log.append(&b, 0, 0).unwrap().base_offset, 21);
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

fn keyed(records: &[(&str, Option<&str>)], ts: i64) -> bytes::BytesMut {
    use kafka_protocol::records::*;
    let recs: Vec<Record> = records
        .iter()
        .enumerate()
        .map(|(i, (k, v))| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            sequence: i as i32 - 1,
            timestamp: ts,
            key: Some(bytes::Bytes::from(k.to_string())),
            value: v.map(|v| bytes::Bytes::from(v.to_string())),
            headers: Default::default(),
        })
        .collect();
    let mut buf = bytes::BytesMut::new();
    RecordBatchEncoder::encode(
        &mut buf,
        recs.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::Gzip,
        },
    )
    .unwrap();
    buf
}

/// Every (offset, key, value) in the log, through kafka-protocol's decoder.
fn contents(log: &Log) -> Vec<(i64, String, Option<String>)> {
    let mut out = Vec::new();
    let mut next = log.log_start_offset();
    while let Some(plan) = log.plan_read(next).unwrap() {
        let mut bytes = plan.read(1 << 20, true).unwrap();
        if bytes.is_empty() {
            break;
        }
        while !bytes.is_empty() {
            let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
            for r in set.records {
                next = r.offset + 1;
                let k = String::from_utf8(r.key.unwrap().to_vec()).unwrap();
                let v = r.value.map(|v| String::from_utf8(v.to_vec()).unwrap());
                out.push((r.offset, k, v));
            }
        }
    }
    out
}

fn compact_cfg() -> LogConfig {
    // Tiny segments: every batch rolls a new one.
    LogConfig {
        compact: true,
        delete: false,
        segment_bytes: 50,
        min_cleanable_dirty_ratio: 0.1,
        ..cfg(50)
    }
}

#[test]
fn compaction_keeps_the_latest_value_per_key_and_preserves_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), compact_cfg(), false);
    for (i, v) in ["a1", "a2", "a3"].iter().enumerate() {
        let b = keyed(&[("a", Some(v)), ("b", Some(&format!("b{i}")))], 1000);
        log.append(&b, 0, 0).unwrap();
    }
    let b = keyed(&[("c", Some("c0"))], 1000);
    log.append(&b, 0, 0).unwrap(); // the active segment: never cleaned
    flush(&mut log);
    assert_eq!(
        log.segment_count(),
        4,
        "one batch per segment: {:?}",
        log.segment_bases()
    );
    let plan = log
        .cleaning_plan(None, 10_000)
        .expect("dirty enough to clean");
    let outcome = cleaner::build(&plan, 1000).unwrap();
    assert!(outcome.bytes_after < outcome.bytes_before);
    log.install_cleaned(&outcome).unwrap();
    let got = contents(&log);
    assert_eq!(
        got,
        vec![
            (4, "a".into(), Some("a3".into())),
            (5, "b".into(), Some("b2".into())),
            (6, "c".into(), Some("c0".into()))
        ]
    );
    // Offsets keep their gaps; a fetch in a gap lands on the next record.
    assert!(
        !log.plan_read(1)
            .unwrap()
            .unwrap()
            .read(1 << 20, true)
            .unwrap()
            .is_empty()
    );
    // The cleaned log survives a reopen (indexes were rebuilt).
    drop(log);
    let log = open(dir.path(), compact_cfg(), false);
    assert_eq!(contents(&log), got);
}

#[test]
fn tombstones_go_after_delete_retention_and_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let c = LogConfig {
        delete_retention_ms: 3_600_000,
        ..compact_cfg()
    };
    let mut log = open(dir.path(), c, false);
    let b = keyed(&[("a", Some("1")), ("b", Some("1"))], 1000);
    log.append(&b, 0, 0).unwrap();
    let b = keyed(&[("a", None)], 1000);
    log.append(&b, 0, 0).unwrap();
    let b = keyed(&[("z", Some("1")), ("y", Some("1"))], 1000);
    log.append(&b, 0, 0).unwrap();
    let b = keyed(&[("x", Some("1"))], 1000);
    log.append(&b, 0, 0).unwrap();
    flush(&mut log);
    let plan = log.cleaning_plan(None, 10_000).unwrap();
    let outcome = cleaner::build(&plan, 1000).unwrap();
    log.install_cleaned(&outcome).unwrap();
    let keys: Vec<(String, Option<String>)> =
        contents(&log).into_iter().map(|(_, k, v)| (k, v)).collect();
    assert!(
        keys.contains(&("a".into(), None)),
        "a fresh tombstone stays: {keys:?}"
    );
    assert!(!keys.contains(&("a".into(), Some("1".into()))));
    // The tombstone's batch now carries its delete horizon; its timestamp is unchanged.
    let mut bytes = log
        .plan_read(2)
        .unwrap()
        .unwrap()
        .read(1 << 20, true)
        .unwrap();
    let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
    let tomb = set
        .records
        .iter()
        .find(|r| r.offset == 2)
        .expect("tombstone");
    assert_eq!((tomb.timestamp, tomb.value.is_none()), (1000, true));
    // Lowering delete.retention.ms later does not move a stamped horizon (as in Kafka).
    let mut c = compact_cfg();
    c.delete_retention_ms = 0;
    log.set_config(c);
    let mut next_dirty = outcome.next_dirty;
    for (k, now, gone) in [("w", 20_000, false), ("v", 3_610_001, true)] {
        let b = keyed(&[(k, Some("1"))], 1000);
        log.append(&b, 0, 0).unwrap();
        flush(&mut log);
        let plan = log
            .cleaning_plan(Some(next_dirty), now)
            .expect("new dirty data");
        let outcome = cleaner::build(&plan, 1000).unwrap();
        next_dirty = outcome.next_dirty;
        log.install_cleaned(&outcome).unwrap();
        let keys: Vec<String> = contents(&log).into_iter().map(|(_, k, _)| k).collect();
        assert_eq!(!keys.contains(&"a".to_string()), gone, "at {now}: {keys:?}");
    }
}

#[test]
fn an_interrupted_swap_is_completed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), compact_cfg(), false);
    for v in ["1", "2", "3"] {
        let b = keyed(&[("k", Some(v)), ("j", Some(v))], 1000);
        log.append(&b, 0, 0).unwrap();
    }
    let b = keyed(&[("tail", Some("t"))], 1000);
    log.append(&b, 0, 0).unwrap();
    flush(&mut log);
    let plan = log.cleaning_plan(None, 10_000).unwrap();
    let outcome = cleaner::build(&plan, 1000).unwrap();
    // Crash after writing the cleaned copies: rename one to .swap and stop there.
    let first = &outcome.cleaned[0];
    let swap = format!(
        "{}.swap",
        dir.path()
            .join(segment::file_name(first.base, "log"))
            .display()
    );
    std::fs::rename(&first.path, &swap).unwrap();
    let expected_first: Vec<_> = {
        drop(log);
        let l = open(dir.path(), compact_cfg(), false);
        contents(&l)
    };
    assert!(
        !std::path::Path::new(&swap).exists(),
        "the swap was completed"
    );
    assert!(!dir.path().read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".cleaned")
    }));
    assert_eq!(expected_first.last().unwrap().1, "tail");
    // Every key's latest value is still there.
    for k in ["k", "j"] {
        assert!(
            expected_first
                .iter()
                .any(|(_, key, v)| key == k && v.as_deref() == Some("3")),
            "{expected_first:?}"
        );
    }
}

#[test]
fn nothing_is_cleaned_below_the_dirty_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let c = LogConfig {
        min_cleanable_dirty_ratio: 0.99,
        ..compact_cfg()
    };
    let mut log = open(dir.path(), c, false);
    for v in ["1", "2", "3"] {
        let b = keyed(&[("k", Some(v))], 1000);
        log.append(&b, 0, 0).unwrap();
    }
    flush(&mut log);
    let plan = log.cleaning_plan(None, 10_000).unwrap();
    let outcome = cleaner::build(&plan, 1000).unwrap();
    log.install_cleaned(&outcome).unwrap();
    // Everything below the next dirty offset is clean: the ratio now keeps the cleaner away.
    assert!(
        log.cleaning_plan(Some(outcome.next_dirty), 10_000)
            .is_none()
    );
}

#[test]
fn kafka_mode_flushes_by_flush_ms_and_flush_messages() {
    let dir = tempfile::tempdir().unwrap();
    let c = LogConfig {
        flush_ms: 100,
        flush_messages: 5,
        ..cfg(1 << 20)
    };
    let mut log = Log::open(
        dir.path(),
        "t",
        0,
        c,
        false,
        OpenOptions {
            now_ms: 1_000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!log.flush_due_by_time(2_000), "nothing unflushed");
    let b = make_batch(3, 0);
    log.append(&b, 0, 1_000).unwrap();
    // Kafka's behaviour: visible at once, durable later.
    assert_eq!(log.high_watermark(), 3);
    assert!(!log.flush_due_by_messages());
    assert!(log.flush_due_by_time(1_200));
    let b = make_batch(3, 0);
    log.append(&b, 0, 1_000).unwrap();
    assert!(log.flush_due_by_messages());
    flush(&mut log);
    assert_eq!(log.recovery_point(), 6);
    assert!(!log.flush_due_by_messages());
}

/// Many one-batch segments overwriting one key, then a segment size that lets them merge.
fn overwritten_log(dir: &Path) -> Log {
    let mut log = open(dir, compact_cfg(), false);
    for i in 0..20 {
        let b = keyed(&[("k", Some(&format!("v{i}")))], 1000);
        log.append(&b, 0, 0).unwrap();
    }
    let b = keyed(&[("z", Some("last-sealed"))], 1000);
    log.append(&b, 0, 0).unwrap();
    let b = keyed(&[("tail", Some("t"))], 1000);
    log.append(&b, 0, 0).unwrap(); // the active segment
    flush(&mut log);
    log.set_config(LogConfig {
        segment_bytes: 1 << 20,
        ..compact_cfg()
    });
    log
}

#[test]
fn compaction_merges_small_segments_into_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = overwritten_log(dir.path());
    assert_eq!(log.segment_count(), 22);
    let plan = log.cleaning_plan(None, 10_000).expect("dirty");
    let outcome = cleaner::build(&plan, 1000).unwrap();
    assert_eq!(outcome.cleaned.len(), 1, "one merged group");
    log.install_cleaned(&outcome).unwrap();
    assert_eq!(log.segment_bases(), vec![0, 21], "merged segment + active");
    let want = vec![
        (19, "k".to_string(), Some("v19".to_string())),
        (20, "z".into(), Some("last-sealed".into())),
        (21, "tail".into(), Some("t".into())),
    ];
    assert_eq!(contents(&log), want);
    // A read inside a merged-away segment's range lands on the next record.
    let mut bytes = log
        .plan_read(7)
        .unwrap()
        .unwrap()
        .read(1 << 20, true)
        .unwrap();
    let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
    assert_eq!(set.records[0].offset, 19);
    // The retired segments' files are renamed for deferred removal.
    assert!(log.take_deleted_files().len() >= 20);
    drop(log);
    let log = open(dir.path(), compact_cfg(), false);
    assert_eq!(contents(&log), want);
}

#[test]
fn an_interrupted_merge_swap_replaces_the_segments_in_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let log = overwritten_log(dir.path());
    let plan = log.cleaning_plan(None, 10_000).expect("dirty");
    let outcome = cleaner::build(&plan, 1000).unwrap();
    let merged = &outcome.cleaned[0];
    // Crash right after the commit point: the swap exists, the old segments are all still there.
    let swap = format!(
        "{}.swap",
        dir.path()
            .join(segment::file_name(merged.base, "log"))
            .display()
    );
    std::fs::rename(&merged.path, &swap).unwrap();
    drop(log);
    let log = open(dir.path(), compact_cfg(), false);
    assert_eq!(log.segment_bases(), vec![0, 21]);
    assert_eq!(
        contents(&log),
        vec![
            (19, "k".to_string(), Some("v19".to_string())),
            (20, "z".into(), Some("last-sealed".into())),
            (21, "tail".into(), Some("t".into())),
        ]
    );
}

#[test]
fn retention_deletes_segments_that_compaction_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), compact_cfg(), false);
    for i in 0..6 {
        let b = keyed(&[("k", Some(&format!("v{i}")))], 1000);
        log.append(&b, 0, 0).unwrap();
    }
    let b = keyed(&[("tail", Some("t"))], 1000);
    log.append(&b, 0, 0).unwrap();
    flush(&mut log);
    let plan = log.cleaning_plan(None, 10_000).expect("dirty");
    log.install_cleaned(&cleaner::build(&plan, 1000).unwrap())
        .unwrap();
    // Offsets 0-4 were all overwritten: they merged into one empty segment.
    assert_eq!(log.segment_bases(), vec![0, 5, 6]);
    assert_eq!(contents(&log)[0].0, 5);
    // Now expire by size: everything but the newest sealed data may go, empty segments included.
    log.set_config(LogConfig {
        delete: true,
        retention_bytes: 0,
        ..compact_cfg()
    });
    let deleted = log.apply_retention(10_000).unwrap();
    assert!(deleted >= 2, "deleted {deleted}: {:?}", log.segment_bases());
    assert!(log.log_start_offset() >= 5, "{}", log.log_start_offset());
}

#[test]
fn fetch_regions_are_cut_at_max_bytes_but_keep_a_whole_first_batch_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = open(dir.path(), cfg(1 << 20), false);
    fill(&mut log, 3);
    flush(&mut log);
    let first = make_batch(3, 1000).len();
    // From offset 4, inside the second batch: the region starts at that batch.
    let plan = log.plan_read(4).unwrap().unwrap();
    let (_, pos, len) = plan.region(10, false);
    assert_eq!((pos, len), (first as u64, 10));
    // KIP-74: the first batch goes whole even when it is larger than the limit.
    let (_, _, len) = plan.region(10, true);
    assert_eq!(len, make_batch(3, 2000).len());
    // Otherwise the region is the limit, ending inside a batch as Kafka's does.
    let (_, _, len) = plan.region(first + 7, true);
    assert_eq!(len, first + 7);
    // Never past the high watermark.
    let (_, _, len) = plan.region(1 << 20, true);
    assert_eq!(len as u64, plan.available());
}
