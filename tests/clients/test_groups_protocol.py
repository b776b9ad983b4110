"""Group coordinator error codes on raw requests (kproto.GroupConn, our own encoder), as Kafka
answers them: the JoinGroup MEMBER_ID_REQUIRED dance, INCONSISTENT_GROUP_PROTOCOL,
ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID,
OFFSET_METADATA_TOO_LARGE, UNKNOWN_TOPIC_OR_PARTITION on commit, NON_EMPTY_GROUP /
GROUP_ID_NOT_FOUND on delete, and the KIP-848 FENCED_MEMBER_EPOCH / STALE_MEMBER_EPOCH.

After every error case the offsets of an unrelated group (the "bystander") must be unchanged."""

from __future__ import annotations

import uuid

import pytest

import kproto as kp
from groups import GROUP_OVERRIDES, group_id
from util import create_topic, wait_until

# Classic API versions: the non-flexible encodings (what librdkafka and kafkajs send) and the
# flexible ones (kafka-python, Java).
CLASSIC_VERSIONS = {
    "classic": dict(join=5, sync=3, hb=3, leave=3, commit=7, fetch=5),
    "flexible": dict(join=9, sync=5, hb=4, leave=5, commit=8, fetch=8),
}


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    """One broker for the module (each test uses its own groups and topic); stopped and checked
    for a clean exit like the per-test brokers."""
    from conftest import _finish
    from harness import Broker

    b = Broker(tmp_path_factory.mktemp("groups-protocol") / "broker", GROUP_OVERRIDES).start()
    yield b
    _finish([b])


@pytest.fixture(params=sorted(CLASSIC_VERSIONS))
def v(request):
    return CLASSIC_VERSIONS[request.param]


def conn(broker) -> kp.GroupConn:
    return kp.GroupConn(broker.host, broker.port)


def sub(*topics) -> bytes:
    return kp.consumer_subscription(list(topics))


class Bystander:
    """A group with committed offsets (and metadata) that no test touches; check() asserts they
    are exactly as committed."""

    def __init__(self, broker, topic: str, partitions: int):
        self.broker, self.topic = broker, topic
        self.group = group_id("bystander")
        self.want = {(topic, p): (100 + p, f"keep-{p}") for p in range(partitions)}
        with conn(broker) as c:
            res = c.offset_commit(7, self.group, {topic: [(p, o, m) for (_, p), (o, m) in self.want.items()]})
        assert res == {tp: 0 for tp in self.want}, res

    def check(self):
        with conn(self.broker) as c:
            got = c.offset_fetch(5, self.group, {self.topic: sorted(p for _, p in self.want)})
        assert got["error"] == 0
        assert {tp: (o, m) for tp, (o, m, e) in got["offsets"].items()} == self.want, \
            f"bystander group's offsets changed: {got}"
        assert all(e == 0 for _, _, e in got["offsets"].values())


@pytest.fixture
def setup(broker, topic):
    """A 3-partition topic and the bystander group."""
    create_topic(broker.bootstrap, topic, partitions=3)
    return Bystander(broker, topic, 3)


def join_dance(c: kp.GroupConn, v: dict, group: str, topic: str, instance_id: str | None = None,
               protocols=None, session_timeout_ms: int = 10_000) -> dict:
    """JoinGroup the way clients do: an empty member id gets MEMBER_ID_REQUIRED (dynamic members),
    then join again with the id. Returns the successful JoinGroup response."""
    protocols = protocols or [("range", sub(topic))]
    r = c.join_group(v["join"], group, member_id="", instance_id=instance_id, protocols=protocols,
                     session_timeout_ms=session_timeout_ms)
    if r["error"] == kp.MEMBER_ID_REQUIRED:
        assert instance_id is None, "a static member must not be asked for a member id"
        assert r["member_id"], "MEMBER_ID_REQUIRED without a member id"
        r = c.join_group(v["join"], group, member_id=r["member_id"], instance_id=instance_id,
                         protocols=protocols, session_timeout_ms=session_timeout_ms)
    assert r["error"] == 0, r
    return r


def stable_member(c: kp.GroupConn, v: dict, group: str, topic: str, partitions=(0, 1, 2),
                  instance_id: str | None = None) -> tuple[str, int, bytes]:
    """Join as the only member, lead, and sync an assignment of `partitions`.
    Returns (member_id, generation, assignment bytes)."""
    j = join_dance(c, v, group, topic, instance_id=instance_id)
    assert j["leader"] == j["member_id"]
    assignment = kp.consumer_assignment({topic: list(partitions)})
    s = c.sync_group(v["sync"], group, j["generation"], j["member_id"], instance_id=instance_id,
                     assignments={j["member_id"]: assignment}, protocol_name=j["protocol_name"])
    assert s["error"] == 0, s
    assert s["assignment"] == assignment
    return j["member_id"], j["generation"], assignment


# -- FindCoordinator and the join/sync happy path ----------------------------------------------------------


