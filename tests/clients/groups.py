"""Helpers for the consumer-group tests (test_groups_*.py): broker overrides for fast rebalances,
a threaded confluent-kafka group member that records its assignment history and every record it
polls, a subprocess member that can be SIGKILLed, and checks for splits and exactly-once delivery.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient

from util import produce, wait_until

HERE = Path(__file__).resolve().parent

# Kafka keys: no initial rebalance delay (a new group forms at once); short KIP-848 heartbeats so
# a second member's assignment arrives within a second, not five.
GROUP_OVERRIDES = {
    "group.initial.rebalance.delay.ms": 0,
    "group.consumer.heartbeat.interval.ms": 500,
    "group.consumer.min.heartbeat.interval.ms": 500,
}

# Classic-protocol member settings: a short session (the broker's minimum) and frequent
# heartbeats, so a dead member is noticed within ~6 s and a rebalance is seen within ~0.5 s.
SESSION_TIMEOUT_MS = 6000
CLASSIC = {
    "session.timeout.ms": SESSION_TIMEOUT_MS,
    "heartbeat.interval.ms": 300,
}


def group_id(tag: str = "g") -> str:
    return f"{tag}-{os.urandom(4).hex()}"


def tp_set(parts: Iterable) -> set[tuple[str, int]]:
    return {(p.topic, p.partition) for p in parts}


def all_tps(topic: str, partitions: int) -> set[tuple[str, int]]:
    return {(topic, p) for p in range(partitions)}


def member_conf(bootstrap: str, group: str, **extra) -> dict:
    return {
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "fetch.wait.max.ms": 100,
        "topic.metadata.refresh.interval.ms": 2000,
        **extra,
    }


class GroupMember:
    """A confluent-kafka consumer subscribed in a group, polled by its own thread.

    Records every assignment change (on_assign / on_revoke / on_lost, incremental or eager: the
    `owned` set is maintained either way) and every record polled. With commit_on_revoke (the
    default), positions are committed synchronously when partitions are revoked, the classic way
    to hand partitions over without duplicates. `commit()` asks the poll thread to commit."""

    def __init__(self, bootstrap: str, group: str, topics: list[str], name: str = "m",
                 commit_on_revoke: bool = True, protocol: str = "classic", **conf):
        extra = dict(CLASSIC) if protocol == "classic" else {"group.protocol": "consumer"}
        extra.update(conf)
        self.name = name
        self.topics = topics
        self.commit_on_revoke = commit_on_revoke
        self.c = Consumer(member_conf(bootstrap, group, **extra))
        self.lock = threading.Lock()
        self.owned: set[tuple[str, int]] = set()
        self.history: list[tuple[str, frozenset]] = []  # ("assign"|"revoke"|"lost", tps), in order
        self.records: list[tuple[str, int, int, bytes]] = []  # (topic, partition, offset, value)
        self.errors: list[str] = []
        self.commit_errors: list[str] = []
        self._calls: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self.closed = False
        self.member_id: str | None = None
        self.c.subscribe(topics, on_assign=self._on_assign, on_revoke=self._on_revoke, on_lost=self._on_lost)
        self.thread = threading.Thread(target=self._run, name=f"member-{name}", daemon=True)
        self.thread.start()

    # -- callbacks (run inside poll, on the member's thread) -----------------------------------------

    def _on_assign(self, c, parts):
        member_id = c.memberid()  # on the poll thread: memberid() from another thread can block
        with self.lock:
            self.member_id = member_id
            self.owned |= tp_set(parts)
            self.history.append(("assign", frozenset(tp_set(parts))))

    def _on_revoke(self, c, parts):
        if self.commit_on_revoke and parts:
            self._commit_sync()
        with self.lock:
            self.owned -= tp_set(parts)
            self.history.append(("revoke", frozenset(tp_set(parts))))

    def _on_lost(self, c, parts):
        with self.lock:
            self.owned -= tp_set(parts)
            self.history.append(("lost", frozenset(tp_set(parts))))

    def _commit_sync(self):
        try:
            self.c.commit(asynchronous=False)
        except KafkaException as e:
            err = e.args[0]
            if err.code() != KafkaError._NO_OFFSET:
                self.commit_errors.append(str(err))

    # -- the poll loop -------------------------------------------------------------------------

    def _run(self):
        while not self._stop.is_set():
            while not self._calls.empty():
                fn, box, done = self._calls.get()
                try:
                    box.append(("ok", fn()))
                except Exception as e:  # noqa: BLE001 - re-raised by call()
                    box.append(("error", e))
                done.set()
            try:
                m = self.c.poll(0.05)
            except Exception as e:  # noqa: BLE001 - reported by the tests
                self.errors.append(repr(e))
                continue
            if m is None:
                continue
            if m.error() is not None:
                if m.error().code() != KafkaError._PARTITION_EOF:
                    self.errors.append(str(m.error()))
                continue
            with self.lock:
                self.records.append((m.topic(), m.partition(), m.offset(), m.value()))

    def call(self, fn, timeout: float = 20.0):
        """Run fn() on the poll thread (librdkafka calls made from another thread while poll() is
        running can block) and return its result."""
        box: list = []
        done = threading.Event()
        self._calls.put((fn, box, done))
        assert done.wait(timeout), f"{self.name}: call did not finish in {timeout}s"
        kind, value = box[0]
        if kind == "error":
            raise value
        return value

    def resubscribe(self, topics: list[str]) -> None:
        """subscribe() again with another topic list (librdkafka rejoins with the new metadata)."""
        self.topics = topics
        self.call(lambda: self.c.subscribe(topics, on_assign=self._on_assign, on_revoke=self._on_revoke,
                                           on_lost=self._on_lost))

    def commit(self, timeout: float = 20.0) -> None:
        """Synchronously commit what has been polled (on the poll thread); raises on failure."""
        before = len(self.commit_errors)
        self.call(self._commit_sync, timeout)
        assert len(self.commit_errors) == before, f"{self.name}: commit failed: {self.commit_errors[before:]}"

    def snapshot(self) -> tuple[set, list, list]:
        with self.lock:
            return set(self.owned), list(self.history), list(self.records)

    def assigned(self) -> set[tuple[str, int]]:
        with self.lock:
            return set(self.owned)

    def count(self) -> int:
        with self.lock:
            return len(self.records)

    def close(self) -> None:
        """Stop polling, then close (revoke callback, commit, LeaveGroup unless static)."""
        if self.closed:
            return
        self._stop.set()
        self.thread.join(10)
        self.closed = True
        self.c.close()

    def stop_without_close(self) -> None:
        self._stop.set()
        self.thread.join(10)


def close_all(members: Iterable[GroupMember]) -> None:
    for m in members:
        try:
            m.close()
        except Exception:  # noqa: BLE001 - teardown
            pass


def wait_for_split(members: list, expected: set[tuple[str, int]], timeout: float = 30.0,
                   what: str = "a disjoint split of all partitions") -> list[set]:
    """Until every member owns something, the owned sets are disjoint and together cover
    `expected`. Returns the owned sets in member order."""

    def split():
        owned = [m.assigned() for m in members]
        if any(not o for o in owned):
            return None
        if sum(len(o) for o in owned) != len(expected) or set().union(*owned) != expected:
            return None
        return owned

    return wait_until(split, timeout, interval=0.05, what=what)


def produce_spread(bootstrap: str, topic: str, partitions: int, per_partition: int, tag: str = "r") -> dict:
    """per_partition records to each partition; returns {(topic, p): [values in offset order]}."""
    recs = [{"value": f"{tag}-{p}-{i}".encode(), "partition": p}
            for i in range(per_partition) for p in range(partitions)]
    produce(bootstrap, topic, recs)
    out: dict = {}
    for r in recs:
        out.setdefault((topic, r["partition"]), []).append(r["value"])
    return out


def wait_consumed(members: list, total: int, timeout: float = 30.0) -> None:
    wait_until(lambda: sum(m.count() for m in members) >= total, timeout,
               what=f"{total} records consumed across the group "
                    f"(have {[m.count() for m in members]})")


def assert_exactly_once(members: list, expected: dict) -> None:
    """Every produced record (expected: {(topic, p): [values]}) was polled exactly once across
    the members, with the right value at the right offset."""
    seen = Counter()
    for m in members:
        for t, p, off, val in m.snapshot()[2]:
            seen[(t, p, off)] += 1
            vals = expected.get((t, p))
            assert vals is not None and off < len(vals), f"{m.name} read unexpected record {t}-{p}@{off}"
            assert val == vals[off], f"{m.name}: {t}-{p}@{off} is {val!r}, produced {vals[off]!r}"
    dups = {k: n for k, n in seen.items() if n > 1}
    assert not dups, f"records consumed more than once: {sorted(dups.items())[:10]}"
    want = {(t, p, o) for (t, p), vals in expected.items() for o in range(len(vals))}
    missing = want - set(seen)
    assert not missing, f"{len(missing)} records never consumed, e.g. {sorted(missing)[:10]}"


def records_by_member(member) -> set[tuple[str, int]]:
    return {(t, p) for t, p, _, _ in member.snapshot()[2]}


# -- committed offsets through the AdminClient ----------------------------------------------------------


def committed_offsets(bootstrap: str, group: str, tps: Iterable[tuple[str, int]] | None = None,
                      timeout: float = 20.0) -> dict[tuple[str, int], int]:
    """{(topic, partition): committed offset} for the group (-1001 = none)."""
    from confluent_kafka import ConsumerGroupTopicPartitions

    a = AdminClient({"bootstrap.servers": bootstrap})
    req = ConsumerGroupTopicPartitions(group, None if tps is None else [TopicPartition(t, p) for t, p in tps])
    res = a.list_consumer_group_offsets([req], request_timeout=timeout)[group].result(timeout)
    out = {}
    for tp in res.topic_partitions:
        assert tp.error is None, f"{group} {tp.topic}-{tp.partition}: {tp.error}"
        out[(tp.topic, tp.partition)] = tp.offset
    return out


# -- a group member in another process (to SIGKILL it) ----------------------------------------------------


class ProcessMember:
    """groups_member.py in a subprocess: a confluent-kafka group consumer that prints one JSON line
    per event ({"assign": [[t, p]...]}, {"revoke": ...}, {"record": [t, p, offset]}, {"committed":
    [t, p, next_offset]}) and commits each record synchronously after printing it."""

    def __init__(self, bootstrap: str, group: str, topics: list[str], protocol: str = "classic", **conf):
        extra = dict(CLASSIC) if protocol == "classic" else {"group.protocol": "consumer"}
        cfg = {"conf": member_conf(bootstrap, group, **{**extra, **conf}), "topics": topics}
        self.proc = subprocess.Popen([sys.executable, str(HERE / "groups_member.py"), json.dumps(cfg)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.lock = threading.Lock()
        self.events: list[dict] = []
        self.owned: set[tuple[str, int]] = set()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                ev = json.loads(line)
            except json.JSONDecodeError:
                continue
            with self.lock:
                self.events.append(ev)
                if "assign" in ev:
                    self.owned |= {tuple(x) for x in ev["assign"]}
                elif "revoke" in ev or "lost" in ev:
                    self.owned -= {tuple(x) for x in ev.get("revoke", ev.get("lost", []))}

    def assigned(self) -> set[tuple[str, int]]:
        with self.lock:
            return set(self.owned)

    def committed(self) -> dict[tuple[str, int], int]:
        """The last offset it reported committed, per partition."""
        out = {}
        with self.lock:
            for ev in self.events:
                if "committed" in ev:
                    t, p, o = ev["committed"]
                    out[(t, p)] = o
        return out

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stderr_tail(self) -> str:
        try:
            return (self.proc.stderr.read() or "")[-3000:] if self.proc.poll() is not None else ""
        except Exception:  # noqa: BLE001
            return ""


def holds_for(pred, seconds: float, interval: float = 0.05) -> bool:
    """A negative check with a window: True if pred() stayed true for `seconds` (used where the
    thing that must not happen has no event to wait for, e.g. a reassignment that would arrive
    with one of the next KIP-848 heartbeats)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pred():
            return False
        time.sleep(interval)
    return bool(pred())


def wait_no_error(fn, timeout: float = 20.0, what: str = "call"):
    """Retry fn() until it returns without raising (group APIs answer COORDINATOR_LOAD_IN_PROGRESS
    or NOT_COORDINATOR briefly after a start); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
