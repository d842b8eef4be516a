"""The cluster script's decisions that need no cluster: the address replicas advertise, a port in use,
and the reaper that cleans up after a parent killed outright."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from modules.services.live import local_ip
from scripts.cluster import ROOT, Cluster, port_in_use


def test_replicas_advertise_the_load_balancer_on_the_rooms_network(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert Cluster(2, lb_port=8600, address="0.0.0.0").public_url == f"http://{local_ip()}:8600"
    assert Cluster(2, lb_port=8600, address="127.0.0.1").public_url == "http://127.0.0.1:8600"
    given = Cluster(2, lb_port=8600, extra_env={"PUBLIC_URL": "https://training.example.org/"})
    assert given.public_url == "https://training.example.org"
    env = Cluster(2, lb_port=8600, database_url="postgresql://x", address="0.0.0.0").env()
    assert env["PUBLIC_URL"] == f"http://{local_ip()}:8600"  # never one replica's own port
    assert env["TRUST_PROXY_HEADERS"] == "1"


def test_a_port_in_use_is_seen() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert port_in_use("127.0.0.1", port)
        assert port_in_use("0.0.0.0", port)  # every interface includes loopback
    assert not port_in_use("127.0.0.1", port)


def _reaper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "scripts" / "reaper.py")], stdin=subprocess.PIPE)


def test_the_reaper_cleans_up_when_its_parent_vanishes(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "reaper-test-mark"])
    folder = tmp_path / "cluster-left"
    folder.mkdir()
    marker = tmp_path / "ran"
    reaper = _reaper()
    assert reaper.stdin is not None
    for order in (
        {"kill": child.pid, "mark": "reaper-test-mark"},
        {"run": [sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"]},
        {"rmtree": str(folder)},
    ):
        reaper.stdin.write((json.dumps(order) + "\n").encode())
    reaper.stdin.close()  # as when the parent dies: its end of the pipe closes
    assert reaper.wait(20) == 0
    assert child.wait(10) != 0  # terminated
    assert marker.exists() and not folder.exists()


def test_the_reaper_does_nothing_after_a_clean_stop(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "reaper-test-mark"])
    folder = tmp_path / "cluster-kept"
    folder.mkdir()
    reaper = _reaper()
    assert reaper.stdin is not None
    reaper.stdin.write((json.dumps({"kill": child.pid, "mark": "reaper-test-mark"}) + "\n").encode())
    reaper.stdin.write((json.dumps({"rmtree": str(folder)}) + "\n").encode())
    reaper.stdin.write(b'{"done": true}\n')
    reaper.stdin.close()
    assert reaper.wait(20) == 0
    time.sleep(0.2)
    assert child.poll() is None and folder.exists()
    child.kill()
    child.wait()