def test_find_coordinator_is_this_broker(broker):
    with conn(broker) as c:
        r = c.find_coordinator(group_id())
    assert r["error"] == 0, r
    assert (r["node_id"], r["host"], r["port"]) == (broker.ready["node_id"], broker.host, broker.port)


def test_join_group_v4_plus_empty_member_id_gets_member_id_required(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as c:
        first = c.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))])
        assert first["error"] == kp.MEMBER_ID_REQUIRED, first
        assert first["member_id"], "MEMBER_ID_REQUIRED must carry the generated member id"
        assert first["generation"] == -1
        setup.check()

        j = c.join_group(v["join"], group, member_id=first["member_id"], protocols=[("range", sub(topic))])
        assert j["error"] == 0, j
        assert j["member_id"] == first["member_id"]
        assert j["generation"] >= 1
        assert j["protocol_name"] == "range"
        assert j["leader"] == j["member_id"]
        assert [m["member_id"] for m in j["members"]] == [j["member_id"]]
        assert j["members"][0]["metadata"] == sub(topic)
        if v["join"] >= 7:
            assert j["protocol_type"] == "consumer"

        assignment = kp.consumer_assignment({topic: [0, 1, 2]})
        s = c.sync_group(v["sync"], group, j["generation"], j["member_id"],
                         assignments={j["member_id"]: assignment}, protocol_name="range")
        assert s["error"] == 0, s
        assert s["assignment"] == assignment
        if v["sync"] >= 5:
            assert (s["protocol_type"], s["protocol_name"]) == ("consumer", "range")
        assert c.heartbeat(v["hb"], group, j["generation"], j["member_id"]) == 0

        (d,) = c.describe_groups(5, [group])
        assert d["error"] == 0 and d["state"] == "Stable", d
        assert d["protocol_type"] == "consumer" and d["protocol"] == "range"
        assert [m["member_id"] for m in d["members"]] == [j["member_id"]]
        assert d["members"][0]["assignment"] == assignment
    setup.check()


def test_join_group_v3_joins_without_member_id_round_trip(broker, setup, topic):
    """Before KIP-394 (JoinGroup v0-v3) an empty member id joins at once."""
    group = group_id()
    with conn(broker) as c:
        j = c.join_group(3, group, member_id="", protocols=[("range", sub(topic))])
        assert j["error"] == 0, j
        assert j["member_id"] and j["leader"] == j["member_id"] and j["generation"] >= 1
    setup.check()


def test_join_group_no_common_protocol_is_inconsistent(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as a, conn(broker) as b:
        member, gen, _ = stable_member(a, v, group, topic)
        r = b.join_group(v["join"], group, member_id="", protocols=[("roundrobin", sub(topic))])
        assert r["error"] == kp.INCONSISTENT_GROUP_PROTOCOL, r
        r = b.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))], protocol_type="connect")
        assert r["error"] == kp.INCONSISTENT_GROUP_PROTOCOL, r
        # The group is untouched: no rebalance, the member still heartbeats in its generation.
        assert a.heartbeat(v["hb"], group, gen, member) == 0
        (d,) = a.describe_groups(5, [group])
        assert d["state"] == "Stable" and len(d["members"]) == 1
    setup.check()


