"""Consumer-group admin APIs through confluent-kafka's AdminClient (ListGroups with state and type
filters, DescribeGroups, OffsetFetch, OffsetCommit as alterConsumerGroupOffsets, DeleteGroups)
and kafka-python's KafkaAdminClient (OffsetDelete, list/describe)."""

from __future__ import annotations

import pytest
from confluent_kafka import (
    Consumer,
    ConsumerGroupState,
    ConsumerGroupTopicPartitions,
    ConsumerGroupType,
    KafkaError,
    KafkaException,
    TopicPartition,
)
from kafka import KafkaAdminClient
from kafka import TopicPartition as KTP
from kafka import errors as kerr

from groups import (
    GROUP_OVERRIDES,
    GroupMember,
    all_tps,
    close_all,
    committed_offsets,
    group_id,
    member_conf,
    produce_spread,
    wait_for_split,
)
from util import admin, create_topic, kafka_error_code, wait_until

TIMEOUT = 20
OFFSET_INVALID = -1001


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def listed(a, groups, **kw) -> dict:
    res = a.list_consumer_groups(request_timeout=TIMEOUT, **kw).result(TIMEOUT)
    assert not res.errors, res.errors
    return {l.group_id: l for l in res.valid if l.group_id in groups}


def alter(a, group, offsets: dict, topic: str):
    """-> {partition: error code or 0} (partition errors, or the whole request's error)."""
    req = ConsumerGroupTopicPartitions(group, [TopicPartition(topic, p, o) for p, o in offsets.items()])
    fut = a.alter_consumer_group_offsets([req], request_timeout=TIMEOUT)[group]
    try:
        res = fut.result(TIMEOUT)
    except KafkaException as e:
        return {p: kafka_error_code(e) for p in offsets}
    return {tp.partition: (tp.error.code() if tp.error is not None else 0) for tp in res.topic_partitions}


def closed_member_group(broker, topic, partitions) -> str:
    """A group whose only member subscribed, committed and left: Empty, protocol type consumer."""
    g = group_id("closed")
    m = GroupMember(broker.bootstrap, g, [topic], name="closed")
    wait_for_split([m], all_tps(topic, partitions))
    m.close()
    return g


