"""Group configs (Kafka 4, KIP-848: ConfigResource type GROUP = 32) through third-party admin
clients, and their effect on `group.protocol=consumer` members: confluent-kafka's AdminClient
(IncrementalAlterConfigs / DescribeConfigs), kafka-python's KafkaAdminClient (legacy AlterConfigs),
a raw ConsumerGroupHeartbeat, and librdkafka consumers whose heartbeat interval and session timeout
come from the group's `consumer.heartbeat.interval.ms` / `consumer.session.timeout.ms`."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import (
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ConfigSource,
    ResourceType,
)

import kproto as kp
from groups import GROUP_OVERRIDES, GroupMember, ProcessMember, all_tps, close_all, group_id, wait_for_split
from util import admin, create_topic, wait_until

SESSION = "consumer.session.timeout.ms"
HEARTBEAT = "consumer.heartbeat.interval.ms"
GROUP_KEYS = {
    "consumer.heartbeat.interval.ms", "consumer.session.timeout.ms",
    "share.auto.offset.reset", "share.heartbeat.interval.ms", "share.isolation.level",
    "share.record.lock.duration.ms", "share.session.timeout.ms",
    "streams.heartbeat.interval.ms", "streams.num.standby.replicas", "streams.session.timeout.ms",
}


def alter(a, group: str, ops: list[tuple[str, str | None, AlterConfigOpType]], validate_only: bool = False):
    entries = [ConfigEntry(k, v, incremental_operation=op) for k, v, op in ops]
    res = ConfigResource(ResourceType.GROUP, group, incremental_configs=entries)
    return a.incremental_alter_configs([res], request_timeout=20, validate_only=validate_only)[res].result(20)


def describe(a, group: str) -> dict:
    res = ConfigResource(ResourceType.GROUP, group)
    return a.describe_configs([res], request_timeout=20)[res].result(20)


def refused(a, group: str, ops) -> KafkaError:
    with pytest.raises(KafkaException) as info:
        alter(a, group, ops)
    return info.value.args[0]


def test_confluent_admin_sets_describes_and_deletes_group_configs(broker):
    """IncrementalAlterConfigs SET/DELETE on a group that does not exist yet, DescribeConfigs with
    Kafka's sources (GROUP_CONFIG when set, DEFAULT_CONFIG with the broker's value otherwise),
    validate_only, and INVALID_CONFIG with Kafka's messages."""
    a = admin(broker.bootstrap)
    g = group_id("cfg")
    SET, DELETE = AlterConfigOpType.SET, AlterConfigOpType.DELETE

    before = describe(a, g)
    assert set(before) == GROUP_KEYS
    assert before[SESSION].value == "45000"
    assert before[SESSION].source == ConfigSource.DEFAULT_CONFIG.value
    assert before["share.auto.offset.reset"].value == "latest"

    alter(a, g, [(SESSION, "60000", SET), (HEARTBEAT, "6000", SET), ("share.isolation.level", "read_committed", SET)])
    d = describe(a, g)
    assert d[SESSION].value == "60000"
    assert d[SESSION].source == ConfigSource.GROUP_CONFIG.value
    assert d[HEARTBEAT].value == "6000"
    assert d["share.isolation.level"].value == "read_committed"
    assert d["streams.num.standby.replicas"].source == ConfigSource.DEFAULT_CONFIG.value
    assert not d[SESSION].is_read_only and not d[SESSION].is_sensitive

    # validate_only checks without changing anything.
    alter(a, g, [(SESSION, "50000", SET)], validate_only=True)
    assert describe(a, g)[SESSION].value == "60000"

    err = refused(a, g, [(SESSION, "1000", SET)])
    assert err.code() == KafkaError.INVALID_CONFIG, err
    assert "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms" in err.str()
    err = refused(a, g, [(HEARTBEAT, "20000", SET)])
    assert err.code() == KafkaError.INVALID_CONFIG, err
    assert "consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms" in err.str()
    err = refused(a, g, [("no.such.key", "1", SET)])
    assert err.code() == KafkaError.INVALID_CONFIG, err
    assert "Unknown group config name: no.such.key" in err.str()
    err = refused(a, g, [(SESSION, "abc", SET)])
    assert "Not a number of type INT" in err.str(), err
    assert describe(a, g)[SESSION].value == "60000"

    alter(a, g, [(HEARTBEAT, None, DELETE)])
    d = describe(a, g)
    assert (d[HEARTBEAT].value, d[HEARTBEAT].source) == ("5000", ConfigSource.DEFAULT_CONFIG.value)
    assert d[SESSION].source == ConfigSource.GROUP_CONFIG.value