def test_illegal_generation(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as c:
        member, gen, assignment = stable_member(c, v, group, topic)
        assert c.heartbeat(v["hb"], group, gen + 1, member) == kp.ILLEGAL_GENERATION
        assert c.heartbeat(v["hb"], group, gen - 1, member) == kp.ILLEGAL_GENERATION
        s = c.sync_group(v["sync"], group, gen + 1, member, assignments={}, protocol_name="range")
        assert s["error"] == kp.ILLEGAL_GENERATION, s
        res = c.offset_commit(v["commit"], group, {topic: [(0, 5, "x")]}, generation=gen + 1, member_id=member)
        assert res == {(topic, 0): kp.ILLEGAL_GENERATION}
        setup.check()
        # Still a member of the right generation; a commit there works.
        assert c.heartbeat(v["hb"], group, gen, member) == 0
        res = c.offset_commit(v["commit"], group, {topic: [(0, 5, "x")]}, generation=gen, member_id=member)
        assert res == {(topic, 0): 0}
        got = c.offset_fetch(v["fetch"], group, {topic: [0]})
        assert got["offsets"][(topic, 0)][:2] == (5, "x")
    setup.check()


def test_unknown_member_id(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as c:
        member, gen, _ = stable_member(c, v, group, topic)
        assert c.heartbeat(v["hb"], group, gen, "no-such-member") == kp.UNKNOWN_MEMBER_ID
        s = c.sync_group(v["sync"], group, gen, "no-such-member", assignments={}, protocol_name="range")
        assert s["error"] == kp.UNKNOWN_MEMBER_ID, s
        j = c.join_group(v["join"], group, member_id="no-such-member", protocols=[("range", sub(topic))])
        assert j["error"] == kp.UNKNOWN_MEMBER_ID, j
        res = c.offset_commit(v["commit"], group, {topic: [(0, 1, None)]}, generation=gen, member_id="no-such-member")
        assert res == {(topic, 0): kp.UNKNOWN_MEMBER_ID}
        left = c.leave_group(v["leave"], group, [("no-such-member", None)])
        assert left["error"] == 0 and left["members"] == [("no-such-member", None, kp.UNKNOWN_MEMBER_ID)], left
        setup.check()
        # The real member is unaffected; after it leaves, it is unknown too.
        assert c.heartbeat(v["hb"], group, gen, member) == 0
        left = c.leave_group(v["leave"], group, [(member, None)])
        assert left["error"] == 0 and left["members"] == [(member, None, 0)], left
        assert c.heartbeat(v["hb"], group, gen, member) == kp.UNKNOWN_MEMBER_ID
        (d,) = c.describe_groups(5, [group])
        assert d["state"] == "Empty" and d["members"] == []
    setup.check()


def test_rebalance_in_progress_and_second_generation(broker, setup, v, topic):
    """A second member's join parks until the first rejoins; meanwhile the first member's
    heartbeat says REBALANCE_IN_PROGRESS but its commit in the old generation is accepted (what
    clients do when partitions are revoked). Between join and sync, commits get
    REBALANCE_IN_PROGRESS. Then both members sync their assignments from the leader."""
    group = group_id()
    with conn(broker) as a, conn(broker) as b:
        a_id, gen, _ = stable_member(a, v, group, topic)
        first = b.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))])
        assert first["error"] == kp.MEMBER_ID_REQUIRED, first
        b_id = first["member_id"]
        b_corr = b.join_group_send(v["join"], group, member_id=b_id, protocols=[("range", sub(topic))])

        wait_until(lambda: a.heartbeat(v["hb"], group, gen, a_id) == kp.REBALANCE_IN_PROGRESS, 10,
                   what="REBALANCE_IN_PROGRESS for the first member's heartbeat")
        res = a.offset_commit(v["commit"], group, {topic: [(0, 7, "revoking")]}, generation=gen, member_id=a_id)
        assert res == {(topic, 0): 0}, "a commit in the current generation during PreparingRebalance is accepted"
        setup.check()

        ja = a.join_group(v["join"], group, member_id=a_id, protocols=[("range", sub(topic))])
        jb = b.join_group_recv(v["join"], b_corr)
        assert ja["error"] == 0 and jb["error"] == 0, (ja, jb)
        assert ja["generation"] == jb["generation"] == gen + 1
        assert ja["leader"] == jb["leader"] == a_id, "the existing leader stays leader"
        assert sorted(m["member_id"] for m in ja["members"]) == sorted([a_id, b_id])
        assert jb["members"] == []

        # CompletingRebalance: commits are refused until the assignment is synced.
        res = b.offset_commit(v["commit"], group, {topic: [(1, 3, None)]}, generation=gen + 1, member_id=b_id)
        assert res == {(topic, 1): kp.REBALANCE_IN_PROGRESS}

        asg_a = kp.consumer_assignment({topic: [0, 1]})
        asg_b = kp.consumer_assignment({topic: [2]})
        b_sync = b.sync_group_send(v["sync"], group, gen + 1, b_id, assignments={}, protocol_name="range")
        sa = a.sync_group(v["sync"], group, gen + 1, a_id, assignments={a_id: asg_a, b_id: asg_b},
                          protocol_name="range")
        sb = b.sync_group_recv(v["sync"], b_sync)
        assert sa["error"] == 0 and sb["error"] == 0, (sa, sb)
        assert (sa["assignment"], sb["assignment"]) == (asg_a, asg_b)
        assert kp.parse_consumer_assignment(sb["assignment"]) == {topic: [2]}
        assert a.heartbeat(v["hb"], group, gen + 1, a_id) == 0
        assert b.heartbeat(v["hb"], group, gen + 1, b_id) == 0
        assert a.heartbeat(v["hb"], group, gen, a_id) == kp.ILLEGAL_GENERATION
        res = b.offset_commit(v["commit"], group, {topic: [(2, 9, None)]}, generation=gen + 1, member_id=b_id)
        assert res == {(topic, 2): 0}
        got = a.offset_fetch(v["fetch"], group, {topic: [0, 2]})
        assert {tp: o for tp, (o, _, _) in got["offsets"].items()} == {(topic, 0): 7, (topic, 2): 9}
    setup.check()


