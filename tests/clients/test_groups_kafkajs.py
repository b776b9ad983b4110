"""kafkajs 2.2.4 consumer groups against strom (through js/kjs.js): a consumer with eachMessage
that commits and resumes, two members splitting a topic, and the admin group calls
(listGroups, describeGroups, fetchOffsets, resetOffsets, setOffsets, deleteGroups)."""

from __future__ import annotations

from collections import Counter

import pytest

from confluent_kafka import ConsumerGroupTopicPartitions, TopicPartition

from groups import GROUP_OVERRIDES, GroupMember, all_tps, close_all, committed_offsets, group_id, produce_spread, \
    wait_for_split
from test_kafkajs import kjs, ok, pytestmark  # noqa: F401 - pytestmark: the same skip marker
from util import admin, create_topic


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def test_kafkajs_consumer_commits_and_resumes(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    expected = produce_spread(broker.bootstrap, topic, 3, 10)
    g = group_id("kjs")
    first, second, offsets = kjs(
        broker,
        {"op": "groupConsume", "groupId": g, "topics": [topic], "count": 12, "autoCommit": False, "commit": "manual"},
        {"op": "groupConsume", "groupId": g, "topics": [topic], "count": 18},
        {"op": "fetchOffsets", "groupId": g, "topics": [topic]},
        timeout=90,
    )
    first, second = ok(first), ok(second)
    assert first["joins"] and first["joins"][-1]["groupProtocol"] == "RoundRobinAssigner"
    assert first["assignment"] == {topic: [0, 1, 2]}
    got1 = [(m["partition"], m["offset"]) for m in first["messages"]]
    got2 = [(m["partition"], m["offset"]) for m in second["messages"]]
    assert len(got1) == 12
    # The second consumer resumes exactly at what the first committed: together, every record once.
    assert Counter(got1 + got2) == Counter((p, o) for p in range(3) for o in range(10)), (got1, got2)
    for m in first["messages"] + second["messages"]:
        assert expected[(topic, m["partition"])][m["offset"]].decode() == m["value"]
    (t,) = ok(offsets)
    assert t["topic"] == topic
    assert sorted((p["partition"], p["offset"]) for p in t["partitions"]) == [(0, "10"), (1, "10"), (2, "10")]
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 3)) == {(topic, p): 10 for p in range(3)}


def test_kafkajs_two_members_split_a_topic(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id("kjs")
    (res,) = kjs(broker, {"op": "groupSplit", "groupId": g, "topics": [topic], "members": 2, "partitions": 4,
                          "count": 40}, timeout=90)
    members = ok(res)
    owned = [set(m["assignment"][topic]) for m in members]
    assert owned[0].isdisjoint(owned[1]) and owned[0] | owned[1] == {0, 1, 2, 3}
    assert sorted(len(o) for o in owned) == [2, 2]
    values = Counter()
    for m, mine in zip(members, owned):
        assert not m["crashes"], m["crashes"]
        for msg in m["messages"]:
            assert msg["partition"] in mine, f"{m['memberId']} read partition {msg['partition']}, owns {mine}"
            values[msg["value"]] += 1
    assert values == Counter(f"v-{i}" for i in range(40)), "every message exactly once across the members"


def test_kafkajs_admin_group_calls(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    produce_spread(broker.bootstrap, topic, 2, 10)
    active, idle, unknown = group_id("active"), group_id("idle"), group_id("unknown")
    a = admin(broker.bootstrap)
    a.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(
        idle, [TopicPartition(topic, 0, 5), TopicPartition(topic, 1, 6)])], request_timeout=20)[idle].result(20)
    m = GroupMember(broker.bootstrap, active, [topic], name="active", **{"client.id": "confluent-member"})
    try:
        wait_for_split([m], all_tps(topic, 2))
        listed, described, fetched, reset, after_reset, set_, after_set, del_active, del_unknown, del_idle, \
            listed_after = kjs(
                broker,
                {"op": "listGroups"},
                {"op": "describeGroups", "groupIds": [active, idle]},
                {"op": "fetchOffsets", "groupId": idle, "topics": [topic]},
                {"op": "resetOffsets", "groupId": idle, "topic": topic, "earliest": True},
                {"op": "fetchOffsets", "groupId": idle, "topics": [topic]},
                {"op": "setOffsets", "groupId": idle, "topic": topic, "partitions": [{"partition": 1, "offset": "3"}]},
                {"op": "fetchOffsets", "groupId": idle, "topics": [topic]},
                {"op": "deleteGroups", "groupIds": [active]},
                {"op": "deleteGroups", "groupIds": [unknown]},
                {"op": "deleteGroups", "groupIds": [idle]},
                {"op": "listGroups"},
                retries=1, timeout=90,
            )
        groups = {gr["groupId"]: gr["protocolType"] for gr in ok(listed)["groups"]}
        assert groups.get(active) == "consumer" and groups.get(idle) == "", groups

        desc = {gr["groupId"]: gr for gr in ok(described)["groups"]}
        assert desc[active]["state"] == "Stable" and desc[active]["protocol"] == "range"
        assert desc[active]["protocolType"] == "consumer" and desc[active]["errorCode"] == 0
        (mem,) = desc[active]["members"]
        assert mem["clientId"] == "confluent-member"
        assert mem["memberId"] == m.member_id
        assert {p for p in mem["assignment"][topic]} == {0, 1}
        assert desc[idle]["state"] == "Empty" and desc[idle]["members"] == []

        def offs(result):
            (t,) = ok(result)
            return {p["partition"]: p["offset"] for p in t["partitions"]}

        assert offs(fetched) == {0: "5", 1: "6"}
        assert ok(reset) is True
        # kafkajs commits the special offset -2 (earliest) itself; Kafka stores offsets as sent.
        assert offs(after_reset) == {0: "-2", 1: "-2"}
        assert ok(set_) is True
        assert offs(after_set) == {0: "-2", 1: "3"}

        kind, err = del_active
        assert kind == "error", del_active
        assert err["groups"] == [{"groupId": active, "errorCode": 68, "type": "NON_EMPTY_GROUP"}], err
        kind, err = del_unknown
        assert kind == "error", del_unknown
        assert err["groups"] == [{"groupId": unknown, "errorCode": 69, "type": "GROUP_ID_NOT_FOUND"}], err
        assert [(r["groupId"], r["errorCode"]) for r in ok(del_idle)] == [(idle, 0)]
        after = {gr["groupId"] for gr in ok(listed_after)["groups"]}
        assert active in after and idle not in after
    finally:
        close_all([m])