def test_kafka_python_legacy_alter_configs_on_a_group(broker):
    """kafka-python's alter_configs with incremental=False is the legacy AlterConfigs (key 33),
    which replaces a resource's whole set of overrides; kafka-python first describes the group's
    dynamic configs and sends them along, so the keys it was not asked to change stay."""
    from kafka import KafkaAdminClient
    from kafka.admin import ConfigResource as KConfigResource, ConfigResourceType

    g = group_id("cfg")
    a = admin(broker.bootstrap)
    alter(a, g, [(SESSION, "60000", AlterConfigOpType.SET), (HEARTBEAT, "6000", AlterConfigOpType.SET)])
    k = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=20000)
    try:
        out = k.alter_configs([KConfigResource(ConfigResourceType.GROUP, g, configs={SESSION: "50000"})],
                              incremental=False)
        assert "Error" not in repr(out) or "NoError" in repr(out), out
        d = describe(a, g)
        assert (d[SESSION].value, d[SESSION].source) == ("50000", ConfigSource.GROUP_CONFIG.value)
        assert (d[HEARTBEAT].value, d[HEARTBEAT].source) == ("6000", ConfigSource.GROUP_CONFIG.value)
        described = k.describe_configs([KConfigResource(ConfigResourceType.GROUP, g)])
        assert "consumer.session.timeout.ms" in repr(described) and "50000" in repr(described), described
    finally:
        k.close()


def heartbeat_log():
    """A logger collecting the times librdkafka (debug=cgrp) received ConsumerGroupHeartbeat
    responses."""
    times: list[float] = []
    lock = threading.Lock()

    class Collect(logging.Handler):
        def emit(self, record):
            if "ConsumerGroupHeartbeat response received" in record.getMessage():
                with lock:
                    times.append(time.monotonic())

    log = logging.getLogger(f"rdkafka-{group_id('log')}")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    log.addHandler(Collect())

    def since(t0: float) -> int:
        with lock:
            return sum(1 for t in times if t >= t0)

    return log, since


def test_heartbeat_interval_override_reaches_members(broker_factory, topic):
    """The broker's interval is 500 ms; a group whose consumer.heartbeat.interval.ms is 6000 hands
    6000 to its members: a raw ConsumerGroupHeartbeat says so, and a librdkafka member of that group
    heartbeats about every 6 s while a member of a group without the config heartbeats every 0.5 s."""
    b = broker_factory(GROUP_OVERRIDES)
    create_topic(b.bootstrap, topic, partitions=2)
    a = admin(b.bootstrap)
    slow, fast = group_id("slowhb"), group_id("fasthb")
    alter(a, slow, [(HEARTBEAT, "6000", AlterConfigOpType.SET)])

    with kp.GroupConn(b.host, b.port) as c:
        raw = group_id("rawhb")
        r = c.consumer_group_heartbeat(raw, "m-raw", 0, rebalance_timeout_ms=10_000, subscribed=[topic], owned=[])
        assert (r["error"], r["heartbeat_interval_ms"]) == (0, 500), r
        alter(a, raw, [(HEARTBEAT, "6000", AlterConfigOpType.SET)])
        # The next heartbeat of the same member already gets the group's interval.
        r = c.consumer_group_heartbeat(raw, "m-raw", r["member_epoch"])
        assert (r["error"], r["heartbeat_interval_ms"]) == (0, 6000), r
        assert c.consumer_group_heartbeat(raw, "m-raw", -1)["error"] == 0

    slow_log, slow_count = heartbeat_log()
    fast_log, fast_count = heartbeat_log()
    members = [
        GroupMember(b.bootstrap, slow, [topic], name="slow", protocol="consumer", debug="cgrp", logger=slow_log),
        GroupMember(b.bootstrap, fast, [topic], name="fast", protocol="consumer", debug="cgrp", logger=fast_log),
    ]
    try:
        for m in members:
            wait_until(lambda m=m: m.assigned() == all_tps(topic, 2), 30, what=f"{m.name} to own both partitions")
        # Let the join's extra heartbeats (acknowledging the assignment) pass, then count.
        time.sleep(1.0)
        t0 = time.monotonic()
        time.sleep(4.5)
        slow_n, fast_n = slow_count(t0), fast_count(t0)
        assert fast_n >= 5, f"a 500 ms interval gave only {fast_n} heartbeats in 4.5 s"
        assert slow_n <= 1, f"a 6000 ms interval gave {slow_n} heartbeats in 4.5 s"
    finally:
        close_all(members)


