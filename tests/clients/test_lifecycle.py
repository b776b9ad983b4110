"""Log lifecycle over time, seen from third-party clients: retention by time and size (and the
broker keys' precedence), the log start offset and consumers that fall below it, compaction
(latest record per key, tombstones, dirty ratio, min/max compaction lag, keyless records),
per-topic recompression, LogAppendTime, timestamp bounds, and topic and broker configs changed at
runtime.

Every broker here checks retention every 200 ms and lets the cleaner back off only 100 ms, and
topics use tiny segments (segment.bytes 1000) so segments roll after a handful of records. Waits
are polls with deadlines; where a test must show that something did NOT happen, it waits for a
control (another topic or another part of the same log) that the same background pass must have
handled, instead of sleeping.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time

import pytest
from confluent_kafka import (
    OFFSET_BEGINNING,
    TIMESTAMP_CREATE_TIME,
    TIMESTAMP_LOG_APPEND_TIME,
    Consumer,
    KafkaError,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, ConfigSource, OffsetSpec, ResourceType

import kproto as kp
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KTP
from kafka.admin import ConfigResource as KConfigResource
from kafka.admin import ConfigResourceType as KConfigResourceType
from util import admin, consume, consumer_conf, create_topic, produce, recent_ts, wait_until, watermarks

TIMEOUT = 30
WAIT = 20  # background work (retention every 200 ms, cleaner backoff 100 ms) shows within this
HOUR_MS = 3_600_000

FAST = {"log.retention.check.interval.ms": 200, "log.cleaner.backoff.ms": 100}
SMALL = {"segment.bytes": "1000"}

CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


# -- helpers ---------------------------------------------------------------------------------------------


def alter_topic(bootstrap: str, topic: str, configs: dict, op=AlterConfigOpType.SET) -> None:
    a = admin(bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry(k, None if v is None else str(v), incremental_operation=op) for k, v in configs.items()])
    a.incremental_alter_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)


def describe(bootstrap: str, rtype, name: str) -> dict:
    a = admin(bootstrap)
    res = ConfigResource(rtype, name)
    return a.describe_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)


def log_start(b, topic: str, partition: int = 0) -> int:
    return watermarks(b.bootstrap, topic, partition)[0]


def segment_bases(b, topic: str, partition: int = 0) -> list[int]:
    return sorted(int(p.name.split(".")[0]) for p in b.partition_dir(topic, partition).glob("*.log"))


def stored_batches(b, topic: str, partition: int = 0) -> list[tuple[int, int, int]]:
    """[(base offset, record count, codec id)] of every batch in the partition's .log files."""
    out = []
    for base in segment_bases(b, topic, partition):
        data = (b.partition_dir(topic, partition) / f"{base:020d}.log").read_bytes()
        batches, _ = kp.scan_segment(data)
        for pos, bo, _size, count in batches:
            attrs = int.from_bytes(data[pos + 21:pos + 23], "big")
            out.append((bo, count, attrs & 0x7))
    return out


def old_then_recent(b, topic: str, n_old: int, n_recent: int, key=None) -> tuple[int, int]:
    """n_old records stamped three hours ago, then n_recent stamped now (separate produce calls).
    -> (old timestamp, recent timestamp)."""
    old, recent = recent_ts(3 * 3600), recent_ts(0)
    kw = (lambda i: {"key": key(i)}) if key else (lambda i: {})
    produce(b.bootstrap, topic, [{"value": b"old-%04d" % i, "timestamp": old + i, **kw(i)} for i in range(n_old)])
    produce(b.bootstrap, topic, [{"value": b"new-%04d" % i, "timestamp": recent + i, **kw(n_old + i)}
                                 for i in range(n_recent)])
    return old, recent


def retention_pass_barrier(b, control: str) -> None:
    """Return only after a complete retention pass over every partition ran after this call began.

    `control` has retention.ms of one hour: each round appends a three-hour-old record and waits
    until retention removed it. A pass is one sweep over all partitions; the second round's removal
    happens in a pass that started after the first round's, so every other partition was checked
    at least once in between."""
    for _ in range(2):
        d = produce(b.bootstrap, control, [{"value": b"expired", "timestamp": recent_ts(3 * 3600)}])
        end = d[0].offset + 1
        wait_until(lambda: log_start(b, control) == end, WAIT, what=f"retention pass on {control}")


def kp_read_all(bootstrap: str, topic: str, partition: int = 0, start: int | None = None,
                reset: str = "earliest", timeout: float = TIMEOUT) -> list:
    """kafka-python: assign one partition, seek to `start` (or the beginning), read to the end."""
    c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                      auto_offset_reset=reset, fetch_max_wait_ms=100)
    try:
        tp = KTP(topic, partition)
        c.assign([tp])
        if start is None:
            c.seek_to_beginning(tp)
        else:
            c.seek(tp, start)
        end = c.end_offsets([tp])[tp]
        out = []
        deadline = time.monotonic() + timeout
        while c.position(tp) < end:
            assert time.monotonic() < deadline, f"kafka-python read of {topic} stuck at {c.position(tp)} < {end}"
            for recs in c.poll(timeout_ms=200).values():
                out.extend(recs)
        return out
    finally:
        c.close()


