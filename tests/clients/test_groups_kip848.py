"""KIP-848 consumer groups (`group.protocol=consumer`, ConsumerGroupHeartbeat) with confluent-kafka
(librdkafka 2.16): the broker's assignors `uniform` and `range` split partitions, a member that
leaves hands its partitions to the other, and the AdminClient sees a group of type CONSUMER."""

from __future__ import annotations

import pytest
from confluent_kafka import ConsumerGroupState, ConsumerGroupType

from groups import (
    GROUP_OVERRIDES,
    GroupMember,
    ProcessMember,
    holds_for,
    all_tps,
    assert_exactly_once,
    close_all,
    group_id,
    produce_spread,
    records_by_member,
    wait_consumed,
    wait_for_split,
)
import time

from util import admin, create_topic, wait_until


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def kip848(bootstrap, group, topics, name, assignor=None):
    conf = {} if assignor is None else {"group.remote.assignor": assignor}
    return GroupMember(bootstrap, group, topics, name=name, protocol="consumer", **conf)


def merge(*phases):
    out: dict = {}
    for ph in phases:
        for tp, vals in ph.items():
            out.setdefault(tp, []).extend(vals)
    return out


@pytest.mark.parametrize("assignor", ["uniform", "range"])
def test_two_members_split_then_one_leaves(broker, topic, assignor):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id("kip848")
    m1 = kip848(broker.bootstrap, g, [topic], "m1", assignor)
    m2 = kip848(broker.bootstrap, g, [topic], "m2", assignor)
    members = [m1, m2]
    try:
        owned = wait_for_split(members, all_tps(topic, 4))
        assert sorted(len(o) for o in owned) == [2, 2], owned
        if assignor == "range":
            for o in owned:
                parts = sorted(p for _, p in o)
                assert parts == list(range(parts[0], parts[0] + len(parts))), f"range gives contiguous ranges: {o}"
        phase1 = produce_spread(broker.bootstrap, topic, 4, 25, tag="p1")
        wait_consumed(members, 100)
        assert_exactly_once(members, phase1)
        for m in members:
            assert records_by_member(m) <= m.assigned()

        a = admin(broker.bootstrap)
        desc = a.describe_consumer_groups([g], request_timeout=20)[g].result(20)
        assert desc.type == ConsumerGroupType.CONSUMER
        assert desc.state == ConsumerGroupState.STABLE
        assert desc.partition_assignor == assignor
        assert not desc.is_simple_consumer_group
        got = {m.member_id: {(tp.topic, tp.partition) for tp in m.assignment.topic_partitions} for m in desc.members}
        assert sorted(map(frozenset, got.values()), key=sorted) == sorted(map(frozenset, owned), key=sorted)

        m2.close()  # leave: epoch -1 heartbeat
        wait_until(lambda: m1.assigned() == all_tps(topic, 4), 30, what="m1 to get every partition")
        phase2 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p2")
        wait_consumed(members, 140)
        assert_exactly_once(members, merge(phase1, phase2))
        for m in members:
            assert not m.errors and not m.commit_errors, (m.name, m.errors, m.commit_errors)
    finally:
        close_all(members)


@pytest.mark.parametrize("assignor", ["uniform", "range"])
def test_assignors_over_two_topics(broker, topic, assignor):
    t1, t2 = topic + "-a", topic + "-b"
    create_topic(broker.bootstrap, t1, partitions=3)
    create_topic(broker.bootstrap, t2, partitions=3)
    g = group_id("kip848")
    members = [kip848(broker.bootstrap, g, [t1, t2], f"m{i}", assignor) for i in range(2)]
    try:
        owned = wait_for_split(members, all_tps(t1, 3) | all_tps(t2, 3))
        if assignor == "range":
            # Range co-partitions: a member gets the same partition numbers of every topic.
            for o in owned:
                assert {p for t, p in o if t == t1} == {p for t, p in o if t == t2}, owned
            assert sorted(len(o) for o in owned) == [2, 4]
        else:
            assert sorted(len(o) for o in owned) == [3, 3], owned
        expected = merge(produce_spread(broker.bootstrap, t1, 3, 10), produce_spread(broker.bootstrap, t2, 3, 10))
        wait_consumed(members, 60)
        assert_exactly_once(members, expected)
    finally:
        close_all(members)


