"""kafka-python 3.x against strom: KafkaAdminClient, KafkaProducer (keys, headers, compression,
idempotence), KafkaConsumer with assign() and no group, and cross-client reads with confluent-kafka."""

from __future__ import annotations

import time

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka import errors as kerr
from kafka.admin import ConfigResource, ConfigResourceType

from util import consume, create_topic, produce, recent_ts, wait_until

TIMEOUT = 30


@pytest.fixture
def kadmin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT * 1000)
    yield a
    a.close()


def kp_produce(bootstrap, topic, records, **conf):
    """records: dicts with value/key/headers/partition. Returns RecordMetadata list in order."""
    p = KafkaProducer(bootstrap_servers=bootstrap, **conf)
    try:
        futures = [p.send(topic, **r) for r in records]
        p.flush(timeout=TIMEOUT)
        return [f.get(timeout=TIMEOUT) for f in futures]
    finally:
        p.close(timeout=10)


def kp_consume(bootstrap, topic, partitions=(0,), count=None, timeout=TIMEOUT):
    """assign() without a group, from the beginning, until the end offsets (and `count`) are reached."""
    c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                      auto_offset_reset="earliest")
    try:
        tps = [TopicPartition(topic, p) for p in partitions]
        c.assign(tps)
        c.seek_to_beginning(*tps)
        end = c.end_offsets(tps)
        out = []
        deadline = time.monotonic() + timeout
        while True:
            for tp, recs in c.poll(timeout_ms=200).items():
                out.extend(recs)
            done = all(c.position(tp) >= end[tp] for tp in tps)
            if done and (count is None or len(out) >= count):
                return out
            if time.monotonic() > deadline:
                raise AssertionError(f"kafka-python consume: {len(out)} records (wanted {count}), end {end}")
    finally:
        c.close()


# -- admin -------------------------------------------------------------------------------------------


def test_admin_create_describe_delete_topic(broker, kadmin, topic):
    kadmin.create_topics({topic: {"num_partitions": 3, "replication_factor": 1,
                                  "configs": {"retention.ms": "86400000"}}})
    wait_until(lambda: topic in kadmin.list_topics(), TIMEOUT, what="topic listed")
    (desc,) = kadmin.describe_topics([topic])
    assert desc["name"] == topic and desc["error_code"] == 0
    parts = sorted(desc["partitions"], key=lambda p: p["partition_index"])
    assert [p["partition_index"] for p in parts] == [0, 1, 2]
    assert all(p["leader_id"] == broker.ready["node_id"] for p in parts)

    cfg = kadmin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    assert cfg["topic"][topic]["retention.ms"]["value"] == "86400000"

    kadmin.delete_topics([topic])
    wait_until(lambda: topic not in kadmin.list_topics(), TIMEOUT, what="topic gone")


def test_admin_errors(broker, kadmin, topic):
    kadmin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}})
    with pytest.raises(kerr.TopicAlreadyExistsError):
        kadmin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}})
    with pytest.raises(kerr.InvalidTopicError):
        kadmin.create_topics({"bad name": {"num_partitions": 1, "replication_factor": 1}})
    with pytest.raises(kerr.InvalidReplicationFactorError):
        kadmin.create_topics({topic + "-rf": {"num_partitions": 1, "replication_factor": 3}})
    with pytest.raises(kerr.UnknownTopicOrPartitionError):
        kadmin.delete_topics([topic + "-missing"])


def test_admin_default_partitions_and_rf(broker_factory, topic):
    """CreateTopics v4+ with num_partitions/replication_factor -1 uses the broker defaults."""
    b = broker_factory({"num.partitions": 3})
    a = KafkaAdminClient(bootstrap_servers=b.bootstrap)
    try:
        a.create_topics([topic])
        (desc,) = wait_until(lambda: [t for t in a.describe_topics([topic]) if len(t["partitions"]) == 3],
                             TIMEOUT, what="3 partitions")
        assert desc["error_code"] == 0
    finally:
        a.close()


def test_admin_configs_alter_and_describe(broker, kadmin, topic):
    kadmin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}})
    res = ConfigResource(ConfigResourceType.TOPIC, topic, {"retention.ms": "123456", "cleanup.policy": "compact"})
    kadmin.alter_configs([res])  # IncrementalAlterConfigs when advertised
    cfg = kadmin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)], config_filter="all")
    entries = cfg["topic"][topic]
    assert entries["retention.ms"]["value"] == "123456"
    assert entries["cleanup.policy"]["value"] == "compact"
    assert entries["segment.bytes"]["value"] == "1073741824"
    assert entries["segment.bytes"]["config_source"] == "DEFAULT_CONFIG"

    kadmin.reset_configs([ConfigResource(ConfigResourceType.TOPIC, topic, ["retention.ms"])])
    entries = kadmin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)],
                                      config_filter="all")["topic"][topic]
    assert entries["retention.ms"]["value"] == "604800000"
    assert entries["cleanup.policy"]["value"] == "compact"


def test_admin_non_incremental_alter_configs(broker, kadmin, topic):
    kadmin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}})
    kadmin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, {"retention.ms": "99999"})],
                         incremental=False)
    entries = kadmin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])["topic"][topic]
    assert entries["retention.ms"]["value"] == "99999"


def test_admin_create_partitions_and_delete_records(broker, kadmin, topic):
    kadmin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}})
    kadmin.create_partitions({topic: 3})
    wait_until(lambda: len(kadmin.describe_topics([topic])[0]["partitions"]) == 3, TIMEOUT,
               what="3 partitions")
    kp_produce(broker.bootstrap, topic, [{"value": b"%d" % i, "partition": 2} for i in range(8)])
    res = kadmin.delete_records({TopicPartition(topic, 2): 5})
    assert res[TopicPartition(topic, 2)]["low_watermark"] == 5
    got = kp_consume(broker.bootstrap, topic, [2], count=3)
    assert [(r.offset, r.value) for r in got] == [(5, b"5"), (6, b"6"), (7, b"7")]