def view(records) -> list[tuple[int, bytes | None, bytes | None]]:
    return [(r.offset, r.key, r.value) for r in records]


def cleaned_prefix_is_unique(b, topic: str) -> list | None:
    """All records, if no key occurs twice below the active segment (what one cleaning round of
    everything sealed leaves), else None."""
    active = segment_bases(b, topic)[-1]
    got = consume(b.bootstrap, topic)
    keys = [r.key for r in got if r.offset < active]
    return got if len(keys) == len(set(keys)) else None


# -- retention by time: broker keys and their precedence ---------------------------------------------


@pytest.mark.parametrize("keys,deletes", [
    ({"log.retention.hours": 1}, True),
    ({"log.retention.hours": 1000, "log.retention.minutes": 60}, True),
    ({"log.retention.hours": 1000, "log.retention.minutes": 100000, "log.retention.ms": 3600000}, True),
    ({"log.retention.hours": 1, "log.retention.ms": -1}, False),
], ids=["hours", "minutes-beat-hours", "ms-beat-minutes", "ms=-1-keeps-forever"])
def test_broker_retention_keys_precedence(broker_factory, topic, keys, deletes):
    b = broker_factory({**FAST, **keys})
    # segment.ms of an hour rolls a new segment where the timestamps jump from three hours ago to now.
    create_topic(b.bootstrap, topic, config={"segment.ms": str(HOUR_MS)})
    control = topic + "-ctl"
    create_topic(b.bootstrap, control, config={"retention.ms": str(HOUR_MS)})
    old_then_recent(b, topic, 30, 10)
    cfg = describe(b.bootstrap, ResourceType.TOPIC, topic)["retention.ms"]
    assert cfg.source == ConfigSource.STATIC_BROKER_CONFIG.value
    winner = "log.retention.ms" if "log.retention.ms" in keys else \
        "log.retention.minutes" if "log.retention.minutes" in keys else "log.retention.hours"
    assert cfg.synonyms and list(cfg.synonyms)[0] == winner, cfg.synonyms
    if deletes:
        assert cfg.value == str(HOUR_MS)
        wait_until(lambda: log_start(b, topic) == 30, WAIT, what="the three-hour-old segment deleted")
        got = consume(b.bootstrap, topic)
        assert [(r.offset, r.value) for r in got] == [(30 + i, b"new-%04d" % i) for i in range(10)]
    else:
        assert cfg.value == "-1"
        retention_pass_barrier(b, control)
        assert watermarks(b.bootstrap, topic) == (0, 40)


# -- retention by size, the log start offset, and consumers below it ---------------------------------


@pytest.mark.parametrize("stop", ["sigterm", "kill9"])
def test_retention_bytes_moves_log_start_which_survives_restart(broker_factory, topic, stop):
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, config={**SMALL, "retention.bytes": "3000", "file.delete.delay.ms": "600000"})
    n = 300
    produce(b.bootstrap, topic, [{"value": b"%05d-" % i + b"r" * 40} for i in range(n)],
            conf={"linger.ms": 0, "batch.num.messages": 5})
    pdir = b.partition_dir(topic)
    wait_until(lambda: sum(p.stat().st_size for p in pdir.glob("*.log")) <= 3000 + 1000, WAIT,
               what="the log shrunk to retention.bytes plus at most one segment")
    # Whole segments went: the log starts at a segment base. Their files were renamed .deleted and
    # wait for file.delete.delay.ms (ten minutes here).
    lo = log_start(b, topic)
    assert lo > 0 and lo == segment_bases(b, topic)[0]
    deleted = sorted(p.name for p in pdir.glob("*.deleted"))
    assert f"{0:020d}.log.deleted" in deleted, deleted

    if stop == "sigterm":
        b.stop_clean()
    else:
        b.kill9()
    on_disk = segment_bases(b, topic)[0]
    assert on_disk >= lo
    b.start()
    assert not list(pdir.glob("*.deleted")), ".deleted files left after the restart"
    lo2, hi = watermarks(b.bootstrap, topic)
    assert (lo2, hi) == (on_disk, n), "log start offset not kept across the restart"
    got = consume(b.bootstrap, topic)
    assert [r.offset for r in got] == list(range(lo2, n))
    assert all(r.value.startswith(b"%05d-" % r.offset) for r in got)

    # ListOffsets earliest answers the new log start (confluent admin and kafka-python).
    a = admin(b.bootstrap)
    (f,) = a.list_offsets({TopicPartition(topic, 0): OffsetSpec.earliest()}, request_timeout=TIMEOUT).values()
    assert f.result(timeout=TIMEOUT).offset == lo2

    # A fetch below the log start: OFFSET_OUT_OF_RANGE, then auto.offset.reset decides.
    got = consume(b.bootstrap, topic, start=0, count=n - lo2)
    assert got[0].offset == lo2
    assert [r.offset for r in kp_read_all(b.bootstrap, topic, start=0)][:1] == [lo2]

    c = Consumer(consumer_conf(b.bootstrap, **{"auto.offset.reset": "latest", "enable.partition.eof": True}))
    try:
        c.assign([TopicPartition(topic, 0, 1)])  # below the log start
        wait_until(lambda: (m := c.poll(0.2)) is not None and m.error() is not None
                   and m.error().code() == KafkaError._PARTITION_EOF, TIMEOUT, what="reset to latest")
        d = produce(b.bootstrap, topic, [{"value": b"after-reset"}])
        assert d[0].offset == n
        m = wait_until(lambda: (m := c.poll(0.2)) is not None and m.error() is None and m, TIMEOUT,
                       what="the record produced after the reset")
        assert (m.offset(), m.value()) == (n, b"after-reset")
    finally:
        c.close()

    # With a short file.delete.delay.ms, the files of segments deleted from now on disappear.
    # (Files of segments deleted before the change keep their ten-minute delay.)
    alter_topic(b.bootstrap, topic, {"file.delete.delay.ms": 200})
    waiting = {p.name for p in pdir.glob("*.deleted")}
    lo3 = log_start(b, topic)
    produce(b.bootstrap, topic, [{"value": b"%05d-" % i + b"r" * 40} for i in range(n + 1, n + 101)],
            conf={"linger.ms": 0, "batch.num.messages": 5})
    wait_until(lambda: log_start(b, topic) > lo3 + 50, WAIT, what="retention after more records")
    wait_until(lambda: {p.name for p in pdir.glob("*.deleted")} <= waiting, WAIT,
               what=".deleted files removed after 200 ms")