def test_list_consumer_groups_with_state_filters(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    a = admin(broker.bootstrap)
    simple = group_id("simple")
    assert alter(a, simple, {0: 3}, topic) == {0: 0}
    closed = closed_member_group(broker, topic, 2)
    active = group_id("active")
    m = GroupMember(broker.bootstrap, active, [topic], name="active")
    try:
        wait_for_split([m], all_tps(topic, 2))
        groups = (simple, closed, active)
        everything = wait_until(lambda: (lambda l: l if len(l) == 3 else None)(listed(a, groups)), TIMEOUT,
                                what="all three groups listed")
        assert everything[active].state == ConsumerGroupState.STABLE
        assert everything[closed].state == ConsumerGroupState.EMPTY
        assert everything[simple].state == ConsumerGroupState.EMPTY
        assert everything[simple].is_simple_consumer_group, "a group with only offsets has no protocol type"
        assert not everything[active].is_simple_consumer_group
        assert not everything[closed].is_simple_consumer_group
        for g in groups:
            assert everything[g].type == ConsumerGroupType.CLASSIC

        assert set(listed(a, groups, states={ConsumerGroupState.STABLE})) == {active}
        assert set(listed(a, groups, states={ConsumerGroupState.EMPTY})) == {simple, closed}
        assert set(listed(a, groups, states={ConsumerGroupState.EMPTY, ConsumerGroupState.STABLE})) == set(groups)
        assert set(listed(a, groups, states={ConsumerGroupState.PREPARING_REBALANCING})) == set()
        assert set(listed(a, groups, types={ConsumerGroupType.CLASSIC})) == set(groups)
        assert set(listed(a, groups, types={ConsumerGroupType.CONSUMER})) == set()

        # The old list_groups API (ListGroups through the cluster) agrees.
        old = {gm.id for gm in a.list_groups(timeout=TIMEOUT)}
        assert set(groups) <= old
    finally:
        close_all([m])


def test_describe_consumer_groups_classic(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id()
    m1 = GroupMember(broker.bootstrap, g, [topic], name="m1", **{"client.id": "client-one"})
    m2 = GroupMember(broker.bootstrap, g, [topic], name="m2", **{"client.id": "client-two",
                                                                  "group.instance.id": "inst-two"})
    try:
        owned = wait_for_split([m1, m2], all_tps(topic, 4))
        a = admin(broker.bootstrap)
        d = a.describe_consumer_groups([g], request_timeout=TIMEOUT)[g].result(TIMEOUT)
        assert d.group_id == g
        assert d.state == ConsumerGroupState.STABLE
        assert d.type == ConsumerGroupType.CLASSIC
        assert d.partition_assignor == "range"
        assert not d.is_simple_consumer_group
        assert d.coordinator.id == broker.ready["node_id"] and d.coordinator.port == broker.port
        by_client = {m.client_id: m for m in d.members}
        assert set(by_client) == {"client-one", "client-two"}
        assert by_client["client-two"].group_instance_id == "inst-two"
        assert by_client["client-one"].group_instance_id is None
        assert by_client["client-one"].member_id == m1.member_id
        assert by_client["client-two"].member_id == m2.member_id
        for mem, want in zip(("client-one", "client-two"), owned):
            got = {(tp.topic, tp.partition) for tp in by_client[mem].assignment.topic_partitions}
            assert got == want, f"{mem}: described {got}, owns {want}"
            assert "127.0.0.1" in by_client[mem].host

        # An unknown group: Dead with no members (DescribeGroups <= v5) or GROUP_ID_NOT_FOUND.
        unknown = group_id("unknown")
        try:
            du = a.describe_consumer_groups([unknown], request_timeout=TIMEOUT)[unknown].result(TIMEOUT)
            assert du.state == ConsumerGroupState.DEAD and du.members == []
        except KafkaException as e:
            assert kafka_error_code(e) == KafkaError.GROUP_ID_NOT_FOUND, e
    finally:
        close_all([m1, m2])


def test_list_and_alter_consumer_group_offsets(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    expected = produce_spread(broker.bootstrap, topic, 3, 10)
    g = group_id()
    c = Consumer(member_conf(broker.bootstrap, g))
    c.subscribe([topic])
    wait_until(lambda: c.poll(0.1) is not None and len(c.assignment()) == 3, TIMEOUT, what="assignment")
    c.commit(offsets=[TopicPartition(topic, 0, 5, metadata="five"), TopicPartition(topic, 1, 7)],
             asynchronous=False)
    c.close()

    a = admin(broker.bootstrap)
    res = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=TIMEOUT)[g].result(TIMEOUT)
    got = {(tp.partition): (tp.offset, tp.metadata) for tp in res.topic_partitions}
    assert got == {0: (5, "five"), 1: (7, "")} or got == {0: (5, "five"), 1: (7, None)}, got
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 3)) == \
        {(topic, 0): 5, (topic, 1): 7, (topic, 2): OFFSET_INVALID}

    assert alter(a, g, {0: 1, 1: 2, 2: 3}, topic) == {0: 0, 1: 0, 2: 0}
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 3)) == {(topic, 0): 1, (topic, 1): 2, (topic, 2): 3}

    # A member resumes where the offsets were altered to; while it is active, altering fails.
    m = GroupMember(broker.bootstrap, g, [topic], name="m")
    try:
        wait_until(lambda: m.count() >= 9 + 8 + 7, TIMEOUT, what="the member to read from the altered offsets")
        firsts = {}
        for t, p, o, v in m.snapshot()[2]:
            firsts.setdefault(p, o)
            assert expected[(t, p)][o] == v
        assert firsts == {0: 1, 1: 2, 2: 3}
        assert alter(a, g, {0: 0}, topic) == {0: KafkaError.UNKNOWN_MEMBER_ID}
    finally:
        close_all([m])
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 3)) == {(topic, p): 10 for p in range(3)}


