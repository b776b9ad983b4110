"""confluent-kafka (librdkafka 2.16) AdminClient against strom: topics, partitions, configs,
DeleteRecords, DescribeCluster, and the error codes Kafka returns for bad requests."""

from __future__ import annotations

import pytest
from confluent_kafka import KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import (
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    NewPartitions,
    NewTopic,
    ResourceType,
)

from util import admin, consume, create_topic, produce, topic_names, wait_for_topic, wait_until, watermarks

TIMEOUT = 30


def error_of(future) -> KafkaError:
    with pytest.raises(KafkaException) as info:
        future.result(timeout=TIMEOUT)
    return info.value.args[0]


def topic_configs(a, name: str) -> dict:
    res = ConfigResource(ResourceType.TOPIC, name)
    return a.describe_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)


# -- CreateTopics ----------------------------------------------------------------------------------


def test_create_topic_with_partitions_and_configs(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1,
                                   config={"retention.ms": "3600000", "cleanup.policy": "delete"})],
                         request_timeout=TIMEOUT)
    assert fs[topic].result(timeout=TIMEOUT) is None
    t = wait_for_topic(a, topic, 3)
    node = broker.ready["node_id"]
    assert sorted(t.partitions) == [0, 1, 2]
    for p in t.partitions.values():
        assert p.leader == node
        assert p.replicas == [node]
        assert p.isrs == [node]
    cfg = topic_configs(a, topic)
    assert cfg["retention.ms"].value == "3600000"
    assert cfg["retention.ms"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    assert not cfg["retention.ms"].is_default
    assert cfg["cleanup.policy"].value == "delete"


def test_create_topic_default_partitions_uses_num_partitions(broker_factory, topic):
    b = broker_factory({"num.partitions": 5})
    a = admin(b.bootstrap)
    a.create_topics([NewTopic(topic)], request_timeout=TIMEOUT)[topic].result(timeout=TIMEOUT)
    assert len(wait_for_topic(a, topic, 5).partitions) == 5


def test_create_topic_validate_only_creates_nothing(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)],
                         validate_only=True, request_timeout=TIMEOUT)
    assert fs[topic].result(timeout=TIMEOUT) is None
    assert topic not in topic_names(broker.bootstrap)
    # ... and validation still catches errors.
    fs = a.create_topics([NewTopic(topic, num_partitions=1, replication_factor=3)],
                         validate_only=True, request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.INVALID_REPLICATION_FACTOR
    # A real create afterwards works (validate_only left no trace).
    create_topic(broker.bootstrap, topic, partitions=2)


def test_create_existing_topic_is_topic_already_exists(broker, topic):
    create_topic(broker.bootstrap, topic)
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=4, replication_factor=1)], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.TOPIC_ALREADY_EXISTS
    # The original topic is untouched.
    assert len(wait_for_topic(a, topic, 1).partitions) == 1


@pytest.mark.parametrize("name", ["a b", "..", ".", "a" * 250, "a/b", "../escape", "ä"],
                         ids=["space", "dotdot", "dot", "250chars", "slash", "traversal", "non-ascii"])
def test_invalid_topic_names_are_rejected(broker, name):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)], request_timeout=TIMEOUT)
    assert error_of(fs[name]).code() == KafkaError.TOPIC_EXCEPTION  # INVALID_TOPIC_EXCEPTION (17)
    assert name not in topic_names(broker.bootstrap)
    # No directory was created for it, inside or outside the data dir.
    assert not (broker.data_dir / f"{name}-0").exists()
    assert not (broker.data_dir.parent / "escape-0").exists()


def test_topic_name_249_chars_is_legal(broker):
    name = "b" * 249
    create_topic(broker.bootstrap, name)
    assert name in topic_names(broker.bootstrap)


def test_replication_factor_above_broker_count_is_rejected(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=1, replication_factor=3)], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.INVALID_REPLICATION_FACTOR
    assert topic not in topic_names(broker.bootstrap)


