"""Log behaviour seen through confluent-kafka and kafka-python: segment rolls, reads across
segments, retention by size and time, oversized batches on fetch, reads starting inside a
compressed batch, dynamic topic configs taking effect, concurrent producers."""

from __future__ import annotations

import threading

from confluent_kafka import KafkaError, TopicPartition
from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, OffsetSpec, ResourceType

import kproto as kp
from kafka import KafkaConsumer
from kafka import TopicPartition as KTP
from util import admin, consume, create_topic, produce, recent_ts, wait_until, watermarks

TIMEOUT = 30
RETENTION_WAIT = 15  # the broker checks every 200 ms in these tests


def segment_files(broker, topic, partition=0):
    return sorted(p.name for p in broker.partition_dir(topic, partition).glob("*.log"))


def test_segments_roll_by_size_and_reads_span_them(broker, topic):
    create_topic(broker.bootstrap, topic, config={"segment.bytes": "10000"})
    n = 600
    produce(broker.bootstrap, topic, [{"value": b"%05d-" % i + b"x" * 100} for i in range(n)],
            conf={"linger.ms": 0, "batch.num.messages": 20})
    segs = segment_files(broker, topic)
    assert len(segs) >= 5, segs
    # Segment files are named by their base offset, and every segment but the active one is full.
    bases = [int(s.split(".")[0]) for s in segs]
    assert bases[0] == 0 and bases == sorted(bases)
    got = consume(broker.bootstrap, topic, count=n)
    assert [r.value[:5] for r in got] == [b"%05d" % i for i in range(n)]
    # Start in the middle of a later segment (index lookup in a non-first segment).
    start = bases[3] + 2
    got = consume(broker.bootstrap, topic, start=start, count=n - start)
    assert [r.offset for r in got] == list(range(start, n))
    # Still all there after a restart (segments reloaded, indexes usable).
    broker.restart()
    assert watermarks(broker.bootstrap, topic) == (0, n)
    got = consume(broker.bootstrap, topic, start=start, count=n - start)
    assert [r.offset for r in got] == list(range(start, n))


def test_retention_bytes_deletes_oldest_segments(broker_factory, topic):
    b = broker_factory({"log.retention.check.interval.ms": 200})
    create_topic(b.bootstrap, topic, config={"segment.bytes": "10000", "retention.bytes": "30000"})
    n = 1000
    produce(b.bootstrap, topic, [{"value": b"%05d-" % i + b"y" * 100} for i in range(n)],
            conf={"linger.ms": 0, "batch.num.messages": 20})
    lo, hi = wait_until(lambda: (w := watermarks(b.bootstrap, topic)) and w[0] > 0 and w,
                        RETENTION_WAIT, what="log start offset to move by retention.bytes")
    assert hi == n
    total = sum(p.stat().st_size for p in b.partition_dir(topic).glob("*.log"))
    assert total <= 30000 + 10000 + 2000, total  # retention + at most one (active) segment + slack
    got = consume(b.bootstrap, topic, count=n - lo)
    assert [r.offset for r in got] == list(range(lo, n))
    assert got[0].value.startswith(b"%05d" % lo)


def test_retention_ms_deletes_old_records(broker_factory, topic):
    b = broker_factory({"log.retention.check.interval.ms": 200})
    create_topic(b.bootstrap, topic, config={"retention.ms": "3600000"})  # one hour
    old = recent_ts(3 * 3600)  # three hours ago, beyond retention.ms
    produce(b.bootstrap, topic, [{"value": b"old-%d" % i, "timestamp": old + i} for i in range(10)])
    # A roll is needed before the old records can go: the active segment is never deleted.
    a = admin(b.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("segment.ms", "100", incremental_operation=AlterConfigOpType.SET)])
    a.incremental_alter_configs([res])[res].result(timeout=TIMEOUT)
    produce(b.bootstrap, topic, [{"value": b"new-%d" % i} for i in range(5)])
    wait_until(lambda: watermarks(b.bootstrap, topic)[0] == 10, RETENTION_WAIT,
               what="old records deleted by retention.ms")
    got = consume(b.bootstrap, topic, count=5)
    assert [(r.offset, r.value) for r in got] == [(10 + i, b"new-%d" % i) for i in range(5)]


