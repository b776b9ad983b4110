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