def test_zero_partitions_is_invalid_partitions(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=0, replication_factor=1)], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.INVALID_PARTITIONS
    assert topic not in topic_names(broker.bootstrap)


def test_invalid_topic_config_value_is_invalid_config(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1,
                                   config={"retention.ms": "not-a-number"})], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.INVALID_CONFIG
    assert topic not in topic_names(broker.bootstrap)


def test_create_many_topics_in_one_request_reports_each(broker, topic):
    a = admin(broker.bootstrap)
    create_topic(broker.bootstrap, topic + "-exists")
    fs = a.create_topics([
        NewTopic(topic + "-ok", num_partitions=2, replication_factor=1),
        NewTopic(topic + "-exists", num_partitions=1, replication_factor=1),
        NewTopic(topic + " bad", num_partitions=1, replication_factor=1),
    ], request_timeout=TIMEOUT)
    assert fs[topic + "-ok"].result(timeout=TIMEOUT) is None
    assert error_of(fs[topic + "-exists"]).code() == KafkaError.TOPIC_ALREADY_EXISTS
    assert error_of(fs[topic + " bad"]).code() == KafkaError.TOPIC_EXCEPTION
    wait_for_topic(a, topic + "-ok", 2)


# -- Metadata ----------------------------------------------------------------------------------------