def test_static_member_replaced_old_one_is_fenced(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as a, conn(broker) as a2:
        old_id, gen, assignment = stable_member(a, v, group, topic, instance_id="instance-a")
        # Same group.instance.id, empty member id (a restarted static member): no MEMBER_ID_REQUIRED,
        # a new member id, and no new generation while the group is stable.
        j = a2.join_group(v["join"], group, member_id="", instance_id="instance-a",
                          protocols=[("range", sub(topic))])
        assert j["error"] == 0, j
        new_id = j["member_id"]
        assert new_id and new_id != old_id
        assert j["generation"] == gen, "a static member's rejoin must not start a rebalance"
        s = a2.sync_group(v["sync"], group, gen, new_id, instance_id="instance-a", assignments={},
                          protocol_name="range")
        assert s["error"] == 0 and s["assignment"] == assignment, s

        assert a.heartbeat(v["hb"], group, gen, old_id, instance_id="instance-a") == kp.FENCED_INSTANCE_ID
        s = a.sync_group(v["sync"], group, gen, old_id, instance_id="instance-a", assignments={},
                         protocol_name="range")
        assert s["error"] == kp.FENCED_INSTANCE_ID, s
        res = a.offset_commit(v["commit"], group, {topic: [(0, 11, None)]}, generation=gen, member_id=old_id,
                              instance_id="instance-a")
        assert res == {(topic, 0): kp.FENCED_INSTANCE_ID}
        left = a.leave_group(v["leave"], group, [(old_id, "instance-a")])
        assert left["members"] == [(old_id, "instance-a", kp.FENCED_INSTANCE_ID)], left
        setup.check()

        assert a2.heartbeat(v["hb"], group, gen, new_id, instance_id="instance-a") == 0
        (d,) = a2.describe_groups(5, [group])
        assert d["state"] == "Stable"
        assert [(m["member_id"], m["group_instance_id"]) for m in d["members"]] == [(new_id, "instance-a")]
    setup.check()


# -- OffsetCommit errors ------------------------------------------------------------------------------------


def test_offset_commit_metadata_too_large_fails_only_that_partition(broker, setup, v, topic):
    group = group_id()
    with conn(broker) as c:
        res = c.offset_commit(v["commit"], group, {topic: [(0, 10, "small"), (1, 20, "m" * 4096),
                                                           (2, 30, "x" * 4097)]})
        assert res == {(topic, 0): 0, (topic, 1): 0, (topic, 2): kp.OFFSET_METADATA_TOO_LARGE}
        got = c.offset_fetch(v["fetch"], group, {topic: [0, 1, 2]})
        assert got["error"] == 0
        assert got["offsets"][(topic, 0)] == (10, "small", 0)
        assert got["offsets"][(topic, 1)] == (20, "m" * 4096, 0)
        assert got["offsets"][(topic, 2)][0] == -1, "the refused commit must not be stored"
    setup.check()


def test_offset_commit_unknown_topic_or_partition(broker, setup, v, topic):
    group = group_id()
    missing = topic + "-missing"
    with conn(broker) as c:
        res = c.offset_commit(v["commit"], group, {topic: [(0, 4, None), (99, 4, None)], missing: [(0, 4, None)]})
        assert res == {(topic, 0): 0, (topic, 99): kp.UNKNOWN_TOPIC_OR_PARTITION,
                       (missing, 0): kp.UNKNOWN_TOPIC_OR_PARTITION}
        got = c.offset_fetch(v["fetch"], group, {topic: [0]})
        assert got["offsets"][(topic, 0)][:2] == (4, None) or got["offsets"][(topic, 0)][:2] == (4, "")
    setup.check()


def test_offset_fetch_unknown_group_and_all_topics_form(broker, setup, v, topic):
    with conn(broker) as c:
        got = c.offset_fetch(v["fetch"], group_id("never"), {topic: [0, 1]})
        assert got["error"] == 0
        assert {tp: o for tp, (o, _, e) in got["offsets"].items()} == {(topic, 0): -1, (topic, 1): -1}
        # topics = null: every committed partition of the group.
        all_of = c.offset_fetch(v["fetch"], setup.group, None)
        assert all_of["error"] == 0
        assert {tp: (o, m) for tp, (o, m, e) in all_of["offsets"].items()} == setup.want
    setup.check()


def test_offset_commit_admin_style_refused_while_group_is_active(broker, setup, v, topic):
    """generation -1 and no member id (AdminClient alterConsumerGroupOffsets, assign()-only
    consumers) is accepted only while the group has no members."""
    group = group_id()
    with conn(broker) as c:
        member, gen, _ = stable_member(c, v, group, topic)
        res = c.offset_commit(v["commit"], group, {topic: [(0, 3, None)]})
        assert res == {(topic, 0): kp.UNKNOWN_MEMBER_ID}
        assert c.leave_group(v["leave"], group, [(member, None)])["error"] == 0
        res = c.offset_commit(v["commit"], group, {topic: [(0, 3, None)]})
        assert res == {(topic, 0): 0}
    setup.check()


# -- DeleteGroups / OffsetDelete ------------------------------------------------------------------------------


def test_delete_groups_non_empty_unknown_and_empty(broker, setup, v, topic):
    active, empty, unknown = group_id("active"), group_id("empty"), group_id("unknown")
    with conn(broker) as c:
        member, gen, _ = stable_member(c, v, active, topic)
        assert c.offset_commit(v["commit"], empty, {topic: [(0, 42, "m")]}) == {(topic, 0): 0}
        res = c.delete_groups(1, [active, unknown, empty])
        assert res == {active: kp.NON_EMPTY_GROUP, unknown: kp.GROUP_ID_NOT_FOUND, empty: 0}, res
        assert c.offset_fetch(v["fetch"], empty, {topic: [0]})["offsets"][(topic, 0)][0] == -1
        assert c.delete_groups(2, [empty]) == {empty: kp.GROUP_ID_NOT_FOUND}
        # The active group is intact.
        assert c.heartbeat(v["hb"], active, gen, member) == 0
        setup.check()
        # Once its last member leaves, it can be deleted.
        assert c.leave_group(v["leave"], active, [(member, None)])["error"] == 0
        assert c.delete_groups(1, [active]) == {active: 0}
    setup.check()


def test_offset_delete(broker, setup, v, topic, request):
    other = topic + "-other"
    create_topic(broker.bootstrap, other, partitions=1)
    group = group_id()
    with conn(broker) as c:
        member, gen, _ = stable_member(c, v, group, topic)
        res = c.offset_commit(v["commit"], group, {topic: [(0, 5, None)]}, generation=gen, member_id=member)
        assert res == {(topic, 0): 0}
        # Offsets of a topic the group does not subscribe to can be committed by a member, too.
        res = c.offset_commit(v["commit"], group, {other: [(0, 6, None)]}, generation=gen, member_id=member)
        assert res == {(other, 0): 0}
        r = c.offset_delete(group, {topic: [0], other: [0]})
        assert r["error"] == 0, r
        assert r["partitions"] == {(topic, 0): kp.GROUP_SUBSCRIBED_TO_TOPIC, (other, 0): 0}, r
        got = c.offset_fetch(v["fetch"], group, {topic: [0], other: [0]})["offsets"]
        assert (got[(topic, 0)][0], got[(other, 0)][0]) == (5, -1)
        assert c.offset_delete(group_id("nope"), {topic: [0]})["error"] == kp.GROUP_ID_NOT_FOUND
        setup.check()
        assert c.leave_group(v["leave"], group, [(member, None)])["error"] == 0
        r = c.offset_delete(group, {topic: [0]})
        assert r == {"error": 0, "partitions": {(topic, 0): 0}}, r
        assert c.offset_fetch(v["fetch"], group, {topic: [0]})["offsets"][(topic, 0)][0] == -1
    setup.check()


# -- KIP-848: ConsumerGroupHeartbeat and OffsetCommit v9 --------------------------------------------------------


def cgh_join(c: kp.GroupConn, group: str, topics: list[str], member_id: str | None = None,
             instance_id: str | None = None, **kw) -> dict:
    member_id = member_id or str(uuid.uuid4())
    r = c.consumer_group_heartbeat(group, member_id, 0, rebalance_timeout_ms=10_000, subscribed=topics,
                                   owned=[], instance_id=instance_id, **kw)
    assert r["error"] == 0, r
    assert r["member_id"] == member_id
    assert r["member_epoch"] >= 1
    return r


def test_consumer_group_heartbeat_join_fenced_epoch_leave(broker, setup, topic):
    group = group_id("kip848")
    with conn(broker) as c:
        tid = c.topic_ids([topic])[topic]
        j = cgh_join(c, group, [topic])
        member, epoch = j["member_id"], j["member_epoch"]
        assert j["heartbeat_interval_ms"] > 0
        asg = j["assignment"]
        if not asg:  # the assignment may come with the next heartbeat
            def assigned():
                r = c.consumer_group_heartbeat(group, member, epoch, owned=[])
                assert r["error"] == 0, r
                return r if r["assignment"] else None
            r = wait_until(assigned, 10, interval=0.1, what="an assignment")
            epoch, asg = r["member_epoch"], r["assignment"]
        assert asg == {tid: [0, 1, 2]}, "a single member owns every partition"
        owned = [(tid, [0, 1, 2])]

        r = c.consumer_group_heartbeat(group, member, epoch + 1, owned=owned)
        assert r["error"] == kp.FENCED_MEMBER_EPOCH, r
        setup.check()
        r = c.consumer_group_heartbeat(group, str(uuid.uuid4()), 3, owned=owned)
        assert r["error"] == kp.UNKNOWN_MEMBER_ID, r
        # The fenced request changed nothing: the member goes on in its epoch.
        r = c.consumer_group_heartbeat(group, member, epoch, owned=owned)
        assert r["error"] == 0 and r["member_epoch"] == epoch, r

        r = c.consumer_group_heartbeat(group, member, -1)
        assert r["error"] == 0 and r["member_epoch"] == -1, r
        r = c.consumer_group_heartbeat(group, member, epoch, owned=owned)
        assert r["error"] == kp.UNKNOWN_MEMBER_ID, r
    setup.check()


def test_offset_commit_v9_stale_member_epoch(broker, setup, topic):
    group = group_id("kip848")
    t2 = topic + "-2"
    create_topic(broker.bootstrap, t2, partitions=2)
    with conn(broker) as c:
        ids = c.topic_ids([topic, t2])
        j = cgh_join(c, group, [topic])
        member, e1 = j["member_id"], j["member_epoch"]

        # Subscribing to a second topic bumps the group epoch; the member moves to the new epoch
        # (nothing to revoke) and gets t2's partitions.
        def moved():
            r = c.consumer_group_heartbeat(group, member, e1 if not moved.last else moved.last["member_epoch"],
                                           subscribed=[topic, t2],
                                           owned=[(ids[topic], [0, 1, 2])])
            assert r["error"] == 0, r
            moved.last = r
            return r if r["member_epoch"] > e1 else None
        moved.last = None
        r = wait_until(moved, 10, interval=0.1, what="a new member epoch after the subscription change")
        e2 = r["member_epoch"]

        res = c.offset_commit(9, group, {t2: [(0, 8, "stale")]}, generation=e1, member_id=member)
        assert res == {(t2, 0): kp.STALE_MEMBER_EPOCH}
        res = c.offset_commit(9, group, {t2: [(0, 8, "fresh")]}, generation=e2, member_id=member)
        assert res == {(t2, 0): 0}
        res = c.offset_commit(9, group, {t2: [(1, 8, None)]}, generation=e2, member_id=str(uuid.uuid4()))
        assert res == {(t2, 1): kp.UNKNOWN_MEMBER_ID}
        # An admin-style commit while the group has a member is refused.
        res = c.offset_commit(9, group, {t2: [(1, 8, None)]})
        assert res == {(t2, 1): kp.UNKNOWN_MEMBER_ID}
        setup.check()

        got = c.offset_fetch(9, group, {t2: [0, 1]}, member_id=member, member_epoch=e2)
        assert got["error"] == 0
        assert got["offsets"][(t2, 0)][:2] == (8, "fresh") and got["offsets"][(t2, 1)][0] == -1
        stale = c.offset_fetch(9, group, {t2: [0]}, member_id=member, member_epoch=e1)
        assert stale["error"] == kp.STALE_MEMBER_EPOCH, stale
        # Without member id / epoch (an admin fetch) the offsets are readable too.
        assert c.offset_fetch(8, group, {t2: [0]})["offsets"][(t2, 0)][:2] == (8, "fresh")
        assert c.consumer_group_heartbeat(group, member, -1)["error"] == 0
    setup.check()


def test_classic_join_to_consumer_group_and_delete(broker, setup, topic):
    """A KIP-848 group with a member is NON_EMPTY for DeleteGroups; a classic JoinGroup with a
    protocol type other than consumer cannot join it."""
    group = group_id("kip848")
    with conn(broker) as c:
        j = cgh_join(c, group, [topic])
        assert c.delete_groups(1, [group]) == {group: kp.NON_EMPTY_GROUP}
        r = c.join_group(5, group, member_id="", protocols=[("range", sub(topic))], protocol_type="connect")
        assert r["error"] in (kp.INCONSISTENT_GROUP_PROTOCOL, kp.GROUP_ID_NOT_FOUND), r
        assert c.consumer_group_heartbeat(group, j["member_id"], -1)["error"] == 0
        assert c.delete_groups(1, [group]) == {group: 0}
    setup.check()


# -- timeouts and limits --------------------------------------------------------------------------------------


def test_join_group_session_timeout_out_of_bounds(broker, setup, v, topic):
    """group.min.session.timeout.ms (6000) and group.max.session.timeout.ms (1800000)."""
    group = group_id()
    with conn(broker) as c:
        for bad in (1000, 1_800_001):
            r = c.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))],
                             session_timeout_ms=bad)
            assert r["error"] == kp.INVALID_SESSION_TIMEOUT, (bad, r)
        r = c.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))], session_timeout_ms=6000)
        assert r["error"] in (0, kp.MEMBER_ID_REQUIRED), r
    setup.check()


