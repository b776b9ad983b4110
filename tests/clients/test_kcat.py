"""Debian's kcat 1.7.1 (librdkafka 2.0.2, an old client: exercises ApiVersions negotiation and
older request versions) against strom: -L, -P with keys/headers/compression, -C, -f, -Q."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from util import consume, create_topic, produce, recent_ts

pytestmark = pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat not installed (tests/run installs it)")


def kcat(broker, *args, input=None, timeout=30, check=True):
    proc = subprocess.run(["kcat", "-b", broker.bootstrap, *args], input=input, capture_output=True,
                          timeout=timeout)
    if check:
        assert proc.returncode == 0, f"kcat {' '.join(args)} exited {proc.returncode}:\n" \
                                     f"{proc.stderr.decode(errors='replace')[-3000:]}"
    return proc


def test_kcat_version_is_the_old_client():
    out = subprocess.run(["kcat", "-V"], capture_output=True, text=True, timeout=10).stdout
    assert "librdkafka" in out


def test_list_metadata_text(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    out = kcat(broker, "-L").stdout.decode()
    node = broker.ready["node_id"]
    assert " 1 brokers:" in out, out
    assert f"broker {node} at {broker.host}:{broker.port}" in out, out
    assert f'topic "{topic}" with 3 partitions:' in out, out
    for p in range(3):
        assert f"partition {p}, leader {node}, replicas: {node}, isrs: {node}" in out, out


def test_list_metadata_json(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    md = json.loads(kcat(broker, "-L", "-J").stdout)
    node = broker.ready["node_id"]
    assert md["controllerid"] == node
    assert md["brokers"] == [{"id": node, "name": f"{broker.host}:{broker.port}"}]
    (t,) = [t for t in md["topics"] if t["topic"] == topic]
    assert [p["partition"] for p in t["partitions"]] == [0, 1]
    assert all(p["leader"] == node for p in t["partitions"])


def test_list_single_topic(broker, topic):
    create_topic(broker.bootstrap, topic)
    out = kcat(broker, "-L", "-t", topic).stdout.decode()
    assert f'topic "{topic}" with 1 partitions:' in out


@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_produce_keys_headers_compression_then_consume(broker, topic, codec):
    create_topic(broker.bootstrap, topic)
    lines = [f"key{i % 4}:value number {i}" for i in range(100)]
    kcat(broker, "-P", "-t", topic, "-p", "0", "-K", ":", "-H", "app=kcat", "-H", "dup=1", "-H", "dup=2",
         "-z", codec, input=("\n".join(lines) + "\n").encode())
    out = kcat(broker, "-C", "-t", topic, "-e", "-o", "beginning", "-f", "%p|%o|%k|%s|%h\n").stdout.decode()
    rows = out.splitlines()
    assert len(rows) == 100, out[-2000:]
    for i, row in enumerate(rows):
        assert row == f"0|{i}|key{i % 4}|value number {i}|app=kcat,dup=1,dup=2", row
    # Another client sees the same records.
    got = consume(broker.bootstrap, topic, count=100)
    assert [(r.key, r.value, r.headers) for r in got] == \
        [(b"key%d" % (i % 4), b"value number %d" % i, [("app", b"kcat"), ("dup", b"1"), ("dup", b"2")])
         for i in range(100)]


def test_consume_json_from_offset_and_count(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    base = recent_ts()
    produce(broker.bootstrap, topic, [{"key": b"k", "value": b"p1-%d" % i, "partition": 1,
                                       "timestamp": base + i} for i in range(20)])
    out = kcat(broker, "-C", "-t", topic, "-p", "1", "-o", "5", "-c", "3", "-J").stdout.decode()
    msgs = [json.loads(line) for line in out.splitlines()]
    assert [(m["partition"], m["offset"], m["key"], m["payload"], m["ts"]) for m in msgs] == \
        [(1, o, "k", f"p1-{o}", base + o) for o in (5, 6, 7)]


def test_consume_all_partitions_until_end(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    produce(broker.bootstrap, topic, [{"value": b"v%d" % i, "partition": i % 3} for i in range(30)])
    out = kcat(broker, "-C", "-t", topic, "-e", "-f", "%p %o %s\n").stdout.decode()
    rows = sorted(tuple(r.split()) for r in out.splitlines())
    assert rows == sorted((str(i % 3), str(i // 3), f"v{i}") for i in range(30))


def test_consume_negative_offset_from_end(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"n%d" % i} for i in range(10)])
    out = kcat(broker, "-C", "-t", topic, "-o", "-3", "-e", "-f", "%o:%s\n").stdout.decode()
    assert out.splitlines() == ["7:n7", "8:n8", "9:n9"]


def test_query_offset_by_timestamp(broker, topic):
    create_topic(broker.bootstrap, topic)
    base = recent_ts()
    produce(broker.bootstrap, topic, [{"value": b"%d" % i, "timestamp": base + i * 1000} for i in range(10)])
    out = kcat(broker, "-Q", "-t", f"{topic}:0:{base + 6500}").stdout.decode()
    assert f"{topic} [0] offset 7" in out, out


def test_produce_null_value_and_large_message(broker, topic):
    create_topic(broker.bootstrap, topic)
    big = "x" * 500_000
    kcat(broker, "-P", "-t", topic, "-K", ":", "-Z", input=f"k1:\nk2:{big}\n".encode())
    got = consume(broker.bootstrap, topic, count=2)
    assert [(r.key, r.value) for r in got] == [(b"k1", None), (b"k2", big.encode())]
