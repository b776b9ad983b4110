"""confluent-kafka (librdkafka 2.16) group consumers on the classic protocol against strom:
members split a topic without overlap, hand partitions over on close and after a SIGKILL,
resume exactly at committed offsets (after a consumer restart and a broker restart),
cooperative-sticky rebalancing, and static membership."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import Consumer, TopicPartition

from groups import (
    GROUP_OVERRIDES,
    SESSION_TIMEOUT_MS,
    GroupMember,
    ProcessMember,
    all_tps,
    assert_exactly_once,
    close_all,
    committed_offsets,
    group_id,
    member_conf,
    produce_spread,
    records_by_member,
    wait_consumed,
    wait_for_split,
)
from util import admin, create_topic, wait_until


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def merge(*phases: dict) -> dict:
    out: dict = {}
    for ph in phases:
        for tp, vals in ph.items():
            out.setdefault(tp, []).extend(vals)
    return out


def no_errors(*members):
    for m in members:
        assert not m.errors, f"{m.name}: consumer errors {m.errors[:5]}"
        assert not m.commit_errors, f"{m.name}: commit errors {m.commit_errors[:5]}"


# -- splitting a topic --------------------------------------------------------------------------------


def test_three_members_split_partitions_exactly_once(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=6)
    g = group_id()
    members = [GroupMember(broker.bootstrap, g, [topic], name=f"m{i}") for i in range(3)]
    try:
        owned = wait_for_split(members, all_tps(topic, 6))
        assert sorted(len(o) for o in owned) == [2, 2, 2], f"range over 6 partitions and 3 members: {owned}"
        expected = produce_spread(broker.bootstrap, topic, 6, 40)
        wait_consumed(members, 240)
        assert_exactly_once(members, expected)
        for m in members:
            assert records_by_member(m) <= m.assigned(), f"{m.name} read a partition it does not own"
        no_errors(*members)
    finally:
        close_all(members)


def test_closed_member_partitions_move_to_the_others(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=6)
    g = group_id()
    members = [GroupMember(broker.bootstrap, g, [topic], name=f"m{i}") for i in range(3)]
    try:
        owned = wait_for_split(members, all_tps(topic, 6))
        phase1 = produce_spread(broker.bootstrap, topic, 6, 30, tag="p1")
        wait_consumed(members, 180)
        assert_exactly_once(members, phase1)

        leaving = members.pop()
        leaving.close()  # revoke (commits its position) + LeaveGroup
        owned = wait_for_split(members, all_tps(topic, 6), what="the two remaining members own all partitions")
        assert sorted(len(o) for o in owned) == [3, 3]

        phase2 = produce_spread(broker.bootstrap, topic, 6, 20, tag="p2")
        wait_consumed(members + [leaving], 180 + 120)
        # Committed on revoke, so the takeover starts exactly after what was consumed.
        assert_exactly_once(members + [leaving], merge(phase1, phase2))
        no_errors(*members, leaving)
    finally:
        close_all(members)


def test_killed_member_partitions_taken_over_within_session_timeout(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id()
    a = GroupMember(broker.bootstrap, g, [topic], name="a")
    b = ProcessMember(broker.bootstrap, g, [topic])
    try:
        a_owned, b_owned = wait_for_split([a, b], all_tps(topic, 4))
        phase1 = produce_spread(broker.bootstrap, topic, 4, 20, tag="p1")
        # b commits every record synchronously; wait until it has committed all of its share.
        wait_until(lambda: b.committed() == {tp: 20 for tp in b_owned}, 30,
                   what=f"the subprocess member to commit 20 records on each of {sorted(b_owned)}")
        wait_until(lambda: a.count() >= 20 * len(a_owned), 30, what="member a to read its share")

        b.kill9()
        killed_at = time.monotonic()
        wait_until(lambda: a.assigned() == all_tps(topic, 4), SESSION_TIMEOUT_MS / 1000 + 20, interval=0.05,
                   what="the survivor to own every partition after the SIGKILL")
        took = time.monotonic() - killed_at
        assert took < SESSION_TIMEOUT_MS / 1000 + 10, \
            f"takeover after {took:.1f}s; the session timeout is {SESSION_TIMEOUT_MS} ms"

        phase2 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p2")
        wait_until(lambda: a.count() >= 20 * len(a_owned) + 40, 30, what="a to read phase 2")
        recs = a.snapshot()[2]
        for tp in b_owned:
            offs = sorted(o for t, p, o, _ in recs if (t, p) == tp)
            assert offs == list(range(20, 30)), f"{tp}: the survivor read {offs}, expected to resume at 20"
        for tp in a_owned:
            offs = sorted(o for t, p, o, _ in recs if (t, p) == tp)
            assert offs == list(range(30)), f"{tp}: {offs}"
        full = merge(phase1, phase2)
        for t, p, o, v in recs:
            assert full[(t, p)][o] == v
        no_errors(a)
    finally:
        b.stop()
        close_all([a])


# -- committed offsets ------------------------------------------------------------------------------------


def poll_all(c: Consumer, want: int, timeout: float = 30.0) -> list:
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < want:
        assert time.monotonic() < deadline, f"polled {len(out)} of {want} records in {timeout}s"
        m = c.poll(0.1)
        if m is None or m.error() is not None:
            continue
        out.append((m.partition(), m.offset(), m.value()))
    return out


def commit_then_resume(broker, topic: str, between=None) -> None:
    """A member reads everything and commits chosen offsets (with metadata); after `between()`
    (e.g. a broker restart) another member of the group starts exactly there."""
    create_topic(broker.bootstrap, topic, partitions=3)
    g = group_id()
    expected = produce_spread(broker.bootstrap, topic, 3, 30)
    c = Consumer(member_conf(broker.bootstrap, g, **{"session.timeout.ms": SESSION_TIMEOUT_MS}))
    c.subscribe([topic])
    poll_all(c, 90)
    chosen = {0: 0, 1: 17, 2: 30}
    res = c.commit(offsets=[TopicPartition(topic, p, o, metadata=f"meta-{p}") for p, o in chosen.items()],
                   asynchronous=False)
    assert all(tp.error is None for tp in res), res
    c.close()

    if between is not None:
        between()

    check = Consumer(member_conf(broker.bootstrap, g))
    try:
        got = wait_until(lambda: check.committed([TopicPartition(topic, p) for p in range(3)], timeout=10), 30,
                         what="committed offsets")
        assert {tp.partition: (tp.offset, tp.metadata) for tp in got} == \
               {p: (o, f"meta-{p}") for p, o in chosen.items()}
    finally:
        check.close()

    c2 = Consumer(member_conf(broker.bootstrap, g, **{"session.timeout.ms": SESSION_TIMEOUT_MS}))
    try:
        c2.subscribe([topic])
        want = sum(30 - o for o in chosen.values())
        recs = poll_all(c2, want)
        by_p: dict = {}
        for p, o, v in recs:
            by_p.setdefault(p, []).append(o)
        assert by_p == {p: list(range(o, 30)) for p, o in chosen.items() if o < 30}, \
            "resumed at the wrong offsets"
        for p, o, v in recs:
            assert expected[(topic, p)][o] == v
    finally:
        c2.close()


def test_committed_offsets_resume_after_consumer_restart(broker, topic):
    commit_then_resume(broker, topic)


def test_committed_offsets_resume_after_broker_restart(broker, topic):
    commit_then_resume(broker, topic, between=lambda: broker.restart())


def test_member_stays_in_group_across_broker_restart(broker, topic):
    """Group state is in __consumer_offsets: after a broker restart the member's generation is
    still valid, so the group does not rebalance (reliability.md I13) and nothing is re-read."""
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    m = GroupMember(broker.bootstrap, g, [topic], name="m", **{"reconnect.backoff.max.ms": 200})
    try:
        wait_for_split([m], all_tps(topic, 2))
        phase1 = produce_spread(broker.bootstrap, topic, 2, 15, tag="p1")
        wait_consumed([m], 30)
        m.commit()
        history_before = m.snapshot()[1]

        broker.restart(same_port=True)
        phase2 = produce_spread(broker.bootstrap, topic, 2, 15, tag="p2")
        wait_consumed([m], 60, timeout=40)
        assert_exactly_once([m], merge(phase1, phase2))
        assert m.snapshot()[1] == history_before, \
            f"the group rebalanced across the broker restart: {m.snapshot()[1][len(history_before):]}"
        assert m.assigned() == all_tps(topic, 2)
    finally:
        close_all([m])


# -- assignment strategies and static membership ---------------------------------------------------------------


def test_cooperative_sticky_moves_only_what_it_must(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id()
    coop = {"partition.assignment.strategy": "cooperative-sticky"}
    m1 = GroupMember(broker.bootstrap, g, [topic], name="m1", **coop)
    members = [m1]
    try:
        wait_until(lambda: m1.assigned() == all_tps(topic, 4), 30, what="m1 to own all partitions")
        phase1 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p1")
        wait_consumed([m1], 40)

        m2 = GroupMember(broker.bootstrap, g, [topic], name="m2", **coop)
        members.append(m2)
        kept, moved = wait_for_split([m1, m2], all_tps(topic, 4))
        assert (len(kept), len(moved)) == (2, 2)
        hist1 = m1.snapshot()[1]
        assert hist1[0] == ("assign", frozenset(all_tps(topic, 4)))
        revoked = set().union(*[tps for kind, tps in hist1 if kind in ("revoke", "lost")])
        assert revoked == moved, f"m1 gave up {revoked}, expected only {moved} (incremental rebalance)"
        assert not [h for h in m2.snapshot()[1] if h[0] != "assign"]

        phase2 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p2")
        wait_consumed(members, 80)

        m2.close()
        wait_until(lambda: m1.assigned() == all_tps(topic, 4), 30, what="m1 to get m2's partitions back")
        revoked_after = set().union(*[tps for kind, tps in m1.snapshot()[1] if kind in ("revoke", "lost")])
        assert revoked_after == moved, "m1 must not have had its own partitions revoked when m2 left"
        phase3 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p3")
        wait_consumed(members, 120)
        assert_exactly_once(members, merge(phase1, phase2, phase3))
        no_errors(*members)
    finally:
        close_all(members)


def test_static_members_rejoin_without_rebalance(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id()
    conf = {"session.timeout.ms": 15000}
    s1 = GroupMember(broker.bootstrap, g, [topic], name="s1", **{"group.instance.id": "static-1"}, **conf)
    s2 = GroupMember(broker.bootstrap, g, [topic], name="s2", **{"group.instance.id": "static-2"}, **conf)
    members = [s1, s2]
    try:
        owned1, owned2 = wait_for_split([s1, s2], all_tps(topic, 4))
        phase1 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p1")
        wait_consumed(members, 40)
        history1 = s1.snapshot()[1]

        s2.close()  # a static member does not send LeaveGroup
        s2b = GroupMember(broker.bootstrap, g, [topic], name="s2b", **{"group.instance.id": "static-2"}, **conf)
        members.append(s2b)
        wait_until(lambda: s2b.assigned() == owned2, 30, what="the restarted static member to get its partitions")
        # Had the group rebalanced, s1 would have been revoked before s2b's join could complete.
        assert s1.snapshot()[1] == history1, f"s1 saw a rebalance: {s1.snapshot()[1][len(history1):]}"
        assert s1.assigned() == owned1

        phase2 = produce_spread(broker.bootstrap, topic, 4, 10, tag="p2")
        wait_consumed(members, 80)
        assert_exactly_once(members, merge(phase1, phase2))
        no_errors(*members)
    finally:
        close_all(members)


def test_static_member_that_stays_away_is_removed_after_session_timeout(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id()
    s1 = GroupMember(broker.bootstrap, g, [topic], name="s1", **{"group.instance.id": "static-1"})
    s2 = GroupMember(broker.bootstrap, g, [topic], name="s2", **{"group.instance.id": "static-2"})
    members = [s1, s2]
    try:
        wait_for_split(members, all_tps(topic, 4))
        s2.close()  # no LeaveGroup for a static member: its partitions wait for it ...
        closed_at = time.monotonic()
        # ... until the session timeout removes it.
        wait_until(lambda: s1.assigned() == all_tps(topic, 4), SESSION_TIMEOUT_MS / 1000 + 20,
                   what="s1 to get every partition once s2's session expired")
        took = time.monotonic() - closed_at
        assert SESSION_TIMEOUT_MS / 1000 - 1 <= took < SESSION_TIMEOUT_MS / 1000 + 10, \
            f"s2's partitions moved after {took:.1f}s; session timeout {SESSION_TIMEOUT_MS} ms"
    finally:
        close_all(members)


# -- subscriptions and metadata changes --------------------------------------------------------------------


def test_subscription_change_rebalances_the_group(broker, topic):
    """A member that rejoins with a different subscription (new JoinGroup metadata while the group
    is stable) makes the group rebalance; the leader assigns the new topic."""
    t2 = topic + "-2"
    create_topic(broker.bootstrap, topic, partitions=2)
    create_topic(broker.bootstrap, t2, partitions=2)
    g = group_id()
    m1 = GroupMember(broker.bootstrap, g, [topic], name="m1")
    m2 = GroupMember(broker.bootstrap, g, [topic], name="m2")
    members = [m1, m2]
    try:
        wait_for_split(members, all_tps(topic, 2))
        m1.resubscribe([topic, t2])
        wait_until(lambda: all_tps(t2, 2) <= m1.assigned(), 30, what="m1 to be assigned the newly subscribed topic")
        owned = wait_for_split(members, all_tps(topic, 2) | all_tps(t2, 2))
        assert not (owned[1] & all_tps(t2, 2)), "m2 is not subscribed to t2"
        expected = merge(produce_spread(broker.bootstrap, topic, 2, 10), produce_spread(broker.bootstrap, t2, 2, 10))
        wait_consumed(members, 40)
        assert_exactly_once(members, expected)
    finally:
        close_all(members)


def test_added_partitions_are_assigned(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    members = [GroupMember(broker.bootstrap, g, [topic], name=f"m{i}") for i in range(2)]
    try:
        wait_for_split(members, all_tps(topic, 2))
        from confluent_kafka.admin import NewPartitions
        a = admin(broker.bootstrap)
        a.create_partitions([NewPartitions(topic, 4)], request_timeout=20)[topic].result(20)
        owned = wait_for_split(members, all_tps(topic, 4), what="the new partitions to be assigned")
        assert sorted(len(o) for o in owned) == [2, 2]
    finally:
        close_all(members)


def test_regex_subscription(broker, topic):
    prefix = topic + "-rx"
    create_topic(broker.bootstrap, prefix + "-a", partitions=1)
    create_topic(broker.bootstrap, prefix + "-b", partitions=1)
    create_topic(broker.bootstrap, topic + "-other", partitions=1)
    g = group_id()
    m = GroupMember(broker.bootstrap, g, ["^" + prefix.replace(".", "\\.") + "-.*"], name="rx")
    try:
        wait_until(lambda: m.assigned() == {(prefix + "-a", 0), (prefix + "-b", 0)}, 30,
                   what="the regex to match both topics")
    finally:
        close_all([m])


def test_auto_commit_commits_consumed_offsets(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    g = group_id()
    produce_spread(broker.bootstrap, topic, 2, 15)
    m = GroupMember(broker.bootstrap, g, [topic], name="auto", commit_on_revoke=False,
                    **{"enable.auto.commit": True, "auto.commit.interval.ms": 200})
    try:
        wait_consumed([m], 30)
        wait_until(lambda: committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) ==
                   {(topic, 0): 15, (topic, 1): 15}, 20, interval=0.2, what="auto-commit of the consumed offsets")
    finally:
        close_all([m])


# -- churn under load ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", ["range", "cooperative-sticky", "consumer"])
def test_members_come_and_go_while_producing_exactly_once(broker, topic, protocol):
    """Members join and leave while records keep arriving. Each member commits what it polled when
    partitions are revoked, so across every handover each record is read exactly once."""
    import threading

    from util import produce

    create_topic(broker.bootstrap, topic, partitions=6)
    g = group_id("churn")

    def member(name):
        if protocol == "consumer":
            return GroupMember(broker.bootstrap, g, [topic], name=name, protocol="consumer")
        return GroupMember(broker.bootstrap, g, [topic], name=name, **{"partition.assignment.strategy": protocol})

    sent: dict = {}
    stop = threading.Event()

    def producer():
        i = 0
        while not stop.is_set():
            batch = [{"value": f"c-{i + k}".encode(), "partition": (i + k) % 6} for k in range(12)]
            for d, r in zip(produce(broker.bootstrap, topic, batch), batch):
                sent[(topic, d.partition, d.offset)] = r["value"]
            i += 12
            stop.wait(0.05)

    everyone = []
    live = []
    t = threading.Thread(target=producer, daemon=True)
    try:
        for name in ("a", "b", "c"):
            live.append(member(name))
            everyone.append(live[-1])
        t.start()
        wait_for_split(live, all_tps(topic, 6))
        b = live.pop(1)
        b.close()
        wait_for_split(live, all_tps(topic, 6))
        live.append(member("d"))
        everyone.append(live[-1])
        wait_for_split(live, all_tps(topic, 6))
        a = live.pop(0)
        a.close()
        wait_for_split(live, all_tps(topic, 6))
        stop.set()
        t.join(30)
        assert sent, "nothing produced"
        wait_consumed(everyone, len(sent), timeout=40)
        expected: dict = {}
        for (tp_t, p, o), v in sorted(sent.items()):
            expected.setdefault((tp_t, p), []).append(v)
        for (tp_t, p), vals in expected.items():
            assert len(vals) == max(o for (_, pp, o) in sent if pp == p) + 1
        assert_exactly_once(everyone, expected)
        for m in everyone:
            assert not m.commit_errors, (m.name, m.commit_errors)
    finally:
        stop.set()
        close_all(everyone)
