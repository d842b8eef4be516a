"""Cleans up after a parent that died without cleaning up: `kill -9`, an OOM kill, a crash.

The parent (scripts/cluster.py) starts this in its own session, so a terminal's Ctrl-C or hang-up
does not reach it, and writes one JSON line per thing to undo:

    {"kill": 1234, "mark": "streamlit"}   a process, killed only if its command line still holds mark
    {"run": ["pg_ctl", "-D", "...", "stop"]}   a command (PostgreSQL, daemonised by pg_ctl)
    {"rmtree": "/tmp/cluster-abc"}        a folder
    {"done": true}                        the parent cleaned up itself: exit doing nothing

When its standard input closes without "done" (the parent is gone, whatever killed it), it
terminates the processes (SIGTERM, then SIGKILL after 5 s), runs the commands and removes the
folders. Standard library only: it must start fast and never fail on an import."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


def _alive(pid: int, mark: str) -> bool:
    """The process exists and is still the one we were told about (pids are reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return mark in cmdline


def _signal(pids: list[tuple[int, str]], sig: int) -> None:
    for pid, mark in pids:
        if _alive(pid, mark):
            try:
                os.kill(pid, sig)
            except OSError:
                pass


def _stop(pids: list[tuple[int, str]]) -> None:
    _signal(pids, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid, mark) for pid, mark in pids):
        time.sleep(0.1)
    _signal(pids, signal.SIGKILL)


def main() -> None:
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)  # only the end of standard input ends the watch
    pids: list[tuple[int, str]] = []
    commands: list[list[str]] = []
    folders: list[str] = []
    for line in sys.stdin:
        try:
            order = json.loads(line)
        except ValueError:
            continue
        if order.get("done"):
            return
        if "kill" in order:
            pids.append((int(order["kill"]), str(order.get("mark", ""))))
        if "run" in order:
            commands.append([str(a) for a in order["run"]])
        if "rmtree" in order:
            folders.append(str(order["rmtree"]))
    _stop(pids)
    for command in commands:
        subprocess.run(command, capture_output=True, timeout=30, check=False)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
