"""confluent-kafka (librdkafka 2.16) Producer and Consumer (assign only) against strom:
keys, headers, compression, acks, partitioning, offsets, ListOffsets, size limits, idempotence."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import (
    OFFSET_BEGINNING,
    OFFSET_END,
    Consumer,
    KafkaError,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import OffsetSpec

from util import (
    admin, by_partition, consume, consumer_conf, create_topic, produce, recent_ts, topic_names, wait_until,
    watermarks,
)

TIMEOUT = 30


def test_keys_values_headers_roundtrip(broker, topic):
    create_topic(broker.bootstrap, topic)
    records = []
    for i in range(50):
        records.append({
            "key": b"key-%d" % (i % 7),
            "value": b"value-%d" % i,
            # Duplicate header keys are legal (KIP-82) and must keep their order; so is a null value.
            "headers": [("h", b"first-%d" % i), ("h", b"second"), ("trace", None), ("empty", b"")],
        })
    d = produce(broker.bootstrap, topic, records)
    assert [x.offset for x in d] == list(range(50))
    got = consume(broker.bootstrap, topic, count=50)
    assert [r.offset for r in got] == list(range(50))
    for r, want in zip(got, records):
        assert r.key == want["key"]
        assert r.value == want["value"]
        assert r.headers == want["headers"]


def test_null_and_empty_keys_and_values(broker, topic):
    create_topic(broker.bootstrap, topic)
    records = [{"key": None, "value": b"no-key"}, {"key": b"k", "value": None},
               {"key": b"", "value": b""}, {"key": None, "value": None}]
    produce(broker.bootstrap, topic, records)
    got = consume(broker.bootstrap, topic, count=4)
    assert [(r.key, r.value) for r in got] == [(x["key"], x["value"]) for x in records]


def test_timestamps_are_preserved(broker, topic):
    create_topic(broker.bootstrap, topic)
    ts = [recent_ts() + i * 1111 for i in range(5)]
    produce(broker.bootstrap, topic, [{"value": b"%d" % t, "timestamp": t} for t in ts])
    got = consume(broker.bootstrap, topic, count=5)
    assert [r.timestamp for r in got] == [(1, t) for t in ts]  # TIMESTAMP_CREATE_TIME


def test_log_append_time_topic_sets_broker_time(broker, topic):
    create_topic(broker.bootstrap, topic, config={"message.timestamp.type": "LogAppendTime"})
    before = int(time.time() * 1000)
    produce(broker.bootstrap, topic, [{"value": b"x", "timestamp": 1_000_000_000_000}] * 3)
    after = int(time.time() * 1000)
    got = consume(broker.bootstrap, topic, count=3)
    for r in got:
        kind, ts = r.timestamp
        assert kind == 2, r.timestamp  # TIMESTAMP_LOG_APPEND_TIME
        assert before - 1000 <= ts <= after + 1000


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_compression_roundtrip_and_stored_compressed(broker, topic, codec):
    create_topic(broker.bootstrap, topic)
    n = 300
    records = [{"key": b"k%d" % i, "value": (b"strom-%05d-" % i) * 100,
                "headers": [("codec", codec.encode())]} for i in range(n)]
    raw = sum(len(r["value"]) for r in records)
    d = produce(broker.bootstrap, topic, records,
                conf={"compression.type": codec, "linger.ms": 100, "batch.num.messages": 100})
    assert [x.offset for x in d] == list(range(n))
    got = consume(broker.bootstrap, topic, count=n)
    assert [(r.offset, r.key, r.value, r.headers) for r in got] == \
        [(i, x["key"], x["value"], x["headers"]) for i, x in enumerate(records)]
    # The broker stores producer batches as they came (compression.type=producer): the segment is
    # much smaller than the raw values.
    seg = broker.partition_dir(topic) / "00000000000000000000.log"
    assert seg.stat().st_size < raw / 5, (seg.stat().st_size, raw)


def test_topic_compression_type_recompresses(broker, topic):
    create_topic(broker.bootstrap, topic, config={"compression.type": "gzip"})
    records = [{"value": b"A" * 1000} for _ in range(100)]
    produce(broker.bootstrap, topic, records, conf={"compression.type": "none", "linger.ms": 50})
    got = consume(broker.bootstrap, topic, count=100)
    assert all(r.value == b"A" * 1000 for r in got)
    seg = broker.partition_dir(topic) / "00000000000000000000.log"
    assert seg.stat().st_size < 100 * 1000 / 5, seg.stat().st_size


@pytest.mark.parametrize("acks", ["0", "1", "all"])
def test_acks(broker, topic, acks):
    create_topic(broker.bootstrap, topic)
    n = 200
    d = produce(broker.bootstrap, topic, [{"value": b"m%d" % i} for i in range(n)], conf={"acks": acks})
    if acks == "0":
        # No response, so no offsets; records still arrive.
        assert all(x.offset is None or x.offset < 0 for x in d)
    else:
        assert [x.offset for x in d] == list(range(n))
    got = consume(broker.bootstrap, topic, count=n)
    assert [(r.offset, r.value) for r in got] == [(i, b"m%d" % i) for i in range(n)]


def test_acks_zero_then_acks_one_on_same_connection_stays_in_sync(broker, topic):
    """acks=0 must get no response at all, or correlation ids desync for what follows."""
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"a%d" % i} for i in range(20)], conf={"acks": "0"})
    wait_until(lambda: watermarks(broker.bootstrap, topic)[1] == 20, TIMEOUT, what="acks=0 records")
    d = produce(broker.bootstrap, topic, [{"value": b"b%d" % i} for i in range(20)], conf={"acks": "1"})
    assert [x.offset for x in d] == list(range(20, 40))


def test_offsets_dense_per_partition_and_key_affinity(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    records = [{"key": b"user-%d" % (i % 25), "value": b"%d" % i} for i in range(600)]
    d = produce(broker.bootstrap, topic, records)
    part_of_key: dict[bytes, int] = {}
    for x in d:
        assert part_of_key.setdefault(x.key, x.partition) == x.partition, f"key {x.key} on two partitions"
    assert len(set(part_of_key.values())) > 1, "all keys hashed to one partition"
    sent = by_partition(d)
    got = by_partition(consume(broker.bootstrap, topic, partitions=range(4), count=600))
    for p in range(4):
        want = sent.get(p, [])
        assert [x.offset for x in want] == list(range(len(want))), f"partition {p} offsets not dense"
        assert [(r.offset, r.key, r.value) for r in got.get(p, [])] == \
            [(x.offset, x.key, x.value) for x in want]


def test_same_key_same_partition_across_producers(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=6)
    keys = [b"k-%d" % i for i in range(30)]
    d1 = produce(broker.bootstrap, topic, [{"key": k, "value": b"1"} for k in keys])
    d2 = produce(broker.bootstrap, topic, [{"key": k, "value": b"2"} for k in keys])
    assert [x.partition for x in d1] == [x.partition for x in d2]


def test_explicit_partition(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    d = produce(broker.bootstrap, topic, [{"value": b"p%d" % p, "partition": p} for p in (2, 0, 2, 1)])
    assert [(x.partition, x.offset) for x in d] == [(2, 0), (0, 0), (2, 1), (1, 0)]
    assert [r.value for r in consume(broker.bootstrap, topic, [2], count=2)] == [b"p2", b"p2"]


def test_produce_to_missing_partition_fails(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    d = produce(broker.bootstrap, topic, [{"value": b"x", "partition": 5}], require_success=False)
    assert d[0].error is not None
    assert d[0].error.code() in (KafkaError._UNKNOWN_PARTITION, KafkaError.UNKNOWN_TOPIC_OR_PART)


def test_auto_create_topic_on_produce(broker_factory, topic):
    b = broker_factory({"num.partitions": 2})
    d = produce(b.bootstrap, topic, [{"value": b"auto"}])
    assert d[0].offset == 0
    md = admin(b.bootstrap).list_topics(timeout=10)
    assert len(md.topics[topic].partitions) == 2


def test_no_auto_create_when_disabled(broker_factory, topic):
    b = broker_factory({"auto.create.topics.enable": "false"})
    d = produce(b.bootstrap, topic, [{"value": b"x"}], conf={"message.timeout.ms": 3000},
                require_success=False)
    assert d[0].error is not None
    assert topic not in topic_names(b.bootstrap)


def test_consume_from_middle_and_end(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"%d" % i} for i in range(30)])
    got = consume(broker.bootstrap, topic, start=17, count=13)
    assert [r.offset for r in got] == list(range(17, 30))
    assert consume(broker.bootstrap, topic, start=OFFSET_END) == []
    assert watermarks(broker.bootstrap, topic) == (0, 30)


def test_fetch_out_of_range_resets_to_earliest(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"%d" % i} for i in range(5)])
    got = consume(broker.bootstrap, topic, start=1000, count=5)  # auto.offset.reset=earliest
    assert [r.offset for r in got] == list(range(5))


def test_long_poll_fetch_sees_new_records_promptly(broker, topic):
    create_topic(broker.bootstrap, topic)
    c = Consumer(consumer_conf(broker.bootstrap, **{"fetch.wait.max.ms": 5000, "enable.partition.eof": False}))
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        c.poll(0.5)  # connect and start fetching an empty partition
        p = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0})
        start = time.monotonic()
        p.produce(topic, b"wake-up")
        assert p.flush(10) == 0
        m = None
        while m is None and time.monotonic() - start < 10:
            m = c.poll(0.1)
        assert m is not None and m.error() is None and m.value() == b"wake-up"
        # A long poll woken by the append, not held for fetch.wait.max.ms (5 s).
        assert time.monotonic() - start < 3.0, time.monotonic() - start
    finally:
        c.close()


def test_many_small_batches_and_large_fetch(broker, topic):
    create_topic(broker.bootstrap, topic)
    n = 5000
    produce(broker.bootstrap, topic, [{"value": b"%06d" % i} for i in range(n)], conf={"linger.ms": 0})
    got = consume(broker.bootstrap, topic, count=n, conf={"fetch.max.bytes": 1 << 20})
    assert [r.value for r in got] == [b"%06d" % i for i in range(n)]
    assert [r.offset for r in got] == list(range(n))


# -- ListOffsets ---------------------------------------------------------------------------------------


def _timestamped_topic(broker, topic):
    """10 records; record i has timestamp BASE + i*1000, except record 5 has the maximum."""
    base = recent_ts()
    ts = [base + i * 1000 for i in range(10)]
    ts[5] = base + 50_000
    create_topic(broker.bootstrap, topic)
    # Two batches, so lookups cross batch boundaries.
    produce(broker.bootstrap, topic, [{"value": b"%d" % i, "timestamp": ts[i]} for i in range(4)])
    produce(broker.bootstrap, topic, [{"value": b"%d" % i, "timestamp": ts[i]} for i in range(4, 10)])
    return base, ts


def test_list_offsets_admin(broker, topic):
    base, ts = _timestamped_topic(broker, topic)
    a = admin(broker.bootstrap)
    tp = TopicPartition(topic, 0)

    def q(spec):
        (f,) = a.list_offsets({tp: spec}, request_timeout=TIMEOUT).values()
        r = f.result(timeout=TIMEOUT)
        return r.offset, r.timestamp

    assert q(OffsetSpec.earliest())[0] == 0
    assert q(OffsetSpec.latest())[0] == 10
    assert q(OffsetSpec.max_timestamp()) == (5, ts[5])
    assert q(OffsetSpec.for_timestamp(base))[0] == 0
    assert q(OffsetSpec.for_timestamp(base + 3000)) == (3, ts[3])
    assert q(OffsetSpec.for_timestamp(base + 3500)) == (4, ts[4])   # first record with ts >= target
    assert q(OffsetSpec.for_timestamp(base + 6000)) == (5, ts[5])   # record 5 (ts max) comes first
    assert q(OffsetSpec.for_timestamp(base + 60_000))[0] == -1      # nothing that late


def test_offsets_for_times_consumer(broker, topic):
    base, ts = _timestamped_topic(broker, topic)
    c = Consumer(consumer_conf(broker.bootstrap))
    try:
        res = c.offsets_for_times([TopicPartition(topic, 0, base + 7000)], timeout=10)
        assert res[0].error is None
        assert res[0].offset == 5  # ts[5] = base+50000 is the first >= base+7000
        res = c.offsets_for_times([TopicPartition(topic, 0, base + 1000)], timeout=10)
        assert res[0].offset == 1
        lo, hi = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        assert (lo, hi) == (0, 10)
    finally:
        c.close()


# -- size limits ---------------------------------------------------------------------------------------


def test_record_larger_than_max_message_bytes_is_rejected(broker, topic):
    create_topic(broker.bootstrap, topic, config={"max.message.bytes": "10000"})
    conf = {"linger.ms": 0, "retries": 0}
    d1 = produce(broker.bootstrap, topic, [{"value": b"before"}], conf=conf)
    d2 = produce(broker.bootstrap, topic, [{"value": b"x" * 20000}], conf=conf, require_success=False)
    d3 = produce(broker.bootstrap, topic, [{"value": b"after"}], conf=conf)
    assert d1[0].offset == 0
    assert d2[0].error is not None and d2[0].error.code() == KafkaError.MSG_SIZE_TOO_LARGE, d2[0].error
    assert d3[0].offset == 1
    got = consume(broker.bootstrap, topic, count=2)
    assert [(r.offset, r.value) for r in got] == [(0, b"before"), (1, b"after")]


def test_broker_message_max_bytes_applies_to_new_topics(broker_factory, topic):
    b = broker_factory({"message.max.bytes": 5000})
    create_topic(b.bootstrap, topic)
    d = produce(b.bootstrap, topic, [{"value": b"y" * 8000}], conf={"retries": 0}, require_success=False)
    assert d[0].error is not None and d[0].error.code() == KafkaError.MSG_SIZE_TOO_LARGE
    assert produce(b.bootstrap, topic, [{"value": b"ok"}])[0].offset == 0


def test_large_record_under_limit(broker, topic):
    create_topic(broker.bootstrap, topic)
    big = bytes(range(256)) * 3000  # 768 000 bytes, under the 1 MiB default
    d = produce(broker.bootstrap, topic, [{"value": big}, {"value": b"small"}])
    assert [x.offset for x in d] == [0, 1]
    got = consume(broker.bootstrap, topic, count=2)
    assert got[0].value == big and got[1].value == b"small"


# -- idempotence --------------------------------------------------------------------------------------


def test_idempotent_producer_exactly_once_in_order(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    n = 3000
    records = [{"key": b"k%d" % (i % 50), "value": b"%d" % i} for i in range(n)]
    d = produce(broker.bootstrap, topic, records,
                conf={"enable.idempotence": True, "acks": "all", "linger.ms": 2, "batch.num.messages": 50,
                      "max.in.flight.requests.per.connection": 5})
    sent = by_partition(d)
    got = by_partition(consume(broker.bootstrap, topic, partitions=range(3), count=n))
    total = 0
    for p in range(3):
        want = sent.get(p, [])
        assert [x.offset for x in want] == list(range(len(want)))
        values = [r.value for r in got.get(p, [])]
        assert values == [x.value for x in want], f"partition {p}: duplicates or reordering"
        total += len(values)
    assert total == n


def test_idempotent_producer_survives_broker_restart(broker, topic):
    """The same idempotent producer keeps going across a clean broker restart (same port)."""
    create_topic(broker.bootstrap, topic)
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "linger.ms": 5})
    errors = []
    for i in range(100):
        p.produce(topic, b"a%d" % i, on_delivery=lambda err, msg: err and errors.append(err))
    assert p.flush(TIMEOUT) == 0
    broker.restart(same_port=True)
    for i in range(100):
        p.produce(topic, b"b%d" % i, on_delivery=lambda err, msg: err and errors.append(err))
    assert p.flush(TIMEOUT) == 0
    assert not errors
    got = consume(broker.bootstrap, topic, count=200)
    assert [r.value for r in got] == [b"a%d" % i for i in range(100)] + [b"b%d" % i for i in range(100)]
