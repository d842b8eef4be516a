"""Several app replicas behind HAProxy (cookie-sticky), sharing one PostgreSQL.

    python scripts/cluster.py --replicas 2 [--lb-port 8600] [--address 0.0.0.0] [--database-url postgresql://...]

Without --database-url it starts a throwaway PostgreSQL server. Migrations run once, before the
replicas start. The replicas listen on loopback; the load balancer listens on --address (every
interface by default, so phones on the room's network can join), and every replica advertises the
load balancer's address (PUBLIC_URL) to phones and on certificates.

It supervises what it started: a replica or HAProxy that exits is started again (after 1, 2, 4 …
up to 30 s). Ctrl-C, SIGTERM and SIGHUP stop everything; if the script itself is killed outright,
its children die with it (replicas and HAProxy by the kernel's parent-death signal, PostgreSQL and
the temporary folders by scripts/reaper.py). It refuses to start on a port already in use.
Tests and benchmarks use `Cluster` directly."""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.localpg import LocalPostgres, free_port  # noqa: E402

BACKOFF_MAX = 30.0
"""Longest wait, in seconds, before starting a crashed process again."""
STABLE_AFTER = 30.0
"""A process that ran this long before exiting starts again at once (its backoff is reset)."""

SERVE = ROOT / "serve.py"
"""What `make run` starts: the app behind its HTTP guard."""