def test_list_groups_type_filter_sees_consumer_and_classic(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g_new, g_classic = group_id("kip848"), group_id("classic")
    m_new = kip848(broker.bootstrap, g_new, [topic], "new")
    m_old = GroupMember(broker.bootstrap, g_classic, [topic], name="old")
    try:
        wait_for_split([m_new], all_tps(topic, 2))
        wait_for_split([m_old], all_tps(topic, 2))
        a = admin(broker.bootstrap)

        def listed(**kw):
            res = a.list_consumer_groups(request_timeout=20, **kw).result(20)
            assert not res.errors, res.errors
            return {l.group_id: l for l in res.valid if l.group_id in (g_new, g_classic)}

        everything = listed()
        assert everything[g_new].type == ConsumerGroupType.CONSUMER
        assert everything[g_classic].type == ConsumerGroupType.CLASSIC
        assert set(listed(types={ConsumerGroupType.CONSUMER})) == {g_new}
        assert set(listed(types={ConsumerGroupType.CLASSIC})) == {g_classic}
        assert set(listed(states={ConsumerGroupState.STABLE}, types={ConsumerGroupType.CONSUMER})) == {g_new}

        descs = {g: f.result(20) for g, f in a.describe_consumer_groups([g_new, g_classic], request_timeout=20).items()}
        assert descs[g_new].type == ConsumerGroupType.CONSUMER
        assert descs[g_classic].type == ConsumerGroupType.CLASSIC
        assert descs[g_classic].partition_assignor == "range"
    finally:
        close_all([m_new, m_old])


def test_killed_member_fenced_after_session_timeout(broker_factory, topic):
    """A KIP-848 member that dies (SIGKILL) is fenced after group.consumer.session.timeout.ms and
    the survivor gets its partitions, resuming at the committed offsets."""
    b = broker_factory({**GROUP_OVERRIDES, "group.consumer.session.timeout.ms": 6000,
                        "group.consumer.min.session.timeout.ms": 6000})
    create_topic(b.bootstrap, topic, partitions=4)
    g = group_id("kip848")
    a = kip848(b.bootstrap, g, [topic], "a")
    victim = ProcessMember(b.bootstrap, g, [topic], protocol="consumer")
    try:
        a_owned, v_owned = wait_for_split([a, victim], all_tps(topic, 4))
        produce_spread(b.bootstrap, topic, 4, 10, tag="p1")
        wait_until(lambda: victim.committed() == {tp: 10 for tp in v_owned}, 30,
                   what=f"the subprocess member to commit 10 records on each of {sorted(v_owned)}")
        victim.kill9()
        killed_at = time.monotonic()
        wait_until(lambda: a.assigned() == all_tps(topic, 4), 40, what="the survivor to own every partition")
        took = time.monotonic() - killed_at
        assert took < 6 + 10, f"takeover after {took:.1f}s with a 6 s session timeout"
        produce_spread(b.bootstrap, topic, 4, 5, tag="p2")
        wait_until(lambda: a.count() >= 10 * len(a_owned) + 20, 30, what="a to read phase 2")
        recs = a.snapshot()[2]
        for tp in v_owned:
            offs = sorted(o for t, p, o, _ in recs if (t, p) == tp)
            assert offs == list(range(10, 15)), f"{tp}: survivor read {offs}, expected to resume at 10"
    finally:
        victim.stop()
        close_all([a])


def test_added_partitions_and_new_topics_are_assigned(broker, topic):
    """The coordinator notices metadata changes of subscribed topics: partitions added by
    CreatePartitions, and a subscribed topic that is created only after the member joined."""
    later = topic + "-later"
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id("kip848")
    m = kip848(broker.bootstrap, g, [topic, later], "m")
    try:
        wait_until(lambda: m.assigned() == all_tps(topic, 2), 30, what="the initial assignment")
        from confluent_kafka.admin import NewPartitions
        a = admin(broker.bootstrap)
        a.create_partitions([NewPartitions(topic, 3)], request_timeout=20)[topic].result(20)
        wait_until(lambda: m.assigned() == all_tps(topic, 3), 30, what="the added partition to be assigned")
        create_topic(broker.bootstrap, later, partitions=2)
        wait_until(lambda: m.assigned() == all_tps(topic, 3) | all_tps(later, 2), 30,
                   what="the topic created after subscribing to be assigned")
    finally:
        close_all([m])


def test_regex_subscription(broker, topic):
    """librdkafka sends a regex subscription as SubscribedTopicRegex (ConsumerGroupHeartbeat v1):
    the broker resolves it."""
    prefix = topic + "-rx"
    create_topic(broker.bootstrap, prefix + "-a", partitions=1)
    create_topic(broker.bootstrap, prefix + "-b", partitions=1)
    create_topic(broker.bootstrap, topic + "-other", partitions=1)
    g = group_id("kip848")
    m = kip848(broker.bootstrap, g, ["^" + prefix + "-.*"], "rx")
    try:
        wait_until(lambda: m.assigned() == {(prefix + "-a", 0), (prefix + "-b", 0)}, 30,
                   what="the regex to match both topics")
    finally:
        close_all([m])


def test_static_member_rejoins_with_its_partitions(broker, topic):
    """KIP-848 static membership: a static member that closes leaves with epoch -2; its
    partitions stay reserved (the other member does not get them) and come back to it when it
    rejoins with the same group.instance.id."""
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id("kip848")
    s1 = GroupMember(broker.bootstrap, g, [topic], name="s1", protocol="consumer", **{"group.instance.id": "i-1"})
    s2 = GroupMember(broker.bootstrap, g, [topic], name="s2", protocol="consumer", **{"group.instance.id": "i-2"})
    members = [s1, s2]
    try:
        owned1, owned2 = wait_for_split(members, all_tps(topic, 4))
        history1 = s1.snapshot()[1]
        s2.close()
        # Several heartbeat intervals (500 ms): a dynamic member's partitions would move by now.
        assert holds_for(lambda: s1.assigned() == owned1, 2.0), f"s1 got {s1.assigned()} while s2 was away"
        s2b = GroupMember(broker.bootstrap, g, [topic], name="s2b", protocol="consumer",
                          **{"group.instance.id": "i-2"})
        members.append(s2b)
        wait_until(lambda: s2b.assigned() == owned2, 30, what="the static member to get its partitions back")
        assert s1.snapshot()[1] == history1, f"s1's assignment changed: {s1.snapshot()[1][len(history1):]}"
        assert s1.assigned() == owned1
    finally:
        close_all(members)