def test_session_timeout_override_fences_a_killed_member(broker_factory, topic):
    """The broker's consumer session timeout stays at Kafka's 45 s; the group's
    consumer.session.timeout.ms=6000 makes a SIGKILLed librdkafka member lose its partitions to the
    survivor within seconds."""
    b = broker_factory({**GROUP_OVERRIDES, "group.consumer.min.session.timeout.ms": 6000})
    create_topic(b.bootstrap, topic, partitions=4)
    g = group_id("session")
    a = admin(b.bootstrap)
    alter(a, g, [(SESSION, "6000", AlterConfigOpType.SET)])
    survivor = GroupMember(b.bootstrap, g, [topic], name="survivor", protocol="consumer")
    victim = ProcessMember(b.bootstrap, g, [topic], protocol="consumer")
    try:
        wait_for_split([survivor, victim], all_tps(topic, 4))
        victim.kill9()
        killed_at = time.monotonic()
        wait_until(lambda: survivor.assigned() == all_tps(topic, 4), 30, what="the survivor to own every partition")
        took = time.monotonic() - killed_at
        assert took < 6 + 8, f"takeover after {took:.1f}s with a 6 s group session timeout (broker default 45 s)"
    finally:
        victim.stop()
        close_all([survivor])


def test_group_configs_survive_a_restart_and_the_deletion_of_their_group(broker, topic):
    """Group configs live in the metadata log: a broker restart keeps them, and so does deleting
    the group (Kafka's DeleteGroups leaves config records alone). A group that only has configs
    is not found by DeleteGroups and keeps them."""
    from confluent_kafka import ConsumerGroupTopicPartitions, TopicPartition

    create_topic(broker.bootstrap, topic, partitions=1)
    g, only_configs = group_id("persist"), group_id("configs-only")
    a = admin(broker.bootstrap)
    for grp in (g, only_configs):
        alter(a, grp, [(SESSION, "50000", AlterConfigOpType.SET), ("share.auto.offset.reset", "earliest", AlterConfigOpType.SET)])
    del a

    broker.restart()
    a = admin(broker.bootstrap)
    d = describe(a, g)
    assert (d[SESSION].value, d[SESSION].source) == ("50000", ConfigSource.GROUP_CONFIG.value)
    assert d["share.auto.offset.reset"].value == "earliest"

    # Committed offsets make the group exist (empty); deleting it removes the group and its
    # offsets, not its configs.
    req = ConsumerGroupTopicPartitions(g, [TopicPartition(topic, 0, 0)])
    a.alter_consumer_group_offsets([req], request_timeout=20)[g].result(20)
    a.delete_consumer_groups([g], request_timeout=20)[g].result(20)
    listed = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=20)[g].result(20)
    assert all(tp.offset < 0 for tp in listed.topic_partitions), listed.topic_partitions
    d = describe(a, g)
    assert (d[SESSION].value, d[SESSION].source) == ("50000", ConfigSource.GROUP_CONFIG.value)

    with pytest.raises(KafkaException) as info:
        a.delete_consumer_groups([only_configs], request_timeout=20)[only_configs].result(20)
    assert info.value.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND
    assert describe(a, only_configs)[SESSION].source == ConfigSource.GROUP_CONFIG.value
