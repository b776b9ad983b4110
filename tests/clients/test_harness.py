"""The broker process contract the whole suite relies on: ready file, port 0, clean SIGTERM exit,
clean-shutdown marker, restart on the same data dir, config errors at start-up."""

from __future__ import annotations

import json
import socket
import subprocess

import pytest

from harness import Broker, BrokerError
from util import consume, create_topic, produce, topic_names

def test_ready_file_describes_bound_listener(broker):
    ready = json.loads(broker.ready_file.read_text())
    assert ready["bootstrap_servers"].startswith("127.0.0.1:")
    port = int(ready["bootstrap_servers"].rsplit(":", 1)[1])
    assert port > 0
    assert ready["listeners"] == [{"name": "PLAINTEXT", "host": "127.0.0.1", "port": port}]
    assert ready["pid"] == broker.pid
    assert isinstance(ready["node_id"], int)
    assert isinstance(ready["cluster_id"], str) and ready["cluster_id"]
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


def test_two_brokers_bind_distinct_ports(broker_factory):
    a, b = broker_factory(), broker_factory()
    assert a.port != b.port
    assert a.data_dir != b.data_dir


def test_sigterm_exits_zero_and_leaves_clean_shutdown_marker(broker, topic):
    create_topic(broker.bootstrap, topic)
    assert broker.stop() == 0
    assert broker.clean_shutdown_markers(), \
        f"no clean-shutdown marker in {sorted(p.name for p in broker.data_dir.iterdir())}"


def test_marker_is_consumed_by_next_start(broker, topic):
    """The marker says "the last run ended cleanly"; a running broker must not leave it in place,
    or a kill -9 after this start would skip recovery."""
    create_topic(broker.bootstrap, topic)
    broker.restart()
    assert broker.clean_shutdown_markers() == []


def test_restart_keeps_topics_data_and_identity(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=3)
    produce(broker.bootstrap, topic, [{"value": b"v%d" % i, "partition": i % 3} for i in range(30)])
    first = dict(broker.ready)
    broker.restart()
    assert broker.ready["cluster_id"] == first["cluster_id"]
    assert broker.ready["node_id"] == first["node_id"]
    assert topic in topic_names(broker.bootstrap)
    got = consume(broker.bootstrap, topic, partitions=range(3), count=30)
    assert sorted(r.value for r in got) == sorted(b"v%d" % i for i in range(30))
    d = produce(broker.bootstrap, topic, [{"value": b"next", "partition": 0}])
    assert d[0].offset == 10


def test_restart_on_same_port(broker):
    topic_names(broker.bootstrap)  # serving (see the next test for SIGTERM right at start-up)
    port = broker.port
    broker.restart(same_port=True)
    assert broker.port == port
    topic_names(broker.bootstrap)


def test_sigterm_right_after_ready_exits_cleanly(tmp_path):
    """The ready file promises a running broker: a SIGTERM from then on (a service manager, a test
    harness) must take the clean path. Repeated because the window, if any, is short."""
    b = Broker(tmp_path / "b")
    for attempt in range(10):
        b.start()
        rc = b.stop()
        assert rc == 0, f"attempt {attempt}: exit {rc} on SIGTERM sent as soon as the ready file appeared"


def test_kafka_layout_on_disk(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    produce(broker.bootstrap, topic, [{"value": b"x", "partition": 1}])
    for p in (0, 1):
        d = broker.partition_dir(topic, p)
        assert (d / "00000000000000000000.log").is_file(), sorted(x.name for x in d.iterdir())
        assert (d / "00000000000000000000.index").exists()
        assert (d / "00000000000000000000.timeindex").exists()
    assert (broker.partition_dir(topic, 1) / "00000000000000000000.log").stat().st_size > 61
    assert (broker.partition_dir(topic, 0) / "00000000000000000000.log").stat().st_size == 0


def test_bad_config_value_fails_start_with_message(tmp_path):
    b = Broker(tmp_path / "bad", {"log.segment.bytes": "lots"})
    with pytest.raises(BrokerError, match="log.segment.bytes"):
        b.start()
    assert b.exit_codes and b.exit_codes[-1] != 0


def test_properties_file_error_names_file_and_line(tmp_path):
    props = tmp_path / "server.properties"
    props.write_text("# comment\nnum.partitions=3\nlog.retention.hours=forever\n")
    b = Broker(tmp_path / "b", {})
    cmd = b.command()
    out = subprocess.run(cmd[:2] + [str(props)] + cmd[2:], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert f"{props}:3" in out.stderr, out.stderr
