"""A tiny hand-written Kafka wire encoder for hostile-input tests: frames, request headers,
ApiVersions, Metadata, Produce v3 and v2 record batches (with our own CRC-32C), over raw sockets."""

from __future__ import annotations

import socket
import struct
import time

# -- CRC-32C (Castagnoli), table-driven ------------------------------------------------------------

_CRC32C_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC32C_TABLE.append(_c)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC32C_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # the standard check value


# -- primitives ----------------------------------------------------------------------------------------

def varint(n: int) -> bytes:
    """Zig-zag varint (Kafka's signed varint / varlong)."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def uvarint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def string(s: str | None) -> bytes:
    if s is None:
        return struct.pack(">h", -1)
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def compact_string(s: str | None) -> bytes:
    if s is None:
        return uvarint(0)
    b = s.encode()
    return uvarint(len(b) + 1) + b


def request_header_v1(api_key: int, api_version: int, correlation_id: int, client_id: str | None) -> bytes:
    return struct.pack(">hhi", api_key, api_version, correlation_id) + string(client_id)


def request_header_v2(api_key: int, api_version: int, correlation_id: int, client_id: str | None) -> bytes:
    return request_header_v1(api_key, api_version, correlation_id, client_id) + b"\x00"  # no tagged fields


def frame(payload: bytes) -> bytes:
    return struct.pack(">i", len(payload)) + payload


# -- record batches (magic 2) ---------------------------------------------------------------------------

def record(offset_delta: int, key: bytes | None, value: bytes | None,
           headers: list[tuple[str, bytes | None]] = (), timestamp_delta: int = 0) -> bytes:
    body = bytearray(b"\x00")  # attributes
    body += varint(timestamp_delta)
    body += varint(offset_delta)
    for field in (key, value):
        if field is None:
            body += varint(-1)
        else:
            body += varint(len(field)) + field
    body += varint(len(headers))
    for hk, hv in headers:
        kb = hk.encode()
        body += varint(len(kb)) + kb
        body += varint(-1) if hv is None else varint(len(hv)) + hv
    return varint(len(body)) + bytes(body)


def record_batch(values: list[bytes], base_offset: int = 0, timestamp: int | None = None,
                 producer_id: int = -1, producer_epoch: int = -1, base_sequence: int = -1,
                 attributes: int = 0, corrupt_crc: bool = False, last_offset_delta: int | None = None) -> bytes:
    if timestamp is None:
        timestamp = int(time.time() * 1000)
    records = b"".join(record(i, None, v) for i, v in enumerate(values))
    n = len(values)
    after_crc = struct.pack(">hiqqqhii", attributes,
                            n - 1 if last_offset_delta is None else last_offset_delta,
                            timestamp, timestamp, producer_id, producer_epoch, base_sequence, n) + records
    crc = crc32c(after_crc)
    if corrupt_crc:
        crc ^= 0xDEADBEEF
    # partitionLeaderEpoch(4) magic(1) crc(4) + the rest; batchLength counts from partitionLeaderEpoch.
    tail = struct.pack(">ibI", -1, 2, crc) + after_crc
    return struct.pack(">qi", base_offset, len(tail)) + tail


# -- requests ------------------------------------------------------------------------------------------

API_PRODUCE, API_LIST_OFFSETS, API_METADATA, API_API_VERSIONS = 0, 2, 3, 18


def api_versions_request(version: int, correlation_id: int = 1) -> bytes:
    if version >= 3:
        body = compact_string("strom-tests") + compact_string("1.0") + b"\x00"
        return frame(request_header_v2(API_API_VERSIONS, version, correlation_id, "strom-tests") + body)
    return frame(request_header_v1(API_API_VERSIONS, version, correlation_id, "strom-tests"))


def produce_request_v3(topic: str, partition: int, records: bytes, acks: int = -1,
                       timeout_ms: int = 10_000, correlation_id: int = 1) -> bytes:
    body = string(None)  # transactional_id
    body += struct.pack(">hi", acks, timeout_ms)
    body += struct.pack(">i", 1) + string(topic)
    body += struct.pack(">i", 1) + struct.pack(">i", partition)
    body += struct.pack(">i", len(records)) + records
    return frame(request_header_v1(API_PRODUCE, 3, correlation_id, "strom-tests") + body)


def metadata_request_v0(topics: list[str], correlation_id: int = 1) -> bytes:
    """Metadata v0 (what old clients send); an empty list means all topics."""
    body = struct.pack(">i", len(topics)) + b"".join(string(t) for t in topics)
    return frame(request_header_v1(API_METADATA, 0, correlation_id, "strom-tests") + body)


def list_offsets_request_v1(topic: str, partition: int, timestamp: int, correlation_id: int = 1) -> bytes:
    body = struct.pack(">i", -1)  # replica_id: a consumer
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", 1) + struct.pack(">iq", partition, timestamp)
    return frame(request_header_v1(API_LIST_OFFSETS, 1, correlation_id, "strom-tests") + body)


# -- responses -----------------------------------------------------------------------------------------

class Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ValueError(f"short response: need {size} bytes at {self.pos}, have {len(self.data)}")
        vals = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return vals if len(vals) > 1 else vals[0]

    def string(self) -> str | None:
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos


def parse_api_versions_v0(payload: bytes) -> tuple[int, int, dict[int, tuple[int, int]]]:
    """-> (correlation_id, error_code, {api_key: (min, max)}); the whole payload must be consumed."""
    r = Reader(payload)
    corr = r.take(">i")
    err = r.take(">h")
    n = r.take(">i")
    apis = {}
    for _ in range(n):
        key, lo, hi = r.take(">hhh")
        apis[key] = (lo, hi)
    if r.remaining:
        raise ValueError(f"{r.remaining} trailing bytes after ApiVersions v0 body")
    return corr, err, apis


def parse_produce_v3(payload: bytes) -> tuple[int, list[tuple[str, int, int, int]]]:
    """-> (correlation_id, [(topic, partition, error_code, base_offset)])."""
    r = Reader(payload)
    corr = r.take(">i")
    out = []
    for _ in range(r.take(">i")):
        name = r.string()
        for _ in range(r.take(">i")):
            part, err, base, _log_append_time = r.take(">ihqq")
            out.append((name, part, err, base))
    r.take(">i")  # throttle_time_ms
    return corr, out


def parse_metadata_v0(payload: bytes):
    """-> (correlation_id, [(node_id, host, port)], {topic: (error, [(partition, error, leader, replicas, isr)])})."""
    r = Reader(payload)
    corr = r.take(">i")
    brokers = []
    for _ in range(r.take(">i")):
        node = r.take(">i")
        host = r.string()
        brokers.append((node, host, r.take(">i")))
    topics = {}
    for _ in range(r.take(">i")):
        err = r.take(">h")
        name = r.string()
        parts = []
        for _ in range(r.take(">i")):
            perr, idx, leader = r.take(">hii")
            replicas = [r.take(">i") for _ in range(r.take(">i"))]
            isr = [r.take(">i") for _ in range(r.take(">i"))]
            parts.append((idx, perr, leader, replicas, isr))
        topics[name] = (err, parts)
    if r.remaining:
        raise ValueError(f"{r.remaining} trailing bytes after Metadata v0 body")
    return corr, brokers, topics


def parse_list_offsets_v1(payload: bytes) -> tuple[int, list[tuple[str, int, int, int, int]]]:
    """-> (correlation_id, [(topic, partition, error_code, timestamp, offset)])."""
    r = Reader(payload)
    corr = r.take(">i")
    out = []
    for _ in range(r.take(">i")):
        name = r.string()
        for _ in range(r.take(">i")):
            part, err, ts, off = r.take(">ihqq")
            out.append((name, part, err, ts, off))
    if r.remaining:
        raise ValueError(f"{r.remaining} trailing bytes after ListOffsets v1 body")
    return corr, out


# -- a raw connection ------------------------------------------------------------------------------------

class RawConn:
    def __init__(self, host: str, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.sock.close()

    def send(self, data: bytes) -> bool:
        """False if the peer already closed the connection."""
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError):
            return False

    def half_close(self):
        self.sock.shutdown(socket.SHUT_WR)

    def _recv_exact(self, n: int, deadline: float) -> bytes | None:
        buf = bytearray()
        while len(buf) < n:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(n - len(buf))
            except ConnectionResetError:
                return None
            except socket.timeout:
                raise TimeoutError(f"no response within the deadline ({len(buf)}/{n} bytes)") from None
            if not chunk:
                return None
            buf += chunk
        return bytes(buf)

    def recv_frame(self, timeout: float = 10.0) -> bytes | None:
        """One response frame's payload, or None if the connection was closed."""
        deadline = time.monotonic() + timeout
        head = self._recv_exact(4, deadline)
        if head is None:
            return None
        (size,) = struct.unpack(">i", head)
        assert 4 <= size <= 64 << 20, f"implausible response size {size}"
        return self._recv_exact(size, deadline)

    def wait_closed(self, timeout: float = 10.0) -> bytes:
        """Read until the broker closes the connection; returns whatever arrived before the close.
        Raises TimeoutError if it stays open past the deadline."""
        deadline = time.monotonic() + timeout
        got = bytearray()
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"connection still open after {timeout}s (received {len(got)} bytes)")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                return bytes(got)
            except socket.timeout:
                continue
            if not chunk:
                return bytes(got)
            got += chunk

    def request(self, data: bytes, timeout: float = 10.0) -> bytes:
        assert self.send(data), "connection closed before the request was sent"
        resp = self.recv_frame(timeout)
        assert resp is not None, "connection closed instead of a response"
        return resp


