"""Several app replicas behind HAProxy (cookie-sticky), sharing one PostgreSQL, on loopback.

    python scripts/cluster.py --replicas 2 [--lb-port 8600] [--database-url postgresql://...]

Without --database-url it starts a throwaway PostgreSQL server. Migrations run once, before the
replicas start. Ctrl-C stops everything. Tests and benchmarks use `Cluster` directly."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.localpg import LocalPostgres, free_port  # noqa: E402

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


class Cluster:
    def __init__(
        self,
        replicas: int = 2,
        lb_port: int | None = None,
        database_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.replicas = replicas
        self.lb_port = lb_port or free_port()
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.pg: LocalPostgres | None = None
        self.workdir = Path(tempfile.mkdtemp(prefix="cluster-"))
        self.ports: list[int] = []
        self.procs: list[subprocess.Popen[bytes] | None] = []
        self.haproxy: subprocess.Popen[bytes] | None = None
        self.cookie_secret = secrets.token_hex(16)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(self.extra_env)
        env["DATABASE_URL"] = str(self.database_url)
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret  # the same on every replica
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        # Phones and certificates must point at the load balancer, never at one replica's port.
        env.setdefault("PUBLIC_URL", self.url)
        # Replicas listen on loopback, behind HAProxy only: the browser's address is the last
        # X-Forwarded-For entry (per-device limits on sign-ins and live joins; modules/ui/client.py).
        env["TRUST_PROXY_HEADERS"] = "1"
        return env

    def start(self) -> Cluster:
        if self.database_url is None:
            self.pg = LocalPostgres().start()
            self.database_url = self.pg.url
        from modules.storage.db import make_engine

        make_engine(self.database_url).dispose()  # migrations, once, before any replica starts
        self.ports = [free_port() for _ in range(self.replicas)]
        self.procs = [None] * self.replicas
        for i in range(self.replicas):
            self.start_replica(i)
        self._start_haproxy()
        return self

    def start_replica(self, i: int) -> None:
        log = (self.workdir / f"replica{i}.log").open("ab")
        self.procs[i] = subprocess.Popen(
            streamlit_command(self.ports[i]),
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_healthy(self.replica_url(i))

    def kill_replica(self, i: int, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[i]
        if proc and proc.poll() is None:
            proc.send_signal(sig)
            proc.wait(10)

    def _start_haproxy(self) -> None:
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        servers = "\n".join(
            f"    server r{i} 127.0.0.1:{port} cookie r{i} check inter 500ms fall 2 rise 2"
            for i, port in enumerate(self.ports)
        )
        template = string.Template((ROOT / "deploy" / "haproxy.cfg.tmpl").read_text())
        cfg = self.workdir / "haproxy.cfg"
        cfg.write_text(template.substitute(LB_PORT=self.lb_port, SERVERS=servers))
        check = subprocess.run([haproxy, "-c", "-f", str(cfg)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy config invalid: {check.stdout}{check.stderr}")
        log = (self.workdir / "haproxy.log").open("ab")
        self.haproxy = subprocess.Popen([haproxy, "-db", "-f", str(cfg)], stdout=log, stderr=subprocess.STDOUT)
        wait_healthy(self.url)

    def stop(self) -> None:
        if self.haproxy and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(10)
        for i in range(len(self.procs)):
            self.kill_replica(i, signal.SIGTERM)
        if self.pg:
            self.pg.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--lb-port", type=int, default=8600)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None)
    args = parser.parse_args()
    cluster = Cluster(args.replicas, args.lb_port, args.database_url).start()
    print(f"load balancer: {cluster.url}")
    for i in range(cluster.replicas):
        print(f"replica {i}: {cluster.replica_url(i)}")
    print(f"database: {cluster.database_url}")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
