"""Hostile and malformed input on raw sockets (reliability.md §4.3): each bad connection is closed
(or answered with the right error code) and the broker keeps serving everyone else."""

from __future__ import annotations

import random
import struct

import pytest

import kproto as kp
from kproto import RawConn
from util import consume, create_topic, produce, topic_names

RSS_LIMIT_KIB = 512 * 1024


def assert_healthy(broker, topic=None):
    """The process is alive, small, answers ApiVersions on a new connection, and a real client
    still works (Metadata; produce + consume if a topic is given)."""
    broker.assert_alive()
    assert broker.rss_kib() < RSS_LIMIT_KIB, f"broker RSS {broker.rss_kib()} KiB"
    with RawConn(broker.host, broker.port) as c:
        corr, err, apis = kp.parse_api_versions_v0(c.request(kp.api_versions_request(0, correlation_id=77)))
        assert (corr, err) == (77, 0)
        assert kp.API_METADATA in apis
    topic_names(broker.bootstrap)
    if topic is not None:
        before = len(consume(broker.bootstrap, topic))
        d = produce(broker.bootstrap, topic, [{"value": b"still-alive"}])
        assert d[0].offset == before
        assert consume(broker.bootstrap, topic, start=before, count=1)[0].value == b"still-alive"


def assert_closed_by_broker(conn: RawConn, timeout: float = 10.0) -> bytes:
    return conn.wait_closed(timeout)


# -- the kafka-protocol 0.18 array-count abort --------------------------------------------------------


def metadata_v1_with_count(count: int, trailing: bytes = b"") -> bytes:
    payload = kp.request_header_v1(kp.API_METADATA, 1, 1, None) + struct.pack(">I", count) + trailing
    return kp.frame(payload)


def test_metadata_v1_topics_count_0x7fffffff_exact_19_byte_frame(broker, topic):
    create_topic(broker.bootstrap, topic)
    frame = bytes.fromhex("0000000f" "0003" "0001" "00000001" "ffff" "7fffffff") + b"\x00"
    assert len(frame) == 19
    with RawConn(broker.host, broker.port) as c:
        c.send(frame)
        assert_closed_by_broker(c)
    assert_healthy(broker, topic)


@pytest.mark.parametrize("count", [0x7FFFFFFF, 0x10000000, 0x01000000, 0x00FFFFFF],
                         ids=lambda c: hex(c))
def test_metadata_v1_huge_topics_count(broker, count):
    with RawConn(broker.host, broker.port) as c:
        c.send(metadata_v1_with_count(count))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_metadata_v12_flexible_huge_compact_array(broker):
    payload = kp.request_header_v2(kp.API_METADATA, 12, 5, "x") + kp.uvarint(0x7FFFFFFF) + b"\x00\x00\x00"
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_produce_huge_topic_count(broker):
    payload = kp.request_header_v1(kp.API_PRODUCE, 3, 1, "x") + kp.string(None) + struct.pack(">hi", -1, 1000) \
        + struct.pack(">i", 0x7FFFFFFF)
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_produce_records_length_beyond_frame(broker, topic):
    create_topic(broker.bootstrap, topic)
    payload = kp.request_header_v1(kp.API_PRODUCE, 3, 1, "x") + kp.string(None) + struct.pack(">hi", -1, 1000) \
        + struct.pack(">i", 1) + kp.string(topic) + struct.pack(">ii", 1, 0) + struct.pack(">i", 0x7FFFFFF0) \
        + b"\x00" * 16
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker, topic)


def test_create_topics_huge_topic_count(broker):
    payload = kp.request_header_v1(19, 2, 1, "x") + struct.pack(">i", 0x7FFFFFFF)
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_api_versions_v3_huge_compact_string(broker):
    payload = kp.request_header_v2(kp.API_API_VERSIONS, 3, 1, "x") + kp.uvarint(0x7FFFFFFF) + b"abc"
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_many_concurrent_allocation_bombs(broker, topic):
    """50 connections send the huge-array Metadata frame at once: each is closed, memory stays
    bounded, and the broker keeps serving."""
    create_topic(broker.bootstrap, topic)
    conns = [RawConn(broker.host, broker.port) for _ in range(50)]
    try:
        for c in conns:
            c.send(metadata_v1_with_count(0x7FFFFFFF))
        for c in conns:
            assert_closed_by_broker(c)
    finally:
        for c in conns:
            c.close()
    assert_healthy(broker, topic)