def test_fetch_returns_batch_larger_than_fetch_limits(broker, topic):
    """KIP-74: a batch bigger than max.partition.fetch.bytes / fetch.max.bytes is still returned,
    so consumers make progress."""
    create_topic(broker.bootstrap, topic)
    big = b"B" * 200_000
    produce(broker.bootstrap, topic, [{"value": b"small"}, {"value": big}, {"value": b"tail"}],
            conf={"linger.ms": 0})
    got = consume(broker.bootstrap, topic, count=3,
                  conf={"max.partition.fetch.bytes": 1024, "fetch.max.bytes": 1024, "message.max.bytes": 1000,
                        "receive.message.max.bytes": 1_000_000})
    assert [r.value for r in got] == [b"small", big, b"tail"]


def test_read_from_inside_a_compressed_batch(broker, topic):
    """A fetch from an offset in the middle of a compressed batch returns the whole batch (the
    broker never splits stored batches); clients drop the records before the fetch offset."""
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"c%03d" % i} for i in range(100)],
            conf={"compression.type": "zstd", "linger.ms": 500, "batch.num.messages": 1000})
    batches, _ = kp.scan_segment((broker.partition_dir(topic) / "00000000000000000000.log").read_bytes())
    _, base, _, count = max(batches, key=lambda b: b[3])
    assert count >= 10, f"records were not batched: {batches}"
    start = base + count // 2
    got = consume(broker.bootstrap, topic, start=start, count=100 - start)
    assert [(r.offset, r.value) for r in got] == [(i, b"c%03d" % i) for i in range(start, 100)]
    c = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None)
    try:
        tp = KTP(topic, 0)
        c.assign([tp])
        c.seek(tp, start)
        out = []
        wait_until(lambda: out.extend(r for recs in c.poll(timeout_ms=200).values() for r in recs)
                   or len(out) >= 100 - start, TIMEOUT, what=f"kafka-python records from offset {start}")
        assert [r.offset for r in out] == list(range(start, 100))
    finally:
        c.close()


def test_max_message_bytes_change_takes_effect(broker, topic):
    create_topic(broker.bootstrap, topic, config={"max.message.bytes": "10000"})
    conf = {"linger.ms": 0, "retries": 0}
    d = produce(broker.bootstrap, topic, [{"value": b"z" * 20000}], conf=conf, require_success=False)
    assert d[0].error is not None and d[0].error.code() == KafkaError.MSG_SIZE_TOO_LARGE
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("max.message.bytes", "100000", incremental_operation=AlterConfigOpType.SET)])
    a.incremental_alter_configs([res])[res].result(timeout=TIMEOUT)
    d = produce(broker.bootstrap, topic, [{"value": b"z" * 20000}], conf=conf)
    assert d[0].offset == 0


def test_concurrent_producers_and_consumers(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    results: dict[int, list] = {}
    errors = []

    def work(w):
        try:
            results[w] = produce(broker.bootstrap, topic,
                                 [{"key": b"w%d-%d" % (w, i % 7), "value": b"w%d-%05d" % (w, i)} for i in range(1500)],
                                 conf={"acks": "all", "linger.ms": 1})
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    acked = {(d.partition, d.offset): d.value for ds in results.values() for d in ds}
    assert len(acked) == 6000, "two records acknowledged at the same offset"
    got = consume(broker.bootstrap, topic, partitions=range(4), count=6000)
    assert {(r.partition, r.offset): r.value for r in got} == acked
    # Each producer's records stay in its order within a partition.
    for w in range(4):
        for p in range(4):
            mine = [r.value for r in got if r.partition == p and r.value.startswith(b"w%d-" % w)]
            assert mine == sorted(mine)


def test_list_offsets_after_delete_records_and_restart(broker, topic):
    create_topic(broker.bootstrap, topic)
    base = recent_ts()
    produce(broker.bootstrap, topic, [{"value": b"%d" % i, "timestamp": base + i * 10} for i in range(20)])
    a = admin(broker.bootstrap)
    (f,) = a.delete_records([TopicPartition(topic, 0, 8)]).values()
    f.result(timeout=TIMEOUT)
    tp = TopicPartition(topic, 0)

    def q(spec):
        (f,) = a.list_offsets({tp: spec}, request_timeout=TIMEOUT).values()
        r = f.result(timeout=TIMEOUT)
        return r.offset, r.timestamp

    for when in ("before restart", "after restart"):
        assert q(OffsetSpec.earliest())[0] == 8, when
        assert q(OffsetSpec.latest())[0] == 20, when
        # Deleted records are not found by time: the first record at or after the log start is
        # (Kafka: LogSegment.findOffsetByTimestamp(ts, startingOffset = logStartOffset)).
        assert q(OffsetSpec.for_timestamp(base)) == (8, base + 80), when
        assert q(OffsetSpec.for_timestamp(base + 125)) == (13, base + 130), when
        broker.restart()
        a = admin(broker.bootstrap)