def test_consumer_overtaken_by_retention_resets_to_new_log_start(broker_factory, topic):
    """A consumer stopped at an offset that retention then deletes (not a seek below the start)."""
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, config={**SMALL, "segment.ms": str(HOUR_MS)})
    produce(b.bootstrap, topic, [{"value": b"old-%04d" % i, "timestamp": recent_ts(3 * 3600) + i} for i in range(30)],
            conf={"linger.ms": 0, "batch.num.messages": 3})
    c = Consumer(consumer_conf(b.bootstrap, **{"auto.offset.reset": "earliest"}))
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        first = wait_until(lambda: (m := c.poll(0.2)) is not None and m.error() is None and m, TIMEOUT,
                           what="first record")
        assert first.offset() == 0
        c.pause([TopicPartition(topic, 0)])
        produce(b.bootstrap, topic, [{"value": b"new-%d" % i} for i in range(5)])
        alter_topic(b.bootstrap, topic, {"retention.ms": HOUR_MS})
        wait_until(lambda: log_start(b, topic) == 30, WAIT, what="old records deleted")
        # Seek to where the consumer stood: that offset no longer exists.
        c.seek(TopicPartition(topic, 0, 1))
        c.resume([TopicPartition(topic, 0)])
        out = []
        wait_until(lambda: ((m := c.poll(0.2)) is not None and m.error() is None and out.append(m))
                   or len(out) >= 5, TIMEOUT, what="records after the reset")
        assert [(m.offset(), m.value()) for m in out] == [(30 + i, b"new-%d" % i) for i in range(5)]
    finally:
        c.close()


# -- configs changed at runtime ---------------------------------------------------------------------------