def test_member_that_does_not_rejoin_is_removed_after_rebalance_timeout(broker, setup, v, topic):
    """A member that keeps heartbeating but never rejoins is dropped when the rebalance timeout
    expires; the rebalance completes with the members that did join."""
    group = group_id()
    with conn(broker) as a, conn(broker) as b:
        j = a.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))], rebalance_timeout_ms=1500)
        j = a.join_group(v["join"], group, member_id=j["member_id"], protocols=[("range", sub(topic))],
                         rebalance_timeout_ms=1500)
        a_id, gen = j["member_id"], j["generation"]
        assert a.sync_group(v["sync"], group, gen, a_id, assignments={a_id: b""}, protocol_name="range")["error"] == 0
        first = b.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))],
                             rebalance_timeout_ms=1500)
        b_id = first["member_id"]
        corr = b.join_group_send(v["join"], group, member_id=b_id, protocols=[("range", sub(topic))],
                                 rebalance_timeout_ms=1500)
        wait_until(lambda: a.heartbeat(v["hb"], group, gen, a_id) == kp.REBALANCE_IN_PROGRESS, 10,
                   what="REBALANCE_IN_PROGRESS")
        jb = b.join_group_recv(v["join"], corr, timeout=20)  # arrives once the rebalance timeout expired
        assert jb["error"] == 0, jb
        assert jb["generation"] == gen + 1 and jb["leader"] == b_id
        assert [m["member_id"] for m in jb["members"]] == [b_id]
        assert a.heartbeat(v["hb"], group, gen, a_id) == kp.UNKNOWN_MEMBER_ID
        s = b.sync_group(v["sync"], group, gen + 1, b_id, assignments={b_id: kp.consumer_assignment({topic: [0]})},
                         protocol_name="range")
        assert s["error"] == 0
        (d,) = b.describe_groups(5, [group])
        assert d["state"] == "Stable" and [m["member_id"] for m in d["members"]] == [b_id]
    setup.check()


