"""Crash safety (reliability.md §3.6): kill -9 during a produce stream, torn segment tails and lost
indexes, then restart on the same data dir and check what the log must still hold."""

from __future__ import annotations

import os
import random
import signal
import threading
import time

import pytest
from confluent_kafka import Producer, TopicPartition
from confluent_kafka.admin import OffsetSpec

import kproto as kp
from util import admin, by_partition, consume, create_topic, produce, recent_ts, watermarks

# Records a producer may have outstanding in the crash tests: acknowledgements keep arriving
# during the stream, so a kill lands in the middle of it.
WINDOW = 300


# -- kill -9 during a produce stream -------------------------------------------------------------------


def stream_with_crash(broker, topic, n, kill_after_acks, conf, partitions=1):
    """Produce n records while kill -9 + restart (same port) happens once `kill_after_acks` are
    acknowledged. Returns (acks, acked_before_kill, errors); acks maps value -> (partition, offset)."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 2, "message.timeout.ms": 60000,
                  "retry.backoff.ms": 50, "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 500,
                  **conf})
    acks: dict[bytes, tuple[int, int]] = {}
    errors = []
    before_kill: dict[bytes, tuple[int, int]] | None = None

    def on_delivery(err, msg):
        if err is not None:
            errors.append((msg.value(), err))
        else:
            acks[msg.value()] = (msg.partition(), msg.offset())

    for i in range(n):
        p.produce(topic, b"rec-%06d" % i, partition=i % partitions, on_delivery=on_delivery)
        p.poll(0)
        deadline = time.monotonic() + 60
        while i + 1 - len(acks) - len(errors) > WINDOW and time.monotonic() < deadline:
            p.poll(0.01)
        if before_kill is None and len(acks) >= kill_after_acks:
            before_kill = dict(acks)
            broker.crash_restart(same_port=True)
    assert before_kill is not None, "stream finished before the kill point"
    assert p.flush(90) == 0, "records still pending 90 s after the restart"
    return acks, before_kill, errors


def check_acked_present(broker, topic, acks, partitions=1):
    got = by_partition(consume(broker.bootstrap, topic, partitions=range(partitions),
                               count=len(acks), timeout=60))
    at = {(p, r.offset): r.value for p, recs in got.items() for r in recs}
    for p, recs in got.items():
        offsets = [r.offset for r in recs]
        assert offsets == list(range(len(offsets))), f"partition {p}: offsets not dense"
    missing = [(v, po) for v, po in acks.items() if at.get(po) != v]
    assert not missing, f"{len(missing)} acknowledged records missing or moved, e.g. {missing[:5]}"
    return got


def test_kill9_during_acks_all_stream_keeps_every_acknowledged_record(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    acks, before_kill, errors = stream_with_crash(broker, topic, 6000, 2000, {"acks": "all"}, partitions=2)
    assert not errors, errors[:5]
    # Offsets are never reused: no two acknowledged records share a partition offset.
    positions = list(acks.values())
    assert len(set(positions)) == len(positions), "an offset was acknowledged twice"
    # Records acknowledged before the crash kept their offsets.
    got = check_acked_present(broker, topic, acks, partitions=2)
    assert all(acks[v] == po for v, po in before_kill.items())
    # A new producer continues at the log end.
    ends = {p: len(got.get(p, [])) for p in range(2)}
    d = produce(broker.bootstrap, topic, [{"value": b"after", "partition": 0}])
    assert d[0].offset == ends[0]


def test_kill9_with_idempotent_producer_no_duplicates_no_gaps(broker, topic):
    create_topic(broker.bootstrap, topic)
    n = 5000
    acks, _, errors = stream_with_crash(broker, topic, n, 1500,
                                        {"acks": "all", "enable.idempotence": True}, partitions=1)
    assert not errors, errors[:5]
    got = consume(broker.bootstrap, topic, count=n, timeout=60)
    values = [r.value for r in got]
    assert len(values) == len(set(values)), f"{len(values) - len(set(values))} duplicates after kill -9"
    assert values == [b"rec-%06d" % i for i in range(n)], "records lost or reordered"
    assert all(acks[r.value] == (0, r.offset) for r in got)


def test_kill9_then_new_producer_continues_at_next_offset(broker, topic):
    """Unacknowledged records may or may not survive, but nothing acknowledged is lost and the
    next append goes right after whatever the log holds."""
    create_topic(broker.bootstrap, topic)
    acked = produce(broker.bootstrap, topic, [{"value": b"a%d" % i} for i in range(500)], conf={"acks": "all"})
    broker.crash_restart()
    lo, hi = watermarks(broker.bootstrap, topic)
    assert (lo, hi) == (0, 500)
    got = consume(broker.bootstrap, topic, count=500)
    assert [(r.offset, r.value) for r in got] == [(d.offset, d.value) for d in acked]
    assert produce(broker.bootstrap, topic, [{"value": b"next"}])[0].offset == 500


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_repeated_kill9_cycles_under_load(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    all_acks: dict[bytes, tuple[int, int]] = {}
    for cycle in range(8):
        p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 2,
                      "message.timeout.ms": 60000, "reconnect.backoff.max.ms": 500})
        killed = False
        for i in range(8000):
            v = b"c%d-%06d" % (cycle, i)
            p.produce(topic, v, partition=i % 3,
                      on_delivery=lambda err, msg: err is None and all_acks.__setitem__(
                          msg.value(), (msg.partition(), msg.offset())))
            p.poll(0)
            if not killed and i == 3000 + cycle * 500:
                broker.crash_restart(same_port=True)
                killed = True
        assert p.flush(90) == 0
        del p
    positions = list(all_acks.values())
    assert len(set(positions)) == len(positions)
    check_acked_present(broker, topic, all_acks, partitions=3)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_sigstop_sigcont_during_idempotent_stream(broker, topic):
    """A broker frozen for a few seconds (GC pause, VM stall) must lose and duplicate nothing."""
    create_topic(broker.bootstrap, topic)
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "acks": "all",
                  "linger.ms": 2, "message.timeout.ms": 120000, "socket.timeout.ms": 2000})
    acks = []
    n = 6000
    for i in range(n):
        p.produce(topic, b"s-%06d" % i, on_delivery=lambda err, msg: acks.append((err, msg.offset())))
        p.poll(0)
        while i + 1 - len(acks) > WINDOW:
            p.poll(0.01)
        if i == 2000:
            os.kill(broker.pid, signal.SIGSTOP)
            try:
                frozen_until = time.monotonic() + 4  # the fault lasts 4 s: longer than socket.timeout.ms
                while time.monotonic() < frozen_until:
                    p.poll(0.1)
            finally:
                os.kill(broker.pid, signal.SIGCONT)
    assert p.flush(120) == 0
    assert [e for e, _ in acks if e is not None] == []
    got = consume(broker.bootstrap, topic, count=n, timeout=60)
    assert [r.value for r in got] == [b"s-%06d" % i for i in range(n)]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_soak_reader_never_sees_offsets_reused_across_crashes(broker, topic):
    """For ~60 s: an acks=all producer and a consumer run while the broker is killed (-9) and
    restarted every few seconds. The reader must see each partition's offsets strictly increasing,
    never two values at one offset, and every acknowledged record at its acknowledged offset."""
    from confluent_kafka import OFFSET_BEGINNING, Consumer
    from util import consumer_conf

    create_topic(broker.bootstrap, topic, partitions=2)
    stop = threading.Event()
    seen: dict[tuple[int, int], bytes] = {}
    last: dict[int, int] = {}
    problems = []

    def reader():
        c = Consumer(consumer_conf(broker.bootstrap, **{"enable.partition.eof": False,
                                                         "reconnect.backoff.max.ms": 500}))
        c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(2)])
        try:
            while not stop.is_set():
                m = c.poll(0.2)
                if m is None or m.error() is not None:
                    continue
                key = (m.partition(), m.offset())
                if m.offset() <= last.get(m.partition(), -1):
                    problems.append(f"non-monotonic read {key} after {last[m.partition()]}")
                last[m.partition()] = m.offset()
                if seen.setdefault(key, m.value()) != m.value():
                    problems.append(f"offset {key} read as {seen[key]!r} and {m.value()!r}")
        finally:
            c.close()

    t = threading.Thread(target=reader)
    t.start()
    acks: dict[bytes, tuple[int, int]] = {}
    p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 5,
                  "message.timeout.ms": 60000, "reconnect.backoff.max.ms": 500})
    deadline = time.monotonic() + 60
    next_kill = time.monotonic() + 5
    i = 0
    try:
        while time.monotonic() < deadline:
            p.produce(topic, b"soak-%07d" % i, partition=i % 2,
                      on_delivery=lambda err, msg: err is None and acks.__setitem__(
                          msg.value(), (msg.partition(), msg.offset())))
            i += 1
            p.poll(0)
            while i - len(acks) > WINDOW and time.monotonic() < deadline:
                p.poll(0.01)
            if time.monotonic() > next_kill:
                broker.crash_restart(same_port=True)
                next_kill = time.monotonic() + 5
        assert p.flush(90) == 0
    finally:
        stop_at = time.monotonic() + 60
        while len(seen) < len(acks) and time.monotonic() < stop_at and t.is_alive():
            time.sleep(0.1)  # let the reader catch up (bounded)
        stop.set()
        t.join(30)
    assert not problems, problems[:10]
    missing = [(v, po) for v, po in acks.items() if seen.get(po) != v]
    assert not missing, f"{len(missing)} acknowledged records not read at their offsets: {missing[:5]}"
    assert len(acks) > 10_000, f"only {len(acks)} records acknowledged in 60 s"


# -- torn tails and damaged indexes -------------------------------------------------------------------------


def _prepare_segment(broker, topic, stop="sigterm"):
    """Three batches of records, then stop the broker (SIGTERM, or kill -9 after acks=all).
    -> (records, log path, original bytes, batches, first timestamp)."""
    create_topic(broker.bootstrap, topic)
    base = recent_ts()
    records = []
    for b in range(3):
        vals = [b"batch%d-rec%d" % (b, i) for i in range(10 + b)]
        produce(broker.bootstrap, topic, [{"value": v, "timestamp": base + len(records) + i}
                                          for i, v in enumerate(vals)],
                conf={"linger.ms": 50, "acks": "all"})
        records += vals
    if stop == "sigterm":
        broker.stop_clean()
    else:
        broker.kill9()
    log = broker.partition_dir(topic) / "00000000000000000000.log"
    data = log.read_bytes()
    batches, valid = kp.scan_segment(data)
    assert valid == len(data), f"the broker left an invalid tail ({stop})"
    assert sum(c for _, _, _, c in batches) == len(records)
    return records, log, data, batches, base


def _damage(kind, log, data, batches):
    """Apply one kind of damage. -> number of bytes of the file that are a valid prefix."""
    rng = random.Random(kind)
    last_pos, _, last_size, _ = batches[-1]
    last = data[last_pos:last_pos + last_size]
    with open(log, "ab") as f:
        if kind == "garbage":
            f.write(bytes(rng.getrandbits(8) for _ in range(777)))
        elif kind == "truncated-batch-copy":
            f.write(last[: last_size // 2])
        elif kind == "header-only":
            f.write(last[:20])
        elif kind == "zero-fill":
            f.write(b"\x00" * 4096)
        elif kind == "huge-length":
            f.write(last[:8] + b"\x7f\xff\xff\xff" + last[12:61])
        elif kind == "valid-length-bad-crc":
            bad = bytearray(last)
            bad[0:8] = (batches[-1][1] + batches[-1][3]).to_bytes(8, "big")  # next base offset
            bad[-1] ^= 0xFF
            f.write(bytes(bad))
    return len(data)


@pytest.mark.parametrize("kind", ["garbage", "truncated-batch-copy", "header-only", "zero-fill",
                                  "huge-length", "valid-length-bad-crc"])
@pytest.mark.parametrize("stop", ["sigterm", "kill9"])
def test_torn_tail_is_truncated_on_unclean_restart(broker, topic, kind, stop):
    records, log, data, batches, base = _prepare_segment(broker, topic, stop)
    valid = _damage(kind, log, data, batches)
    assert log.stat().st_size > valid
    broker.remove_clean_shutdown_markers()
    broker.start()
    assert log.stat().st_size == valid, f"tail not truncated: {log.stat().st_size} bytes, valid prefix {valid}"
    got = consume(broker.bootstrap, topic, count=len(records))
    assert [(r.offset, r.value) for r in got] == list(enumerate(records))
    d = produce(broker.bootstrap, topic, [{"value": b"after-recovery"}])
    assert d[0].offset == len(records)
    got = consume(broker.bootstrap, topic, start=len(records) - 1, count=2)
    assert [r.value for r in got] == [records[-1], b"after-recovery"]


def test_corrupt_last_batch_is_dropped_on_unclean_restart(broker, topic):
    records, log, data, batches, base = _prepare_segment(broker, topic)
    last_pos, last_base, last_size, last_count = batches[-1]
    damaged = bytearray(data)
    damaged[last_pos + last_size - 2] ^= 0x55  # inside the last record: the CRC no longer matches
    log.write_bytes(bytes(damaged))
    broker.remove_clean_shutdown_markers()
    broker.start()
    assert log.stat().st_size == last_pos
    kept = records[:last_base]
    got = consume(broker.bootstrap, topic, count=len(kept))
    assert [(r.offset, r.value) for r in got] == list(enumerate(kept))
    assert watermarks(broker.bootstrap, topic) == (0, last_base)
    assert produce(broker.bootstrap, topic, [{"value": b"next"}])[0].offset == last_base


def test_clean_restart_does_not_rescan(broker, topic):
    """With the marker present the log is trusted as is: same size, same records."""
    records, log, data, _, _ = _prepare_segment(broker, topic)
    broker.start()
    assert log.read_bytes() == data
    assert [r.value for r in consume(broker.bootstrap, topic, count=len(records))] == records


@pytest.mark.parametrize("damage", ["deleted", "garbage"])
def test_indexes_are_rebuilt(broker, topic, damage):
    records, log, data, batches, base = _prepare_segment(broker, topic)
    for suffix in (".index", ".timeindex"):
        idx = log.with_suffix(suffix)
        if damage == "deleted":
            idx.unlink(missing_ok=True)
        else:
            idx.write_bytes(os.urandom(4096))
    broker.remove_clean_shutdown_markers()
    broker.start()
    # Reads from the middle (through the offset index) and lookups by time (time index) work.
    mid = batches[1][1] + 3
    got = consume(broker.bootstrap, topic, start=mid, count=len(records) - mid)
    assert [(r.offset, r.value) for r in got] == list(enumerate(records))[mid:]
    tp = TopicPartition(topic, 0)
    a = admin(broker.bootstrap)
    (f,) = a.list_offsets({tp: OffsetSpec.for_timestamp(base + mid)},
                          request_timeout=30).values()
    assert f.result(timeout=30).offset == mid
    assert produce(broker.bootstrap, topic, [{"value": b"more"}])[0].offset == len(records)


def test_recovery_is_idempotent(broker, topic):
    """Two unclean restarts in a row after one torn tail leave the same log."""
    records, log, data, batches, base = _prepare_segment(broker, topic)
    _damage("truncated-batch-copy", log, data, batches)
    broker.remove_clean_shutdown_markers()
    broker.start()
    broker.kill9()
    first = log.read_bytes()
    broker.remove_clean_shutdown_markers()
    broker.start()
    assert log.read_bytes() == first == data
    assert [r.value for r in consume(broker.bootstrap, topic, count=len(records))] == records
