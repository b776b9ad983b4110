"""DescribeLogDirs (key 35) from a client other than strom's own: kafka-python's
KafkaAdminClient.describe_log_dirs(), what Kafka UIs (provectus Kafka UI, AKHQ) call to show
partition sizes. The broker reports its one log directory (the absolute path of log.dirs) and
each partition's size, the bytes of its segment files, which grows as records are produced.
confluent-kafka's AdminClient and aiokafka have no call for it."""

from __future__ import annotations

from kafka import KafkaAdminClient

from util import create_topic, produce

TIMEOUT = 30


def segment_bytes(broker, topic: str, partition: int) -> int:
    return sum(p.stat().st_size for p in broker.partition_dir(topic, partition).glob("*.log"))


def sizes(result: list[dict], topic: str) -> dict[int, int]:
    (b,) = result
    assert b["broker"] == 1
    (d,) = b["log_dirs"]
    out = {}
    for t in d["topics"]:
        if t["name"] == topic:
            for p in t["partitions"]:
                assert p["offset_lag"] == 0 and p["is_future_key"] is False
                out[p["partition_index"]] = p["partition_size"]
    return out


def test_kafka_python_describe_log_dirs(broker, topic):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT * 1000)
    try:
        create_topic(broker.bootstrap, topic, 2)
        create_topic(broker.bootstrap, topic + "-other", 1)
        before = a.describe_log_dirs()
        (b,) = before
        (d,) = b["log_dirs"]
        assert d["error_code"] == 0
        assert d["log_dir"] == str(broker.data_dir.resolve())
        # v4 (kafka-python's choice): the volume's size from statvfs.
        assert d["total_bytes"] > 0 and 0 <= d["usable_bytes"] <= d["total_bytes"]
        assert sizes(before, topic) == {0: 0, 1: 0}

        produce(broker.bootstrap, topic, [{"value": b"x" * 100, "partition": 0} for _ in range(20)])
        after = a.describe_log_dirs([topic])
        got = sizes(after, topic)
        assert got[0] > 2000, got
        assert got == {0: segment_bytes(broker, topic, 0), 1: 0}
        # Only the asked topic.
        names = {t["name"] for t in after[0]["log_dirs"][0]["topics"]}
        assert names == {topic}

        # A dict of partitions: only those that exist come back.
        only = a.describe_log_dirs({topic: [1, 5]})
        assert sizes(only, topic) == {1: 0}
    finally:
        a.close()
