#!/usr/bin/env python3
"""Load driver for tests/bench.

The load generator is confluent-kafka (librdkafka), a third-party client, so the figures can be
compared with other Kafka-compatible brokers driven the same way. tests/bench pins this process
to one CPU and the broker to another and calls one subcommand per figure. Each subcommand prints
one human-readable line on stdout and, with --json FILE, appends its full result to FILE as a
JSON line.

  produce   --size B --count N --acks 1|all --partitions P [--runs R] [--fsyncs]
  rdperf    --rdperf BIN --size B --count N --acks 1|all [--runs R] [--fsyncs]
                                         produce with librdkafka's C rdkafka_performance
  consume   --count N --partitions P [--runs R]
  rdconsume --rdperf BIN --count N [--runs R]
                                         consume with rdkafka_performance in a consumer group
  e2e       --rate R --seconds S --size B --acks all
  startup   --strom BIN [--runs R]         time from exec to an answered ApiVersions request
  timecmd   --label L [--runs R] -- CMD... median wall time of a command

rdperf runs rdkafka_performance (built by tests/bench_rdkafka_perf.sh) as a child process, so it
inherits this process's CPU pinning, and parses its per-second table (-u -i 1000).

Broker CPU comes from /proc/<broker-pid>/stat (all threads), so throughput can be normalised
per broker CPU-second. fsyncs are counted with `perf stat` on the syscalls:sys_enter_fdatasync
and sys_enter_fsync tracepoints of the broker process, or, without perf, with `strace -c`
attached to the broker's strom-flusher thread only.
"""
import argparse
import json
import multiprocessing
import os
import resource
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

GB = 1e9
MB = 1e6


# --------------------------------------------------------------------------------------------
# Measuring the broker process
# --------------------------------------------------------------------------------------------

def cpu_times(pid):
    """(user, system) CPU time of a process, all threads, in seconds."""
    if not pid:
        return 0.0, 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[11], fields[12] are utime and stime (the 14th and 15th fields of stat).
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def cpu_seconds(pid):
    """User + system CPU time of a process, all threads, in seconds."""
    return sum(cpu_times(pid))


def flusher_tid(pid):
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                if f.read().strip() == "strom-flusher":
                    return int(tid)
    except OSError:
        pass
    return None


class FsyncCounter:
    """Counts the broker's fsync/fdatasync calls between start() and stop()."""

    def __init__(self, pid):
        self.pid, self.proc, self.method, self.out = pid, None, None, None

    def candidates(self):
        if shutil.which("perf"):
            yield "perf", ["perf", "stat", "-x", ",", "-o", self.out, "-p", str(self.pid),
                           "-e", "syscalls:sys_enter_fdatasync", "-e", "syscalls:sys_enter_fsync"]
        tid = flusher_tid(self.pid)
        if shutil.which("strace") and tid:
            # Only the flusher thread is traced, so the other threads run at full speed.
            yield "strace", ["strace", "-c", "-o", self.out, "-e", "trace=fdatasync,fsync",
                             "-p", str(tid)]

    def start(self):
        self.out = tempfile.NamedTemporaryFile(prefix="strom-bench-fsync-", delete=False).name
        for method, cmd in self.candidates():
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)  # let it attach before the measured window opens
            if proc.poll() is None:
                self.proc, self.method = proc, method
                return

    def stop(self):
        """Total calls counted, or None."""
        if not self.proc:
            os.unlink(self.out)
            return None
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None
        total = 0
        try:
            with open(self.out) as f:
                for line in f:
                    if self.method == "perf":
                        # count,unit,event,...
                        fields = line.strip().split(",")
                        if len(fields) > 2 and fields[2].startswith("syscalls:sys_enter_f") \
                                and fields[0].isdigit():
                            total += int(fields[0])
                    else:
                        # % time, seconds, usecs/call, calls, [errors], syscall
                        fields = line.split()
                        if len(fields) >= 5 and fields[-1] in ("fdatasync", "fsync"):
                            total += int(fields[3])
        except (OSError, ValueError):
            return None
        finally:
            os.unlink(self.out)
        return total