# -- framing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0x7FFFFFFF, -1, -0x80000000, 200 << 20],
                         ids=["0x7fffffff", "minus1", "int-min", "200MiB"])
def test_bad_frame_size_closes_connection(broker, size):
    with RawConn(broker.host, broker.port) as c:
        c.send(struct.pack(">i", size) + b"\x00\x12\x00\x00\x00\x00\x00\x01")
        assert_closed_by_broker(c)  # without waiting for the announced bytes
    assert_healthy(broker)


def test_zero_size_frame_closes_connection(broker):
    with RawConn(broker.host, broker.port) as c:
        c.send(struct.pack(">i", 0))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_truncated_frame_then_eof(broker):
    with RawConn(broker.host, broker.port) as c:
        c.send(struct.pack(">i", 100) + b"\x00\x12\x00\x00\x00\x00\x00\x01\xff\xff")
        c.half_close()
        assert assert_closed_by_broker(c) == b""
    assert_healthy(broker)


@pytest.mark.parametrize("payload", [b"\x00", b"\x00\x12", b"\x00\x12\x00\x00\x00", b"\x00\x03\x00\x01\x00\x00\x00\x01\x00"],
                         ids=["1-byte", "key-only", "no-correlation", "short-client-id"])
def test_truncated_header_closes_connection(broker, payload):
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(payload))
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_unknown_api_key_closes_connection(broker):
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(kp.request_header_v1(9999, 0, 1, "x")))
        assert assert_closed_by_broker(c) == b""
    assert_healthy(broker)


def test_unsupported_version_of_other_api_closes_connection(broker):
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.frame(kp.request_header_v1(kp.API_METADATA, 99, 1, "x") + b"\x00\x00\x00\x00"))
        assert assert_closed_by_broker(c) == b""
    assert_healthy(broker)


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes(broker, seed):
    rng = random.Random(seed)
    blob = bytes(rng.getrandbits(8) for _ in range(rng.choice([3, 64, 4096, 65536])))
    with RawConn(broker.host, broker.port) as c:
        c.send(blob)
        c.half_close()
        assert_closed_by_broker(c)
    assert_healthy(broker)


def test_random_body_after_valid_header(broker):
    rng = random.Random(1234)
    for api_key, version in [(0, 3), (0, 9), (1, 4), (1, 12), (2, 1), (3, 0), (3, 12), (19, 2), (19, 5),
                             (20, 1), (32, 1), (44, 1), (21, 0), (37, 0), (60, 0)]:
        body = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 300)))
        header = (kp.request_header_v2 if version >= 9 or api_key in (44, 60) or (api_key == 19 and version >= 5)
                  else kp.request_header_v1)(api_key, version, 1, "fuzz")
        with RawConn(broker.host, broker.port) as c:
            c.send(kp.frame(header + body))
            c.half_close()
            try:
                c.wait_closed(10)
            except TimeoutError:
                pytest.fail(f"api {api_key} v{version}: connection not closed")
        broker.assert_alive()
    assert_healthy(broker)


def test_many_idle_connections(broker):
    conns = [RawConn(broker.host, broker.port) for _ in range(200)]
    try:
        assert_healthy(broker)
    finally:
        for c in conns:
            c.close()
    assert_healthy(broker)


# -- ApiVersions ------------------------------------------------------------------------------------------


def test_api_versions_v0(broker):
    with RawConn(broker.host, broker.port) as c:
        corr, err, apis = kp.parse_api_versions_v0(c.request(kp.api_versions_request(0, correlation_id=9)))
    assert (corr, err) == (9, 0)
    # Kafka-4.x-style minimums that old clients depend on (kafka-protocol.md §2.1).
    assert apis[kp.API_PRODUCE][0] == 0
    assert apis[kp.API_METADATA][0] == 0
    assert apis[kp.API_API_VERSIONS][0] == 0 and apis[kp.API_API_VERSIONS][1] >= 3
    for key in (1, 2, 19):  # Fetch, ListOffsets, CreateTopics
        assert key in apis, f"api {key} not advertised: {sorted(apis)}"
    for key, (lo, hi) in apis.items():
        assert 0 <= lo <= hi, (key, lo, hi)


