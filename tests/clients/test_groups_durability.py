"""Group state on disk: committed offsets and group metadata live in __consumer_offsets, survive
kill -9 and restarts, and offsets of empty groups expire after offsets.retention.minutes."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import ConsumerGroupState, ConsumerGroupTopicPartitions, TopicPartition

import kproto as kp
from groups import (
    GROUP_OVERRIDES,
    GroupMember,
    all_tps,
    assert_exactly_once,
    close_all,
    committed_offsets,
    group_id,
    produce_spread,
    wait_consumed,
    wait_for_split,
    wait_no_error,
)
from util import admin, create_topic, wait_until

OFFSET_INVALID = -1001


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def commit_raw(broker, group, topic, offsets: dict[int, int], metadata: str = "m"):
    with kp.GroupConn(broker.host, broker.port) as c:
        res = c.offset_commit(7, group, {topic: [(p, o, f"{metadata}-{p}") for p, o in offsets.items()]})
    assert set(res.values()) == {0}, res


def list_groups(broker) -> dict:
    a = admin(broker.bootstrap)  # keep the handle until the future resolves
    res = a.list_consumer_groups(request_timeout=20).result(20)
    assert not res.errors, res.errors
    return {l.group_id: l for l in res.valid}


def fetch_raw(broker, group, topic, partitions) -> dict:
    with kp.GroupConn(broker.host, broker.port) as c:
        got = c.offset_fetch(5, group, {topic: list(partitions)})
    assert got["error"] == 0, got
    return {p: (o, m) for (t, p), (o, m, e) in got["offsets"].items()}


def test_committed_offsets_survive_kill9(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    groups = {group_id(f"g{i}"): {p: 10 * i + p for p in range(4)} for i in range(5)}
    for g, offs in groups.items():
        commit_raw(broker, g, topic, offs)
    # A later commit overwrites an earlier one, also across the crash.
    first = next(iter(groups))
    groups[first] = {0: 99, 1: 98, 2: 97, 3: 96}
    commit_raw(broker, first, topic, groups[first])

    broker.crash_restart()
    for g, offs in groups.items():
        got = wait_no_error(lambda: fetch_raw(broker, g, topic, range(4)), what="OffsetFetch after restart")
        assert got == {p: (o, f"m-{p}") for p, o in offs.items()}, g


def test_consumer_commits_then_broker_crashes_and_resumes(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    g = group_id()
    phase1 = produce_spread(broker.bootstrap, topic, 3, 20, tag="p1")
    m = GroupMember(broker.bootstrap, g, [topic], name="before")
    try:
        wait_consumed([m], 60)
        m.commit()
    finally:
        m.commit_on_revoke = False
        close_all([m])

    broker.crash_restart()
    assert wait_no_error(lambda: committed_offsets(broker.bootstrap, g, all_tps(topic, 3))) == \
        {(topic, p): 20 for p in range(3)}
    phase2 = produce_spread(broker.bootstrap, topic, 3, 10, tag="p2")
    m2 = GroupMember(broker.bootstrap, g, [topic], name="after")
    try:
        wait_consumed([m2], 30)
        recs = m2.snapshot()[2]
        assert sorted((p, o) for _, p, o, _ in recs) == sorted((p, o) for p in range(3) for o in range(20, 30))
        assert_exactly_once([m, m2], {tp: phase1[tp] + phase2[tp] for tp in phase1})
    finally:
        close_all([m2])


def test_live_group_survives_kill9_of_the_broker(broker, topic):
    """A member keeps its generation across a broker crash (group metadata is durable), so it
    goes on without a rebalance and without re-reading."""
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    m = GroupMember(broker.bootstrap, g, [topic], name="m", **{"reconnect.backoff.max.ms": 200})
    try:
        wait_for_split([m], all_tps(topic, 2))
        phase1 = produce_spread(broker.bootstrap, topic, 2, 10, tag="p1")
        wait_consumed([m], 20)
        m.commit()
        history = m.snapshot()[1]
        broker.crash_restart(same_port=True)
        phase2 = produce_spread(broker.bootstrap, topic, 2, 10, tag="p2")
        wait_consumed([m], 40, timeout=40)
        assert_exactly_once([m], {tp: phase1[tp] + phase2[tp] for tp in phase1})
        assert m.snapshot()[1] == history, f"rebalanced after the crash: {m.snapshot()[1][len(history):]}"
        a = admin(broker.bootstrap)
        d = a.describe_consumer_groups([g], request_timeout=20)[g].result(20)
        assert d.state == ConsumerGroupState.STABLE and len(d.members) == 1
    finally:
        close_all([m])


def test_deleted_group_stays_deleted_after_restart(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=1)
    kept, deleted = group_id("kept"), group_id("deleted")
    commit_raw(broker, kept, topic, {0: 5})
    commit_raw(broker, deleted, topic, {0: 6})
    a = admin(broker.bootstrap)
    a.delete_consumer_groups([deleted], request_timeout=20)[deleted].result(20)
    broker.crash_restart()
    assert wait_no_error(lambda: fetch_raw(broker, kept, topic, [0])) == {0: (5, "m-0")}
    assert fetch_raw(broker, deleted, topic, [0])[0][0] == -1
    assert deleted not in list_groups(broker)


def test_offsets_only_group_listed_described_deletable_after_restart(broker, topic):
    """A group that only has committed offsets (AdminClient alterConsumerGroupOffsets, assign()
    consumers, kafka-consumer-groups --reset-offsets) is an Empty classic group, before and after
    a restart: listed, described as Empty, deletable, and its offsets deletable."""
    create_topic(broker.bootstrap, topic, partitions=2)
    g, g2 = group_id("simple"), group_id("simple2")
    commit_raw(broker, g, topic, {0: 5, 1: 6})
    commit_raw(broker, g2, topic, {0: 1, 1: 2})
    broker.restart()
    wait_no_error(lambda: fetch_raw(broker, g, topic, [0, 1]))
    listed = list_groups(broker)
    assert g in listed and listed[g].state == ConsumerGroupState.EMPTY, f"{g} not listed after restart"
    with kp.GroupConn(broker.host, broker.port) as c:
        (d,) = c.describe_groups(5, [g])
        assert (d["error"], d["state"]) == (0, "Empty"), d
        r = c.offset_delete(g2, {topic: [0]})
        assert r == {"error": 0, "partitions": {(topic, 0): 0}}, r
        assert c.delete_groups(1, [g]) == {g: 0}
        assert fetch_raw(broker, g, topic, [0, 1]) == {0: (-1, ""), 1: (-1, "")} or \
            fetch_raw(broker, g, topic, [0, 1]) == {0: (-1, None), 1: (-1, None)}
    assert fetch_raw(broker, g2, topic, [0, 1])[0][0] == -1


def test_kip848_member_keeps_assignment_across_broker_restart(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id("kip848")
    m = GroupMember(broker.bootstrap, g, [topic], name="m", protocol="consumer",
                    **{"reconnect.backoff.max.ms": 200})
    try:
        wait_for_split([m], all_tps(topic, 2))
        phase1 = produce_spread(broker.bootstrap, topic, 2, 10, tag="p1")
        wait_consumed([m], 20)
        m.commit()
        seen = len(m.history)
        broker.restart(same_port=True)
        phase2 = produce_spread(broker.bootstrap, topic, 2, 10, tag="p2")
        wait_consumed([m], 40, timeout=40)
        assert_exactly_once([m], {tp: phase1[tp] + phase2[tp] for tp in phase1})
        assert m.assigned() == all_tps(topic, 2)
        # The member and its epoch were restored from __consumer_offsets: it was never
        # fenced, so it neither lost nor gave back its partitions.
        assert [kind for kind, _ in m.history[seen:]] == [], m.history[seen:]
    finally:
        close_all([m])
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) == {(topic, p): 20 for p in range(2)}


# -- offsets.retention.minutes ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_offsets_of_empty_group_expire_active_group_kept(broker_factory, topic):
    b = broker_factory({**GROUP_OVERRIDES, "offsets.retention.minutes": 1,
                        "offsets.retention.check.interval.ms": 1000})
    create_topic(b.bootstrap, topic, partitions=2)
    empty, active = group_id("empty"), group_id("active")
    m = GroupMember(b.bootstrap, active, [topic], name="active")
    try:
        wait_for_split([m], all_tps(topic, 2))
        produce_spread(b.bootstrap, topic, 2, 5)
        wait_consumed([m], 10)
        m.commit()  # active: offsets 5 / 5, committed now
        commit_raw(b, empty, topic, {0: 3, 1: 4})
        committed_at = time.monotonic()
        a = admin(b.bootstrap)

        def gone():
            offs = committed_offsets(b.bootstrap, empty, all_tps(topic, 2))
            return offs == {(topic, 0): OFFSET_INVALID, (topic, 1): OFFSET_INVALID}

        wait_until(gone, 120, interval=0.5, what="the empty group's offsets to expire (retention 1 min)")
        waited = time.monotonic() - committed_at
        assert waited >= 55, f"offsets expired after {waited:.0f}s, retention is 60s"
        # The group had nothing left but its offsets: it is gone too.
        wait_until(lambda: empty not in {l.group_id for l in a.list_consumer_groups(request_timeout=20).result(20).valid},
                   20, what="the expired group to disappear from ListGroups")
        # A group with a live member subscribed to the topic keeps its offsets (KIP-211).
        assert committed_offsets(b.bootstrap, active, all_tps(topic, 2)) == {(topic, 0): 5, (topic, 1): 5}
    finally:
        close_all([m])


def test_admin_alter_offsets_persist_across_restart(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    a = admin(broker.bootstrap)
    a.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(
        g, [TopicPartition(topic, 0, 7), TopicPartition(topic, 1, 8)])], request_timeout=20)[g].result(20)
    broker.restart()
    assert wait_no_error(lambda: committed_offsets(broker.bootstrap, g, all_tps(topic, 2))) == \
        {(topic, 0): 7, (topic, 1): 8}


def test_many_commits_and_groups_reload_after_kill9(broker_factory, topic):
    """Thousands of commits roll __consumer_offsets segments (small offsets.topic.segment.bytes);
    after kill -9 the last commit of every group wins and every group is listed."""
    b = broker_factory({**GROUP_OVERRIDES, "offsets.topic.segment.bytes": 65536})
    create_topic(b.bootstrap, topic, partitions=3)
    groups = [group_id(f"many{i}") for i in range(120)]
    hot = groups[0]
    with kp.GroupConn(b.host, b.port) as c:
        for n in range(1, 1501):  # one hot group committed over and over
            res = c.offset_commit(7, hot, {topic: [(p, n * 10 + p, f"n{n}") for p in range(3)]})
            assert set(res.values()) == {0}, res
        for i, g in enumerate(groups[1:], 1):
            res = c.offset_commit(7, g, {topic: [(i % 3, i, None)]})
            assert set(res.values()) == {0}, res
    segments = max(len(list(d.glob("*.log"))) for d in b.data_dir.glob("__consumer_offsets-*"))
    assert segments > 1, "the commits should have rolled a segment of __consumer_offsets"
    b.crash_restart()
    got = wait_no_error(lambda: fetch_raw(b, hot, topic, range(3)), what="OffsetFetch after restart")
    assert got == {p: (15000 + p, "n1500") for p in range(3)}
    with kp.GroupConn(b.host, b.port) as c:
        for i, g in enumerate(groups[1:], 1):
            off = c.offset_fetch(5, g, {topic: [i % 3]})["offsets"][(topic, i % 3)][0]
            assert off == i, (g, off)
    listed = list_groups(b)
    missing = [g for g in groups if g not in listed]
    assert not missing, f"{len(missing)} groups not listed after the restart, e.g. {missing[:3]}"