# -- consumer-group requests (tests/clients/test_groups_protocol.py) ------------------------------------
#
# A small schema-by-hand encoder for the group APIs. `W(flexible)` writes a request body in the
# classic or the flexible (compact + tagged fields) encoding; `GroupConn.call` frames it with the
# right request header and returns a `Reader` past the response header.

API_OFFSET_COMMIT, API_OFFSET_FETCH, API_FIND_COORDINATOR = 8, 9, 10
API_JOIN_GROUP, API_HEARTBEAT, API_LEAVE_GROUP, API_SYNC_GROUP = 11, 12, 13, 14
API_DESCRIBE_GROUPS, API_LIST_GROUPS, API_DELETE_GROUPS, API_OFFSET_DELETE = 15, 16, 42, 47
API_CONSUMER_GROUP_HEARTBEAT, API_CONSUMER_GROUP_DESCRIBE = 68, 69
API_DESCRIBE_QUORUM = 55

# First flexible version of each group API (kafka-protocol 0.18, reference/kafka-protocol.md §2.4).
FLEXIBLE_FROM = {
    API_METADATA: 9, API_OFFSET_COMMIT: 8, API_OFFSET_FETCH: 6, API_FIND_COORDINATOR: 3,
    API_JOIN_GROUP: 6, API_HEARTBEAT: 4, API_LEAVE_GROUP: 4, API_SYNC_GROUP: 4,
    API_DESCRIBE_GROUPS: 5, API_LIST_GROUPS: 3, API_DELETE_GROUPS: 2, API_OFFSET_DELETE: 99,
    API_CONSUMER_GROUP_HEARTBEAT: 0, API_CONSUMER_GROUP_DESCRIBE: 0,
    API_DESCRIBE_QUORUM: 0,
}