@pytest.mark.parametrize("api", ["incremental", "legacy"])
def test_lowering_retention_ms_on_a_live_topic_deletes_without_restart(broker_factory, topic, api):
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, config={"segment.ms": str(HOUR_MS)})
    control = topic + "-ctl"
    create_topic(b.bootstrap, control, config={"retention.ms": str(HOUR_MS)})
    old_then_recent(b, topic, 30, 10)
    # The default (7 days) keeps three-hour-old records.
    retention_pass_barrier(b, control)
    assert log_start(b, topic) == 0
    if api == "incremental":
        alter_topic(b.bootstrap, topic, {"retention.ms": HOUR_MS})
    else:
        # AlterConfigs (not incremental) replaces the whole override set: keep segment.ms.
        ka = KafkaAdminClient(bootstrap_servers=b.bootstrap)
        try:
            ka.alter_configs([KConfigResource(KConfigResourceType.TOPIC, topic,
                                              {"retention.ms": str(HOUR_MS), "segment.ms": str(HOUR_MS)})],
                             incremental=False)
        finally:
            ka.close()
    cfg = describe(b.bootstrap, ResourceType.TOPIC, topic)
    assert cfg["retention.ms"].value == str(HOUR_MS)
    assert cfg["retention.ms"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    assert cfg["segment.ms"].value == str(HOUR_MS)
    wait_until(lambda: log_start(b, topic) == 30, WAIT, what="retention.ms applied without a restart")
    assert [r.value for r in consume(b.bootstrap, topic)] == [b"new-%04d" % i for i in range(10)]
    # And raising it again stops further deletion (new old records stay).
    alter_topic(b.bootstrap, topic, {"retention.ms": -1})
    produce(b.bootstrap, topic, [{"value": b"late-old", "timestamp": recent_ts(5 * 3600)}])
    retention_pass_barrier(b, control)
    assert watermarks(b.bootstrap, topic) == (30, 41)


def alter_broker_default(b, configs: dict[str, str | None]) -> None:
    """IncrementalAlterConfigs v0 on the cluster-wide broker default (resource name ""), as
    kafka-configs.sh --entity-default does; value None deletes the key. confluent-kafka and
    kafka-python both refuse an empty broker name, so this one goes out as raw bytes."""
    body = struct.pack(">ib", 1, 4) + kp.string("") + struct.pack(">i", len(configs))
    for k, v in configs.items():
        body += kp.string(k) + struct.pack(">b", 1 if v is None else 0) + kp.string(v)
    body += b"\x00"  # validate_only
    with kp.RawConn(b.host, b.port) as c:
        resp = c.request(kp.frame(kp.request_header_v1(44, 0, 7, "strom-tests") + body))
    r = kp.Reader(resp)
    _corr, _throttle, n = r.take(">iii")
    assert n == 1
    code, msg = r.take(">h"), r.string()
    assert code == 0, f"IncrementalAlterConfigs on the broker default: error {code} {msg}"


def test_dynamic_broker_default_retention(broker_factory, topic):
    b = broker_factory(FAST)
    create_topic(b.bootstrap, topic, config={"segment.ms": str(HOUR_MS)})
    old_then_recent(b, topic, 20, 5)
    alter_broker_default(b, {"log.retention.ms": str(HOUR_MS)})
    wait_until(lambda: log_start(b, topic) == 20, WAIT, what="the dynamic broker default applied to the topic")
    cfg = describe(b.bootstrap, ResourceType.TOPIC, topic)["retention.ms"]
    assert (cfg.value, cfg.source) == (str(HOUR_MS), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.value)
    assert list(cfg.synonyms)[0] == "log.retention.ms"
    # The cluster-wide default is stored in the metadata log: it survives a restart.
    b.restart()
    cfg = describe(b.bootstrap, ResourceType.TOPIC, topic)["retention.ms"]
    assert (cfg.value, cfg.source) == (str(HOUR_MS), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.value)
    assert log_start(b, topic) == 20
    # Deleting it returns to the static default (168 hours).
    alter_broker_default(b, {"log.retention.ms": None})
    cfg = describe(b.bootstrap, ResourceType.TOPIC, topic)["retention.ms"]
    assert cfg.value == str(168 * HOUR_MS)


# -- compaction -----------------------------------------------------------------------------------------------


def compacted_topic(b, topic, **extra):
    create_topic(b.bootstrap, topic, config={"cleanup.policy": "compact", **SMALL,
                                              "min.cleanable.dirty.ratio": "0.01", **extra})


@pytest.mark.parametrize("codec", ["none", "zstd"])
def test_compaction_keeps_latest_record_per_key_at_its_offset(broker_factory, topic, codec):
    b = broker_factory(FAST)
    compacted_topic(b, topic)
    control = topic + "-ctl"
    compacted_topic(b, control)
    keys, rounds = 12, 12
    records = []
    for r in range(rounds):
        for k in range(keys):
            rec = {"key": b"key-%02d" % k, "value": b"r%02d-k%02d" % (r, k)}
            if k % 3 == 0:  # duplicate header keys, in order, must survive the rewrite
                rec["headers"] = [("h", b"first-%d" % r), ("h", b"second-%d" % r), ("x", None)]
            records.append(rec)
    acked = produce(b.bootstrap, topic, records,
                    conf={"compression.type": codec, "linger.ms": 0, "batch.num.messages": 4})
    sent = {d.offset: (d.key, d.value, records[i].get("headers", [])) for i, d in enumerate(acked)}
    n = len(records)

    got = wait_until(lambda: cleaned_prefix_is_unique(b, topic), WAIT, what="the sealed segments compacted")
    assert len(got) < n, "nothing was compacted"
    offsets = [r.offset for r in got]
    assert offsets == sorted(set(offsets)), "offsets not strictly increasing"
    for r in got:  # every record still sits at the offset it was acknowledged at, unchanged
        key, value, headers = sent[r.offset]
        assert (r.key, r.value) == (key, value), r
        assert r.headers == headers, f"headers changed at offset {r.offset}: {r.headers} != {headers}"
    latest = {}
    for off, (key, _, _) in sent.items():
        latest[key] = max(latest.get(key, -1), off)
    assert set(latest.values()) <= set(offsets), "the latest record of a key was removed"
    assert watermarks(b.bootstrap, topic) == (0, n)
    # The active segment is never cleaned: two values of one key in it both stay, through a whole
    # cleaning round (which the control topic's cleaned segments and checkpoint mark).
    tail = produce(b.bootstrap, topic, [{"key": b"tail", "value": b"t1"}, {"key": b"tail", "value": b"t2"}],
                   conf={"linger.ms": 100})
    cleaner_round_barrier(b, control)
    got = consume(b.bootstrap, topic)
    assert [(r.offset, r.value) for r in got if r.offset >= n] == [(d.offset, d.value) for d in tail]
    n += 2

    # Other clients read across the gaps too.
    assert view(kp_read_all(b.bootstrap, topic)) == view(got)
    if shutil.which("kcat"):
        out = subprocess.run(["kcat", "-b", b.bootstrap, "-C", "-t", topic, "-p", "0", "-o", "beginning",
                              "-e", "-q", "-f", r"%o %k %s\n"], capture_output=True, text=True, timeout=TIMEOUT)
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines() == [f"{r.offset} {r.key.decode()} {r.value.decode()}" for r in got]
    # Reading from an offset that was compacted away starts at the next retained record.
    gap = next(o for o in range(n) if o not in {r.offset for r in got})
    from_gap = consume(b.bootstrap, topic, start=gap)
    assert view(from_gap) == [v for v in view(got) if v[0] > gap]

    # Compaction state survives a restart; new records continue at the end.
    b.restart()
    assert view(consume(b.bootstrap, topic)) == view(got)
    assert produce(b.bootstrap, topic, [{"key": b"key-00", "value": b"after"}])[0].offset == n


def cleaner_round_barrier(b, control: str) -> None:
    """Return only after a whole cleaning round ran after this call began: give the compacted
    `control` topic superseded records in sealed segments and wait until the cleaner checkpoint,
    written at the end of a round that cleaned something, moves past them."""
    before = read_cleaner_checkpoint(b).get((control, 0), 0)
    d = produce(b.bootstrap, control, [{"key": b"c", "value": b"c%d" % i} for i in range(8)] +
                [{"key": b"r%d" % i, "value": b"x" * 60} for i in range(20)],
                conf={"linger.ms": 0, "batch.num.messages": 2})
    wait_until(lambda: read_cleaner_checkpoint(b).get((control, 0), 0) > max(before, d[7].offset), WAIT,
               what=f"a cleaning round of {control}")


def test_tombstones_removed_only_after_delete_retention_ms(broker_factory, topic):
    b = broker_factory(FAST)
    short, long_ = topic + "-short", topic + "-long"
    compacted_topic(b, short, **{"delete.retention.ms": "100"})
    compacted_topic(b, long_)  # delete.retention.ms: one day
    for t in (short, long_):
        produce(b.bootstrap, t, [{"key": b"doomed", "value": b"v1"}, {"key": b"doomed", "value": b"v2"},
                                 {"key": b"doomed", "value": None}])

    def push(t, i):
        # Overwrite a few filler keys: keeps the log dirty and rolls segments, so rounds keep coming.
        produce(b.bootstrap, t, [{"key": b"fill-%d" % (j % 4), "value": b"f%05d" % (i * 10 + j)} for j in range(10)],
                conf={"linger.ms": 0, "batch.num.messages": 2})

    def doomed_records(t):
        return [r.value for r in consume(b.bootstrap, t) if r.key == b"doomed"]

    i = 0

    def long_settled():
        nonlocal i
        i += 1
        push(long_, i)
        return doomed_records(long_) == [None]

    # Values below the tombstone go; the tombstone itself stays for delete.retention.ms (a day).
    wait_until(long_settled, WAIT, interval=0.1, what="older values of the deleted key compacted away")

    def short_gone():
        nonlocal i
        i += 1
        push(short, i)
        return doomed_records(short) == []

    wait_until(short_gone, WAIT, interval=0.1, what="the tombstone removed after delete.retention.ms=100")
    # More rounds leave the long-lived tombstone in place.
    for _ in range(3):
        i += 1
        push(long_, i)
    wait_until(lambda: cleaned_prefix_is_unique(b, long_), WAIT, what="long topic compacted")
    assert doomed_records(long_) == [None]


def test_min_compaction_lag_keeps_recent_records_until_lowered(broker_factory, topic):
    b = broker_factory(FAST)
    compacted_topic(b, topic, **{"min.compaction.lag.ms": str(HOUR_MS)})
    n_old, n_recent = 60, 60
    key = lambda i: b"k%d" % (i % 6)  # noqa: E731
    old, recent = recent_ts(3 * 3600), recent_ts(0)
    produce(b.bootstrap, topic, [{"key": key(i), "value": b"old-%03d" % i, "timestamp": old + i} for i in range(n_old)],
            conf={"linger.ms": 0, "batch.num.messages": 3})
    produce(b.bootstrap, topic, [{"key": key(i), "value": b"new-%03d" % i, "timestamp": recent + i}
                                 for i in range(n_recent)], conf={"linger.ms": 0, "batch.num.messages": 3})

    # Old records (older than the lag) are compacted among themselves...
    def old_compacted():
        got = consume(b.bootstrap, topic)
        olds = [r for r in got if r.value.startswith(b"old-")]
        return got if len(olds) < n_old else None

    got = wait_until(old_compacted, WAIT, what="records older than min.compaction.lag.ms compacted")
    # ...but no record younger than the lag was touched, although each one has a newer copy.
    assert [r.value for r in got if r.value.startswith(b"new-")] == [b"new-%03d" % i for i in range(n_recent)]
    assert [r.offset for r in got if r.value.startswith(b"new-")] == list(range(n_old, n_old + n_recent))

    alter_topic(b.bootstrap, topic, {"min.compaction.lag.ms": 0})
    got = wait_until(lambda: cleaned_prefix_is_unique(b, topic), WAIT, what="compaction after lowering the lag")
    assert len([r for r in got if r.value.startswith(b"new-")]) < n_recent
    last = {key(i): n_old + i for i in range(n_recent)}  # the latest offset of each key
    assert set(last.values()) <= {r.offset for r in got}


def read_cleaner_checkpoint(b) -> dict[tuple[str, int], int]:
    """Kafka's cleaner-offset-checkpoint: version, count, then `topic partition offset` lines."""
    path = b.data_dir / "cleaner-offset-checkpoint"
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return {}
    out = {}
    for line in lines[2:]:
        parts = line.split()
        if len(parts) == 3:
            out[(parts[0], int(parts[1]))] = int(parts[2])
    return out


def test_dirty_ratio_holds_back_cleaning_and_max_compaction_lag_overrides_it(broker_factory, topic):
    b = broker_factory(FAST)
    lagged, plain = topic + "-maxlag", topic + "-plain"
    # Every record is stamped three hours ago, so any dirty segment is older than a max lag of one
    # hour (Kafka measures the lag from the first batch of the earliest dirty segment).
    old = recent_ts(3 * 3600)
    for t, extra in ((lagged, {"max.compaction.lag.ms": str(HOUR_MS)}), (plain, {})):
        compacted_topic(b, t, **{"min.cleanable.dirty.ratio": "0.9", **extra})
        # A large clean section first: unique keys, cleaned once (a new log is all dirty).
        produce(b.bootstrap, t, [{"key": b"u%04d" % i, "value": b"x" * 30, "timestamp": old + i} for i in range(200)],
                conf={"linger.ms": 0, "batch.num.messages": 5})
    for t in (lagged, plain):
        wait_until(lambda t=t: read_cleaner_checkpoint(b).get((t, 0), 0) > 100, WAIT,
                   what=f"first cleaning round of {t}")
    before = read_cleaner_checkpoint(b)
    for t in (lagged, plain):
        # A small dirty section, well under 90% of the log.
        produce(b.bootstrap, t, [{"key": b"dup", "value": b"d%d" % i, "timestamp": old + 1000 + i} for i in range(6)],
                conf={"linger.ms": 0, "batch.num.messages": 1})
        produce(b.bootstrap, t, [{"key": b"roll-%d" % i, "value": b"y" * 60, "timestamp": old + 2000 + i}
                                 for i in range(20)], conf={"linger.ms": 0, "batch.num.messages": 2})

    def dups(t):
        return [r.value for r in consume(b.bootstrap, t) if r.key == b"dup"]

    wait_until(lambda: dups(lagged) == [b"d5"], WAIT, what="max.compaction.lag.ms forcing a clean")
    # The round that cleaned `lagged` visited every partition; its checkpoint is written after it.
    wait_until(lambda: read_cleaner_checkpoint(b).get((lagged, 0), 0) > before[(lagged, 0)], WAIT,
               what="cleaner checkpoint after the forced round")
    assert dups(plain) == [b"d%d" % i for i in range(6)], "a log under min.cleanable.dirty.ratio was cleaned"
    # Lowering the ratio at runtime makes it cleanable.
    alter_topic(b.bootstrap, plain, {"min.cleanable.dirty.ratio": "0.01"})
    wait_until(lambda: dups(plain) == [b"d5"], WAIT, what="clean after lowering min.cleanable.dirty.ratio")


@pytest.mark.parametrize("policy", ["compact", "compact,delete"])
def test_keyless_records_rejected_on_compacted_topics(broker, topic, policy):
    create_topic(broker.bootstrap, topic, config={"cleanup.policy": policy})
    d = produce(broker.bootstrap, topic, [{"value": b"no-key"}], conf={"retries": 0}, require_success=False)
    assert d[0].error is not None and d[0].error.code() == KafkaError.INVALID_RECORD, d[0].error
    # A batch mixing keyed and keyless records is refused as a whole.
    d = produce(broker.bootstrap, topic, [{"key": b"k", "value": b"keyed"}, {"value": b"keyless"}],
                conf={"retries": 0, "linger.ms": 200}, require_success=False)
    assert all(x.error is not None and x.error.code() == KafkaError.INVALID_RECORD for x in d), d
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, retries=0)
    try:
        fut = p.send(topic, value=b"kp-no-key")
        with pytest.raises(Exception) as info:
            fut.get(timeout=TIMEOUT)
        assert "InvalidRecord" in type(info.value).__name__ or "INVALID_RECORD" in str(info.value).upper() \
            or "87" in str(info.value), repr(info.value)
        assert p.send(topic, key=b"k", value=b"kp-keyed").get(timeout=TIMEOUT).offset == 0
    finally:
        p.close()
    assert watermarks(broker.bootstrap, topic) == (0, 1)
    assert [(r.key, r.value) for r in consume(broker.bootstrap, topic)] == [(b"k", b"kp-keyed")]


