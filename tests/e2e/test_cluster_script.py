"""`make cluster` (scripts/cluster.py) as an operator runs it: its log names every address at once,
a replica that dies is started again, a second cluster on a used port is refused, and every way of
stopping it (Ctrl-C, SIGTERM, SIGHUP, even SIGKILL of the script) leaves no process, port or
temporary folder behind. Real processes: PostgreSQL, two Streamlit replicas and HAProxy."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.cluster import wait_healthy
from scripts.localpg import free_port, pg_bin
from tests.conftest import missing_dependency

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Running:
    proc: subprocess.Popen[str]
    lines: list[str]
    lb_port: int
    replica_ports: list[int]
    replica_pids: list[int]
    db_port: int
    folders: list[Path]

    def read_until(self, pattern: str, timeout: float = 60) -> str:
        """The first log line matching `pattern`, read as the script writes it (no buffering)."""
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line:
                self.lines.append(line)
                if re.search(pattern, line):
                    return line
            elif self.proc.poll() is not None:
                break
        raise AssertionError(f"no line matching {pattern!r} in: {''.join(self.lines)}")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _start(lb_port: int) -> Running:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "DATABASE_URL", "PUBLIC_URL")}
    proc = subprocess.Popen(
        [sys.executable, "scripts/cluster.py", "--replicas", "2", "--lb-port", str(lb_port), "--address", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Running(proc, [], lb_port, [], [], 0, [])
    running.read_until(r"^load balancer: ")
    for i in range(2):
        line = running.read_until(rf"^replica {i}: ")
        match = re.search(r":(\d+) \(pid (\d+)\)", line)
        assert match, line
        running.replica_ports.append(int(match.group(1)))
        running.replica_pids.append(int(match.group(2)))
    db = running.read_until(r"^database: ")
    running.db_port = int(re.search(r"@127\.0\.0\.1:(\d+)/", db).group(1))  # type: ignore[union-attr]
    folders = running.read_until(r"^logs and data \(removed at exit\): ")
    running.folders = [Path(f) for f in folders.split(": ", 1)[1].split()]
    assert len(running.folders) == 2 and all(f.is_dir() for f in running.folders), running.folders
    running.read_until("Ctrl-C stops everything")
    # The log had every address while the cluster runs, with PYTHONUNBUFFERED unset (review F4).
    wait_healthy(f"http://127.0.0.1:{lb_port}", timeout=30)
    return running


def _assert_all_gone(running: Running, timeout: float = 20) -> None:
    ports = [running.lb_port, *running.replica_ports, running.db_port]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in running.replica_pids if _alive(p)]
        busy = [p for p in ports if _listening(p)]
        folders = [f for f in running.folders if f.exists()]
        if not (alive or busy or folders):
            return
        time.sleep(0.2)
    raise AssertionError(f"left behind: processes {alive}, ports {busy}, folders {folders}")


@pytest.fixture
def needs_cluster_tools() -> Iterator[None]:
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        missing_dependency("HAProxy not found (scripts/system-deps.sh installs it)")
    if pg_bin() is None:
        missing_dependency("PostgreSQL server binaries not found (scripts/system-deps.sh installs them)")
    yield


def test_supervised_refuses_a_used_port_and_sigterm_stops_everything(needs_cluster_tools: None) -> None:
    running = _start(free_port())
    try:
        # a replica that dies is started again, on its own port, and serves again
        os.kill(running.replica_pids[0], signal.SIGKILL)
        running.read_until(r"replica0 exited \(code -9\)")
        running.read_until("replica0 started again", timeout=30)
        wait_healthy(f"http://127.0.0.1:{running.replica_ports[0]}", timeout=30)

        # a second cluster on the same port is refused, with a message, and starts nothing
        second = subprocess.run(
            [sys.executable, "scripts/cluster.py", "--lb-port", str(running.lb_port), "--address", "127.0.0.1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 2
        assert f"Port {running.lb_port} is already in use" in second.stdout + second.stderr

        running.proc.send_signal(signal.SIGTERM)  # a service manager's stop
        assert running.proc.wait(30) == 0
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
    _assert_all_gone(running)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGKILL], ids=["hang-up", "killed-outright"])
def test_every_child_dies_with_the_script(needs_cluster_tools: None, sig: signal.Signals) -> None:
    running = _start(free_port())
    try:
        running.proc.send_signal(sig)
        running.proc.wait(30)
    finally:
        if running.proc.poll() is None:
            running.proc.kill()
    _assert_all_gone(running)