# Error codes the group tests assert.
NONE = 0
UNKNOWN_TOPIC_OR_PARTITION = 3
OFFSET_METADATA_TOO_LARGE = 12
COORDINATOR_LOAD_IN_PROGRESS = 14
COORDINATOR_NOT_AVAILABLE = 15
NOT_COORDINATOR = 16
ILLEGAL_GENERATION = 22
INCONSISTENT_GROUP_PROTOCOL = 23
UNKNOWN_MEMBER_ID = 25
INVALID_SESSION_TIMEOUT = 26
REBALANCE_IN_PROGRESS = 27
NON_EMPTY_GROUP = 68
GROUP_ID_NOT_FOUND = 69
MEMBER_ID_REQUIRED = 79
GROUP_MAX_SIZE_REACHED = 81
FENCED_INSTANCE_ID = 82
GROUP_SUBSCRIBED_TO_TOPIC = 86
FENCED_MEMBER_EPOCH = 110
UNRELEASED_INSTANCE_ID = 111
STALE_MEMBER_EPOCH = 113


class W:
    """Request-body writer; `flexible` selects compact strings/arrays/bytes and tagged fields."""

    def __init__(self, flexible: bool):
        self.flex = flexible
        self.buf = bytearray()

    def i8(self, v: int) -> "W":
        self.buf += struct.pack(">b", v)
        return self

    def i16(self, v: int) -> "W":
        self.buf += struct.pack(">h", v)
        return self

    def i32(self, v: int) -> "W":
        self.buf += struct.pack(">i", v)
        return self

    def i64(self, v: int) -> "W":
        self.buf += struct.pack(">q", v)
        return self

    def boolean(self, v: bool) -> "W":
        return self.i8(1 if v else 0)

    def uuid(self, v: bytes) -> "W":
        assert len(v) == 16
        self.buf += v
        return self

    def str(self, s: str | None) -> "W":
        self.buf += compact_string(s) if self.flex else string(s)
        return self

    def bytes_(self, b: bytes | None) -> "W":
        if b is None:
            self.buf += uvarint(0) if self.flex else struct.pack(">i", -1)
        else:
            self.buf += (uvarint(len(b) + 1) if self.flex else struct.pack(">i", len(b))) + b
        return self

    def array(self, items, fn) -> "W":
        """fn(w, item) writes one element; items=None writes a null array."""
        if items is None:
            self.buf += uvarint(0) if self.flex else struct.pack(">i", -1)
            return self
        items = list(items)
        self.buf += uvarint(len(items) + 1) if self.flex else struct.pack(">i", len(items))
        for it in items:
            fn(self, it)
        return self

    def tags(self) -> "W":
        """An empty tagged-field section (flexible versions only)."""
        if self.flex:
            self.buf += b"\x00"
        return self

    def done(self) -> bytes:
        return bytes(self.buf)