def test_describe_unknown_group_v5_dead_v6_not_found(broker, setup):
    g = group_id("unknown")
    with conn(broker) as c:
        (d,) = c.describe_groups(5, [g])
        assert (d["error"], d["group_id"], d["state"], d["members"]) == (0, g, "Dead", []), d
        (d,) = c.describe_groups(6, [g])
        assert d["error"] == kp.GROUP_ID_NOT_FOUND, d
    setup.check()


def test_group_max_size_reached(broker_factory, topic):
    b = broker_factory({**GROUP_OVERRIDES, "group.max.size": 2})
    create_topic(b.bootstrap, topic, partitions=1)
    group = group_id()
    v = CLASSIC_VERSIONS["classic"]
    with conn(b) as c1, conn(b) as c2, conn(b) as c3:
        a_id, gen, _ = stable_member(c1, v, group, topic, partitions=[0])
        first = c2.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))])
        corr = c2.join_group_send(v["join"], group, member_id=first["member_id"], protocols=[("range", sub(topic))])
        wait_until(lambda: c1.heartbeat(v["hb"], group, gen, a_id) == kp.REBALANCE_IN_PROGRESS, 10,
                   what="the second member's join to start a rebalance")
        ja = c1.join_group(v["join"], group, member_id=a_id, protocols=[("range", sub(topic))])
        jb = c2.join_group_recv(v["join"], corr)
        assert ja["error"] == jb["error"] == 0 and ja["generation"] == jb["generation"] == gen + 1
        b_corr = c2.sync_group_send(v["sync"], group, gen + 1, jb["member_id"], assignments={}, protocol_name="range")
        sa = c1.sync_group(v["sync"], group, gen + 1, a_id, protocol_name="range",
                           assignments={a_id: kp.consumer_assignment({topic: [0]}), jb["member_id"]: b""})
        assert sa["error"] == 0 and c2.sync_group_recv(v["sync"], b_corr)["error"] == 0

        # Stable with 2 members: a third is refused (before or after the member id round trip).
        r = c3.join_group(v["join"], group, member_id="", protocols=[("range", sub(topic))])
        if r["error"] == kp.MEMBER_ID_REQUIRED:
            r = c3.join_group(v["join"], group, member_id=r["member_id"], protocols=[("range", sub(topic))])
        assert r["error"] == kp.GROUP_MAX_SIZE_REACHED, r
        # ... without disturbing the group.
        assert c1.heartbeat(v["hb"], group, gen + 1, a_id) == 0
        assert c2.heartbeat(v["hb"], group, gen + 1, jb["member_id"]) == 0