def test_compact_delete_policy_compacts_and_expires(broker_factory, topic):
    b = broker_factory(FAST)
    compacted_topic(b, topic, **{"cleanup.policy": "compact,delete", "retention.ms": str(HOUR_MS),
                                 "segment.ms": str(HOUR_MS)})
    old, recent = recent_ts(3 * 3600), recent_ts(0)
    produce(b.bootstrap, topic, [{"key": b"gone-%d" % (i % 3), "value": b"o%d" % i, "timestamp": old + i}
                                 for i in range(30)], conf={"linger.ms": 0, "batch.num.messages": 3})
    produce(b.bootstrap, topic, [{"key": b"live-%d" % (i % 4), "value": b"n%03d" % i, "timestamp": recent + i}
                                 for i in range(80)], conf={"linger.ms": 0, "batch.num.messages": 4})
    # Retention removes the three-hour-old segments (even keys never overwritten), compaction the
    # overwritten recent values; the two run independently, in either order.
    wait_until(lambda: log_start(b, topic) >= 30, WAIT, what="retention on a compact,delete topic")
    got = wait_until(lambda: cleaned_prefix_is_unique(b, topic), WAIT, what="compaction on a compact,delete topic")
    assert not [r for r in got if r.key.startswith(b"gone-")]
    latest = {b"live-%d" % (i % 4): (30 + i, b"n%03d" % i) for i in range(80)}
    have = {(r.offset, r.value) for r in got}
    assert set(latest.values()) <= have
    assert len(got) < 80