def test_list_topics_describes_broker_and_cluster(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    md = admin(broker.bootstrap).list_topics(timeout=10)
    node = broker.ready["node_id"]
    assert md.cluster_id == broker.ready["cluster_id"]
    assert md.controller_id == node
    assert list(md.brokers) == [node]
    b = md.brokers[node]
    assert (b.host, b.port) == (broker.host, broker.port)
    assert topic in md.topics
    assert len(md.topics[topic].partitions) == 2


def test_metadata_for_unknown_topic_is_unknown_topic(broker_factory, topic):
    b = broker_factory({"auto.create.topics.enable": "false"})
    # AdminClient is a producer-type handle: its Metadata requests allow auto-creation, which the
    # broker must refuse here.
    md = admin(b.bootstrap).list_topics(topic=topic, timeout=10)
    assert md.topics[topic].error is not None
    assert md.topics[topic].error.code() == KafkaError.UNKNOWN_TOPIC_OR_PART
    assert topic not in topic_names(b.bootstrap)


# -- CreatePartitions --------------------------------------------------------------------------------


def test_create_partitions_grows_topic(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=1)
    a = admin(broker.bootstrap)
    fs = a.create_partitions([NewPartitions(topic, 4)], request_timeout=TIMEOUT)
    assert fs[topic].result(timeout=TIMEOUT) is None
    wait_for_topic(a, topic, 4)
    d = produce(broker.bootstrap, topic, [{"value": b"to-p3", "partition": 3}])
    assert (d[0].partition, d[0].offset) == (3, 0)
    assert [r.value for r in consume(broker.bootstrap, topic, [3], count=1)] == [b"to-p3"]


def test_create_partitions_validate_only_changes_nothing(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    a = admin(broker.bootstrap)
    fs = a.create_partitions([NewPartitions(topic, 6)], validate_only=True, request_timeout=TIMEOUT)
    assert fs[topic].result(timeout=TIMEOUT) is None
    md = a.list_topics(topic=topic, timeout=10)
    assert len(md.topics[topic].partitions) == 2


def test_create_partitions_cannot_shrink(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    a = admin(broker.bootstrap)
    for count in (3, 2):
        fs = a.create_partitions([NewPartitions(topic, count)], request_timeout=TIMEOUT)
        assert error_of(fs[topic]).code() == KafkaError.INVALID_PARTITIONS, count
    assert len(a.list_topics(topic=topic, timeout=10).topics[topic].partitions) == 3


def test_create_partitions_unknown_topic(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.create_partitions([NewPartitions(topic, 3)], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.UNKNOWN_TOPIC_OR_PART


# -- DeleteTopics ------------------------------------------------------------------------------------


def test_delete_topic_then_recreate_starts_empty(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    produce(broker.bootstrap, topic, [{"value": b"old-%d" % i, "partition": i % 2} for i in range(10)])
    a = admin(broker.bootstrap)
    assert a.delete_topics([topic], request_timeout=TIMEOUT)[topic].result(timeout=TIMEOUT) is None
    wait_until(lambda: topic not in topic_names(broker.bootstrap), TIMEOUT, what="topic gone from Metadata")

    create_topic(broker.bootstrap, topic, partitions=1)
    assert watermarks(broker.bootstrap, topic, 0) == (0, 0)
    d = produce(broker.bootstrap, topic, [{"value": b"new"}])
    assert d[0].offset == 0
    assert [r.value for r in consume(broker.bootstrap, topic, count=1)] == [b"new"]


def test_delete_unknown_topic_is_unknown_topic(broker, topic):
    a = admin(broker.bootstrap)
    fs = a.delete_topics([topic], request_timeout=TIMEOUT)
    assert error_of(fs[topic]).code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_deleted_topic_stays_deleted_after_restart(broker, topic):
    create_topic(broker.bootstrap, topic)
    create_topic(broker.bootstrap, topic + "-kept")
    a = admin(broker.bootstrap)
    a.delete_topics([topic], request_timeout=TIMEOUT)[topic].result(timeout=TIMEOUT)
    broker.restart()
    names = topic_names(broker.bootstrap)
    assert topic + "-kept" in names
    assert topic not in names


# -- DescribeConfigs / AlterConfigs / IncrementalAlterConfigs ----------------------------------------


def test_describe_topic_configs_defaults(broker, topic):
    create_topic(broker.bootstrap, topic)
    cfg = topic_configs(admin(broker.bootstrap), topic)
    for key in ("cleanup.policy", "retention.ms", "segment.bytes", "max.message.bytes", "min.insync.replicas"):
        assert key in cfg, f"{key} missing from DescribeConfigs: {sorted(cfg)}"
    assert cfg["cleanup.policy"].value == "delete"
    assert cfg["max.message.bytes"].value == "1048588"
    assert cfg["retention.ms"].value == "604800000"
    assert cfg["cleanup.policy"].is_default
    assert cfg["cleanup.policy"].source == ConfigSource.DEFAULT_CONFIG.value


def test_describe_topic_configs_reflects_broker_overrides(broker_factory, topic):
    b = broker_factory({"log.retention.hours": 1})
    create_topic(b.bootstrap, topic)
    cfg = topic_configs(admin(b.bootstrap), topic)
    assert cfg["retention.ms"].value == "3600000"
    assert cfg["retention.ms"].source == ConfigSource.STATIC_BROKER_CONFIG.value


def test_describe_broker_configs(broker):
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.BROKER, str(broker.ready["node_id"]))
    cfg = a.describe_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)
    assert "num.partitions" in cfg, sorted(cfg)
    assert cfg["num.partitions"].value == "1"
    assert "log.dirs" in cfg
    assert cfg["log.dirs"].value == str(broker.data_dir)


def test_describe_configs_unknown_topic(broker, topic):
    res = ConfigResource(ResourceType.TOPIC, topic)
    a = admin(broker.bootstrap)
    f = a.describe_configs([res], request_timeout=TIMEOUT)[res]
    assert error_of(f).code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_alter_configs_replaces_the_whole_set(broker, topic):
    create_topic(broker.bootstrap, topic, config={"segment.bytes": "1048576"})
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, set_config={"retention.ms": "1234567"})
    assert a.alter_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT) is None
    cfg = topic_configs(a, topic)
    assert cfg["retention.ms"].value == "1234567"
    assert cfg["retention.ms"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    # Non-incremental AlterConfigs reverts everything not mentioned to the default.
    assert cfg["segment.bytes"].is_default
    assert cfg["segment.bytes"].value == "1073741824"


def test_alter_configs_validate_only(broker, topic):
    create_topic(broker.bootstrap, topic)
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, set_config={"retention.ms": "1234567"})
    a.alter_configs([res], validate_only=True, request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)
    assert topic_configs(a, topic)["retention.ms"].value == "604800000"


def test_incremental_alter_configs_set_and_delete(broker, topic):
    create_topic(broker.bootstrap, topic, config={"segment.bytes": "1048576", "retention.ms": "100000"})
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("cleanup.policy", "compact", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("segment.bytes", None, incremental_operation=AlterConfigOpType.DELETE),
    ])
    assert a.incremental_alter_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT) is None
    cfg = topic_configs(a, topic)
    assert cfg["cleanup.policy"].value == "compact"
    assert cfg["segment.bytes"].is_default
    assert cfg["retention.ms"].value == "100000"  # untouched


