"""The strom broker as a child process: start on 127.0.0.1 port 0, wait for the ready file,
SIGTERM / kill -9, restart on the same data dir.

The broker is the real `strom` binary (built by `cargo build --release`, or $STROM_BIN). It writes
its bound address to a ready file; we poll for it with a deadline.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STROM_BIN = Path(os.environ.get("STROM_BIN") or ROOT / "target" / "release" / "strom")

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 30.0

CLEAN_SHUTDOWN_RE = re.compile(r"clean.?shutdown", re.I)

# Every broker process we start, so a crashed or interrupted run never leaves one behind.
_LIVE: set[subprocess.Popen] = set()


@atexit.register
def _kill_leftovers() -> None:
    for proc in list(_LIVE):
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class BrokerError(AssertionError):
    pass


class Broker:
    """One strom broker process bound to 127.0.0.1:0, restartable on the same data dir."""

    def __init__(self, base_dir: Path, overrides: dict[str, object] | None = None):
        self.dir = base_dir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = self.dir / "data"
        self.ready_file = self.dir / "ready.json"
        self.log_path = self.dir / "broker.log"
        self.overrides = {k: str(v) for k, v in (overrides or {}).items()}
        self.proc: subprocess.Popen | None = None
        self.ready: dict | None = None
        self.starts = 0
        self.exit_codes: list[int] = []
        self.listen_port = 0  # 0 = ephemeral; restart(same_port=True) reuses the last bound port
        # argv put before the strom command, e.g. ["nsenter", "-t", PID, "-m", "--"] to run the
        # broker in another mount namespace; the prefix must exec strom (same pid, so signals
        # and kill -9 reach the broker).
        self.command_prefix: list[str] = []

    # -- process control ------------------------------------------------------------------

    def command(self) -> list[str]:
        cmd = [
            str(STROM_BIN),
            "server-start",
            "--override",
            f"listeners=PLAINTEXT://127.0.0.1:{self.listen_port}",
            "--override",
            f"log.dirs={self.data_dir}",
            "--ready-file",
            str(self.ready_file),
        ]
        for key, value in self.overrides.items():
            cmd += ["--override", f"{key}={value}"]
        return cmd

    def start(self, timeout: float = START_TIMEOUT_S, same_port: bool = False) -> "Broker":
        """Start (again) on this data dir. same_port=True rebinds the port the OS gave the previous
        run, so clients created before a restart can reconnect; otherwise a new ephemeral port."""
        self.listen_port = self.port if (same_port and self.ready) else 0
        if not STROM_BIN.exists():
            raise BrokerError(f"{STROM_BIN} does not exist: run `cargo build --release` (or tests/run)")
        if self.running:
            raise BrokerError("broker already running")
        self.ready_file.unlink(missing_ok=True)
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts}: {' '.join(self.command())}\n".encode())
            log.flush()
            env = dict(os.environ, RUST_BACKTRACE="1")
            self.proc = subprocess.Popen(
                [*self.command_prefix, *self.command()],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.dir,
                env=env,
                start_new_session=True,
            )
        _LIVE.add(self.proc)
        deadline = time.monotonic() + timeout
        while True:
            rc = self.proc.poll()
            if rc is not None:
                _LIVE.discard(self.proc)
                self.exit_codes.append(rc)
                raise BrokerError(f"broker exited with {rc} before it was ready:\n{self.log_tail()}")
            ready = self._read_ready()
            if ready is not None:
                self.ready = ready
                return self
            if time.monotonic() > deadline:
                self.kill9()
                raise BrokerError(f"broker not ready within {timeout}s:\n{self.log_tail()}")
            time.sleep(0.02)

    def _read_ready(self) -> dict | None:
        try:
            text = self.ready_file.read_text()
        except FileNotFoundError:
            return None
        try:
            ready = json.loads(text)
        except json.JSONDecodeError:
            return None  # still being written (the broker should rename into place, but be lenient)
        if not isinstance(ready, dict) or not ready.get("bootstrap_servers"):
            return None
        return ready

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int:
        """SIGTERM and wait; returns the exit code. SIGKILLs and raises if it hangs."""
        proc = self._require_running()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            _LIVE.discard(proc)
            raise BrokerError(f"broker did not exit within {timeout}s of SIGTERM:\n{self.log_tail()}")
        _LIVE.discard(proc)
        self.exit_codes.append(rc)
        return rc

    def stop_clean(self) -> None:
        rc = self.stop()
        if rc != 0:
            raise BrokerError(f"broker exited with {rc} after SIGTERM, expected 0:\n{self.log_tail()}")

    def kill9(self) -> None:
        proc = self._require_running()
        proc.kill()
        proc.wait()
        _LIVE.discard(proc)
        self.exit_codes.append(proc.returncode)

    def restart(self, timeout: float = START_TIMEOUT_S, same_port: bool = False) -> "Broker":
        """Clean stop (if running), then start again on the same data dir."""
        if self.running:
            self.stop_clean()
        return self.start(timeout, same_port=same_port)

    def crash_restart(self, timeout: float = START_TIMEOUT_S, same_port: bool = False) -> "Broker":
        """kill -9, then start again on the same data dir (recovery path)."""
        self.kill9()
        return self.start(timeout, same_port=same_port)

    def _require_running(self) -> subprocess.Popen:
        if not self.running:
            raise BrokerError("broker is not running")
        assert self.proc is not None
        return self.proc

    # -- introspection --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int:
        return self._require_running().pid

    @property
    def bootstrap(self) -> str:
        if self.ready is None:
            raise BrokerError("broker not started")
        return self.ready["bootstrap_servers"]

    @property
    def host(self) -> str:
        return self.bootstrap.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.bootstrap.rsplit(":", 1)[1])

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        return int(m.group(1)) if m else 0

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def clean_shutdown_markers(self) -> list[Path]:
        """Clean-shutdown marker files under the data dir (Kafka: <log.dir>/.kafka_cleanshutdown)."""
        return sorted(p for p in self.data_dir.rglob("*") if p.is_file() and CLEAN_SHUTDOWN_RE.search(p.name))

    def remove_clean_shutdown_markers(self) -> list[Path]:
        """Delete the marker(s) so the next start treats the last run as a crash and recovers."""
        found = self.clean_shutdown_markers()
        for p in found:
            p.unlink()
        return found

    def partition_dir(self, topic: str, partition: int = 0) -> Path:
        return self.data_dir / f"{topic}-{partition}"

    def assert_alive(self) -> None:
        if not self.running:
            raise BrokerError(f"broker died (exit {self.proc.returncode if self.proc else None}):\n{self.log_tail()}")