def median_by(results, key):
    ordered = sorted(results, key=lambda r: r[key])
    return ordered[len(ordered) // 2]


def emit(args, result, line):
    print(line, flush=True)
    if args.json:
        with open(args.json, "a") as f:
            f.write(json.dumps(result) + "\n")


# --------------------------------------------------------------------------------------------
# produce
# --------------------------------------------------------------------------------------------

def produce_once(a, fsyncs):
    from confluent_kafka import Producer
    failures = []
    producer = Producer({
        "bootstrap.servers": a.bootstrap, "acks": a.acks, "linger.ms": a.linger_ms,
        "batch.size": a.batch_size, "enable.idempotence": False,
        "queue.buffering.max.messages": 1_000_000, "queue.buffering.max.kbytes": 1 << 20,
        "delivery.report.only.error": True,
        "on_delivery": lambda err, msg: failures.append(err) if err else None,
    })
    value = os.urandom(a.size // 2).hex().encode()[: a.size].ljust(a.size, b"x")
    producer.produce(a.topic, value, partition=0)  # connection and metadata, not measured
    producer.flush(30)
    counter = FsyncCounter(a.broker_pid) if fsyncs else None
    if counter:
        counter.start()
    cpu0, t0 = cpu_seconds(a.broker_pid), time.perf_counter()
    parts, produce, poll = a.partitions, producer.produce, producer.poll
    i = 0
    while i < a.count:
        try:
            produce(a.topic, value, partition=i % parts)
            i += 1
        except BufferError:
            poll(0.0005)
    left = producer.flush(120)
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(a.broker_pid) - cpu0
    n_fsyncs = counter.stop() if counter else None
    nbytes = a.count * a.size
    return {
        "test": "produce", "client": "confluent-kafka", "size": a.size, "count": a.count,
        "acks": a.acks, "partitions": parts, "linger_ms": a.linger_ms, "batch_size": a.batch_size,
        "wall_s": wall, "records_per_s": a.count / wall, "MB_per_s": nbytes / wall / MB,
        "broker_cpu_s": cpu, "broker_cores_busy": cpu / wall,
        "GB_per_broker_cpu_s": nbytes / GB / cpu if cpu > 0 else None,
        "failed": len(failures) + left,
        "fsyncs": n_fsyncs, "fsyncs_per_s": n_fsyncs / wall if n_fsyncs is not None else None,
        "fsync_method": counter.method if counter else None,
    }


def cmd_produce(a):
    runs = [produce_once(a, a.fsyncs) for _ in range(a.runs)]
    key = {"gb": "GB_per_broker_cpu_s", "rps": "records_per_s", "mbps": "MB_per_s"}[a.headline]
    r = dict(median_by(runs, key), runs=runs)
    label = f"produce {a.size_label} acks={a.acks} (Python)"
    extra = f"{r['MB_per_s']:.0f} MB/s, {r['records_per_s']:,.0f} records/s, " \
            f"broker {r['broker_cores_busy']:.2f} cores"
    if a.headline == "gb":
        head = f"{r['GB_per_broker_cpu_s']:.2f} GB per broker CPU-second" \
            if r["GB_per_broker_cpu_s"] else "n/a"
    elif a.headline == "rps":
        head = f"{r['records_per_s']:,.0f} records/s"
        extra = f"{r['MB_per_s']:.0f} MB/s, broker {r['broker_cores_busy']:.2f} cores"
    else:
        fs = f"{r['fsyncs_per_s']:,.0f} fsyncs/s ({r['fsync_method']})" \
            if r["fsyncs_per_s"] is not None else "fsyncs/s n/a (no perf or strace)"
        head = f"{r['MB_per_s']:.0f} MB/s, {fs}"
        extra = f"{r['records_per_s']:,.0f} records/s, broker {r['broker_cores_busy']:.2f} cores"
    failed = f", {r['failed']} FAILED" if r["failed"] else ""
    emit(a, r, f"{label + ':':34} {head}  ({extra}; median of {a.runs}{failed})")


# --------------------------------------------------------------------------------------------
# rdperf: produce with librdkafka's rdkafka_performance (the C client)
# --------------------------------------------------------------------------------------------

RDPERF_COLUMNS = ("elapsed", "msgs", "bytes", "rtt", "dr", "dr_m/s", "dr_MB/s", "dr_err",
                  "tx_err", "outq", "offset")


def rdperf_rows(text, columns=RDPERF_COLUMNS):
    """The rows of rdkafka_performance's -u table: one dict per line, cumulative counters."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= len(columns) and cells[0].isdigit():
            rows.append({k: float(v) for k, v in zip(columns, cells)})
    return rows


def run_rdperf(a, cmd, counter=None):
    """Run rdkafka_performance; (stdout, stderr, exit code, wall s, broker user s, broker
    system s, client CPU s)."""
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if counter:
        counter.start()
    (user0, sys0), t0 = cpu_times(a.broker_pid), time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout)
        out, err, code = done.stdout, done.stderr, done.returncode
    except subprocess.TimeoutExpired as e:
        out, err, code = e.stdout or "", e.stderr or "", "timeout"
        out, err = (x.decode() if isinstance(x, bytes) else x for x in (out, err))
    wall = time.perf_counter() - t0
    user1, sys1 = cpu_times(a.broker_pid)
    child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (child1.ru_utime - child0.ru_utime) + (child1.ru_stime - child0.ru_stime)
    return out, err, code, wall, user1 - user0, sys1 - sys0, client_cpu


def rdperf_once(a):
    cmd = [a.rdperf, "-P", "-t", a.topic, "-b", a.bootstrap, "-s", str(a.size), "-c", str(a.count),
           "-a", "-1" if a.acks == "all" else a.acks, "-u", "-i", "1000",
           "-X", f"linger.ms={a.linger_ms}", "-X", f"batch.size={a.batch_size}"]
    counter = FsyncCounter(a.broker_pid) if a.fsyncs else None
    out, err, code, wall, user, system, client_cpu = run_rdperf(a, cmd, counter)
    n_fsyncs = counter.stop() if counter else None
    cpu = user + system
    rows = rdperf_rows(out)
    last = rows[-1] if rows else None
    delivered = int(last["dr"]) if last else 0
    elapsed = last["elapsed"] / 1000 if last and last["elapsed"] > 0 else wall
    # Per-second rates from consecutive rows (the dr_m/s column is the running average), after
    # the first 2 s (connection, metadata, filling the pipeline). The last row is the drain.
    steady = [(r["dr"] - p["dr"]) / ((r["elapsed"] - p["elapsed"]) / 1000)
              for p, r in zip(rows[:-2], rows[1:-1])
              if p["elapsed"] >= 2000 and r["elapsed"] - p["elapsed"] >= 500]
    avg_rps = delivered / elapsed
    rps = statistics.median(steady) if steady else avg_rps
    nbytes = delivered * a.size
    problems = [ln for ln in (out + "\n" + err).splitlines()
                if ln.startswith("%") and "CONFWARN" not in ln
                and not ln.startswith(("% Sending", "% Using")) and "backpressures" not in ln]
    return {
        "test": "produce", "client": "rdkafka_performance", "size": a.size, "count": a.count,
        "acks": a.acks, "linger_ms": a.linger_ms, "batch_size": a.batch_size,
        "wall_s": wall, "elapsed_s": elapsed, "delivered": delivered,
        "records_per_s": rps, "MB_per_s": rps * a.size / MB,
        "records_per_s_steady": steady, "records_per_s_avg": avg_rps,
        "MB_per_s_avg": nbytes / elapsed / MB,
        "rate_method": "median of per-second rates after 2 s" if steady else "total / elapsed",
        "broker_cpu_s": cpu, "broker_user_s": user, "broker_sys_s": system,
        "broker_cores_busy": cpu / wall,
        "GB_per_broker_cpu_s": nbytes / GB / cpu if cpu > 0 else None,
        "client_cpu_s": client_cpu, "client_cores_busy": client_cpu / wall,
        "backpressures": int(last["tx_err"]) if last else None,
        "fsyncs": n_fsyncs, "fsyncs_per_s": n_fsyncs / wall if n_fsyncs is not None else None,
        "fsync_method": counter.method if counter else None,
        "failed": a.count - delivered, "exit": code, "messages": problems[-5:],
    }


def cmd_rdperf(a):
    runs = [rdperf_once(a) for _ in range(a.runs)]
    key = {"gb": "GB_per_broker_cpu_s", "rps": "records_per_s", "mbps": "MB_per_s"}[a.headline]
    r = dict(median_by(runs, key) if all(x[key] is not None for x in runs) else runs[0], runs=runs)
    label = f"produce {a.size_label} acks={a.acks} (C client)"
    cores = f"broker {r['broker_cores_busy']:.2f} cores, client {r['client_cores_busy']:.2f} cores"
    if a.headline == "gb":
        head = f"{r['GB_per_broker_cpu_s']:.2f} GB per broker CPU-second" \
            if r["GB_per_broker_cpu_s"] else "n/a"
        extra = f"{r['MB_per_s']:.0f} MB/s, {r['records_per_s']:,.0f} records/s, {cores}"
    elif a.headline == "rps":
        head = f"{r['records_per_s']:,.0f} records/s"
        extra = f"{r['MB_per_s']:.0f} MB/s, {r['records_per_s_avg']:,.0f} records/s over the " \
                f"whole run, {cores}"
    else:
        head = f"{r['MB_per_s']:.0f} MB/s"
        if a.fsyncs:
            head += f", {r['fsyncs_per_s']:,.0f} fsyncs/s ({r['fsync_method']})" \
                if r["fsyncs_per_s"] is not None else ", fsyncs/s n/a (no perf or strace)"
        extra = f"{r['records_per_s']:,.0f} records/s, {cores}"
    failed = f", {r['failed']} FAILED (exit {r['exit']}: {' / '.join(r['messages']) or '-'})" \
        if r["failed"] else ""
    emit(a, r, f"{label + ':':34} {head}  ({extra}; median of {a.runs}{failed})")


# --------------------------------------------------------------------------------------------
# consume
# --------------------------------------------------------------------------------------------

def consume_once(a):
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition
    consumer = Consumer({
        "bootstrap.servers": a.bootstrap, "group.id": f"strom-bench-{time.time_ns()}",
        "enable.auto.commit": False, "fetch.wait.max.ms": 5, "fetch.queue.backoff.ms": 1,
        "queued.min.messages": 1_000_000, "queued.max.messages.kbytes": 1 << 20,
    })
    consumer.list_topics(a.topic, timeout=10)  # connection and metadata, not measured
    cpu0, t0 = cpu_seconds(a.broker_pid), time.perf_counter()
    consumer.assign([TopicPartition(a.topic, p, OFFSET_BEGINNING) for p in range(a.partitions)])
    n = nbytes = 0
    last = None
    while n < a.count:
        batch = consumer.consume(num_messages=100_000, timeout=0.2)
        now = time.perf_counter()
        if batch:
            last = now
        elif (last or t0) + 10 < now:
            break  # nothing for 10 s: report what arrived
        for m in batch:
            if m.error() is None:
                n += 1
                nbytes += len(m)
    wall = (last or time.perf_counter()) - t0
    cpu = cpu_seconds(a.broker_pid) - cpu0
    consumer.close()
    return {
        "test": "consume", "records": n, "bytes": nbytes, "wall_s": wall,
        "records_per_s": n / wall, "MB_per_s": nbytes / wall / MB, "broker_cpu_s": cpu,
        "broker_cores_busy": cpu / wall,
        "GB_per_broker_cpu_s": nbytes / GB / cpu if cpu > 0 else None,
        "complete": n >= a.count,
    }


def cmd_consume(a):
    runs = [consume_once(a) for _ in range(a.runs)]
    r = dict(median_by(runs, "GB_per_broker_cpu_s"), runs=runs)
    head = f"{r['GB_per_broker_cpu_s']:.2f} GB per broker CPU-second" if r["GB_per_broker_cpu_s"] else "n/a"
    short = "" if r["complete"] else f", only {r['records']} of {a.count} records"
    emit(a, r, f"{'consume backlog ' + a.size_label + ':':34} {head}  ({r['MB_per_s']:.0f} MB/s, "
               f"broker {r['broker_cores_busy']:.2f} cores; median of {a.runs}{short})")


RDCONSUME_COLUMNS = ("elapsed", "msgs", "bytes", "rtt", "m/s", "MB/s", "rx_err", "offset")


def rdconsume_once(a):
    """One consumer-group read of the backlog with the C client. The broker is idle while the
    group forms (group.initial.rebalance.delay.ms), so its CPU over the whole command is the
    consume; the rate is the client's own, over the time it received records."""
    cmd = [a.rdperf, "-C", "-t", a.topic, "-b", a.bootstrap, "-G", f"strom-bench-{time.time_ns()}",
           "-o", "beginning", "-c", str(a.count), "-u", "-i", "1000",
           "-X", "fetch.wait.max.ms=5", "-X", "fetch.queue.backoff.ms=1",
           "-X", "queued.min.messages=1000000", "-X", f"queued.max.messages.kbytes={1 << 20}"]
    out, err, code, wall, user, system, client_cpu = run_rdperf(a, cmd)
    cpu = user + system
    rows = rdperf_rows(out + "\n" + err, RDCONSUME_COLUMNS)
    last = rows[-1] if rows else None
    n = int(last["msgs"]) if last else 0
    nbytes = int(last["bytes"]) if last else 0
    elapsed = last["elapsed"] / 1000 if last and last["elapsed"] > 0 else wall
    return {
        "test": "consume", "client": "rdkafka_performance", "records": n, "bytes": nbytes,
        "wall_s": wall, "elapsed_s": elapsed, "MB_per_s": nbytes / elapsed / MB,
        "broker_cpu_s": cpu, "broker_cores_busy": cpu / elapsed,
        "GB_per_broker_cpu_s": nbytes / GB / cpu if cpu > 0 and nbytes else None,
        "client_cpu_s": client_cpu,
        "complete": n >= a.count, "exit": code,
    }


def cmd_rdconsume(a):
    runs = [rdconsume_once(a) for _ in range(a.runs)]
    ok = [x for x in runs if x["GB_per_broker_cpu_s"] is not None]
    r = dict(median_by(ok, "GB_per_broker_cpu_s") if ok else runs[0], runs=runs)
    head = f"{r['GB_per_broker_cpu_s']:.2f} GB per broker CPU-second" if r["GB_per_broker_cpu_s"] else "n/a"
    short = "" if r["complete"] else f", only {r['records']} of {a.count} records (exit {r['exit']})"
    emit(a, r, f"{'consume backlog ' + a.size_label + ' (C client):':34} {head}  ({r['MB_per_s']:.0f} MB/s, "
               f"broker {r['broker_cpu_s']:.2f} CPU-s, client {r['client_cpu_s']:.2f} CPU-s; median of {a.runs}{short})")


# --------------------------------------------------------------------------------------------
# e2e: open-loop producer, tailing consumer in another process
# --------------------------------------------------------------------------------------------

def e2e_consumer(bootstrap, topic, expected, ready, results):
    from confluent_kafka import OFFSET_END, Consumer, TopicPartition
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": f"strom-bench-e2e-{time.time_ns()}",
        "enable.auto.commit": False, "fetch.min.bytes": 1, "fetch.queue.backoff.ms": 1,
    })
    meta = consumer.list_topics(topic, timeout=10)
    parts = [TopicPartition(topic, p, OFFSET_END) for p in meta.topics[topic].partitions]
    consumer.assign(parts)
    # Positioned once every partition's end offset is resolved.
    deadline = time.time() + 15
    while time.time() < deadline:
        consumer.poll(0.05)
        if all(p.offset >= 0 for p in consumer.position(parts)):
            break
    ready.set()
    latencies, idle_since = [], None
    while len(latencies) < expected:
        m = consumer.poll(0.2)
        if m is None:
            idle_since = idle_since or time.time()
            if time.time() - idle_since > 10:
                break
            continue
        idle_since = None
        if m.error() is None:
            sent_ns = struct.unpack_from("<q", m.value())[0]
            latencies.append((time.time_ns() - sent_ns) / 1e6)
    consumer.close()
    results.put(latencies)


