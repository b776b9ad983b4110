"""A confluent-kafka group consumer in its own process, for tests that SIGKILL a member
(groups.ProcessMember). argv[1] is JSON {"conf": {...}, "topics": [...]}. Prints one JSON line per
event on stdout: {"assign": [[topic, partition], ...]}, {"revoke": ...}, {"lost": ...},
{"record": [topic, partition, offset]}, then {"committed": [topic, partition, next_offset]} once
the synchronous commit of that record returned."""

from __future__ import annotations

import json
import sys

from confluent_kafka import Consumer, KafkaError, TopicPartition


def emit(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def tps(parts):
    return [[p.topic, p.partition] for p in parts]


def main() -> None:
    cfg = json.loads(sys.argv[1])
    c = Consumer(cfg["conf"])
    c.subscribe(cfg["topics"],
                on_assign=lambda c, p: emit({"assign": tps(p)}),
                on_revoke=lambda c, p: emit({"revoke": tps(p)}),
                on_lost=lambda c, p: emit({"lost": tps(p)}))
    while True:
        m = c.poll(0.1)
        if m is None:
            continue
        if m.error() is not None:
            if m.error().code() != KafkaError._PARTITION_EOF:
                sys.stderr.write(f"consumer error: {m.error()}\n")
            continue
        emit({"record": [m.topic(), m.partition(), m.offset()]})
        c.commit(offsets=[TopicPartition(m.topic(), m.partition(), m.offset() + 1)], asynchronous=False)
        emit({"committed": [m.topic(), m.partition(), m.offset() + 1]})


if __name__ == "__main__":
    main()