def test_compaction_does_not_accumulate_empty_segments(broker_factory, topic):
    """A compacted topic whose keys are overwritten over and over keeps a few live records; the
    cleaner must not leave one (empty) segment file set, with its open file handles, behind for
    every segment it ever cleaned (Kafka merges small cleaned segments while cleaning)."""
    b = broker_factory(FAST)
    compacted_topic(b, topic)
    for r in range(5):
        produce(b.bootstrap, topic, [{"key": b"k%d" % (i % 3), "value": b"r%d-%04d-" % (r, i) + b"x" * 50}
                                     for i in range(300)], conf={"linger.ms": 0, "batch.num.messages": 3})
        got = wait_until(lambda: cleaned_prefix_is_unique(b, topic), WAIT, what=f"compaction of round {r}")
    live = sum(len(r.value) + 40 for r in got)
    segs = segment_bases(b, topic)
    empty = [s for s in segs if (b.partition_dir(topic) / f"{s:020d}.log").stat().st_size == 0]
    fds = len(os.listdir(f"/proc/{b.pid}/fd"))
    assert len(segs) <= 10, (f"{len(segs)} segments ({len(empty)} of them empty) and {fds} open file descriptors "
                             f"for {len(got)} live records (~{live} bytes)")


def test_retention_continues_past_segments_emptied_by_compaction(broker_factory, topic):
    """On a compact,delete topic the cleaner can empty a whole segment (every record superseded);
    retention must still delete from the oldest segments on, not stop at the empty one."""
    b = broker_factory(FAST)
    compacted_topic(b, topic, **{"cleanup.policy": "compact,delete"})
    # The first segments hold only overwritten values of one key, the rest unique keys.
    produce(b.bootstrap, topic, [{"key": b"same", "value": b"s%04d-" % i + b"x" * 50} for i in range(30)],
            conf={"linger.ms": 0, "batch.num.messages": 3})
    produce(b.bootstrap, topic, [{"key": b"u%04d" % i, "value": b"u%04d-" % i + b"x" * 50} for i in range(200)],
            conf={"linger.ms": 0, "batch.num.messages": 3})
    first = b.partition_dir(topic) / f"{0:020d}.log"
    wait_until(lambda: first.exists() and first.stat().st_size == 0, WAIT, what="the first segment compacted empty")
    alter_topic(b.bootstrap, topic, {"retention.bytes": 3000})
    pdir = b.partition_dir(topic)
    size = lambda: sum(p.stat().st_size for p in pdir.glob("*.log"))  # noqa: E731
    try:
        wait_until(lambda: size() <= 3000 + 1000, WAIT, what="retention.bytes=3000 applied")
    except AssertionError as e:
        raise AssertionError(f"{e}: the log still holds {size()} bytes in {len(segment_bases(b, topic))} segments, "
                             f"log start {log_start(b, topic)}, first segment {first.stat().st_size} bytes") from None
    lo, hi = watermarks(b.bootstrap, topic)
    assert lo > 30 and hi == 230
    got = consume(b.bootstrap, topic)
    assert [r.offset for r in got] == list(range(lo, 230))