def cmd_e2e(a):
    from confluent_kafka import Producer
    expected = int(a.rate * a.seconds)
    ready, results = multiprocessing.Event(), multiprocessing.Queue()
    reader = multiprocessing.Process(target=e2e_consumer,
                                     args=(a.bootstrap, a.topic, expected, ready, results))
    reader.start()
    ready.wait(30)
    producer = Producer({"bootstrap.servers": a.bootstrap, "acks": a.acks,
                         "linger.ms": a.linger_ms, "enable.idempotence": False})
    pad = b"e" * max(0, a.size - 8)
    step_ns = 1e9 / a.rate
    cpu0 = cpu_seconds(a.broker_pid)
    start = time.time_ns() + 50_000_000
    for i in range(expected):
        # Open loop: latency counts from the intended send time, so a stall is not hidden.
        due = start + int(i * step_ns)
        while True:
            ahead = due - time.time_ns()
            if ahead <= 0:
                break
            if ahead > 200_000:
                time.sleep(ahead / 2e9)
        producer.produce(a.topic, struct.pack("<q", due) + pad)
        producer.poll(0)
    producer.flush(30)
    latencies = sorted(results.get(timeout=120))
    reader.join(10)
    cpu = cpu_seconds(a.broker_pid) - cpu0
    n = len(latencies)

    def q(p):
        return latencies[min(n - 1, int(n * p))] if n else None

    r = {"test": "e2e", "rate": a.rate, "seconds": a.seconds, "size": a.size, "acks": a.acks,
         "linger_ms": a.linger_ms, "received": n, "expected": expected, "p50_ms": q(0.5),
         "p90_ms": q(0.9), "p99_ms": q(0.99), "p999_ms": q(0.999),
         "max_ms": latencies[-1] if n else None, "broker_cores_busy": cpu / a.seconds}
    if n:
        head = f"p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms"
        extra = f"p99.9 {r['p999_ms']:.2f} ms, max {r['max_ms']:.1f} ms"
    else:
        head, extra = "n/a", "nothing received"
    short = "" if n >= expected else f", only {n} of {expected} received"
    emit(a, r, f"{f'e2e latency {a.rate} msg/s acks={a.acks}:':34} {head}  ({extra}; {a.size} B, "
               f"{a.seconds:g} s, broker {r['broker_cores_busy']:.2f} cores{short})")


