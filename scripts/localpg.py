"""A throwaway PostgreSQL server on a free loopback port, for tests and the local cluster.

Uses Debian's server binaries (initdb/pg_ctl); as root it runs them as the `postgres` user,
because initdb refuses to run as root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "initdb").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class LocalPostgres:
    def __init__(self, port: int | None = None, max_connections: int = 200) -> None:
        bin_dir = pg_bin()
        if bin_dir is None:
            raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bin_dir
        self.port = port or free_port()
        self.max_connections = max_connections
        self.base = Path(tempfile.mkdtemp(prefix="localpg-"))
        self.data = self.base / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.base, "postgres", "postgres")
            self.base.chmod(0o755)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://test@127.0.0.1:{self.port}/postgres"

    def start(self) -> LocalPostgres:
        subprocess.run(
            [*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "test", "--auth=trust", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server on its data folder (after `start` made it, or after `pause`)."""
        opts = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c max_connections={self.max_connections}"
        )
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, *self._log_start],
            check=True,
            capture_output=True,
        )

    @property
    def _log_start(self) -> list[str]:
        return ["-l", str(self.base / "log"), "-w", "start"]

    def pause(self) -> None:
        """Stop the server and keep its data: an outage, ended by `resume`."""
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
            check=True,
            capture_output=True,
        )

    def stop_command(self) -> list[str]:
        """What stops the server at once (pg_ctl daemonises it: its parent's death does not)."""
        return [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]

    def stop(self) -> None:
        subprocess.run(self.stop_command(), capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)