# -- recompression, LogAppendTime, timestamp bounds -----------------------------------------------------------


def test_topic_compression_type_recompresses_and_producer_keeps(broker, topic):
    vals = [b"value-%03d-" % i + b"abc" * 20 for i in range(40)]
    topics = {}
    for codec in ["uncompressed", "gzip", "snappy", "lz4", "zstd", "producer"]:
        t = f"{topic}-{codec}"
        create_topic(broker.bootstrap, t, config={"compression.type": codec})
        sent_with = "zstd" if codec in ("uncompressed", "producer") else "lz4" if codec != "lz4" else "gzip"
        produce(broker.bootstrap, t, [{"key": b"k%d" % i, "value": v} for i, v in enumerate(vals)],
                conf={"compression.type": sent_with, "linger.ms": 100, "batch.num.messages": 10})
        topics[t] = (codec, sent_with)
    for t, (codec, sent_with) in topics.items():
        want = CODECS["none" if codec == "uncompressed" else sent_with if codec == "producer" else codec]
        stored = stored_batches(broker, t)
        assert sum(c for _, c, _ in stored) == len(vals)
        assert {c for _, _, c in stored} == {want}, f"{t}: stored codecs {stored}, want {want}"
        got = consume(broker.bootstrap, t)
        assert [(r.offset, r.value) for r in got] == list(enumerate(vals))
        assert [(r.offset, r.value) for r in kp_read_all(broker.bootstrap, t)] == list(enumerate(vals))
    # Changed at runtime: later batches use the new codec, earlier ones stay as they are.
    t = f"{topic}-gzip"
    alter_topic(broker.bootstrap, t, {"compression.type": "snappy"})
    produce(broker.bootstrap, t, [{"value": v} for v in vals[:10]], conf={"compression.type": "none", "linger.ms": 50})
    stored = stored_batches(broker, t)
    assert {c for b_, _, c in stored if b_ < 40} == {CODECS["gzip"]}
    assert {c for b_, _, c in stored if b_ >= 40} == {CODECS["snappy"]}
    assert [r.value for r in consume(broker.bootstrap, t)] == vals + vals[:10]