# --------------------------------------------------------------------------------------------
# startup and command timing
# --------------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_versions_answered(port):
    """True when the broker answers an ApiVersions v0 request on the port."""
    client_id = b"bench"
    body = struct.pack(">hhih", 18, 0, 7, len(client_id)) + client_id
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(struct.pack(">i", len(body)) + body)
            head = s.recv(8)
            return len(head) == 8 and struct.unpack(">ii", head)[1] == 7
    except OSError:
        return False


def cmd_startup(a):
    times = []
    for _ in range(a.runs):
        with tempfile.TemporaryDirectory(prefix="strom-bench-start-") as d:
            port = free_port()
            cmd = [a.strom, "server-start", "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}",
                   "--override", f"log.dirs={d}/data"]
            if a.cpu is not None:
                cmd = ["taskset", "-c", str(a.cpu)] + cmd
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ok = False
            while time.perf_counter() - t0 < 30 and proc.poll() is None:
                if api_versions_answered(port):
                    ok = True
                    break
                time.sleep(0.0005)
            elapsed = time.perf_counter() - t0
            proc.terminate()
            proc.wait(30)
            if ok:
                times.append(elapsed * 1000)
    r = {"test": "startup", "runs_ms": times, "median_ms": statistics.median(times) if times else None}
    head = f"{r['median_ms']:.1f} ms" if times else "n/a (the broker did not answer)"
    emit(a, r, f"{'start-up time (empty dir):':34} {head}  (exec to an answered ApiVersions; "
               f"median of {len(times)})")