def test_admin_describe_cluster(broker, kadmin):
    desc = kadmin.describe_cluster()
    assert desc["cluster_id"] == broker.ready["cluster_id"]
    assert desc["controller_id"] == broker.ready["node_id"]
    assert [(b["broker_id"], b["host"], b["port"]) for b in desc["brokers"]] == \
        [(broker.ready["node_id"], broker.host, broker.port)]


def test_admin_list_partition_offsets(broker, kadmin, topic):
    from kafka.admin import OffsetSpec
    create_topic(broker.bootstrap, topic)
    kp_produce(broker.bootstrap, topic, [{"value": b"x"}] * 7)
    tp = TopicPartition(topic, 0)
    res = kadmin.list_partition_offsets({tp: OffsetSpec.LATEST})
    assert res[tp].offset == 7
    res = kadmin.list_partition_offsets({tp: OffsetSpec.EARLIEST})
    assert res[tp].offset == 0


# -- producer / consumer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", [None, "gzip", "snappy", "lz4", "zstd"])
def test_produce_consume_keys_headers_compression(broker, topic, codec):
    create_topic(broker.bootstrap, topic, partitions=2)
    records = [{"key": b"k%d" % (i % 5), "value": (b"kafka-python-%d " % i) * 20,
                "headers": [("i", b"%d" % i), ("dup", b"1"), ("dup", b"2")]} for i in range(200)]
    md = kp_produce(broker.bootstrap, topic, records, compression_type=codec, acks="all", linger_ms=20)
    per_part = {}
    for m, r in zip(md, records):
        per_part.setdefault(m.partition, []).append((m.offset, r))
    got = kp_consume(broker.bootstrap, topic, partitions=(0, 1), count=200)
    got_per_part = {}
    for r in got:
        got_per_part.setdefault(r.partition, []).append(r)
    for p, sent in per_part.items():
        assert [o for o, _ in sent] == list(range(len(sent)))
        assert [(r.offset, r.key, r.value, list(r.headers)) for r in got_per_part[p]] == \
            [(o, s["key"], s["value"], s["headers"]) for o, s in sent]


@pytest.mark.parametrize("acks", [0, 1, "all"])
def test_acks(broker, topic, acks):
    create_topic(broker.bootstrap, topic)
    kp_produce(broker.bootstrap, topic, [{"value": b"%d" % i} for i in range(50)], acks=acks)
    got = kp_consume(broker.bootstrap, topic, count=50)
    assert [(r.offset, r.value) for r in got] == [(i, b"%d" % i) for i in range(50)]


def test_idempotent_producer(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    records = [{"key": b"k%d" % (i % 10), "value": b"%d" % i} for i in range(1000)]
    md = kp_produce(broker.bootstrap, topic, records, enable_idempotence=True, acks="all",
                    max_in_flight_requests_per_connection=5, linger_ms=5, batch_size=2048)
    got = kp_consume(broker.bootstrap, topic, partitions=(0, 1), count=1000)
    assert len(got) == 1000
    sent = {}
    for m, r in zip(md, records):
        sent.setdefault(m.partition, []).append(r["value"])
    recv = {}
    for r in got:
        recv.setdefault(r.partition, []).append(r.value)
    assert recv == sent


def test_timestamps_and_offsets_for_times(broker, topic):
    create_topic(broker.bootstrap, topic)
    base = recent_ts()
    kp_produce(broker.bootstrap, topic, [{"value": b"%d" % i, "timestamp_ms": base + i * 10} for i in range(10)])
    c = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None)
    try:
        tp = TopicPartition(topic, 0)
        res = c.offsets_for_times({tp: base + 35})
        assert res[tp].offset == 4 and res[tp].timestamp == base + 40
        assert c.beginning_offsets([tp])[tp] == 0
        assert c.end_offsets([tp])[tp] == 10
    finally:
        c.close()
    got = kp_consume(broker.bootstrap, topic, count=10)
    assert [r.timestamp for r in got] == [base + i * 10 for i in range(10)]


# -- cross-client --------------------------------------------------------------------------------------


def test_confluent_writes_kafka_python_reads(broker, topic):
    create_topic(broker.bootstrap, topic)
    records = [{"key": b"ck%d" % i, "value": b"from-librdkafka-%d" % i,
                "headers": [("src", b"confluent"), ("src", b"again")]} for i in range(100)]
    produce(broker.bootstrap, topic, records, conf={"compression.type": "zstd", "linger.ms": 20})
    got = kp_consume(broker.bootstrap, topic, count=100)
    assert [(r.offset, r.key, r.value, list(r.headers)) for r in got] == \
        [(i, x["key"], x["value"], x["headers"]) for i, x in enumerate(records)]


def test_kafka_python_writes_confluent_reads(broker, topic):
    create_topic(broker.bootstrap, topic)
    records = [{"key": b"pk%d" % i, "value": b"from-kafka-python-%d" % i, "headers": [("src", b"kp")]}
               for i in range(100)]
    kp_produce(broker.bootstrap, topic, records, compression_type="lz4", linger_ms=20)
    got = consume(broker.bootstrap, topic, count=100)
    assert [(r.offset, r.key, r.value, r.headers) for r in got] == \
        [(i, x["key"], x["value"], x["headers"]) for i, x in enumerate(records)]