def test_delete_consumer_groups(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    a = admin(broker.bootstrap)
    empty = closed_member_group(broker, topic, 2)
    assert alter(a, empty, {0: 4, 1: 4}, topic) == {0: 0, 1: 0}
    active, unknown = group_id("active"), group_id("unknown")
    m = GroupMember(broker.bootstrap, active, [topic], name="active")
    try:
        wait_for_split([m], all_tps(topic, 2))
        futs = a.delete_consumer_groups([active, unknown, empty], request_timeout=TIMEOUT)
        codes = {}
        for g, f in futs.items():
            try:
                f.result(TIMEOUT)
                codes[g] = 0
            except KafkaException as e:
                codes[g] = kafka_error_code(e)
        assert codes == {active: KafkaError.NON_EMPTY_GROUP, unknown: KafkaError.GROUP_ID_NOT_FOUND, empty: 0}
        assert empty not in listed(a, (empty, active))
        assert committed_offsets(broker.bootstrap, empty, all_tps(topic, 2)) == \
            {(topic, 0): OFFSET_INVALID, (topic, 1): OFFSET_INVALID}
        assert active in listed(a, (empty, active))
    finally:
        close_all([m])
    # Once empty, the group can be deleted.
    a.delete_consumer_groups([active], request_timeout=TIMEOUT)[active].result(TIMEOUT)
    assert active not in listed(a, (active,))


# -- kafka-python's KafkaAdminClient --------------------------------------------------------------------


@pytest.fixture
def kadmin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT * 1000)
    yield a
    a.close()


def test_kafka_python_delete_group_offsets(broker, kadmin, topic):
    other = topic + "-other"
    create_topic(broker.bootstrap, topic, partitions=2)
    create_topic(broker.bootstrap, other, partitions=1)
    a = admin(broker.bootstrap)
    g = group_id()
    assert alter(a, g, {0: 3, 1: 4}, topic) == {0: 0, 1: 0}
    assert alter(a, g, {0: 9}, other) == {0: 0}

    m = GroupMember(broker.bootstrap, g, [topic], name="m")
    try:
        wait_for_split([m], all_tps(topic, 2))
        res = kadmin.delete_group_offsets(g, [KTP(topic, 0), KTP(other, 0)])
        assert res[KTP(topic, 0)] is kerr.GroupSubscribedToTopicError, res
        assert res[KTP(other, 0)] is kerr.NoError, res
    finally:
        m.commit_on_revoke = False
        close_all([m])
    assert committed_offsets(broker.bootstrap, g, [(topic, 0), (other, 0)]) == \
        {(topic, 0): 3, (other, 0): OFFSET_INVALID}

    res = kadmin.delete_group_offsets(g, [KTP(topic, 0), KTP(topic, 1)])
    assert res == {KTP(topic, 0): kerr.NoError, KTP(topic, 1): kerr.NoError}
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) == \
        {(topic, 0): OFFSET_INVALID, (topic, 1): OFFSET_INVALID}


