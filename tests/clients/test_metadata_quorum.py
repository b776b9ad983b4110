"""DescribeQuorum (key 55) from clients other than strom's own: kafka-python's
KafkaAdminClient.describe_metadata_quorum() (it speaks v2), and raw requests at v0, v1 and v2
(kproto's encoder) whose whole response is decoded field by field. confluent-kafka's
AdminClient and aiokafka have no call for it.

Strom's quorum is one node: node 1 leads at epoch 1, the high watermark is the metadata log's
end offset and grows with every metadata change, the voter's directory id is the metadata
directory's `directory.id`, and anything but `__cluster_metadata` partition 0 gets
UNKNOWN_TOPIC_OR_PARTITION per partition, as in Kafka."""

from __future__ import annotations

import base64
import time
import uuid

import pytest
from kafka import KafkaAdminClient

import kproto as kp
from util import create_topic

TIMEOUT = 30


def directory_id(broker) -> uuid.UUID:
    """directory.id of the metadata log directory (Kafka's base64url form) as a UUID."""
    text = (broker.data_dir / "meta.properties").read_text()
    value = next(l.split("=", 1)[1] for l in text.splitlines() if l.startswith("directory.id="))
    return uuid.UUID(bytes=base64.urlsafe_b64decode(value + "=="))


def describe_quorum(conn: kp.GroupConn, version: int, topics: list[tuple[str, list[int]]]) -> dict:
    """Send DescribeQuorum and decode the whole response (it must be consumed exactly)."""
    w = kp.W(True)
    w.array(topics, lambda w, t: w.str(t[0]).array(t[1], lambda w, p: w.i32(p).tags()).tags())
    w.tags()
    r = conn.call(kp.API_DESCRIBE_QUORUM, version, w.done())

    def replica(r):
        d = {"id": r.take(">i")}
        if version >= 2:
            d["directory_id"] = uuid.UUID(bytes=r.uuid())
        d["log_end_offset"] = r.take(">q")
        if version >= 1:
            d["last_fetch"] = r.take(">q")
            d["last_caught_up"] = r.take(">q")
        r.tags()
        return d

    def partition(r):
        d = {"index": r.take(">i"), "error": r.take(">h")}
        if version >= 2:
            d["message"] = r.str()
        d["leader_id"], d["leader_epoch"], d["high_watermark"] = r.take(">i"), r.take(">i"), r.take(">q")
        d["voters"] = r.array(replica)
        d["observers"] = r.array(replica)
        r.tags()
        return d

    def topic(r):
        d = {"name": r.str(), "partitions": r.array(partition)}
        r.tags()
        return d

    def listener(r):
        d = (r.str(), r.str(), r.take(">H"))
        r.tags()
        return d

    def node(r):
        d = {"id": r.take(">i"), "listeners": r.array(listener)}
        r.tags()
        return d

    out = {"error": r.take(">h")}
    if version >= 2:
        out["message"] = r.str()
    out["topics"] = r.array(topic)
    if version >= 2:
        out["nodes"] = r.array(node)
    r.tags()
    assert r.remaining == 0, f"{r.remaining} bytes left after DescribeQuorum v{version}"
    return out


def test_kafka_python_describe_metadata_quorum(broker, topic):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT * 1000)
    try:
        create_topic(broker.bootstrap, topic, 2)
        q = a.describe_metadata_quorum()
        (t,) = q["topics"]
        assert t["topic_name"] == "__cluster_metadata"
        (p,) = t["partitions"]
        assert p["error"] is None
        assert (p["partition_index"], p["leader_id"], p["leader_epoch"]) == (0, 1, 1)
        hw = p["high_watermark"]
        assert hw > 0
        (voter,) = p["current_voters"]
        assert voter["replica_id"] == 1
        assert voter["log_end_offset"] == hw
        assert uuid.UUID(str(voter["replica_directory_id"])) == directory_id(broker)
        now = time.time() * 1000
        assert abs(voter["last_fetch_timestamp"] - now) < 10_000
        assert abs(voter["last_caught_up_timestamp"] - now) < 10_000
        assert p["observers"] == []
        (n,) = q["nodes"]
        assert n["node_id"] == 1
        assert [(l["name"], l["host"], l["port"]) for l in n["listeners"]] == [
            ("PLAINTEXT", broker.host, broker.port)]

        create_topic(broker.bootstrap, topic + "-2", 1)
        later = a.describe_metadata_quorum()["topics"][0]["partitions"][0]["high_watermark"]
        assert later > hw
    finally:
        a.close()


@pytest.mark.parametrize("version", [0, 1, 2])
def test_raw_describe_quorum_at_each_version(broker, topic, version):
    create_topic(broker.bootstrap, topic, 1)
    with kp.GroupConn(broker.host, broker.port) as c:
        q = describe_quorum(c, version, [("__cluster_metadata", [0])])
    assert q["error"] == 0
    if version >= 2:
        assert q["message"] in ("", None)
    (t,) = q["topics"]
    assert t["name"] == "__cluster_metadata"
    (p,) = t["partitions"]
    assert (p["index"], p["error"], p["leader_id"], p["leader_epoch"]) == (0, 0, 1, 1)
    assert p["high_watermark"] > 0
    (voter,) = p["voters"]
    assert voter["id"] == 1
    assert voter["log_end_offset"] == p["high_watermark"]
    assert p["observers"] == []
    if version >= 1:
        now = time.time() * 1000
        assert abs(voter["last_fetch"] - now) < 10_000
        assert voter["last_caught_up"] == voter["last_fetch"]
    if version >= 2:
        assert voter["directory_id"] == directory_id(broker)
        assert q["nodes"] == [{"id": 1, "listeners": [("PLAINTEXT", broker.host, broker.port)]}]


def test_raw_describe_quorum_of_other_partitions(broker):
    with kp.GroupConn(broker.host, broker.port) as c:
        for version in (0, 2):
            q = describe_quorum(c, version, [("orders", [0, 1]), ("__cluster_metadata", [3])])
            assert q["error"] == 0
            got = [(t["name"], p["index"], p["error"]) for t in q["topics"] for p in t["partitions"]]
            assert got == [("orders", 0, kp.UNKNOWN_TOPIC_OR_PARTITION),
                           ("orders", 1, kp.UNKNOWN_TOPIC_OR_PARTITION),
                           ("__cluster_metadata", 3, kp.UNKNOWN_TOPIC_OR_PARTITION)]
            # The metadata partition alongside another one is not a valid request either.
            q = describe_quorum(c, version, [("__cluster_metadata", [0, 1])])
            assert [p["error"] for p in q["topics"][0]["partitions"]] == [3, 3]
            q = describe_quorum(c, version, [])
            assert (q["error"], q["topics"]) == (0, [])
        # The connection is still usable.
        q = describe_quorum(c, 2, [("__cluster_metadata", [0])])
        assert q["topics"][0]["partitions"][0]["leader_id"] == 1