class FlexReader(Reader):
    """Reader with classic/flexible primitives for response bodies."""

    def __init__(self, data: bytes, flexible: bool):
        super().__init__(data)
        self.flex = flexible

    def uvarint(self) -> int:
        shift = n = 0
        while True:
            b = self.take(">B")
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7

    def str(self) -> str | None:
        if not self.flex:
            return self.string()
        n = self.uvarint() - 1
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n].decode()
        self.pos += n
        return s

    def bytes_(self) -> bytes | None:
        n = (self.uvarint() - 1) if self.flex else self.take(">i")
        if n < 0:
            return None
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return bytes(b)

    def array_len(self) -> int:
        """Element count; -1 for a null array."""
        return (self.uvarint() - 1) if self.flex else self.take(">i")

    def array(self, fn) -> list | None:
        n = self.array_len()
        if n < 0:
            return None
        return [fn(self) for _ in range(n)]

    def uuid(self) -> bytes:
        b = self.data[self.pos:self.pos + 16]
        if len(b) != 16:
            raise ValueError("short uuid")
        self.pos += 16
        return bytes(b)

    def tags(self) -> None:
        if not self.flex:
            return
        for _ in range(self.uvarint()):
            self.uvarint()  # tag
            size = self.uvarint()
            self.pos += size


def consumer_subscription(topics: list[str], user_data: bytes | None = None) -> bytes:
    """ConsumerProtocolSubscription v0 (what classic consumers put in JoinGroup metadata)."""
    w = W(False).i16(0).array(topics, lambda w, t: w.str(t)).bytes_(user_data)
    return w.done()


def consumer_assignment(parts: dict[str, list[int]], user_data: bytes | None = None) -> bytes:
    """ConsumerProtocolAssignment v0 (what the leader hands out in SyncGroup)."""
    w = W(False).i16(0).array(sorted(parts.items()),
                              lambda w, tp: w.str(tp[0]).array(tp[1], lambda w, p: w.i32(p))).bytes_(user_data)
    return w.done()


def parse_consumer_assignment(data: bytes) -> dict[str, list[int]]:
    if not data:
        return {}
    r = FlexReader(data, False)
    r.take(">h")
    out = {}
    for _ in range(r.take(">i")):
        t = r.string()
        out[t] = [r.take(">i") for _ in range(r.take(">i"))]
    return out


