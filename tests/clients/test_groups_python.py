"""kafka-python 3.x and aiokafka group consumers against strom: subscribe, commit, resume; offsets
committed by one library read by another (confluent-kafka <-> kafka-python <-> aiokafka); and a
group whose members are of different libraries."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import OffsetAndMetadata as AOffsetAndMetadata
from aiokafka.structs import TopicPartition as ATP
from confluent_kafka import Consumer, TopicPartition
from kafka import KafkaConsumer
from kafka import TopicPartition as KTP
from kafka.structs import OffsetAndMetadata

from groups import (
    GROUP_OVERRIDES,
    SESSION_TIMEOUT_MS,
    GroupMember,
    all_tps,
    assert_exactly_once,
    close_all,
    committed_offsets,
    group_id,
    member_conf,
    produce_spread,
    wait_for_split,
)
from util import create_topic, wait_until

TIMEOUT = 30


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def kp_consumer(bootstrap, group, topic, **conf) -> KafkaConsumer:
    return KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                         auto_offset_reset="earliest", session_timeout_ms=SESSION_TIMEOUT_MS,
                         heartbeat_interval_ms=500, fetch_max_wait_ms=100, **conf)


def kp_poll(c: KafkaConsumer, want: int, timeout: float = TIMEOUT) -> list:
    out = []
    deadline = time.monotonic() + timeout
    while len(out) < want:
        assert time.monotonic() < deadline, f"kafka-python polled {len(out)} of {want}"
        for recs in c.poll(timeout_ms=100).values():
            out.extend((r.partition, r.offset, r.value) for r in recs)
    return out


def starts(recs) -> dict[int, list[int]]:
    by_p: dict = {}
    for p, o, _ in recs:
        by_p.setdefault(p, []).append(o)
    return by_p


# -- kafka-python ---------------------------------------------------------------------------------------


def test_kafka_python_group_commit_and_resume(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    expected = produce_spread(broker.bootstrap, topic, 3, 20)
    g = group_id("kp")
    c = kp_consumer(broker.bootstrap, g, topic)
    try:
        recs = kp_poll(c, 60)
        assert sorted((p, o) for p, o, _ in recs) == sorted((p, o) for p in range(3) for o in range(20))
        assert c.assignment() == {KTP(topic, p) for p in range(3)}
        c.commit({KTP(topic, 0): OffsetAndMetadata(4, "kp-meta", -1), KTP(topic, 1): OffsetAndMetadata(11, "", -1),
                  KTP(topic, 2): OffsetAndMetadata(20, "", -1)})
        assert c.committed(KTP(topic, 0)) == 4
    finally:
        c.close(autocommit=False)

    c = kp_consumer(broker.bootstrap, g, topic)
    try:
        recs = kp_poll(c, 16 + 9)
        assert starts(recs) == {0: list(range(4, 20)), 1: list(range(11, 20))}
        for p, o, v in recs:
            assert expected[(topic, p)][o] == v
        c.commit()  # the consumed positions
    finally:
        c.close(autocommit=False)
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 3)) == {(topic, p): 20 for p in range(3)}


def test_offsets_cross_library_confluent_kafka_python_aiokafka(broker, topic):
    """confluent-kafka commits -> kafka-python resumes there and commits -> aiokafka resumes there
    and commits -> confluent-kafka resumes there. Metadata strings survive each hop."""
    create_topic(broker.bootstrap, topic, partitions=2)
    expected = produce_spread(broker.bootstrap, topic, 2, 40)
    g = group_id("cross")

    # 1. confluent-kafka: commit 10 / 15 with metadata.
    c = Consumer(member_conf(broker.bootstrap, g, **{"session.timeout.ms": SESSION_TIMEOUT_MS}))
    c.subscribe([topic])
    wait_until(lambda: c.poll(0.1) is not None and len(c.assignment()) == 2, TIMEOUT, what="confluent assignment")
    c.commit(offsets=[TopicPartition(topic, 0, 10, metadata="from-confluent"),
                      TopicPartition(topic, 1, 15, metadata="from-confluent")], asynchronous=False)
    c.close()

    # 2. kafka-python sees them, resumes there, commits 25 / 30.
    k = kp_consumer(broker.bootstrap, g, topic)
    try:
        recs = kp_poll(k, 30 + 25)
        assert starts(recs) == {0: list(range(10, 40)), 1: list(range(15, 40))}
        for p, o, v in recs:
            assert expected[(topic, p)][o] == v
        om = k.committed(KTP(topic, 0), metadata=True)
        # confluent-kafka-python sends the metadata with its C string's terminating NUL (metadata_size
        # = strlen + 1); Kafka stores the bytes as sent, and so does strom.
        assert (om.offset, om.metadata) == (10, "from-confluent\x00"), om
        k.commit({KTP(topic, 0): OffsetAndMetadata(25, "from-kafka-python", -1),
                  KTP(topic, 1): OffsetAndMetadata(30, "from-kafka-python", -1)})
    finally:
        k.close(autocommit=False)

    # 3. aiokafka sees them, resumes there, commits 33 / 36.
    async def aio():
        a = AIOKafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id=g, enable_auto_commit=False,
                             auto_offset_reset="earliest", session_timeout_ms=SESSION_TIMEOUT_MS,
                             heartbeat_interval_ms=500, fetch_max_wait_ms=100)
        await a.start()
        try:
            out = []
            while len(out) < 15 + 10:
                for recs in (await a.getmany(timeout_ms=200)).values():
                    out.extend((r.partition, r.offset, r.value) for r in recs)
            await a.commit({ATP(topic, 0): AOffsetAndMetadata(33, "from-aiokafka"),
                            ATP(topic, 1): AOffsetAndMetadata(36, "from-aiokafka")})
            return out
        finally:
            await a.stop()

    recs = asyncio.run(asyncio.wait_for(aio(), TIMEOUT))
    assert starts(recs) == {0: list(range(25, 40)), 1: list(range(30, 40))}

    # 4. confluent-kafka reads what aiokafka committed, with its metadata, and resumes there.
    c = Consumer(member_conf(broker.bootstrap, g, **{"session.timeout.ms": SESSION_TIMEOUT_MS}))
    try:
        got = c.committed([TopicPartition(topic, 0), TopicPartition(topic, 1)], timeout=10)
        assert [(tp.offset, tp.metadata) for tp in got] == [(33, "from-aiokafka"), (36, "from-aiokafka")]
        c.subscribe([topic])
        out = []
        deadline = time.monotonic() + TIMEOUT
        while len(out) < 7 + 4:
            assert time.monotonic() < deadline, out
            m = c.poll(0.1)
            if m is not None and m.error() is None:
                out.append((m.partition(), m.offset(), m.value()))
        assert starts(out) == {0: list(range(33, 40)), 1: list(range(36, 40))}
    finally:
        c.close()


# -- aiokafka -----------------------------------------------------------------------------------------------


def test_aiokafka_group_commit_and_resume(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    expected = produce_spread(broker.bootstrap, topic, 2, 30)
    g = group_id("aio")

    async def run(commit_first: int | None):
        a = AIOKafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id=g, enable_auto_commit=False,
                             auto_offset_reset="earliest", session_timeout_ms=SESSION_TIMEOUT_MS,
                             heartbeat_interval_ms=500, fetch_max_wait_ms=100)
        await a.start()
        try:
            out = []
            want = 60 if commit_first is not None else 2 * (30 - 12)
            while len(out) < want:
                for recs in (await a.getmany(timeout_ms=200)).values():
                    out.extend((r.partition, r.offset, r.value) for r in recs)
            if commit_first is not None:
                await a.commit({ATP(topic, p): AOffsetAndMetadata(commit_first, "") for p in range(2)})
                assert await a.committed(ATP(topic, 0)) == commit_first
            else:
                await a.commit()
            return out
        finally:
            await a.stop()

    first = asyncio.run(asyncio.wait_for(run(12), TIMEOUT))
    assert sorted((p, o) for p, o, _ in first) == sorted((p, o) for p in range(2) for o in range(30))
    second = asyncio.run(asyncio.wait_for(run(None), TIMEOUT))
    assert starts(second) == {0: list(range(12, 30)), 1: list(range(12, 30))}
    for p, o, v in second:
        assert expected[(topic, p)][o] == v
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) == {(topic, 0): 30, (topic, 1): 30}


# -- one group, members from two libraries --------------------------------------------------------------------


class KpMember:
    """A kafka-python group member polled on its own thread (records + current assignment)."""

    def __init__(self, bootstrap, group, topic):
        self.name = "kafka-python"
        self.c = kp_consumer(bootstrap, group, topic)
        self.lock = threading.Lock()
        self.records: list = []
        self.owned: set = set()
        self.errors: list = []
        self.commit_errors: list = []
        self._stop = threading.Event()
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                polled = self.c.poll(timeout_ms=100)
                with self.lock:
                    self.owned = {(tp.topic, tp.partition) for tp in self.c.assignment()}
                    for recs in polled.values():
                        self.records.extend((r.topic, r.partition, r.offset, r.value) for r in recs)
            except Exception as e:  # noqa: BLE001
                self.errors.append(repr(e))

    def assigned(self):
        with self.lock:
            return set(self.owned)

    def count(self):
        with self.lock:
            return len(self.records)

    def snapshot(self):
        with self.lock:
            return set(self.owned), [], list(self.records)

    def close(self):
        self._stop.set()
        self.t.join(10)
        self.c.close(autocommit=False)


def test_confluent_and_kafka_python_members_share_a_group(broker, topic):
    """librdkafka and kafka-python both offer the `range` protocol: whichever leads computes the
    assignment and the other receives it through SyncGroup."""
    create_topic(broker.bootstrap, topic, partitions=4)
    g = group_id("mixed")
    a = GroupMember(broker.bootstrap, g, [topic], name="confluent")
    b = KpMember(broker.bootstrap, g, topic)
    members = [a, b]
    try:
        owned = wait_for_split(members, all_tps(topic, 4))
        assert sorted(len(o) for o in owned) == [2, 2]
        expected = produce_spread(broker.bootstrap, topic, 4, 15)
        wait_until(lambda: a.count() + b.count() >= 60, TIMEOUT, what="60 records across both members")
        assert_exactly_once(members, expected)
        assert not a.errors and not b.errors, (a.errors, b.errors)
    finally:
        close_all(members)