def test_kafka_python_list_describe_and_group_offsets(broker, kadmin, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    m = GroupMember(broker.bootstrap, g, [topic], name="m", **{"client.id": "described"})
    try:
        wait_for_split([m], all_tps(topic, 2))
        produce_spread(broker.bootstrap, topic, 2, 5)
        wait_until(lambda: m.count() >= 10, TIMEOUT, what="records")
        m.commit()

        listed_all = {gr["group_id"]: gr for gr in kadmin.list_groups()}
        assert listed_all[g]["protocol_type"] == "consumer"
        stable = {gr["group_id"]: gr for gr in kadmin.list_groups(states_filter=["Stable"], types_filter=["classic"])}
        assert stable[g]["group_state"] == "Stable" and stable[g]["group_type"].lower() == "classic"
        assert g not in {gr["group_id"] for gr in kadmin.list_groups(states_filter=["Empty"])}

        d = kadmin.describe_groups([g])[g]
        assert d["error"] is None, d
        assert (d["group_state"], d["protocol_type"], d["protocol_data"]) == ("Stable", "consumer", "range")
        (mem,) = d["members"]
        assert mem["client_id"] == "described"
        assert mem["member_id"] == m.member_id

        offs = kadmin.list_group_offsets({g: None})[g]
        assert {(tp.topic, tp.partition): om.offset for tp, om in offs.items()} == {(topic, 0): 5, (topic, 1): 5}
    finally:
        close_all([m])


def test_offsets_of_a_deleted_topic_are_removed(broker, topic):
    """Deleting a topic deletes the groups' committed offsets for it: a topic created again under
    the same name starts from auto.offset.reset, not from the old offsets."""
    create_topic(broker.bootstrap, topic, partitions=2)
    keep = topic + "-keep"
    create_topic(broker.bootstrap, keep, partitions=1)
    a = admin(broker.bootstrap)
    g = group_id()
    assert alter(a, g, {0: 7, 1: 8}, topic) == {0: 0, 1: 0}
    assert alter(a, g, {0: 9}, keep) == {0: 0}
    a.delete_topics([topic], request_timeout=TIMEOUT)[topic].result(TIMEOUT)

    def cleaned():
        res = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions(g)], request_timeout=TIMEOUT)[g].result(TIMEOUT)
        got = {(tp.topic, tp.partition): tp.offset for tp in res.topic_partitions}
        return got if (topic, 0) not in got and (topic, 1) not in got else None

    got = wait_until(cleaned, TIMEOUT, what="the deleted topic's offsets to be removed from the group")
    assert got == {(keep, 0): 9}

    create_topic(broker.bootstrap, topic, partitions=2)
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) == \
        {(topic, 0): OFFSET_INVALID, (topic, 1): OFFSET_INVALID}


def test_kafka_python_remove_static_member_and_multi_group_offsets(broker, kadmin, topic):
    """LeaveGroup v3+ from an admin (removeMembersFromConsumerGroup) removes a static member at
    once; OffsetFetch v8 answers several groups in one request."""
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    s1 = GroupMember(broker.bootstrap, g, [topic], name="s1", **{"group.instance.id": "inst-1",
                                                                  "session.timeout.ms": 30000})
    s2 = GroupMember(broker.bootstrap, g, [topic], name="s2", **{"group.instance.id": "inst-2",
                                                                  "session.timeout.ms": 30000})
    try:
        wait_for_split([s1, s2], all_tps(topic, 2))
        s2.close()  # static: no LeaveGroup, the member stays for its 30 s session
        from kafka.admin import MemberToRemove
        res = kadmin.remove_group_members(g, [MemberToRemove(group_instance_id="inst-2"),
                                              MemberToRemove(group_instance_id="no-such-instance")])
        # kafka-python keys the result by the member id the broker echoes, else the instance id.
        assert sorted(res.values(), key=str) == sorted([kerr.NoError, kerr.UnknownMemberIdError], key=str), res
        assert res.get("no-such-instance") is kerr.UnknownMemberIdError, res
        wait_until(lambda: s1.assigned() == all_tps(topic, 2), 15, what="s1 to get s2's partition right away")
    finally:
        close_all([s1, s2])

    a = admin(broker.bootstrap)
    g2, g3 = group_id(), group_id()
    assert alter(a, g2, {0: 1, 1: 2}, topic) == {0: 0, 1: 0}
    assert alter(a, g3, {0: 3}, topic) == {0: 0}
    res = kadmin.list_group_offsets({g2: None, g3: [KTP(topic, 0), KTP(topic, 1)], group_id("none"): None})
    flat = {grp: {(tp.topic, tp.partition): om.offset for tp, om in offs.items()} for grp, offs in res.items()}
    assert flat[g2] == {(topic, 0): 1, (topic, 1): 2}
    assert flat[g3][(topic, 0)] == 3 and flat[g3].get((topic, 1), -1) == -1