def test_protocol_chosen_is_one_every_member_supports(broker, setup, v, topic):
    """The group protocol is elected among those all members support (aiokafka offers only
    roundrobin, librdkafka range and roundrobin): it changes from range to roundrobin when a
    member supporting only roundrobin joins."""
    group = group_id()
    both = [("range", sub(topic)), ("roundrobin", sub(topic))]
    with conn(broker) as a, conn(broker) as b:
        j = join_dance(a, v, group, topic, protocols=both)
        a_id, gen = j["member_id"], j["generation"]
        assert j["protocol_name"] == "range"
        s = a.sync_group(v["sync"], group, gen, a_id, assignments={a_id: b""}, protocol_name="range")
        assert s["error"] == 0, s
        first = b.join_group(v["join"], group, member_id="", protocols=[("roundrobin", sub(topic))])
        assert first["error"] == kp.MEMBER_ID_REQUIRED, first
        corr = b.join_group_send(v["join"], group, member_id=first["member_id"], protocols=[("roundrobin", sub(topic))])
        wait_until(lambda: a.heartbeat(v["hb"], group, gen, a_id) == kp.REBALANCE_IN_PROGRESS, 10,
                   what="REBALANCE_IN_PROGRESS")
        ja = a.join_group(v["join"], group, member_id=a_id, protocols=both)
        jb = b.join_group_recv(v["join"], corr)
        assert ja["error"] == jb["error"] == 0, (ja, jb)
        assert ja["protocol_name"] == jb["protocol_name"] == "roundrobin"
        # SyncGroup v5+ names the protocol; a wrong one is INCONSISTENT_GROUP_PROTOCOL.
        if v["sync"] >= 5:
            s = a.sync_group(v["sync"], group, gen + 1, a_id, assignments={}, protocol_name="range")
            assert s["error"] == kp.INCONSISTENT_GROUP_PROTOCOL, s
        b_corr = b.sync_group_send(v["sync"], group, gen + 1, jb["member_id"], assignments={},
                                   protocol_name="roundrobin")
        s = a.sync_group(v["sync"], group, gen + 1, a_id, protocol_name="roundrobin",
                         assignments={a_id: kp.consumer_assignment({topic: [0, 2]}),
                                      jb["member_id"]: kp.consumer_assignment({topic: [1]})})
        assert s["error"] == 0, s
        sb = b.sync_group_recv(v["sync"], b_corr)
        assert kp.parse_consumer_assignment(sb["assignment"]) == {topic: [1]}
        (d,) = a.describe_groups(5, [group])
        assert d["protocol"] == "roundrobin"
    setup.check()


