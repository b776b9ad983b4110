"""aiokafka against strom: produce and consume (assign, no group) round trip."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from util import consume, create_topic

TIMEOUT = 30


async def _produce(bootstrap, topic, records, **conf):
    p = AIOKafkaProducer(bootstrap_servers=bootstrap, **conf)
    await p.start()
    try:
        futs = [await p.send(topic, **r) for r in records]
        return [await f for f in futs]
    finally:
        await p.stop()


async def _consume(bootstrap, topic, partitions, count):
    c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                         auto_offset_reset="earliest")
    await c.start()
    try:
        tps = [TopicPartition(topic, p) for p in partitions]
        c.assign(tps)
        await c.seek_to_beginning(*tps)
        out = []
        while len(out) < count:
            batch = await c.getmany(*tps, timeout_ms=500)
            for recs in batch.values():
                out.extend(recs)
        return out
    finally:
        await c.stop()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, TIMEOUT))


@pytest.mark.parametrize("codec", [None, "gzip", "snappy", "lz4", "zstd"])
def test_aiokafka_roundtrip(broker, topic, codec):
    create_topic(broker.bootstrap, topic, partitions=2)
    records = [{"key": b"a%d" % (i % 4), "value": b"aiokafka-%d" % i,
                "headers": [("n", b"%d" % i), ("n", b"again")]} for i in range(120)]
    md = run(_produce(broker.bootstrap, topic, records, compression_type=codec, acks="all", linger_ms=10))
    sent = {}
    for m, r in zip(md, records):
        sent.setdefault(m.partition, []).append((m.offset, r))
    for part in sent.values():
        assert [o for o, _ in part] == list(range(len(part)))
    got = run(_consume(broker.bootstrap, topic, (0, 1), 120))
    recv = {}
    for r in got:
        recv.setdefault(r.partition, []).append((r.offset, r.key, r.value, list(r.headers)))
    assert recv == {p: [(o, r["key"], r["value"], r["headers"]) for o, r in part] for p, part in sent.items()}


def test_aiokafka_idempotent_producer_read_by_confluent(broker, topic):
    create_topic(broker.bootstrap, topic)
    records = [{"value": b"idem-%d" % i} for i in range(300)]
    md = run(_produce(broker.bootstrap, topic, records, enable_idempotence=True, acks="all"))
    assert [m.offset for m in md] == list(range(300))
    got = consume(broker.bootstrap, topic, count=300)
    assert [r.value for r in got] == [r["value"] for r in records]
