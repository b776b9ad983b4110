"""kcat 1.7.1 (librdkafka 2.0.2, an old client with older group API versions) as a balanced
consumer (-G) against strom: joins, consumes, auto-commits on exit and resumes."""

from __future__ import annotations

import pytest

from groups import GROUP_OVERRIDES, all_tps, committed_offsets, group_id, produce_spread
from test_kcat import kcat, pytestmark  # noqa: F401 - pytestmark: the same skip marker
from util import create_topic


@pytest.fixture
def broker(broker_factory):
    return broker_factory(GROUP_OVERRIDES)


def kcat_group(broker, group, topic, count):
    out = kcat(broker, "-G", group, "-c", str(count), "-f", "%t %p %o %s\\n", "-q",
               "-X", "auto.offset.reset=earliest", "-X", "session.timeout.ms=6000",
               "-X", "heartbeat.interval.ms=500", topic, timeout=45).stdout.decode()
    recs = []
    for line in out.splitlines():
        t, p, o, v = line.split(" ", 3)
        recs.append((t, int(p), int(o), v))
    return recs


def test_kcat_balanced_consumer_commits_and_resumes(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    expected = produce_spread(broker.bootstrap, topic, 2, 10)
    g = group_id("kcat")
    first = kcat_group(broker, g, topic, 7)
    assert len(first) == 7
    second = kcat_group(broker, g, topic, 13)
    seen = sorted((p, o) for _, p, o, _ in first + second)
    assert seen == sorted((p, o) for p in range(2) for o in range(10)), "each record exactly once across the runs"
    for t, p, o, v in first + second:
        assert expected[(t, p)][o].decode() == v
    assert committed_offsets(broker.bootstrap, g, all_tps(topic, 2)) == {(topic, 0): 10, (topic, 1): 10}