def test_incremental_alter_configs_survive_restart(broker, topic):
    create_topic(broker.bootstrap, topic)
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", "7777777", incremental_operation=AlterConfigOpType.SET)])
    a.incremental_alter_configs([res], request_timeout=TIMEOUT)[res].result(timeout=TIMEOUT)
    broker.restart()
    assert topic_configs(admin(broker.bootstrap), topic)["retention.ms"].value == "7777777"


@pytest.mark.parametrize("key,value", [("retention.ms", "abc"), ("cleanup.policy", "sometimes"),
                                       ("no.such.config", "1")])
def test_incremental_alter_configs_rejects_bad_values(broker, topic, key, value):
    create_topic(broker.bootstrap, topic)
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)])
    assert error_of(a.incremental_alter_configs([res], request_timeout=TIMEOUT)[res]).code() \
        == KafkaError.INVALID_CONFIG
    cfg = topic_configs(a, topic)
    assert cfg["retention.ms"].value == "604800000"
    assert cfg["cleanup.policy"].value == "delete"


# -- DeleteRecords -----------------------------------------------------------------------------------


def test_delete_records_moves_log_start(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"v%d" % i} for i in range(10)])
    a = admin(broker.bootstrap)
    fs = a.delete_records([TopicPartition(topic, 0, 4)], request_timeout=TIMEOUT, operation_timeout=10)
    (f,) = fs.values()
    assert f.result(timeout=TIMEOUT).low_watermark == 4
    assert watermarks(broker.bootstrap, topic) == (4, 10)
    got = consume(broker.bootstrap, topic, count=6)
    assert [(r.offset, r.value) for r in got] == [(i, b"v%d" % i) for i in range(4, 10)]
    # Deleting below the current start is a no-op; beyond the high watermark is OFFSET_OUT_OF_RANGE.
    (f,) = a.delete_records([TopicPartition(topic, 0, 2)], request_timeout=TIMEOUT).values()
    assert f.result(timeout=TIMEOUT).low_watermark == 4
    (f,) = a.delete_records([TopicPartition(topic, 0, 11)], request_timeout=TIMEOUT).values()
    assert error_of(f).code() == KafkaError.OFFSET_OUT_OF_RANGE
    # Log start survives a restart.
    broker.restart()
    assert watermarks(broker.bootstrap, topic) == (4, 10)


def test_delete_records_to_end(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"x"}] * 5)
    a = admin(broker.bootstrap)
    (f,) = a.delete_records([TopicPartition(topic, 0, -1)], request_timeout=TIMEOUT).values()
    assert f.result(timeout=TIMEOUT).low_watermark == 5
    assert watermarks(broker.bootstrap, topic) == (5, 5)
    d = produce(broker.bootstrap, topic, [{"value": b"after"}])
    assert d[0].offset == 5


# -- DescribeCluster ---------------------------------------------------------------------------------


def test_describe_cluster(broker):
    a = admin(broker.bootstrap)
    desc = a.describe_cluster(request_timeout=TIMEOUT).result(timeout=TIMEOUT)
    node = broker.ready["node_id"]
    assert desc.cluster_id == broker.ready["cluster_id"]
    assert desc.controller is not None and desc.controller.id == node
    assert [(n.id, n.host, n.port) for n in desc.nodes] == [(node, broker.host, broker.port)]