def test_api_versions_v99_gets_v0_response_with_error_35(broker):
    with RawConn(broker.host, broker.port) as c:
        payload = c.request(kp.frame(kp.request_header_v2(kp.API_API_VERSIONS, 99, 4242, "future-client")
                                     + b"\x00" * 8))
        corr, err, apis = kp.parse_api_versions_v0(payload)  # v0 layout, no tagged fields, nothing trailing
        assert corr == 4242
        assert err == 35  # UNSUPPORTED_VERSION
        assert kp.API_API_VERSIONS in apis and kp.API_METADATA in apis and kp.API_PRODUCE in apis
        # The connection stays usable: negotiate down and continue.
        corr, err, _ = kp.parse_api_versions_v0(c.request(kp.api_versions_request(0, correlation_id=4243)))
        assert (corr, err) == (4243, 0)


def test_api_versions_v3_flexible_request(broker):
    with RawConn(broker.host, broker.port) as c:
        payload = c.request(kp.api_versions_request(3, correlation_id=31))
    r = kp.Reader(payload)
    assert r.take(">i") == 31     # response header v0 even for flexible ApiVersions
    assert r.take(">h") == 0      # error_code
    n = r.take("B") - 1           # compact array length (< 127 entries fits one byte)
    assert n > 5


def test_pipelined_requests_answered_in_order(broker):
    with RawConn(broker.host, broker.port) as c:
        c.send(b"".join(kp.api_versions_request(v, correlation_id=100 + i) for i, v in enumerate([0, 1, 2, 0, 3])))
        corrs = []
        for _ in range(5):
            payload = c.recv_frame()
            assert payload is not None
            corrs.append(struct.unpack_from(">i", payload)[0])
    assert corrs == [100, 101, 102, 103, 104]


def test_acks_zero_produce_gets_no_response(broker, topic):
    """acks=0: no response at all, so the next response on the connection is the next request's."""
    create_topic(broker.bootstrap, topic)
    with RawConn(broker.host, broker.port) as c:
        c.send(kp.produce_request_v3(topic, 0, kp.record_batch([b"fire-and-forget"]), acks=0, correlation_id=1))
        corr, err, _ = kp.parse_api_versions_v0(c.request(kp.api_versions_request(0, correlation_id=2)))
        assert (corr, err) == (2, 0)
    assert [r.value for r in consume(broker.bootstrap, topic, count=1)] == [b"fire-and-forget"]


# -- Produce validation -----------------------------------------------------------------------------------


def raw_produce(broker, topic, batch, acks=-1):
    with RawConn(broker.host, broker.port) as c:
        corr, results = kp.parse_produce_v3(c.request(kp.produce_request_v3(topic, 0, batch, acks=acks,
                                                                            correlation_id=7)))
    assert corr == 7
    assert len(results) == 1 and results[0][:2] == (topic, 0)
    return results[0][2], results[0][3]


def test_produce_raw_valid_batch(broker, topic):
    create_topic(broker.bootstrap, topic)
    assert raw_produce(broker, topic, kp.record_batch([b"a", b"b", b"c"])) == (0, 0)
    assert raw_produce(broker, topic, kp.record_batch([b"d"])) == (0, 3)
    assert [r.value for r in consume(broker.bootstrap, topic, count=4)] == [b"a", b"b", b"c", b"d"]


def test_produce_corrupt_crc_is_corrupt_message(broker, topic):
    create_topic(broker.bootstrap, topic)
    assert raw_produce(broker, topic, kp.record_batch([b"ok"]))[0] == 0
    err, _ = raw_produce(broker, topic, kp.record_batch([b"bad", b"bad"], corrupt_crc=True))
    assert err == 2  # CORRUPT_MESSAGE
    # Nothing of the corrupt batch was appended: the next batch gets offset 1.
    assert raw_produce(broker, topic, kp.record_batch([b"next"])) == (0, 1)
    assert [r.value for r in consume(broker.bootstrap, topic, count=2)] == [b"ok", b"next"]
    assert_healthy(broker, topic)


def test_produce_flipped_payload_byte_is_corrupt_message(broker, topic):
    create_topic(broker.bootstrap, topic)
    batch = bytearray(kp.record_batch([b"payload-1", b"payload-2"]))
    batch[-3] ^= 0x40
    err, _ = raw_produce(broker, topic, bytes(batch))
    assert err == 2
    assert raw_produce(broker, topic, kp.record_batch([b"x"])) == (0, 0)


