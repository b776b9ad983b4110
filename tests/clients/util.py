"""Client-side helpers shared by the tests: polling with deadlines and confluent-kafka wrappers."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from confluent_kafka import (
    OFFSET_BEGINNING,
    Consumer,
    KafkaError,
    KafkaException,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, NewTopic


def recent_ts(ago_s: int = 3600) -> int:
    """A CreateTime in milliseconds, `ago_s` seconds in the past, rounded to the second. Tests use
    recent timestamps: records older than segment.ms (7 days) roll a new segment per batch and are
    due for time-based retention, exactly as in Kafka."""
    return (int(time.time()) - ago_s) * 1000


def wait_until(pred: Callable[[], Any], timeout: float = 30.0, interval: float = 0.05, what: str = "condition"):
    """Poll `pred` until it returns something truthy (returned); AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    last_exc: BaseException | None = None
    while True:
        try:
            value = pred()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - reported at the deadline
            last_exc = e
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}; last error: {last_exc!r}")
        time.sleep(interval)


# ------------------------------------------------------------------------------------------------
# confluent-kafka (librdkafka)
# ------------------------------------------------------------------------------------------------

def admin(bootstrap: str, **conf) -> AdminClient:
    """Keep the returned handle in a variable until its futures resolve: a collected AdminClient
    fails its pending futures with _DESTROY."""
    return AdminClient({"bootstrap.servers": bootstrap, **conf})


def create_topic(bootstrap: str, name: str, partitions: int = 1, config: dict | None = None,
                 timeout: float = 30.0) -> None:
    """CreateTopics through confluent-kafka's AdminClient, then wait until Metadata shows leaders."""
    a = admin(bootstrap)
    futures = a.create_topics(
        [NewTopic(name, num_partitions=partitions, replication_factor=1, config=config or {})],
        request_timeout=timeout,
    )
    futures[name].result(timeout=timeout)
    wait_for_topic(a, name, partitions, timeout)


def wait_for_topic(a: AdminClient, name: str, partitions: int, timeout: float = 30.0):
    def ready():
        md = a.list_topics(topic=name, timeout=5)
        t = md.topics.get(name)
        if t is None or t.error is not None or len(t.partitions) != partitions:
            return None
        if not all(p.leader >= 0 and p.error is None for p in t.partitions.values()):
            return None
        return t

    return wait_until(ready, timeout, what=f"topic {name} with {partitions} partitions in Metadata")


def topic_names(bootstrap: str) -> set[str]:
    return set(admin(bootstrap).list_topics(timeout=10).topics)


@dataclass
class Delivery:
    error: KafkaError | None
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


def produce(bootstrap: str, topic: str, records: Iterable[dict], conf: dict | None = None,
            timeout: float = 30.0, require_success: bool = True) -> list[Delivery]:
    """Produce each record (kwargs for Producer.produce: value, key, headers, partition, timestamp)
    and return the delivery reports in input order."""
    records = list(records)
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, **(conf or {})})
    results: list[Delivery | None] = [None] * len(records)

    for i, r in enumerate(records):
        def on_delivery(err, msg, i=i):
            results[i] = Delivery(err, msg.partition(), msg.offset(), msg.key(), msg.value())

        while True:
            try:
                p.produce(topic, on_delivery=on_delivery, **r)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    left = p.flush(timeout)
    assert left == 0, f"{left} records still undelivered after {timeout}s"
    assert all(r is not None for r in results)
    if require_success:
        failed = [(i, r.error) for i, r in enumerate(results) if r.error is not None]
        assert not failed, f"delivery failed: {failed[:5]}"
    return results  # type: ignore[return-value]


@dataclass
class Record:
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]]
    timestamp: tuple[int, int]


def consumer_conf(bootstrap: str, **extra) -> dict:
    # group.id is required by librdkafka's consumer; we only assign(), never subscribe(), and never commit.
    return {
        "bootstrap.servers": bootstrap,
        "group.id": f"strom-tests-{os.urandom(4).hex()}",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
        # End of partition is reported after an empty long poll; keep that short (the long poll
        # itself is tested with its own setting).
        "fetch.wait.max.ms": 100,
        **extra,
    }


def consume(bootstrap: str, topic: str, partitions: Iterable[int] = (0,), start: int = OFFSET_BEGINNING,
            count: int | None = None, timeout: float = 30.0, conf: dict | None = None) -> list[Record]:
    """assign() the partitions from `start` and read until every one reached its end (and at least
    `count` records arrived, if given)."""
    partitions = list(partitions)
    c = Consumer(consumer_conf(bootstrap, **(conf or {})))
    out: list[Record] = []
    eof: set[int] = set()
    try:
        c.assign([TopicPartition(topic, p, start) for p in partitions])
        deadline = time.monotonic() + timeout
        while True:
            m = c.poll(0.2)
            if m is not None:
                err = m.error()
                if err is not None:
                    if err.code() == KafkaError._PARTITION_EOF:
                        eof.add(m.partition())
                    else:
                        raise AssertionError(f"consumer error on {topic}: {err}")
                else:
                    eof.discard(m.partition())
                    out.append(Record(m.partition(), m.offset(), m.key(), m.value(),
                                      list(m.headers() or []), m.timestamp()))
            if len(eof) == len(partitions) and (count is None or len(out) >= count):
                return out
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"consume {topic} {partitions}: got {len(out)} records (wanted {count}), "
                    f"EOF on {sorted(eof)} after {timeout}s")
    finally:
        c.close()


def by_partition(records: Iterable[Record]) -> dict[int, list[Record]]:
    out: dict[int, list[Record]] = {}
    for r in records:
        out.setdefault(r.partition, []).append(r)
    return out


def watermarks(bootstrap: str, topic: str, partition: int = 0, timeout: float = 10.0) -> tuple[int, int]:
    c = Consumer(consumer_conf(bootstrap))
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=timeout)
    finally:
        c.close()


def kafka_error_code(exc: BaseException) -> int | None:
    """The KafkaError code inside a KafkaException (or None)."""
    if isinstance(exc, KafkaException) and exc.args and isinstance(exc.args[0], KafkaError):
        return exc.args[0].code()
    return None
