"""Crash safety of the log lifecycle (reliability.md §3.5 S1/S8/S10/S14, §3.6, invariants I1/I2):
kill -9 during acks=all streams on a compacted topic (cleaner running) and on a many-partition
topic whose segments roll and expire; damaged indexes of sealed segments; a compaction swap or a
retention delete interrupted by a crash (leftover `.swap`, `.cleaned`, `.deleted` files); a full
disk. After each fault the broker restarts on the same data dir and third-party clients check what
the log must still hold.

test_durability.py covers the single-segment basics (kill -9 on a plain topic, torn tails, a lost
index of the active segment); these tests extend them to the lifecycle features.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from confluent_kafka import KafkaError, Producer, TopicPartition
from confluent_kafka.admin import OffsetSpec

import kproto as kp
from harness import Broker, BrokerError
from kafka import KafkaConsumer
from kafka import TopicPartition as KTP
from util import admin, consume, create_topic, produce, recent_ts, wait_until, watermarks

TIMEOUT = 30
WAIT = 20
FAST = {"log.retention.check.interval.ms": 200, "log.cleaner.backoff.ms": 100}
WINDOW = 300  # records a producer may have outstanding in the streams


# -- segment files ---------------------------------------------------------------------------------------


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    shift = raw = 0
    while True:
        b = data[pos]
        pos += 1
        raw |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return (raw >> 1) ^ -(raw & 1), pos


def segment_records(data: bytes) -> list[dict]:
    """Every record of an uncompressed v2 segment, with the batch it sits in:
    [{offset, timestamp, key, value, batch: (position, size)}]."""
    batches, valid = kp.scan_segment(data)
    assert valid == len(data), "segment has an invalid tail"
    out = []
    for pos, base, size, count in batches:
        assert int.from_bytes(data[pos + 21:pos + 23], "big") & 0x7 == 0, "compressed batch"
        base_ts = int.from_bytes(data[pos + 27:pos + 35], "big", signed=True)
        p = pos + kp.BATCH_HEADER_BYTES
        for _ in range(count):
            length, p = _varint(data, p)
            end = p + length
            q = p + 1  # attributes
            ts_delta, q = _varint(data, q)
            off_delta, q = _varint(data, q)
            klen, q = _varint(data, q)
            key = None if klen < 0 else data[q:q + klen]
            q += max(klen, 0)
            vlen, q = _varint(data, q)
            value = None if vlen < 0 else data[q:q + vlen]
            out.append({"offset": base + off_delta, "timestamp": base_ts + ts_delta, "key": key,
                        "value": value, "batch": (pos, size)})
            p = end
    return out


def segment_bases(b: Broker, topic: str, partition: int = 0) -> list[int]:
    return sorted(int(p.name.split(".")[0]) for p in b.partition_dir(topic, partition).glob("*.log"))


def seg_path(b: Broker, topic: str, base: int, ext: str = "log", partition: int = 0) -> Path:
    return b.partition_dir(topic, partition) / f"{base:020d}.{ext}"


def leftovers(b: Broker, topic: str, partition: int = 0) -> list[str]:
    return sorted(p.name for p in b.partition_dir(topic, partition).iterdir()
                  if p.name.endswith((".swap", ".cleaned", ".deleted")))


def offset_for_time(b: Broker, topic: str, ts: int, partition: int = 0, a=None) -> int:
    a = a or admin(b.bootstrap)
    (f,) = a.list_offsets({TopicPartition(topic, partition): OffsetSpec.for_timestamp(ts)},
                          request_timeout=TIMEOUT).values()
    return f.result(timeout=TIMEOUT).offset


def kp_offsets_for_times(b: Broker, topic: str, stamps: list[int], partition: int = 0) -> list[int | None]:
    c = KafkaConsumer(bootstrap_servers=b.bootstrap, group_id=None)
    try:
        tp = KTP(topic, partition)
        out = []
        for ts in stamps:
            r = c.offsets_for_times({tp: ts})[tp]
            out.append(None if r is None else r.offset)
        return out
    finally:
        c.close()


def view(records) -> list[tuple[int, bytes | None, bytes | None]]:
    return [(r.offset, r.key, r.value) for r in records]


# -- kill -9 during produce streams ------------------------------------------------------------------------


def stream(b: Broker, topic: str, n: int, make, kill_after: list[int], conf: dict | None = None,
           before_kill=None):
    """Produce make(i) for i < n (confluent-kafka, acks=all unless conf says otherwise); each time the
    number of acknowledgements passes the next kill_after mark: kill -9 and restart (same port).
    before_kill(b) runs just before each kill. -> (acks {value: (partition, offset)}, errors)."""
    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 2, "message.timeout.ms": 60000,
                  "retry.backoff.ms": 50, "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500,
                  **(conf or {})})
    acks: dict[bytes, tuple[int, int]] = {}
    errors = []
    marks = list(kill_after)

    def on_delivery(err, msg):
        if err is not None:
            errors.append((msg.value(), err))
        else:
            acks[msg.value()] = (msg.partition(), msg.offset())

    for i in range(n):
        while True:
            try:
                p.produce(topic, on_delivery=on_delivery, **make(i))
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
        deadline = time.monotonic() + 60
        while i + 1 - len(acks) - len(errors) > WINDOW and time.monotonic() < deadline:
            p.poll(0.01)
        if marks and len(acks) >= marks[0]:
            marks.pop(0)
            if before_kill:
                before_kill(b)
            b.crash_restart(same_port=True)
    assert not marks, f"stream ended before the kill marks {marks} ({len(acks)} acks, errors: {errors[:3]})"
    assert p.flush(90) == 0, "records still pending 90 s after the last restart"
    return acks, errors


def test_kill9_during_stream_on_compacted_topic_with_cleaner_running(broker_factory, topic):
    """The cleaner rewrites and swaps segments all the time (tiny segments, dirty ratio 1%), so the
    kills land during cleaning rounds. Afterwards: no acknowledged record lost unless a later record
    of its key is in the log, nothing at a different offset, no phantoms, offsets never reused."""
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, config={"cleanup.policy": "compact", "segment.bytes": "1000",
                                              "min.cleanable.dirty.ratio": "0.01"})
    n, keys = 6000, 40
    sent = {}

    def make(i):
        v = b"c-%06d" % i
        sent[v] = b"k%02d" % (i % keys)
        return {"key": sent[v], "value": v}

    # Batches must fit a segment (RECORD_LIST_TOO_LARGE otherwise, as in Kafka).
    acks, errors = stream(b, topic, n, make, [1500, 3500], conf={"batch.size": 800})
    assert not errors, errors[:5]
    positions = list(acks.values())
    assert len(set(positions)) == len(positions), "an offset was acknowledged twice"

    def settled():
        got = consume(b.bootstrap, topic, timeout=60)
        active = segment_bases(b, topic)[-1]
        sealed_keys = [r.key for r in got if r.offset < active]
        return got if len(sealed_keys) == len(set(sealed_keys)) else None

    got = wait_until(settled, WAIT, what="compaction after the restarts")
    offsets = [r.offset for r in got]
    assert offsets == sorted(set(offsets)), "offsets not strictly increasing"
    last_read = {}
    for r in got:
        assert r.value in sent and sent[r.value] == r.key, f"phantom record {r}"
        if r.value in acks:
            assert acks[r.value] == (0, r.offset), f"{r.value!r} acknowledged at {acks[r.value]}, read at {r.offset}"
        last_read[r.key] = r.offset
    lost = [(v, po) for v, po in acks.items() if last_read.get(sent[v], -1) < po[1]]
    assert not lost, f"{len(lost)} acknowledged records neither present nor superseded, e.g. {lost[:5]}"
    hi = watermarks(b.bootstrap, topic)[1]
    assert hi > max(o for _, o in positions)
    assert produce(b.bootstrap, topic, [{"key": b"k00", "value": b"after"}])[0].offset == hi


@pytest.mark.parametrize("flush_before_ack", ["true", "false"])
def test_kill9_many_partitions_rolling_and_expiring_segments(broker_factory, topic, flush_before_ack):
    """8 partitions, segments of 2 KB rolling constantly and retention.bytes deleting the oldest
    while the broker is killed twice. With strom.flush.before.ack=false (Kafka's behaviour) a kill -9
    keeps the page cache, so nothing acknowledged is lost either."""
    b = broker_factory({**FAST, "strom.flush.before.ack": flush_before_ack})
    parts = 8
    create_topic(b.bootstrap, topic, partitions=parts,
                 config={"segment.bytes": "2000", "retention.bytes": "15000", "file.delete.delay.ms": "200"})
    starts_before_kill: list[dict[int, int]] = []

    def note_log_starts(b):
        starts_before_kill.append({p: watermarks(b.bootstrap, topic, p)[0] for p in range(parts)})

    acks, errors = stream(b, topic, 4500, lambda i: {"value": b"m-%06d-" % i + b"z" * 20, "partition": i % parts},
                          [1500, 3000], conf={"batch.size": 1500}, before_kill=note_log_starts)
    assert not errors, errors[:5]
    positions = list(acks.values())
    assert len(set(positions)) == len(positions), "an offset was acknowledged twice"
    for p in range(parts):
        lo, hi = wait_until(lambda: (w := watermarks(b.bootstrap, topic, p)) and w[0] > 0 and w, WAIT,
                            what=f"retention on partition {p}")
        assert all(lo >= s[p] for s in starts_before_kill), f"partition {p}: log start went back to {lo}"
        got = consume(b.bootstrap, topic, partitions=[p], timeout=60)
        # Retention may still be deleting segments while we read: the read starts at or after lo.
        first = got[0].offset
        assert first >= lo
        assert [r.offset for r in got] == list(range(first, hi)), f"partition {p}: offsets not dense from {first}"
        at = {r.offset: r.value for r in got}
        mine = [(v, o) for v, (pp, o) in acks.items() if pp == p and o >= first]
        missing = [(v, o) for v, o in mine if at.get(o) != v]
        assert not missing, f"partition {p}: {len(missing)} acknowledged records missing or moved: {missing[:5]}"
        assert all(v.startswith(b"m-") and int(v[2:8]) % parts == p for v in at.values()), "record in wrong partition"


def test_kill9_with_kafka_python_producer(broker_factory, topic):
    """The same guarantee through another client: kafka-python, acks=all, retries on."""
    from kafka import KafkaProducer

    b = broker_factory()
    create_topic(b.bootstrap, topic, partitions=3)
    prod = KafkaProducer(bootstrap_servers=b.bootstrap, acks="all", retries=20, linger_ms=2,
                         retry_backoff_ms=100, reconnect_backoff_max_ms=500, request_timeout_ms=10000,
                         max_in_flight_requests_per_connection=1)
    futures = []
    try:
        for i in range(3000):
            futures.append((b"kp-%05d" % i, prod.send(topic, value=b"kp-%05d" % i, partition=i % 3)))
            if i == 1200:
                for _, f in futures[:1000]:
                    f.get(timeout=TIMEOUT)
                b.crash_restart(same_port=True)
        prod.flush(60)
    finally:
        prod.close(timeout=10)
    acks, failed = {}, []
    for v, f in futures:
        try:
            md = f.get(timeout=0)
            acks[v] = (md.partition, md.offset)
        except Exception as e:  # noqa: BLE001 - an unacknowledged record may or may not be in the log
            failed.append((v, e))
    assert len(acks) >= 1000
    positions = list(acks.values())
    assert len(set(positions)) == len(positions), "an offset was acknowledged twice"
    got = consume(b.bootstrap, topic, partitions=range(3), timeout=60)
    at = {(r.partition, r.offset): r.value for r in got}
    missing = [(v, po) for v, po in acks.items() if at.get(po) != v]
    assert not missing, f"{len(missing)} acknowledged records missing or moved: {missing[:5]}"


# -- damaged indexes of sealed segments -------------------------------------------------------------------


def _records_in_segments(b, topic, n):
    """n records, three per batch, 10 ms apart, in segments of 2000 bytes with an index entry
    every 100 bytes (so each sealed segment has several). -> (values, first timestamp)."""
    create_topic(b.bootstrap, topic, config={"segment.bytes": "2000", "index.interval.bytes": "100"})
    base = recent_ts()
    vals = [b"ix-%04d-" % i + b"q" * 30 for i in range(n)]
    produce(b.bootstrap, topic, [{"value": v, "timestamp": base + 10 * i} for i, v in enumerate(vals)],
            conf={"linger.ms": 0, "batch.num.messages": 3})
    return vals, base


def _damage_index(path: Path, kind: str, entry: int, log_size: int) -> None:
    data = path.read_bytes()
    assert len(data) >= 2 * entry, f"{path.name} has fewer than two entries"
    if kind == "deleted":
        path.unlink()
    elif kind == "truncated":
        path.write_bytes(data[:-3])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "zeroed":
        path.write_bytes(b"\x00" * len(data))
    elif kind == "reversed":
        ents = [data[i:i + entry] for i in range(0, len(data), entry)]
        path.write_bytes(b"".join(reversed(ents)))
    elif kind == "past-end":
        ents = bytearray(data)
        if entry == 8:  # offset index: positions beyond the log
            for i in range(0, len(ents), 8):
                ents[i + 4:i + 8] = (log_size + 1000 + i).to_bytes(4, "big")
        else:  # time index: relative offsets beyond the segment
            for i in range(0, len(ents), 12):
                ents[i + 8:i + 12] = (100000 + i).to_bytes(4, "big")
        path.write_bytes(bytes(ents))
    elif kind == "mid-batch":
        # Plausible but wrong: offset index positions one byte past each batch start.
        ents = bytearray(data)
        if entry == 8:
            for i in range(0, len(ents), 8):
                pos = int.from_bytes(ents[i + 4:i + 8], "big")
                ents[i + 4:i + 8] = (pos + 1).to_bytes(4, "big")
        path.write_bytes(bytes(ents))
    else:
        raise ValueError(kind)


@pytest.mark.parametrize("kind,marker", [
    ("deleted", "clean"), ("truncated", "clean"), ("empty", "clean"), ("zeroed", "clean"),
    ("reversed", "clean"), ("past-end", "clean"), ("mid-batch", "clean"),
    ("deleted", "crash"), ("mid-batch", "crash"),
])
def test_damaged_indexes_of_sealed_segments(broker, topic, kind, marker):
    """Stop the broker, damage the .index and .timeindex of every sealed segment, restart (with the
    clean-shutdown marker, or without it as after a crash): reads from the middle of each segment
    and lookups by time still give the right offsets."""
    n = 240
    vals, base = _records_in_segments(broker, topic, n)
    broker.stop_clean()
    bases = segment_bases(broker, topic)
    assert len(bases) >= 4, bases
    sealed = bases[:-1]
    for s in sealed:
        size = seg_path(broker, topic, s).stat().st_size
        _damage_index(seg_path(broker, topic, s, "index"), kind, 8, size)
        _damage_index(seg_path(broker, topic, s, "timeindex"), kind, 12, size)
    if marker == "crash":
        assert broker.remove_clean_shutdown_markers()
    broker.start()

    assert watermarks(broker.bootstrap, topic) == (0, n)
    # Reads from inside the first, a middle and the last sealed segment.
    picks = sorted({0, len(sealed) // 2, len(sealed) - 1})
    for s, nxt in [(sealed[i], bases[i + 1]) for i in picks]:
        mid = s + (nxt - s) // 2 + 1  # not a batch start
        got = consume(broker.bootstrap, topic, start=mid, count=n - mid)
        assert [(r.offset, r.value) for r in got] == [(o, vals[o]) for o in range(mid, n)], f"read from {mid}"
    # Lookups by time: exact stamps, stamps between records, before the first, after the last.
    probes = {base - 5000: 0, base + 10 * (n - 1) + 1: -1}
    for s in sealed:
        for o in (s, s + 1, s + 4):
            probes[base + 10 * o] = o
            probes[base + 10 * o - 3] = o
    a = admin(broker.bootstrap)
    answers = {ts: offset_for_time(broker, topic, ts, a=a) for ts in probes}
    wrong = {f"{ts - base:+d} ms": (got, probes[ts]) for ts, got in answers.items() if got != probes[ts]}
    assert not wrong, f"ListOffsets by time (got, want) relative to the first record: {wrong}"
    stamps = sorted(t for t, w in probes.items() if w >= 0)
    assert kp_offsets_for_times(broker, topic, stamps) == [probes[t] for t in stamps]
    # Appends continue, and the next restart (indexes rebuilt or trusted) agrees.
    assert produce(broker.bootstrap, topic, [{"value": b"more"}])[0].offset == n
    broker.restart()
    got = consume(broker.bootstrap, topic, start=sealed[1] + 2)
    assert [r.offset for r in got] == list(range(sealed[1] + 2, n + 1))


# -- interrupted compaction swaps -----------------------------------------------------------------------------


def _compacted_log_stopped(b, topic):
    """A compacted topic (cleaner off) with one record per batch in segments of 1000 bytes, each
    record 10 ms apart: every fourth record has a key of its own, the others cycle over 3 keys
    (so every segment holds records a cleaner keeps and records it drops); the broker stopped
    cleanly.
    -> (records by offset, segment bases, first timestamp)."""
    create_topic(b.bootstrap, topic, config={"cleanup.policy": "compact", "segment.bytes": "1000"})
    base = recent_ts()
    n = 100
    key = lambda i: b"u%03d" % i if i % 4 == 0 else b"k%d" % (i % 3)  # noqa: E731
    produce(b.bootstrap, topic, [{"key": key(i), "value": b"val-%03d" % i, "timestamp": base + 10 * i}
                                 for i in range(n)], conf={"linger.ms": 0, "batch.num.messages": 1})
    b.stop_clean()
    bases = segment_bases(b, topic)
    assert len(bases) >= 5, bases
    records = {}
    for s in bases:
        for r in segment_records(seg_path(b, topic, s).read_bytes()):
            records[r["offset"]] = r
    assert sorted(records) == list(range(n))
    return records, bases, base


def _cleaned_copy(b, topic, seg: int, records: dict) -> tuple[bytes, set[int]]:
    """What the cleaner would write for segment `seg`: its batches whose record has no newer copy
    anywhere in the log (one record per batch). -> (bytes, offsets dropped)."""
    latest = {}
    for o, r in records.items():
        latest[r["key"]] = max(latest.get(r["key"], -1), o)
    data = seg_path(b, topic, seg).read_bytes()
    kept, dropped = b"", set()
    for r in segment_records(data):
        pos, size = r["batch"]
        if latest[r["key"]] == r["offset"]:
            kept += data[pos:pos + size]
        else:
            dropped.add(r["offset"])
    assert dropped and kept, "pick a segment with both kinds of records"
    return kept, dropped


@pytest.mark.parametrize("state", ["swap-and-cleaned", "swap-indexes-gone", "swap-log-gone", "partial-cleaned"])
def test_interrupted_compaction_swap_is_completed_on_start(broker_factory, topic, state):
    """Simulate a crash in the middle of the cleaner's install step (write `<base>.log.cleaned`,
    rename it `<base>.log.swap`, rename that over `<base>.log`): the restarted broker completes a
    `.swap`, discards a `.cleaned`, and the log reads as the cleaned log with every offset in place."""
    b = broker_factory({"log.cleaner.enable": "false"})
    records, bases, base = _compacted_log_stopped(b, topic)
    n = len(records)
    s = bases[-4]
    swap_bytes, dropped = _cleaned_copy(b, topic, s, records)
    original_s = seg_path(b, topic, s).read_bytes()
    t = bases[-3]
    original_t = seg_path(b, topic, t).read_bytes()
    t_bytes, _ = _cleaned_copy(b, topic, t, records)
    log_s = seg_path(b, topic, s)
    if state == "partial-cleaned":
        # Crash while writing the cleaned copy: half of it on disk, nothing renamed.
        Path(f"{log_s}.cleaned").write_bytes(swap_bytes[: len(swap_bytes) // 2 + 7])
        dropped = set()
    else:
        Path(f"{log_s}.swap").write_bytes(swap_bytes)
        if state == "swap-and-cleaned":
            # Another segment's copy was written but not yet renamed: it is discarded.
            Path(f"{seg_path(b, topic, t)}.cleaned").write_bytes(t_bytes)
        elif state == "swap-indexes-gone":
            seg_path(b, topic, s, "index").unlink()
            seg_path(b, topic, s, "timeindex").unlink()
        elif state == "swap-log-gone":
            log_s.unlink()
    assert b.remove_clean_shutdown_markers()
    b.start()

    assert leftovers(b, topic) == []
    assert log_s.read_bytes() == (original_s if state == "partial-cleaned" else swap_bytes)
    assert seg_path(b, topic, t).read_bytes() == original_t
    want = [(o, records[o]["key"], records[o]["value"]) for o in range(n) if o not in dropped]
    assert view(consume(b.bootstrap, topic)) == want
    assert watermarks(b.bootstrap, topic) == (0, n)
    # Reads starting at a retained and at a removed offset of the swapped segment, and lookups by time.
    seg_offsets = sorted(o for o, r in records.items() if s <= o < bases[bases.index(s) + 1])
    for start in seg_offsets[1:4]:
        assert view(consume(b.bootstrap, topic, start=start)) == [w for w in want if w[0] >= start], start
        nxt = next(w[0] for w in want if w[0] >= start)
        assert offset_for_time(b, topic, base + 10 * start) == nxt
    assert produce(b.bootstrap, topic, [{"key": b"k0", "value": b"after"}])[0].offset == n

    # With the cleaner back on, compaction carries on from this state to latest-per-key.
    b.stop_clean()
    b.overrides.update({"log.cleaner.enable": "true", "log.cleaner.backoff.ms": "100"})
    b.start()

    def cleaned():
        got = consume(b.bootstrap, topic)
        active = segment_bases(b, topic)[-1]
        ks = [r.key for r in got if r.offset < active]
        return got if len(ks) == len(set(ks)) and len(got) < len(want) else None

    got = wait_until(cleaned, WAIT, what="compaction after the completed swap")
    latest = {}
    for o, k, v in want + [(n, b"k0", b"after")]:
        latest[k] = (o, k, v)
    assert set(latest.values()) <= set(view(got))


# -- interrupted retention deletes -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["all-renamed", "log-renamed-indexes-left", "stale-deleted-copies"])
def test_interrupted_retention_delete_leaves_a_consistent_log(broker, topic, state):
    """Simulate a crash after retention renamed the oldest segments `.deleted` but before it
    removed them or checkpointed the new log start (the checkpoint still says 0): the log starts
    at the first segment left and is complete from there. Stale `.deleted` files next to live
    segments are removed without touching the live ones."""
    create_topic(broker.bootstrap, topic, config={"segment.bytes": "1000"})
    base = recent_ts()
    n = 100
    produce(broker.bootstrap, topic, [{"value": b"r-%03d" % i, "timestamp": base + 10 * i} for i in range(n)],
            conf={"linger.ms": 0, "batch.num.messages": 1})
    broker.stop_clean()
    bases = segment_bases(broker, topic)
    assert len(bases) >= 4
    start = 0 if state == "stale-deleted-copies" else bases[2]
    for s in bases[:2]:
        if state == "stale-deleted-copies":
            for ext in ("log", "index", "timeindex"):
                shutil.copy(seg_path(broker, topic, s, ext), f"{seg_path(broker, topic, s, ext)}.deleted")
            continue
        for ext in (["log", "index", "timeindex"] if state == "all-renamed" else ["log"]):
            p = seg_path(broker, topic, s, ext)
            p.rename(f"{p}.deleted")
    assert broker.remove_clean_shutdown_markers()
    broker.start()

    assert leftovers(broker, topic) == []
    names = {p.name for p in broker.partition_dir(topic).iterdir()}
    for s in bases[:2]:
        has_log = f"{s:020d}.log" in names
        assert has_log == (state == "stale-deleted-copies")
        if not has_log:
            assert f"{s:020d}.index" not in names and f"{s:020d}.timeindex" not in names, "orphan index kept"
    assert watermarks(broker.bootstrap, topic) == (start, n)
    got = consume(broker.bootstrap, topic)
    assert [(r.offset, r.value) for r in got] == [(o, b"r-%03d" % o) for o in range(start, n)]
    got = consume(broker.bootstrap, topic, start=0, count=n - start)  # below the start: reset to earliest
    assert got[0].offset == start
    # A lookup by a timestamp of a deleted record finds the first record left.
    assert offset_for_time(broker, topic, base) == start
    assert produce(broker.bootstrap, topic, [{"value": b"next"}])[0].offset == n
    broker.kill9()
    broker.start()
    assert watermarks(broker.bootstrap, topic) == (start, n + 1)


# -- disk full -------------------------------------------------------------------------------------------------


class TmpfsBroker:
    """A broker whose log.dirs is a small tmpfs in a private mount namespace. A holder process
    (`unshare -m`, then sleep) owns the namespace and the mount; the broker runs in it through
    `nsenter -m` (which execs strom, so the broker keeps the pid we signal) and can be restarted
    there. The test reaches files on the tmpfs through /proc/<holder>/root."""

    def __init__(self, base: Path, size: str, overrides: dict):
        self.broker = Broker(base, overrides)
        self.broker.data_dir.mkdir(parents=True, exist_ok=True)
        flag = base / "mounted"
        script = 'mount -t tmpfs -o size="$1" strom-test-tmpfs "$2" && touch "$3" && exec sleep 600'
        self.holder = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", size,
             str(self.broker.data_dir), str(flag)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 10
        while not flag.exists():
            if self.holder.poll() is not None:
                err = self.holder.stderr.read().decode(errors="replace").strip()
                pytest.skip(f"cannot mount a private tmpfs (needs root and unshare -m): {err}")
            if time.monotonic() > deadline:
                self.close()
                pytest.skip("private tmpfs mount did not come up within 10 s")
            time.sleep(0.02)
        self.broker.command_prefix = ["nsenter", "-t", str(self.holder.pid), "-m", "--"]

    def path(self, rel: str = "") -> Path:
        """A path on the tmpfs, as this process sees it."""
        return Path(f"/proc/{self.holder.pid}/root{self.broker.data_dir}") / rel

    def df(self) -> str:
        out = subprocess.run(["nsenter", "-t", str(self.holder.pid), "-m", "--", "df", "-k",
                              str(self.broker.data_dir)], capture_output=True, text=True, timeout=10)
        return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr

    def close(self) -> list[str]:
        problems = []
        b = self.broker
        if b.running:
            try:
                rc = b.stop()
                if rc != 0:
                    problems.append(f"broker exited with {rc} on SIGTERM, expected 0:\n{b.log_tail()}")
            except BrokerError as e:
                problems.append(str(e))
        if "panicked at" in b.log_text():
            problems.append(f"broker panicked:\n{b.log_tail()}")
        if self.holder.poll() is None:
            subprocess.run(["nsenter", "-t", str(self.holder.pid), "-m", "--", "umount", str(b.data_dir)],
                           capture_output=True, timeout=10)
            os.killpg(self.holder.pid, signal.SIGKILL)  # the namespace (and any mount left) goes with it
            self.holder.wait(10)
        return problems


@pytest.fixture
def tmpfs_broker(tmp_path):
    made: list[TmpfsBroker] = []

    def make(size: str = "8m", overrides: dict | None = None) -> TmpfsBroker:
        if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("nsenter"):
            pytest.skip("disk-full tests need root, unshare and nsenter (private tmpfs mount)")
        t = TmpfsBroker(tmp_path / f"tmpfs{len(made)}", size, overrides or {})
        made.append(t)
        return t

    yield make
    problems = [p for t in made for p in t.close()]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


DEFINITE_FAILURES = {KafkaError.KAFKA_STORAGE_ERROR, KafkaError.MSG_SIZE_TOO_LARGE, KafkaError.INVALID_MSG,
                     KafkaError.INVALID_RECORD}


def test_disk_full_refuses_writes_keeps_acknowledged_and_recovers(tmpfs_broker, topic):
    t = tmpfs_broker("8m")
    ballast = t.path("ballast.bin")
    ballast.write_bytes(b"\xbb" * (2 << 20))  # 2 MiB to give back later
    b = t.broker.start()
    create_topic(b.bootstrap, topic, partitions=2, config={"segment.bytes": str(256 << 10)})

    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5, "retries": 0,
                  "message.timeout.ms": 20000})
    acks: dict[bytes, tuple[int, int]] = {}
    failed: dict[bytes, KafkaError] = {}

    def on_delivery(err, msg):
        if err is None:
            acks[msg.value()] = (msg.partition(), msg.offset())
        else:
            failed[msg.value()] = err

    payload = b"f" * 1000
    sent = 0
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and sent < 12000:
        v = b"full-%06d-" % sent + payload
        p.produce(topic, v, partition=sent % 2, on_delivery=on_delivery)
        sent += 1
        p.poll(0)
        while sent - len(acks) - len(failed) > 200:
            p.poll(0.01)
        if len([e for e in failed.values() if e.code() == KafkaError.KAFKA_STORAGE_ERROR]) >= 400:
            break
    assert p.flush(30) == 0
    b.assert_alive()
    codes = {e.code() for e in failed.values()}
    assert failed, f"no produce failed after {sent} records of 1 KB on an 8 MiB tmpfs ({t.df()})"
    assert KafkaError.KAFKA_STORAGE_ERROR in codes, f"errors seen: {[KafkaError(c).name() for c in codes]}"
    acked_before = dict(acks)

    # Everything acknowledged is there, at its offset; nothing that definitely failed is.
    def check_log():
        got = consume(b.bootstrap, topic, partitions=[0, 1], timeout=60)
        at = {(r.partition, r.offset): r.value for r in got}
        for part in (0, 1):
            offs = sorted(o for (pp, o) in at if pp == part)
            assert offs == list(range(len(offs))), f"partition {part}: offsets not dense"
        missing = [(v[:12], po) for v, po in acks.items() if at.get(po) != v]
        assert not missing, f"{len(missing)} acknowledged records missing or moved: {missing[:5]}"
        present = set(at.values())
        written_anyway = [v[:12] for v, e in failed.items() if e.code() in DEFINITE_FAILURES and v in present]
        assert not written_anyway, f"refused records in the log: {written_anyway[:5]}"

    check_log()

    # Space comes back: the broker takes writes again without a restart.
    ballast.unlink()
    p2 = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5, "retries": 3,
                   "message.timeout.ms": 20000})
    fresh = []
    for i in range(400):
        p2.produce(topic, b"again-%04d" % i, partition=i % 2,
                   on_delivery=lambda err, msg: fresh.append((err, msg.value(), msg.partition(), msg.offset())))
    assert p2.flush(30) == 0
    errs = [e for e, *_ in fresh if e is not None]
    assert not errs, f"{len(errs)} produce errors after space was freed: {errs[:3]} ({t.df()})"
    for e, v, part, off in fresh:
        acks[v] = (part, off)
        assert off > max([o for (pp, o) in acked_before.values() if pp == part], default=-1), "offset reused"
    check_log()

    # And after an unclean restart of the broker (same namespace, same tmpfs) nothing acknowledged is lost.
    b.crash_restart()
    check_log()
    (d,) = produce(b.bootstrap, topic, [{"value": b"final", "partition": 0}])
    assert d.offset == watermarks(b.bootstrap, topic, 0)[1] - 1


# -- long scenarios (tests/run-slow) -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_repeated_kill9_on_compacted_topic_with_cleaner_running(broker_factory, topic):
    """Eight kill -9 restarts during a 16000-record acks=all stream over 2 partitions of a compacted
    topic whose cleaner never stops; then the same checks as the single-kill test, per partition."""
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, partitions=2, config={"cleanup.policy": "compact", "segment.bytes": "1000",
                                                            "min.cleanable.dirty.ratio": "0.01"})
    n, keys = 16000, 60
    sent = {}

    def make(i):
        v = b"c-%06d" % i
        sent[v] = b"k%02d" % (i % keys)
        return {"key": sent[v], "value": v, "partition": (i % keys) % 2}

    acks, errors = stream(b, topic, n, make, [1500 * (j + 1) for j in range(8)], conf={"batch.size": 800})
    assert not errors, errors[:5]
    positions = list(acks.values())
    assert len(set(positions)) == len(positions), "an offset was acknowledged twice"
    for part in (0, 1):
        def settled():
            got = consume(b.bootstrap, topic, partitions=[part], timeout=60)
            active = segment_bases(b, topic, part)[-1]
            sealed_keys = [r.key for r in got if r.offset < active]
            return got if len(sealed_keys) == len(set(sealed_keys)) else None

        got = wait_until(settled, 60, what=f"compaction of partition {part} after the restarts")
        offsets = [r.offset for r in got]
        assert offsets == sorted(set(offsets))
        last_read = {}
        for r in got:
            assert r.value in sent and sent[r.value] == r.key, f"phantom record {r}"
            if r.value in acks:
                assert acks[r.value] == (part, r.offset), f"{r.value!r} acked at {acks[r.value]}, read at {r.offset}"
            last_read[r.key] = r.offset
        lost = [(v, po) for v, po in acks.items() if po[0] == part and last_read.get(sent[v], -1) < po[1]]
        assert not lost, f"partition {part}: {len(lost)} acknowledged records neither present nor superseded: {lost[:5]}"


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_disk_full_cycles_with_delete_records_and_kill9(tmpfs_broker, topic):
    """Three rounds of: fill the 8 MiB tmpfs until produce fails, check, free space by DeleteRecords
    (segments removed at once with file.delete.delay.ms=0), kill -9 and restart, check again."""
    t = tmpfs_broker("8m")
    b = t.broker.start()
    create_topic(b.bootstrap, topic, partitions=2,
                 config={"segment.bytes": str(256 << 10), "file.delete.delay.ms": "0"})
    acks: dict[bytes, tuple[int, int]] = {}
    failed: dict[bytes, KafkaError] = {}
    seq = 0
    for cycle in range(3):
        p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5, "retries": 0,
                      "message.timeout.ms": 20000})

        def on_delivery(err, msg):
            (acks.__setitem__(msg.value(), (msg.partition(), msg.offset())) if err is None
             else failed.__setitem__(msg.value(), err))

        fails_before = len(failed)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(failed) - fails_before < 400:
            p.produce(topic, b"cyc%d-%07d-" % (cycle, seq) + b"f" * 1000, partition=seq % 2, on_delivery=on_delivery)
            seq += 1
            p.poll(0)
            while seq - len(acks) - len(failed) > 200:
                p.poll(0.01)
        assert p.flush(30) == 0
        del p
        assert len(failed) > fails_before, f"cycle {cycle}: the disk never filled ({t.df()})"
        b.assert_alive()
        for when in ("full", "after kill -9"):
            los = {}
            for part in (0, 1):
                lo, hi = watermarks(b.bootstrap, topic, part)
                got = consume(b.bootstrap, topic, partitions=[part], timeout=60)
                at = {r.offset: r.value for r in got}
                assert sorted(at) == list(range(lo, hi)), f"cycle {cycle} {when}: partition {part} not dense"
                missing = [v[:14] for v, (pp, o) in acks.items() if pp == part and o >= lo and at.get(o) != v]
                assert not missing, f"cycle {cycle} {when}: acknowledged records missing: {missing[:5]}"
                refused = [v[:14] for v, e in failed.items() if e.code() in DEFINITE_FAILURES and v in at.values()]
                assert not refused, f"cycle {cycle} {when}: refused records in the log: {refused[:5]}"
                los[part] = hi
            if when == "full":
                a = admin(b.bootstrap)
                for f in a.delete_records([TopicPartition(topic, part, los[part]) for part in (0, 1)]).values():
                    f.result(timeout=TIMEOUT)
                wait_until(lambda: int(t.df().split()[3]) > 4096, WAIT, what=f"space freed by DeleteRecords ({t.df()})")
                b.crash_restart()


# -- a failed fsync ------------------------------------------------------------------------------------------


class FaultFsBroker:
    """A broker whose log.dirs sits on faultfs.py (a FUSE pass-through that fails fsync with EIO
    while CONTROL/fail-fsync exists); the metadata log stays on the ordinary file system."""

    def __init__(self, base: Path, overrides: dict):
        self.backing, self.control = base / "backing", base / "control"
        for d in (self.backing, self.control):
            d.mkdir(parents=True, exist_ok=True)
        self.broker = Broker(base, {"metadata.log.dir": str(base / "meta"), **overrides})
        mnt = self.broker.data_dir
        mnt.mkdir(parents=True, exist_ok=True)
        self.fs_log = open(base / "faultfs.log", "wb")
        self.fs = subprocess.Popen([sys.executable, str(Path(__file__).with_name("faultfs.py")), str(self.backing),
                                    str(mnt), str(self.control)],
                                   stdin=subprocess.DEVNULL, stdout=self.fs_log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not os.path.ismount(mnt):
            if self.fs.poll() is not None or time.monotonic() > deadline:
                self.close()
                pytest.skip(f"cannot mount the FUSE fault file system: {(base / 'faultfs.log').read_text()[-500:]}")
            time.sleep(0.02)

    def fail_fsync(self, on: bool) -> None:
        flag = self.control / "fail-fsync"
        flag.touch() if on else flag.unlink(missing_ok=True)

    def fsync_failures(self) -> list[str]:
        p = self.control / "fsync-failures"
        return p.read_text().splitlines() if p.exists() else []

    def fsync_calls(self, topic: str | None = None, partition: int = 0) -> list[str]:
        """Paths the broker fsynced so far (only those of one partition's .log files if `topic`)."""
        p = self.control / "fsync-calls"
        calls = p.read_text().splitlines() if p.exists() else []
        if topic is not None:
            calls = [c for c in calls if c.startswith(f"/{topic}-{partition}/") and c.endswith(".log")]
        return calls

    def close(self) -> list[str]:
        problems = []
        b = self.broker
        if b.running:
            try:
                rc = b.stop()
                if rc != 0:
                    problems.append(f"broker exited with {rc} on SIGTERM, expected 0:\n{b.log_tail()}")
            except BrokerError as e:
                problems.append(str(e))
        if "panicked at" in b.log_text():
            problems.append(f"broker panicked:\n{b.log_tail()}")
        if os.path.ismount(b.data_dir):
            subprocess.run(["umount", "-l", str(b.data_dir)], capture_output=True, timeout=10)
        try:
            self.fs.wait(10)
        except subprocess.TimeoutExpired:
            self.fs.kill()
            self.fs.wait()
        self.fs_log.close()
        return problems


@pytest.fixture
def faultfs_broker(tmp_path):
    made: list[FaultFsBroker] = []

    def make(overrides: dict | None = None) -> FaultFsBroker:
        if os.geteuid() != 0 or not os.path.exists("/dev/fuse"):
            pytest.skip("the fsync-failure test needs root and /dev/fuse")
        try:
            import mfusepy  # noqa: F401 - faultfs.py needs it (and libfuse 3)
        except (ImportError, OSError) as e:
            pytest.skip(f"mfusepy over libfuse 3 is not available: {e}")
        f = FaultFsBroker(tmp_path / f"faultfs{len(made)}", overrides or {})
        made.append(f)
        return f

    yield make
    problems = [p for f in made for p in f.close()]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_failed_fsync_takes_the_log_dir_offline_and_acks_nothing(faultfs_broker, topic):
    f = faultfs_broker()
    b = f.broker.start()
    other = topic + "-other"
    create_topic(b.bootstrap, topic)
    create_topic(b.bootstrap, other)
    acked = produce(b.bootstrap, topic, [{"value": b"safe-%03d" % i} for i in range(50)], conf={"acks": "all"})
    assert [d.offset for d in acked] == list(range(50))

    f.fail_fsync(True)
    conf = {"acks": "all", "retries": 0, "message.timeout.ms": 15000}
    d = produce(b.bootstrap, topic, [{"value": b"lost-%03d" % i} for i in range(10)], conf=conf,
                require_success=False)
    assert f.fsync_failures(), "the broker never called fsync on the failing file system"
    assert all(x.error is not None for x in d), f"acknowledged although fsync failed: {[x for x in d if not x.error]}"
    assert {x.error.code() for x in d} == {KafkaError.KAFKA_STORAGE_ERROR}, {x.error for x in d}
    b.assert_alive()
    # The whole directory is offline: another partition in it refuses writes too...
    d = produce(b.bootstrap, other, [{"value": b"x"}], conf=conf, require_success=False)
    assert d[0].error is not None and d[0].error.code() == KafkaError.KAFKA_STORAGE_ERROR, d[0].error
    # ...and the failed fsync is never retried: still offline once the disk works again.
    f.fail_fsync(False)
    d = produce(b.bootstrap, topic, [{"value": b"after-heal"}], conf=conf, require_success=False)
    assert d[0].error is not None and d[0].error.code() == KafkaError.KAFKA_STORAGE_ERROR, d[0].error

    # A restart brings the directory back: every acknowledged record is there, offsets continue.
    b.restart()
    got = consume(b.bootstrap, topic)
    assert [r.offset for r in got] == list(range(len(got)))
    assert [(r.offset, r.value) for r in got[:50]] == [(x.offset, x.value) for x in acked]
    assert all(r.value.startswith(b"lost-") for r in got[50:])
    (d,) = produce(b.bootstrap, topic, [{"value": b"back"}], conf={"acks": "all"})
    assert d.offset == len(got)


def test_data_of_a_failed_fsync_is_not_trusted_after_restart(faultfs_broker, topic):
    """After a failed fsync the kernel may have dropped the unwritten pages: the bytes of the
    unacknowledged records may read back as zeros. The directory went offline, so its shutdown was
    not clean and the next start must recover it (validate, truncate the damaged tail), not trust
    it: new records then land right after the acknowledged ones and are readable."""
    f = faultfs_broker()
    b = f.broker.start()
    create_topic(b.bootstrap, topic)
    acked = produce(b.bootstrap, topic, [{"value": b"safe-%03d" % i} for i in range(50)], conf={"acks": "all"})
    f.fail_fsync(True)
    d = produce(b.bootstrap, topic, [{"value": b"lost-%03d" % i} for i in range(10)],
                conf={"acks": "all", "retries": 0, "message.timeout.ms": 15000}, require_success=False)
    assert all(x.error is not None for x in d)
    f.fail_fsync(False)
    b.stop()  # SIGTERM (exit code checked at teardown)
    # Simulate the lost pages: the bytes after the last acknowledged batch read back as zeros.
    seg = f.backing / f"{topic}-0" / "00000000000000000000.log"
    data = seg.read_bytes()
    batches, valid = kp.scan_segment(data)
    cut = next(pos for pos, base, _, _ in batches if base >= 50)
    seg.write_bytes(data[:cut] + b"\x00" * (len(data) - cut))
    b.start()
    assert watermarks(b.bootstrap, topic) == (0, 50), "the zeroed tail was not recovered away"
    (n,) = produce(b.bootstrap, topic, [{"value": b"next"}], conf={"acks": "all"})
    assert n.offset == 50
    got = consume(b.bootstrap, topic, count=51)
    assert [(r.offset, r.value) for r in got] == [(x.offset, x.value) for x in acked] + [(50, b"next")]


def test_flush_policy_fsync_before_ack_or_by_flush_messages_and_flush_ms(faultfs_broker, topic):
    """Which writes reach fsync, counted on the file system. Default (strom.flush.before.ack=true):
    acks=all is answered after an fsync of the partition. strom.flush.before.ack=false (Kafka's
    behaviour): no fsync for the ack; flush.messages=N syncs every N messages, flush.ms after
    that much time."""
    f = faultfs_broker()
    b = f.broker.start()
    create_topic(b.bootstrap, topic)
    produce(b.bootstrap, topic, [{"value": b"a%d" % i} for i in range(5)], conf={"acks": "all", "linger.ms": 0})
    assert f.fsync_calls(topic), "acks=all acknowledged without an fsync of the segment"
    b.stop_clean()

    g = faultfs_broker({"strom.flush.before.ack": "false"})
    b = g.broker.start()
    lazy, eager, timed = topic + "-lazy", topic + "-msgs", topic + "-ms"
    create_topic(b.bootstrap, lazy)
    create_topic(b.bootstrap, eager, config={"flush.messages": "1"})
    create_topic(b.bootstrap, timed, config={"flush.ms": "200"})
    for t in (lazy, eager, timed):
        produce(b.bootstrap, t, [{"value": b"k%d" % i} for i in range(20)], conf={"acks": "all", "linger.ms": 0,
                                                                                   "batch.num.messages": 1})
    wait_until(lambda: g.fsync_calls(eager), WAIT, what="an fsync after flush.messages=1")
    wait_until(lambda: g.fsync_calls(timed), WAIT, what="an fsync within flush.ms=200")
    assert g.fsync_calls(lazy) == [], "Kafka mode fsynced a topic with no flush.messages / flush.ms"
    # Acknowledged in Kafka mode means written, not synced: a failing disk does not stop acks=all...
    g.fail_fsync(True)
    d = produce(b.bootstrap, lazy, [{"value": b"unsynced"}], conf={"acks": "all"})
    assert d[0].error is None
    # ...until a flush is due: then the directory goes offline.
    d = produce(b.bootstrap, eager, [{"value": b"x"}], conf={"acks": "all", "retries": 0}, require_success=False)
    wait_until(lambda: g.fsync_failures(), WAIT, what="the flush of the flush.messages=1 topic")
    d = wait_until(lambda: (x := produce(b.bootstrap, lazy, [{"value": b"y"}], conf={"acks": "all", "retries": 0},
                                         require_success=False)[0]).error and x, WAIT,
                   what="produce refused once the directory is offline")
    assert d.error.code() == KafkaError.KAFKA_STORAGE_ERROR, d.error
    g.fail_fsync(False)