def test_produce_record_count_mismatch_is_rejected(broker, topic):
    create_topic(broker.bootstrap, topic)
    err, _ = raw_produce(broker, topic, kp.record_batch([b"a", b"b"], last_offset_delta=5))
    assert err in (2, 87), err  # CORRUPT_MESSAGE or INVALID_RECORD
    assert raw_produce(broker, topic, kp.record_batch([b"x"])) == (0, 0)


def test_produce_truncated_batch_is_rejected(broker, topic):
    create_topic(broker.bootstrap, topic)
    batch = kp.record_batch([b"a" * 100, b"b" * 100])
    err, _ = raw_produce(broker, topic, batch[:-50])
    assert err in (2, 87), err
    assert raw_produce(broker, topic, kp.record_batch([b"x"])) == (0, 0)


def test_produce_invalid_acks(broker, topic):
    create_topic(broker.bootstrap, topic)
    err, _ = raw_produce(broker, topic, kp.record_batch([b"a"]), acks=7)
    assert err == 21  # INVALID_REQUIRED_ACKS
    assert raw_produce(broker, topic, kp.record_batch([b"x"])) == (0, 0)


def test_produce_unknown_topic_raw(broker_factory, topic):
    b = broker_factory({"auto.create.topics.enable": "false"})
    err, _ = raw_produce(b, topic, kp.record_batch([b"a"]))
    assert err == 3  # UNKNOWN_TOPIC_OR_PARTITION
    assert topic not in topic_names(b.bootstrap)


def test_produce_to_missing_partition_raw(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    with RawConn(broker.host, broker.port) as c:
        _, results = kp.parse_produce_v3(c.request(kp.produce_request_v3(topic, 7, kp.record_batch([b"x"]))))
    assert [(p, err) for _, p, err, _ in results] == [(7, 3)]  # UNKNOWN_TOPIC_OR_PARTITION
    assert not broker.partition_dir(topic, 7).exists()


# -- old request versions, raw -----------------------------------------------------------------------------


def test_metadata_v0(broker, topic):
    create_topic(broker.bootstrap, topic, partitions=2)
    node = broker.ready["node_id"]
    with RawConn(broker.host, broker.port) as c:
        corr, brokers, topics = kp.parse_metadata_v0(c.request(kp.metadata_request_v0([topic], correlation_id=3)))
        assert corr == 3
        assert brokers == [(node, broker.host, broker.port)]
        err, parts = topics[topic]
        assert err == 0
        assert sorted(parts) == [(0, 0, node, [node], [node]), (1, 0, node, [node], [node])]
        # v0 with an empty topic list means "all topics".
        _, _, topics = kp.parse_metadata_v0(c.request(kp.metadata_request_v0([], correlation_id=4)))
        assert topic in topics


def test_list_offsets_v1(broker, topic):
    create_topic(broker.bootstrap, topic)
    produce(broker.bootstrap, topic, [{"value": b"x"}] * 4)
    with RawConn(broker.host, broker.port) as c:
        def lo(partition, ts):
            _, res = kp.parse_list_offsets_v1(c.request(kp.list_offsets_request_v1(topic, partition, ts)))
            (name, p, err, _ts, off), = res
            assert (name, p) == (topic, partition)
            return err, off
        assert lo(0, -1) == (0, 4)   # latest
        assert lo(0, -2) == (0, 0)   # earliest
        assert lo(5, -1)[0] == 3     # UNKNOWN_TOPIC_OR_PARTITION


# -- connection limits -------------------------------------------------------------------------------------


def test_idle_connection_with_partial_frame_is_closed(broker_factory):
    b = broker_factory({"connections.max.idle.ms": 1000})
    with RawConn(b.host, b.port) as c:
        c.send(struct.pack(">i", 100) + b"\x00\x12")  # a slowloris: a frame that never completes
        c.wait_closed(timeout=15)
    assert_healthy(b)


def test_frame_above_socket_request_max_bytes_is_refused(broker_factory, topic):
    b = broker_factory({"socket.request.max.bytes": 100_000})
    create_topic(b.bootstrap, topic)
    big = kp.produce_request_v3(topic, 0, kp.record_batch([b"q" * 200_000]))
    with RawConn(b.host, b.port) as c:
        c.send(big[:4096])  # the size prefix alone is enough to refuse
        c.wait_closed(timeout=10)
    assert raw_produce(b, topic, kp.record_batch([b"small"])) == (0, 0)
    assert_healthy(b, topic)