class GroupConn(RawConn):
    """A raw connection that speaks the group APIs. Each method returns a dict of the fields the
    tests look at (error codes as ints)."""

    def __init__(self, host: str, port: int, timeout: float = 10.0, client_id: str = "strom-tests"):
        super().__init__(host, port, timeout)
        self.corr = 0
        self.client_id = client_id

    @staticmethod
    def flexible(api_key: int, version: int) -> bool:
        return version >= FLEXIBLE_FROM[api_key]

    def send_request(self, api_key: int, version: int, body: bytes) -> int:
        self.corr += 1
        hdr = (request_header_v2 if self.flexible(api_key, version) else request_header_v1)(
            api_key, version, self.corr, self.client_id)
        assert self.send(frame(hdr + body)), "connection closed before the request was sent"
        return self.corr

    def read_response(self, api_key: int, version: int, corr: int, timeout: float = 10.0) -> FlexReader:
        payload = self.recv_frame(timeout)
        assert payload is not None, f"connection closed instead of a response to api {api_key} v{version}"
        flex = self.flexible(api_key, version)
        r = FlexReader(payload, flex)
        got = r.take(">i")
        assert got == corr, f"correlation id {got}, expected {corr}"
        r.tags()  # response header v1
        return r

    def call(self, api_key: int, version: int, body: bytes, timeout: float = 10.0) -> FlexReader:
        corr = self.send_request(api_key, version, body)
        return self.read_response(api_key, version, corr, timeout)

    # -- FindCoordinator v1 ------------------------------------------------------------------

    def find_coordinator(self, key: str, key_type: int = 0) -> dict:
        r = self.call(API_FIND_COORDINATOR, 1, W(False).str(key).i8(key_type).done())
        r.take(">i")  # throttle
        err = r.take(">h")
        msg = r.str()
        node, host, port = r.take(">i"), r.str(), r.take(">i")
        return {"error": err, "message": msg, "node_id": node, "host": host, "port": port}

    # -- JoinGroup ----------------------------------------------------------------------------

    def join_group_body(self, version: int, group: str, member_id: str = "", instance_id: str | None = None,
                        protocols: list[tuple[str, bytes]] = (), session_timeout_ms: int = 10_000,
                        rebalance_timeout_ms: int = 10_000, protocol_type: str = "consumer",
                        reason: str | None = None) -> bytes:
        w = W(self.flexible(API_JOIN_GROUP, version))
        w.str(group).i32(session_timeout_ms)
        if version >= 1:
            w.i32(rebalance_timeout_ms)
        w.str(member_id)
        if version >= 5:
            w.str(instance_id)
        w.str(protocol_type)
        w.array(protocols, lambda w, p: w.str(p[0]).bytes_(p[1]).tags())
        if version >= 8:
            w.str(reason)
        return w.tags().done()

    def parse_join_group(self, version: int, r: FlexReader) -> dict:
        out = {}
        if version >= 2:
            r.take(">i")
        out["error"] = r.take(">h")
        out["generation"] = r.take(">i")
        if version >= 7:
            out["protocol_type"] = r.str()
        out["protocol_name"] = r.str()
        out["leader"] = r.str()
        if version >= 9:
            out["skip_assignment"] = bool(r.take(">b"))
        out["member_id"] = r.str()

        def member(r):
            m = {"member_id": r.str()}
            if version >= 5:
                m["group_instance_id"] = r.str()
            m["metadata"] = r.bytes_()
            r.tags()
            return m

        out["members"] = r.array(member)
        r.tags()
        return out

    def join_group(self, version: int, group: str, **kw) -> dict:
        r = self.call(API_JOIN_GROUP, version, self.join_group_body(version, group, **kw), timeout=kw.get(
            "rebalance_timeout_ms", 10_000) / 1000 + 10)
        return self.parse_join_group(version, r)

    def join_group_send(self, version: int, group: str, **kw) -> int:
        """Send a JoinGroup without waiting (it may be parked until the rebalance completes)."""
        return self.send_request(API_JOIN_GROUP, version, self.join_group_body(version, group, **kw))

    def join_group_recv(self, version: int, corr: int, timeout: float = 20.0) -> dict:
        return self.parse_join_group(version, self.read_response(API_JOIN_GROUP, version, corr, timeout))

    # -- SyncGroup ------------------------------------------------------------------------------

    def sync_group_body(self, version: int, group: str, generation: int, member_id: str,
                        instance_id: str | None = None, assignments: dict[str, bytes] | None = None,
                        protocol_type: str | None = "consumer", protocol_name: str | None = None) -> bytes:
        w = W(self.flexible(API_SYNC_GROUP, version))
        w.str(group).i32(generation).str(member_id)
        if version >= 3:
            w.str(instance_id)
        if version >= 5:
            w.str(protocol_type).str(protocol_name)
        w.array(sorted((assignments or {}).items()), lambda w, a: w.str(a[0]).bytes_(a[1]).tags())
        return w.tags().done()

    def sync_group(self, version: int, group: str, generation: int, member_id: str, **kw) -> dict:
        r = self.call(API_SYNC_GROUP, version, self.sync_group_body(version, group, generation, member_id, **kw),
                      timeout=20)
        return self.parse_sync_group(version, r)

    def sync_group_send(self, version: int, group: str, generation: int, member_id: str, **kw) -> int:
        return self.send_request(API_SYNC_GROUP, version,
                                 self.sync_group_body(version, group, generation, member_id, **kw))

    def sync_group_recv(self, version: int, corr: int, timeout: float = 20.0) -> dict:
        return self.parse_sync_group(version, self.read_response(API_SYNC_GROUP, version, corr, timeout))

    @staticmethod
    def parse_sync_group(version: int, r: FlexReader) -> dict:
        out = {}
        if version >= 1:
            r.take(">i")
        out["error"] = r.take(">h")
        if version >= 5:
            out["protocol_type"] = r.str()
            out["protocol_name"] = r.str()
        out["assignment"] = r.bytes_()
        r.tags()
        return out

    # -- Heartbeat / LeaveGroup --------------------------------------------------------------------

    def heartbeat(self, version: int, group: str, generation: int, member_id: str,
                  instance_id: str | None = None) -> int:
        w = W(self.flexible(API_HEARTBEAT, version)).str(group).i32(generation).str(member_id)
        if version >= 3:
            w.str(instance_id)
        r = self.call(API_HEARTBEAT, version, w.tags().done())
        if version >= 1:
            r.take(">i")
        return r.take(">h")

    def leave_group(self, version: int, group: str, members: list[tuple[str, str | None]]) -> dict:
        """version >= 3: members [(member_id, instance_id)]; returns {"error", "members": [(id, inst, err)]}."""
        assert version >= 3
        w = W(self.flexible(API_LEAVE_GROUP, version)).str(group)
        w.array(members, lambda w, m: (w.str(m[0]).str(m[1]), w.str(None) if version >= 5 else None, w.tags()))
        r = self.call(API_LEAVE_GROUP, version, w.tags().done())
        r.take(">i")
        err = r.take(">h")
        ms = r.array(lambda r: (r.str(), r.str(), r.take(">h"), r.tags())[:3])
        return {"error": err, "members": ms}

    # -- OffsetCommit / OffsetFetch ------------------------------------------------------------------

    def offset_commit(self, version: int, group: str, offsets: dict[str, list[tuple]], generation: int = -1,
                      member_id: str = "", instance_id: str | None = None) -> dict[tuple[str, int], int]:
        """offsets: {topic: [(partition, offset, metadata)]} -> {(topic, partition): error_code}."""
        flex = self.flexible(API_OFFSET_COMMIT, version)
        w = W(flex).str(group).i32(generation).str(member_id)
        if version >= 7:
            w.str(instance_id)
        if version <= 4:
            w.i64(-1)  # retention_time_ms

        def part(w, p):  # (partition, offset[, metadata[, leader_epoch]])
            w.i32(p[0]).i64(p[1])
            if version >= 6:
                w.i32(p[3] if len(p) > 3 else -1)
            w.str(p[2] if len(p) > 2 else None).tags()

        w.array(sorted(offsets.items()), lambda w, t: w.str(t[0]).array(t[1], part).tags())
        r = self.call(API_OFFSET_COMMIT, version, w.tags().done())
        if version >= 3:
            r.take(">i")
        out = {}
        for _ in range(r.array_len()):
            name = r.str()
            for _ in range(r.array_len()):
                p, err = r.take(">ih")
                r.tags()
                out[(name, p)] = err
            r.tags()
        r.tags()
        return out

    def offset_fetch(self, version: int, group: str, topics: dict[str, list[int]] | None,
                     member_id: str | None = None, member_epoch: int = -1) -> dict:
        """-> {"error": top-level error, "offsets": {(topic, p): (offset, metadata, error)}}.
        version >= 8 sends the groups[] form with one group."""
        flex = self.flexible(API_OFFSET_FETCH, version)
        w = W(flex)
        tlist = None if topics is None else sorted(topics.items())
        topic_fn = (lambda w, t: w.str(t[0]).array(t[1], lambda w, p: w.i32(p)).tags())
        if version >= 8:
            def grp(w, _):
                w.str(group)
                if version >= 9:
                    w.str(member_id).i32(member_epoch)
                w.array(tlist, topic_fn).tags()
            w.array([None], grp)
        else:
            w.str(group).array(tlist, topic_fn)
        if version >= 7:
            w.boolean(False)
        r = self.call(API_OFFSET_FETCH, version, w.tags().done())
        if version >= 3:
            r.take(">i")

        def topics_block(r, offsets):
            for _ in range(r.array_len()):
                name = r.str()
                for _ in range(r.array_len()):
                    p, off = r.take(">iq")
                    epoch = r.take(">i") if version >= 5 else -1
                    meta = r.str()
                    err = r.take(">h")
                    r.tags()
                    offsets[(name, p)] = (off, meta, err)
                    epochs[(name, p)] = epoch
                r.tags()

        offsets: dict = {}
        epochs: dict = {}
        if version >= 8:
            errs = []
            for _ in range(r.array_len()):
                r.str()
                topics_block(r, offsets)
                errs.append(r.take(">h"))
                r.tags()
            err = errs[0] if errs else None
        else:
            topics_block(r, offsets)
            err = r.take(">h") if version >= 2 else 0
        r.tags()
        return {"error": err, "offsets": offsets, "leader_epochs": epochs}

    # -- DeleteGroups / OffsetDelete / DescribeGroups / ListGroups ------------------------------------

    def delete_groups(self, version: int, groups: list[str]) -> dict[str, int]:
        w = W(self.flexible(API_DELETE_GROUPS, version)).array(groups, lambda w, g: w.str(g))
        r = self.call(API_DELETE_GROUPS, version, w.tags().done())
        r.take(">i")
        out = {}
        for _ in range(r.array_len()):
            g, err = r.str(), r.take(">h")
            r.tags()
            out[g] = err
        return out

    def offset_delete(self, group: str, topics: dict[str, list[int]]) -> dict:
        w = W(False).str(group).array(sorted(topics.items()),
                                       lambda w, t: w.str(t[0]).array(t[1], lambda w, p: w.i32(p)))
        r = self.call(API_OFFSET_DELETE, 0, w.done())
        err = r.take(">h")
        r.take(">i")
        parts = {}
        for _ in range(r.array_len()):
            name = r.str()
            for _ in range(r.array_len()):
                p, e = r.take(">ih")
                parts[(name, p)] = e
        return {"error": err, "partitions": parts}

    def describe_groups(self, version: int, groups: list[str]) -> list[dict]:
        w = W(self.flexible(API_DESCRIBE_GROUPS, version)).array(groups, lambda w, g: w.str(g))
        if version >= 3:
            w.boolean(False)
        r = self.call(API_DESCRIBE_GROUPS, version, w.tags().done())
        if version >= 1:
            r.take(">i")

        def member(r):
            m = {"member_id": r.str()}
            if version >= 4:
                m["group_instance_id"] = r.str()
            m["client_id"], m["client_host"] = r.str(), r.str()
            m["metadata"], m["assignment"] = r.bytes_(), r.bytes_()
            r.tags()
            return m

        def group(r):
            g = {"error": r.take(">h")}
            if version >= 6:
                g["error_message"] = r.str()
            g["group_id"], g["state"], g["protocol_type"], g["protocol"] = r.str(), r.str(), r.str(), r.str()
            g["members"] = r.array(member)
            if version >= 3:
                r.take(">i")
            r.tags()
            return g

        out = r.array(group)
        r.tags()
        return out

    # -- ConsumerGroupHeartbeat (KIP-848) --------------------------------------------------------------

    def consumer_group_heartbeat(self, group: str, member_id: str, member_epoch: int, version: int = 1,
                                 instance_id: str | None = None, rebalance_timeout_ms: int = -1,
                                 subscribed: list[str] | None = None, server_assignor: str | None = None,
                                 owned: list[tuple[bytes, list[int]]] | None = None) -> dict:
        w = W(True).str(group).str(member_id).i32(member_epoch).str(instance_id).str(None)
        w.i32(rebalance_timeout_ms)
        w.array(subscribed, lambda w, t: w.str(t))
        if version >= 1:
            w.str(None)  # subscribed_topic_regex
        w.str(server_assignor)
        w.array(owned, lambda w, tp: w.uuid(tp[0]).array(tp[1], lambda w, p: w.i32(p)).tags())
        r = self.call(API_CONSUMER_GROUP_HEARTBEAT, version, w.tags().done())
        r.take(">i")
        out = {"error": r.take(">h"), "error_message": r.str(), "member_id": r.str(),
               "member_epoch": r.take(">i"), "heartbeat_interval_ms": r.take(">i")}
        present = r.take(">b")
        if present >= 0:
            tps = r.array(lambda r: (r.uuid(), r.array(lambda r: r.take(">i")), r.tags())[:2])
            r.tags()
            out["assignment"] = {tid: sorted(ps) for tid, ps in tps}
        else:
            out["assignment"] = None
        r.tags()
        return out

    # -- Metadata v12 (topic ids) ------------------------------------------------------------------------

    def topic_ids(self, topics: list[str]) -> dict[str, bytes]:
        w = W(True).array(topics, lambda w, t: w.uuid(b"\x00" * 16).str(t).tags())
        w.boolean(False).boolean(False).tags()  # allow_auto_topic_creation, include_topic_authorized_operations
        r = self.call(API_METADATA, 12, w.done())
        r.take(">i")
        r.array(lambda r: (r.take(">i"), r.str(), r.take(">i"), r.str(), r.tags()))  # brokers
        r.str()  # cluster id
        r.take(">i")  # controller id
        out = {}
        for _ in range(r.array_len()):
            err = r.take(">h")
            name = r.str()
            tid = r.uuid()
            r.take(">b")  # is_internal
            r.array(lambda r: (r.take(">hiii"), r.array(lambda r: r.take(">i")), r.array(lambda r: r.take(">i")),
                               r.array(lambda r: r.take(">i")), r.tags()))
            r.take(">i")  # topic authorized operations
            r.tags()
            if err == 0:
                out[name] = tid
        return out


# -- segment files -----------------------------------------------------------------------------------------

BATCH_HEADER_BYTES = 61


def scan_segment(data: bytes) -> tuple[list[tuple[int, int, int, int]], int]:
    """Walk v2 batches in a .log segment: -> ([(position, base_offset, size, record_count)], valid_bytes).
    Stops at the first incomplete, undersized, non-v2 or CRC-failing batch, like Kafka's recovery."""
    batches = []
    pos = 0
    while pos + 12 <= len(data):
        base, length = struct.unpack_from(">qi", data, pos)
        size = 12 + length
        if length < BATCH_HEADER_BYTES - 12 or pos + size > len(data):
            break
        magic = data[pos + 16]
        (crc,) = struct.unpack_from(">I", data, pos + 17)
        if magic != 2 or crc32c(data[pos + 21:pos + size]) != crc:
            break
        (count,) = struct.unpack_from(">i", data, pos + 57)
        batches.append((pos, base, size, count))
        pos += size
    return batches, pos
