"""Fixtures for the third-party client suite.

Every test talks to the real `strom` binary started on 127.0.0.1 with port 0 and a fresh data dir
(see harness.py). At teardown each broker gets SIGTERM and must exit 0 without having panicked.
"""

from __future__ import annotations

import gc
import os
import re

import pytest

from harness import Broker, BrokerError


def _finish(brokers: list[Broker]) -> None:
    # Client handles caught in reference cycles (e.g. through exception tracebacks) are destroyed
    # now, while their broker is still up, rather than logging connection errors later.
    gc.collect()
    problems = []
    for b in brokers:
        if b.running:
            try:
                rc = b.stop()
                if rc != 0:
                    problems.append(f"broker in {b.dir} exited with {rc} on SIGTERM, expected 0")
            except BrokerError as e:
                problems.append(str(e))
        if "panicked at" in b.log_text():
            problems.append(f"broker in {b.dir} panicked:\n{b.log_tail()}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def broker_factory(tmp_path):
    """make(overrides=None) -> a started Broker with its own data dir; all stopped at teardown."""
    made: list[Broker] = []

    def make(overrides: dict[str, object] | None = None) -> Broker:
        b = Broker(tmp_path / f"broker{len(made)}", overrides)
        made.append(b)
        return b.start()

    yield make
    _finish(made)


@pytest.fixture
def broker(broker_factory) -> Broker:
    """A fresh single-node broker on 127.0.0.1:0; SIGTERM at teardown must exit 0."""
    return broker_factory()


@pytest.fixture
def topic(request) -> str:
    """A topic name unique to this test (legal characters only)."""
    name = re.sub(r"[^a-zA-Z0-9._-]", "-", request.node.name)[:80]
    return f"t-{name}-{os.urandom(3).hex()}"


def pytest_report_header(config):
    import shutil
    import subprocess

    import aiokafka
    import confluent_kafka
    import kafka

    lines = [
        f"strom: {os.environ.get('STROM_BIN') or 'target/release/strom'}",
        f"confluent-kafka {confluent_kafka.version()} (librdkafka {confluent_kafka.libversion()[0]}), "
        f"kafka-python {kafka.__version__}, aiokafka {aiokafka.__version__}",
    ]
    if shutil.which("kcat"):
        out = subprocess.run(["kcat", "-V"], capture_output=True, text=True, timeout=10).stdout
        lines.append(" ".join(l.strip() for l in out.splitlines() if l.startswith("Version")))
    return lines
