"""kafkajs 2.2.4 against strom, driven through js/kjs.js. kafkajs consumers need consumer groups,
so what kafkajs writes is read back with confluent-kafka (assign)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from util import admin, consume, create_topic, recent_ts, topic_names, wait_until

JS_DIR = Path(__file__).resolve().parent / "js"

pytestmark = pytest.mark.skipif(
    not (JS_DIR / "node_modules" / "kafkajs").is_dir() or shutil.which("node") is None,
    reason="kafkajs not installed (tests/run installs it with npm ci)",
)


def kjs(broker, *ops, retries=3, timeout=60):
    """Run ops through kafkajs; returns one result per op: ('ok', value) or ('error', info)."""
    req = {"brokers": [broker.bootstrap], "ops": list(ops), "retries": retries}
    proc = subprocess.run(["node", str(JS_DIR / "kjs.js")], input=json.dumps(req), capture_output=True,
                          text=True, timeout=timeout, cwd=JS_DIR)
    assert proc.returncode == 0, f"kjs.js exited {proc.returncode}:\n{proc.stderr[-4000:]}"
    out = json.loads(proc.stdout)
    assert len(out) == len(ops)
    return [("ok", r["ok"]) if "ok" in r else ("error", r["error"]) for r in out]


def ok(result):
    kind, value = result
    assert kind == "ok", f"kafkajs error: {value}"
    return value


def test_admin_create_fetch_metadata_delete(broker, topic):
    created, listed, md = kjs(
        broker,
        {"op": "createTopics", "topics": [{"topic": topic, "numPartitions": 3, "replicationFactor": 1,
                                           "configEntries": [{"name": "retention.ms", "value": "3600000"}]}]},
        {"op": "listTopics"},
        {"op": "fetchTopicMetadata", "topics": [topic]},
    )
    assert ok(created) is True
    assert topic in ok(listed)
    (t,) = ok(md)["topics"]
    assert t["name"] == topic
    parts = sorted(t["partitions"], key=lambda p: p["partitionId"])
    assert [p["partitionId"] for p in parts] == [0, 1, 2]
    node = broker.ready["node_id"]
    for p in parts:
        assert p["partitionErrorCode"] == 0
        assert p["leader"] == node and p["replicas"] == [node] and p["isr"] == [node]
    # Seen by another client too.
    assert len(admin(broker.bootstrap).list_topics(topic=topic, timeout=10).topics[topic].partitions) == 3

    again, deleted = kjs(
        broker,
        {"op": "createTopics", "topics": [{"topic": topic, "numPartitions": 1}]},
        {"op": "deleteTopics", "topics": [topic]},
    )
    assert ok(again) is False  # kafkajs maps TOPIC_ALREADY_EXISTS to "not created"
    assert ok(deleted) is True
    wait_until(lambda: topic not in topic_names(broker.bootstrap), 30, what="topic deleted")


def test_admin_errors(broker, topic):
    bad_name, bad_rf, missing = kjs(
        broker,
        {"op": "createTopics", "topics": [{"topic": "no spaces allowed", "numPartitions": 1}]},
        {"op": "createTopics", "topics": [{"topic": topic, "numPartitions": 1, "replicationFactor": 3}]},
        {"op": "deleteTopics", "topics": [topic + "-missing"]},
        retries=0,
    )
    assert bad_name[0] == "error"
    assert "INVALID_TOPIC_EXCEPTION" in json.dumps(bad_name[1]), bad_name
    assert bad_rf[0] == "error"
    assert "INVALID_REPLICATION_FACTOR" in json.dumps(bad_rf[1]), bad_rf
    assert missing[0] == "error"
    assert "UNKNOWN_TOPIC_OR_PARTITION" in json.dumps(missing[1]), missing


def test_admin_partitions_configs_cluster(broker, topic):
    create_topic(broker.bootstrap, topic)
    grown, altered, described, cluster = kjs(
        broker,
        {"op": "createPartitions", "topicPartitions": [{"topic": topic, "count": 3}]},
        {"op": "alterTopicConfigs", "topic": topic, "configEntries": [{"name": "retention.ms", "value": "5555"}]},
        {"op": "describeTopicConfigs", "topic": topic, "configNames": ["retention.ms", "cleanup.policy"]},
        {"op": "describeCluster"},
    )
    assert ok(grown) is None  # resolves with nothing on success
    ok(altered)
    (res,) = ok(described)["resources"]
    assert res["errorCode"] == 0
    entries = {e["configName"]: e["configValue"] for e in res["configEntries"]}
    assert entries == {"retention.ms": "5555", "cleanup.policy": "delete"}
    c = ok(cluster)
    assert c["clusterId"] == broker.ready["cluster_id"]
    assert c["controller"] == broker.ready["node_id"]
    assert [(b["nodeId"], b["host"], b["port"]) for b in c["brokers"]] == \
        [(broker.ready["node_id"], broker.host, broker.port)]
    assert len(admin(broker.bootstrap).list_topics(topic=topic, timeout=10).topics[topic].partitions) == 3


@pytest.mark.parametrize("compression", [None, "gzip"])
def test_producer_keys_headers_read_by_confluent(broker, topic, compression):
    create_topic(broker.bootstrap, topic, partitions=2)
    messages = [{"key": "js-%d" % (i % 3), "value": "kafkajs value %d" % i,
                 "headers": {"n": str(i), "multi": ["a", "b"]}} for i in range(60)]
    (sent,) = kjs(broker, {"op": "send", "topic": topic, "messages": messages, "compression": compression})
    sent = ok(sent)
    assert {r["errorCode"] for r in sent} == {0}
    got = consume(broker.bootstrap, topic, partitions=(0, 1), count=60)
    assert sorted(r.value for r in got) == sorted(m["value"].encode() for m in messages)
    for r in got:
        i = int(r.value.decode().rsplit(" ", 1)[1])
        assert r.key == messages[i]["key"].encode()
        assert r.headers == [("n", str(i).encode()), ("multi", b"a"), ("multi", b"b")]
    # Same key, same partition. kafkajs hashes keys with murmur2 (as Java does), librdkafka by
    # default with CRC32, so only consistency within kafkajs is checked.
    part_of = {}
    for r in got:
        assert part_of.setdefault(r.key, r.partition) == r.partition
    # Offsets are dense per partition.
    for p in (0, 1):
        offs = sorted(r.offset for r in got if r.partition == p)
        assert offs == list(range(len(offs)))


@pytest.mark.parametrize("acks", [1, -1])
def test_producer_acks_and_base_offsets(broker, topic, acks):
    create_topic(broker.bootstrap, topic)
    first, second = kjs(
        broker,
        {"op": "send", "topic": topic, "acks": acks, "messages": [{"value": "a"}, {"value": "b"}]},
        {"op": "send", "topic": topic, "acks": acks, "messages": [{"value": "c"}]},
    )
    assert [(r["partition"], r["errorCode"], r["baseOffset"]) for r in ok(first)] == [(0, 0, "0")]
    assert [(r["partition"], r["errorCode"], r["baseOffset"]) for r in ok(second)] == [(0, 0, "2")]
    assert [r.value for r in consume(broker.bootstrap, topic, count=3)] == [b"a", b"b", b"c"]


def test_idempotent_producer(broker, topic):
    create_topic(broker.bootstrap, topic)
    batches = [{"op": "send", "topic": topic, "producer": {"idempotent": True, "maxInFlightRequests": 1},
                "messages": [{"value": "i%d-%d" % (b, j)} for j in range(10)]} for b in range(5)]
    results = kjs(broker, *batches)
    assert [ok(r)[0]["baseOffset"] for r in results] == ["0", "10", "20", "30", "40"]
    got = consume(broker.bootstrap, topic, count=50)
    assert [r.value for r in got] == [b"i%d-%d" % (b, j) for b in range(5) for j in range(10)]


def test_fetch_topic_offsets_and_by_timestamp(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    base = recent_ts()
    messages = [{"value": "t%d" % i, "partition": 0, "timestamp": base + i * 100} for i in range(10)]
    sent, offsets, at, before, after = kjs(
        broker,
        {"op": "send", "topic": topic, "messages": messages},
        {"op": "fetchTopicOffsets", "topic": topic},
        {"op": "fetchTopicOffsetsByTimestamp", "topic": topic, "timestamp": base + 450},
        {"op": "fetchTopicOffsetsByTimestamp", "topic": topic, "timestamp": base - 1},
        {"op": "fetchTopicOffsetsByTimestamp", "topic": topic, "timestamp": base + 10_000},
    )
    ok(sent)
    offs = {o["partition"]: o for o in ok(offsets)}
    assert (offs[0]["low"], offs[0]["high"], offs[0]["offset"]) == ("0", "10", "10")
    assert (offs[1]["low"], offs[1]["high"]) == ("0", "0")
    assert {o["partition"]: o["offset"] for o in ok(at)}[0] == "5"
    assert {o["partition"]: o["offset"] for o in ok(before)}[0] == "0"
    # No record at or after the timestamp: kafkajs falls back to the latest offset.
    assert {o["partition"]: o["offset"] for o in ok(after)}[0] == "10"


def test_delete_topic_records(broker, topic):
    create_topic(broker.bootstrap, topic)
    sent, _, deleted, offsets = kjs(
        broker,
        {"op": "send", "topic": topic, "messages": [{"value": "r%d" % i} for i in range(6)]},
        # kafkajs' deleteTopicRecords looks up leaders in metadata it already has: load it first.
        {"op": "fetchTopicMetadata", "topics": [topic]},
        {"op": "deleteTopicRecords", "topic": topic, "partitions": [{"partition": 0, "offset": "4"}]},
        {"op": "fetchTopicOffsets", "topic": topic},
    )
    ok(sent)
    ok(deleted)
    (o,) = ok(offsets)
    assert (o["low"], o["high"]) == ("4", "6")
    assert [r.value for r in consume(broker.bootstrap, topic, count=2)] == [b"r4", b"r5"]