def test_committed_leader_epoch_round_trips(broker, setup, topic):
    group = group_id()
    with conn(broker) as c:
        res = c.offset_commit(7, group, {topic: [(0, 3, "e", 0), (1, 4, None, -1)]})
        assert res == {(topic, 0): 0, (topic, 1): 0}
        got = c.offset_fetch(5, group, {topic: [0, 1]})
        assert got["leader_epochs"] == {(topic, 0): 0, (topic, 1): -1}
        got = c.offset_fetch(8, group, {topic: [0, 1]})
        assert got["leader_epochs"] == {(topic, 0): 0, (topic, 1): -1}
    setup.check()


def test_consumer_group_static_leave_keeps_assignment_for_rejoin(broker, setup, topic):
    """KIP-848 static membership: a heartbeat with member epoch -2 (what librdkafka sends when a
    static member closes) leaves temporarily. The group epoch does not move, the other member
    keeps exactly its partitions, and a new member id with the same instance id gets the old
    member's partitions back."""
    group = group_id("kip848")
    with conn(broker) as c:
        tid = c.topic_ids([topic])[topic]
        a = cgh_join(c, group, [topic], instance_id="i-a")
        a_id, a_epoch = a["member_id"], a["member_epoch"]
        b = cgh_join(c, group, [topic], instance_id="i-b")
        b_id = b["member_id"]
        state = {"a": (a_epoch, [0, 1, 2]), "b": (b["member_epoch"], (b["assignment"] or {}).get(tid, []))}

        def beat(name, mid, inst):
            epoch, owned = state[name]
            r = c.consumer_group_heartbeat(group, mid, epoch, instance_id=inst, owned=[(tid, owned)])
            assert r["error"] == 0, (name, r)
            state[name] = (r["member_epoch"], r["assignment"][tid] if r["assignment"] else owned)
            return state[name]

        def settled():
            ea, pa = beat("a", a_id, "i-a")
            eb, pb = beat("b", b_id, "i-b")
            return ea == eb and pa and pb and sorted(pa + pb) == [0, 1, 2] and not set(pa) & set(pb)
        wait_until(settled, 10, interval=0.1, what="the two static members to split the partitions")
        epoch, a_parts = state["a"]
        b_parts = state["b"][1]

        r = c.consumer_group_heartbeat(group, b_id, -2, instance_id="i-b")
        assert r["error"] == 0 and r["member_epoch"] == -2, r
        for _ in range(3):
            e, parts = beat("a", a_id, "i-a")
            assert (e, sorted(parts)) == (epoch, sorted(a_parts)), \
                "a static member's temporary leave must not move its partitions or bump the epoch"

        back = c.consumer_group_heartbeat(group, str(uuid.uuid4()), 0, instance_id="i-b", rebalance_timeout_ms=10_000,
                                          subscribed=[topic], owned=[])
        assert back["error"] == 0, back
        assert back["assignment"] and sorted(back["assignment"][tid]) == sorted(b_parts), back
    setup.check()


def test_consumer_group_instance_id_in_use_is_unreleased(broker, setup, topic):
    """KIP-848: a second member id joining with the instance id of a static member that has not
    left gets UNRELEASED_INSTANCE_ID; the owner carries on."""
    group = group_id("kip848")
    with conn(broker) as c:
        a = cgh_join(c, group, [topic], instance_id="i-a")
        r = c.consumer_group_heartbeat(group, str(uuid.uuid4()), 0, instance_id="i-a", rebalance_timeout_ms=10_000,
                                       subscribed=[topic], owned=[])
        assert r["error"] == kp.UNRELEASED_INSTANCE_ID, r
        r = c.consumer_group_heartbeat(group, a["member_id"], a["member_epoch"], instance_id="i-a")
        assert r["error"] == 0, r
    setup.check()