def streamlit_command(port: int, script: Path = SERVE, *extra: str) -> list[str]:
    """`streamlit run` of a script on a loopback port, headless: one command line for the cluster's
    replicas, the browser tests and the benchmarks, so they all serve the app as `make run` does."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        *extra,
    ]


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310 - loopback only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy")


class ClusterError(RuntimeError):
    """Why the cluster cannot start, in words for the person who typed `make cluster`."""


def port_in_use(address: str, port: int) -> bool:
    """Whether something listens on the port. HAProxy would otherwise share it (SO_REUSEPORT) and
    split new users between two clusters with two databases."""
    with socket.socket() as s:
        try:
            s.bind((address or "0.0.0.0", port))  # noqa: S104 - the address the load balancer will use
        except OSError:
            return True
    return False


def _die_with_parent() -> None:
    """Run in the child before exec: the kernel sends it SIGTERM when the cluster script dies, even by
    SIGKILL. Linux only; elsewhere the reaper still cleans up."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Cluster:
    def __init__(
        self,
        replicas: int = 2,
        lb_port: int | None = None,
        database_url: str | None = None,
        extra_env: dict[str, str] | None = None,
        address: str = "127.0.0.1",
        log: bool = False,
    ) -> None:
        self.replicas = replicas
        self.lb_port = lb_port or free_port()
        self.address = address
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.log = log
        self.pg: LocalPostgres | None = None
        self.workdir = Path()  # made by start()
        self.ports: list[int] = []
        self.procs: list[subprocess.Popen[bytes] | None] = []
        self.haproxy: subprocess.Popen[bytes] | None = None
        self.cookie_secret = secrets.token_hex(16)
        self.restarts: list[int] = []
        """How many times each replica was started again after it exited."""
        self._reaper: subprocess.Popen[bytes] | None = None
        self._started_at: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._due: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stopping = False

    @property
    def url(self) -> str:
        """The load balancer, as this computer reaches it."""
        return f"http://127.0.0.1:{self.lb_port}"

    @property
    def public_url(self) -> str:
        """The load balancer, as phones on the room's network reach it (what replicas advertise)."""
        given = self.extra_env.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL", "")
        if given.strip():
            return given.strip().rstrip("/")
        if self.address in ("", "0.0.0.0", "::"):  # noqa: S104 - every interface
            from modules.services.live import local_ip

            return f"http://{local_ip()}:{self.lb_port}"
        return f"http://{self.address}:{self.lb_port}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(self.extra_env)
        env["DATABASE_URL"] = str(self.database_url)
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret  # the same on every replica
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        # Phones and certificates must point at the load balancer, never at one replica's port.
        env["PUBLIC_URL"] = self.public_url
        # Replicas listen on loopback, behind HAProxy only: the browser's address is the last
        # X-Forwarded-For entry (per-device limits on sign-ins and live joins; modules/ui/client.py).
        env["TRUST_PROXY_HEADERS"] = "1"
        return env

    def say(self, message: str) -> None:
        if self.log:
            print(message, flush=True)

    def start(self) -> Cluster:
        if port_in_use(self.address, self.lb_port):
            raise ClusterError(
                f"Port {self.lb_port} is already in use (another `make cluster` still running?). "
                f"Stop it first, or choose another port: make cluster LB_PORT=<port>."
            )
        self.workdir = Path(tempfile.mkdtemp(prefix="cluster-"))
        self._start_reaper()
        try:
            if self.database_url is None:
                self.pg = LocalPostgres()
                self._tell_reaper({"run": self.pg.stop_command()}, {"rmtree": str(self.pg.base)})
                self.pg.start()
                self.database_url = self.pg.url
            from modules.storage.db import make_engine

            make_engine(self.database_url).dispose()  # migrations, once, before any replica starts
            self.ports = [free_port() for _ in range(self.replicas)]
            self.procs = [None] * self.replicas
            self.restarts = [0] * self.replicas
            for i in range(self.replicas):
                self.start_replica(i)
            self._start_haproxy()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_reaper(self) -> None:
        self._reaper = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "reaper.py")],
            stdin=subprocess.PIPE,
            start_new_session=True,  # a terminal's Ctrl-C or hang-up must not stop the clean-up
        )
        self._tell_reaper({"rmtree": str(self.workdir)})

    def _tell_reaper(self, *orders: dict[str, object]) -> None:
        reaper = self._reaper
        if reaper is None or reaper.stdin is None or reaper.poll() is not None:
            return
        try:
            for order in orders:
                reaper.stdin.write((json.dumps(order) + "\n").encode())
            reaper.stdin.flush()
        except OSError:
            pass

    def _spawn(self, name: str, command: list[str], mark: str) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        log.close()
        self._tell_reaper({"kill": proc.pid, "mark": mark})
        self._started_at[name] = time.monotonic()
        return proc

    def start_replica(self, i: int, wait: bool = True) -> None:
        self.procs[i] = self._spawn(f"replica{i}", streamlit_command(self.ports[i]), f"--server.port {self.ports[i]}")
        if wait:
            wait_healthy(self.replica_url(i))

    def kill_replica(self, i: int, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[i]
        if proc and proc.poll() is None:
            proc.send_signal(sig)
            proc.wait(10)

    def _haproxy_command(self) -> list[str]:
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        servers = "\n".join(
            f"    server r{i} 127.0.0.1:{port} cookie r{i} check inter 500ms fall 2 rise 2"
            for i, port in enumerate(self.ports)
        )
        template = string.Template((ROOT / "deploy" / "haproxy.cfg.tmpl").read_text())
        cfg = self.workdir / "haproxy.cfg"
        cfg.write_text(template.substitute(BIND=self.address or "0.0.0.0", LB_PORT=self.lb_port, SERVERS=servers))  # noqa: S104
        check = subprocess.run([haproxy, "-c", "-f", str(cfg)], capture_output=True, text=True)
        if check.returncode != 0:
            raise ClusterError(f"haproxy config invalid: {check.stdout}{check.stderr}")
        return [haproxy, "-db", "-f", str(cfg)]

    def _start_haproxy(self, wait: bool = True) -> None:
        self.haproxy = self._spawn("haproxy", self._haproxy_command(), str(self.workdir / "haproxy.cfg"))
        if wait:
            wait_healthy(self.url)

    def supervise(self) -> None:
        """Start again, with backoff, whatever exited: a replica or the load balancer. Call it often."""
        with self._lock:
            if self._stopping:
                return
            now = time.monotonic()
            for i, proc in enumerate(self.procs):
                if proc is not None and proc.poll() is not None:
                    self._restart(f"replica{i}", proc.returncode, now, lambda i=i: self.start_replica(i, wait=False))
                    if self.procs[i] is not proc:
                        self.restarts[i] += 1
            if self.haproxy is not None and self.haproxy.poll() is not None:
                self._restart("haproxy", self.haproxy.returncode, now, lambda: self._start_haproxy(wait=False))

    def _restart(self, name: str, code: int | None, now: float, start: object) -> None:
        due = self._due.get(name)
        if due is None:
            ran = now - self._started_at.get(name, now)
            failures = 0 if ran >= STABLE_AFTER else self._failures.get(name, 0) + 1
            self._failures[name] = failures
            delay = 0.0 if failures == 0 else min(BACKOFF_MAX, 2.0 ** (failures - 1))
            self._due[name] = now + delay
            self.say(f"{name} exited (code {code}); starting it again in {delay:.0f} s")
            if delay > 0:
                return
        elif now < due:
            return
        self._due.pop(name, None)
        try:
            start()  # type: ignore[operator]
        except (OSError, ClusterError) as exc:
            self.say(f"{name} could not start: {exc}")
            return
        self.say(f"{name} started again")

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self.haproxy and self.haproxy.poll() is None:
                self.haproxy.terminate()
                self.haproxy.wait(10)
            for i in range(len(self.procs)):
                self.kill_replica(i, signal.SIGTERM)
            if self.pg:
                self.pg.stop()
            if self.workdir != Path():
                shutil.rmtree(self.workdir, ignore_errors=True)
            self._tell_reaper({"done": True})
            if self._reaper is not None:
                if self._reaper.stdin:
                    self._reaper.stdin.close()
                self._reaper.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--lb-port", type=int, default=8600)
    every_interface = "0.0.0.0"  # noqa: S104 - phones on the room's network must reach the load balancer
    parser.add_argument("--address", default=every_interface, help="where the load balancer listens")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    args = parser.parse_args()
    stop = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)  # also when started in the background with SIGINT ignored
    cluster = Cluster(args.replicas, args.lb_port, args.database_url, address=args.address, log=True)
    try:
        cluster.start()
    except ClusterError as exc:
        print(f"make cluster: {exc}", file=sys.stderr, flush=True)
        sys.exit(2)
    print(f"load balancer: {cluster.url} (phones and certificates: {cluster.public_url})", flush=True)
    for i in range(cluster.replicas):
        print(f"replica {i}: {cluster.replica_url(i)} (pid {cluster.procs[i].pid})", flush=True)  # type: ignore[union-attr]
    print(f"database: {cluster.database_url}", flush=True)
    kept = [str(cluster.workdir)] + ([str(cluster.pg.base)] if cluster.pg else [])
    print(f"logs and data (removed at exit): {' '.join(kept)}", flush=True)
    print("Ctrl-C stops everything.", flush=True)
    try:
        while not stop.wait(0.5):
            cluster.supervise()
    finally:
        cluster.stop()
        print("cluster stopped", flush=True)


if __name__ == "__main__":
    main()