def cmd_timecmd(a):
    times = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        done = subprocess.run(a.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode == 0:
            times.append((time.perf_counter() - t0) * 1000)
    r = {"test": "timecmd", "label": a.label, "runs_ms": times,
         "median_ms": statistics.median(times) if times else None}
    head = f"{r['median_ms']:.1f} ms" if times else "n/a (the command failed)"
    emit(a, r, f"{a.label + ':':34} {head}  (median of {len(times)})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p):
        p.add_argument("--bootstrap", default="127.0.0.1:9092")
        p.add_argument("--broker-pid", type=int, default=0)
        p.add_argument("--json", help="append the result as a JSON line to this file")
        return p

    p = common(sub.add_parser("produce"))
    p.add_argument("--topic", required=True)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--count", type=int, default=1_000_000)
    p.add_argument("--acks", default="1")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--linger-ms", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--fsyncs", action="store_true", help="count the broker's fsyncs")
    p.add_argument("--headline", choices=["gb", "rps", "mbps"], default="gb")
    p.set_defaults(func=cmd_produce)

    p = common(sub.add_parser("rdperf"))
    p.add_argument("--rdperf", required=True, help="the rdkafka_performance binary")
    p.add_argument("--topic", required=True)
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--count", type=int, default=20_000_000)
    p.add_argument("--acks", default="1")
    p.add_argument("--linger-ms", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=600, help="seconds per run")
    p.add_argument("--headline", choices=["gb", "rps", "mbps"], default="rps")
    p.add_argument("--fsyncs", action="store_true", help="count the broker's fsyncs")
    p.set_defaults(func=cmd_rdperf)

    p = common(sub.add_parser("consume"))
    p.add_argument("--topic", required=True)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--count", type=int, default=1_000_000)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--runs", type=int, default=3)
    p.set_defaults(func=cmd_consume)

    p = common(sub.add_parser("rdconsume"))
    p.add_argument("--rdperf", required=True, help="the rdkafka_performance binary")
    p.add_argument("--topic", required=True)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--count", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=600, help="seconds per run")
    p.set_defaults(func=cmd_rdconsume)

    p = common(sub.add_parser("e2e"))
    p.add_argument("--topic", required=True)
    p.add_argument("--rate", type=int, default=5000)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--acks", default="all")
    p.add_argument("--linger-ms", type=int, default=1)
    p.set_defaults(func=cmd_e2e)

    p = common(sub.add_parser("startup"))
    p.add_argument("--strom", required=True)
    p.add_argument("--cpu", type=int)
    p.add_argument("--runs", type=int, default=5)
    p.set_defaults(func=cmd_startup)

    p = common(sub.add_parser("timecmd"))
    p.add_argument("--label", required=True)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("command", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_timecmd)

    a = ap.parse_args()
    if getattr(a, "command", None) and a.command[0] == "--":
        a.command = a.command[1:]
    a.size_label = (f"{a.size // 1024} KiB" if getattr(a, "size", 0) and a.size % 1024 == 0
                    else f"{getattr(a, 'size', 0)} B")
    a.func(a)


if __name__ == "__main__":
    main()