def test_log_append_time_stamps_batches(broker, topic):
    create_topic(broker.bootstrap, topic, config={"message.timestamp.type": "LogAppendTime"})
    ancient = recent_ts(30 * 24 * 3600)
    before = int(time.time() * 1000)
    produce(broker.bootstrap, topic, [{"value": b"v%d" % i, "timestamp": ancient + i} for i in range(20)])
    after = int(time.time() * 1000)
    got = consume(broker.bootstrap, topic)
    assert len(got) == 20
    for r in got:
        ttype, ts = r.timestamp
        assert ttype == TIMESTAMP_LOG_APPEND_TIME, r.timestamp
        assert before - 1000 <= ts <= after + 1000, (before, ts, after)
    kgot = kp_read_all(broker.bootstrap, topic)
    assert [(r.timestamp_type, r.timestamp) for r in kgot] == [(1, r.timestamp[1]) for r in got]
    # The produce response carried the append time to the producer as well.
    p = Producer({"bootstrap.servers": broker.bootstrap})
    seen = []
    p.produce(topic, b"dr", timestamp=ancient, on_delivery=lambda err, msg: seen.append((err, msg.timestamp())))
    assert p.flush(TIMEOUT) == 0
    assert seen[0][0] is None and seen[0][1][0] == TIMESTAMP_LOG_APPEND_TIME and seen[0][1][1] >= before, seen
    # Lookups by time use the append time: nothing is found at the producer's ancient timestamp + 1 h.
    a = admin(broker.bootstrap)
    tp = TopicPartition(topic, 0)
    (f,) = a.list_offsets({tp: OffsetSpec.for_timestamp(ancient + HOUR_MS)}, request_timeout=TIMEOUT).values()
    assert f.result(timeout=TIMEOUT).offset == 0
    # Switched to CreateTime at runtime: later records keep the producer's timestamp.
    alter_topic(broker.bootstrap, topic, {"message.timestamp.type": "CreateTime"})
    produce(broker.bootstrap, topic, [{"value": b"ct", "timestamp": ancient}])
    last = consume(broker.bootstrap, topic, start=21)
    assert [(r.value, r.timestamp) for r in last] == [(b"ct", (TIMESTAMP_CREATE_TIME, ancient))]


def test_timestamp_bounds_reject_out_of_range_records(broker, topic):
    create_topic(broker.bootstrap, topic, config={"message.timestamp.before.max.ms": str(HOUR_MS),
                                                  "message.timestamp.after.max.ms": "600000"})
    now = recent_ts(0)
    conf = {"retries": 0, "linger.ms": 0}
    cases = [("two hours ago", now - 2 * HOUR_MS, False), ("ten minutes ago", now - 600_000, True),
             ("an hour ahead", now + HOUR_MS, False), ("now", now, True)]
    accepted = []
    for what, ts, ok in cases:
        (d,) = produce(broker.bootstrap, topic, [{"value": what.encode(), "timestamp": ts}], conf=conf,
                       require_success=False)
        if ok:
            assert d.error is None, (what, d.error)
            accepted.append((d.offset, what.encode()))
        else:
            assert d.error is not None and d.error.code() == KafkaError.INVALID_TIMESTAMP, (what, d.error)
    # kafka-python gets the same refusal.
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, retries=0)
    try:
        with pytest.raises(Exception) as info:
            p.send(topic, value=b"kp-old", timestamp_ms=now - 2 * HOUR_MS).get(timeout=TIMEOUT)
        assert "InvalidTimestamp" in type(info.value).__name__ or "INVALID_TIMESTAMP" in str(info.value).upper(), \
            repr(info.value)
    finally:
        p.close()
    # Nothing refused was written: offsets stay dense.
    assert [(r.offset, r.value) for r in consume(broker.bootstrap, topic)] == [(i, v) for i, (_, v) in
                                                                             enumerate(accepted)]
    # Widened at runtime, the same record is accepted.
    alter_topic(broker.bootstrap, topic, {"message.timestamp.before.max.ms": 3 * HOUR_MS})
    (d,) = produce(broker.bootstrap, topic, [{"value": b"late", "timestamp": now - 2 * HOUR_MS}], conf=conf)
    assert d.offset == len(accepted)
    # LogAppendTime topics stamp instead of checking.
    alter_topic(broker.bootstrap, topic, {"message.timestamp.type": "LogAppendTime"})
    (d,) = produce(broker.bootstrap, topic, [{"value": b"stamped", "timestamp": now - 100 * HOUR_MS}], conf=conf)
    assert d.error is None
