"""A client that speaks Streamlit's own websocket protocol (BackMsg/ForwardMsg protobufs on
ws://127.0.0.1:PORT/_stcore/stream), as the browser does: plain HTTP load tools do not exercise
Streamlit. Shared by the load and live benchmarks. Loopback only; every loop is bounded."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.cluster import streamlit_command, wait_healthy  # noqa: E402
from scripts.localpg import free_port  # noqa: E402

FULL = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FRAGMENT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
BARE_PAGE = 'import streamlit as st\nst.title("Bare page")\nst.button("Click")\n'
EXTRA_FLAGS: list[str] = []
DEADLINE = time.monotonic() + 20 * 60  # every benchmark stops by itself


@dataclass
class Server:
    port: int
    proc: subprocess.Popen[bytes]

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_server(script: Path, env: dict[str, str], log: Path) -> Server:
    port = free_port()
    env = {k: v for k, v in env.items() if not k.startswith("STREAMLIT_")} | {
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    with log.open("ab") as out:
        proc = subprocess.Popen(
            streamlit_command(port, script, *EXTRA_FLAGS),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, proc)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
    except RuntimeError:
        server.stop()
        raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}") from None
    return server


# -- a websocket client that speaks like the browser --------------------------------------------
@dataclass
class Element:
    kind: str
    id: str
    label: str
    body: str
    options: tuple[str, ...] = ()


@dataclass
class Client:
    """One browser tab: sends reruns, reads ForwardMsgs, re-sends fragment reruns on the server's timer."""

    port: int
    page_name: str
    query: str = ""
    page_hash: str = ""
    elements: list[Element] = field(default_factory=list)
    finished: asyncio.Queue[tuple[int, float]] = field(default_factory=asyncio.Queue)
    on_element: Any = None
    poll: bool = True
    polls_sent: int = 0
    fragments: list[str] = field(default_factory=list)
    ws: Any = None
    _reader: asyncio.Task[None] | None = None
    _timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=30
        )
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        for t in self._timers.values():
            t.cancel()
        if self._reader:
            self._reader.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()

    async def rerun(self, widgets: list[WidgetState] | None = None, fragment_id: str = "") -> None:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page_name
        cs.page_script_hash = self.page_hash
        if fragment_id:
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = True
        for w in widgets or []:
            cs.widget_states.widgets.append(w)
        await self.ws.send(msg.SerializeToString())

    async def run(self, widgets: list[WidgetState] | None = None, timeout: float = 60) -> float:
        """A full rerun; returns its round trip in seconds (until script_finished)."""
        self.elements = []
        start = time.perf_counter()
        await self.rerun(widgets)
        await self.wait_full(timeout)
        return time.perf_counter() - start

    async def wait_full(self, timeout: float = 60) -> float:
        end = time.monotonic() + timeout
        while True:
            status, at = await asyncio.wait_for(self.finished.get(), max(0.01, end - time.monotonic()))
            if status == FULL:
                return at

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed, asyncio.CancelledError):
            async for raw in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    el = msg.delta.new_element
                    etype = el.WhichOneof("type") or ""
                    inner = getattr(el, etype)
                    body = getattr(inner, "body", "") if hasattr(inner, "body") else ""
                    options = tuple(str(o) for o in getattr(inner, "options", ()))
                    item = Element(etype, getattr(inner, "id", ""), getattr(inner, "label", ""), str(body), options)
                    self.elements.append(item)
                    if self.on_element:
                        self.on_element(item)
                elif kind == "navigation":
                    self.page_hash = msg.navigation.page_script_hash
                elif kind == "page_info_changed":
                    self.query = msg.page_info_changed.query_string
                elif kind == "auto_rerun":
                    fid = msg.auto_rerun.fragment_id
                    if fid not in self.fragments:
                        self.fragments.append(fid)
                    if not self.poll:
                        continue
                    for old in self._timers.values():  # as the browser: only the fragments of the last run tick
                        old.cancel()
                    self._timers = {fid: asyncio.create_task(self._tick(fid, msg.auto_rerun.interval))}
                elif kind == "script_finished":
                    self.finished.put_nowait((msg.script_finished, time.time()))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        """The browser's fragment timer: bounded by the bench deadline."""
        with contextlib.suppress(asyncio.CancelledError, websockets.ConnectionClosed):
            while time.monotonic() < DEADLINE:
                await asyncio.sleep(interval)
                self.polls_sent += 1
                await self.rerun(fragment_id=fragment_id)

    def find(self, kind: str, label: str | None = None) -> Element:
        for el in self.elements:
            if el.kind == kind and (label is None or el.label == label):
                return el
        raise LookupError(f"no {kind} {label!r} on {self.page_name}: {[(e.kind, e.label) for e in self.elements]}")


def text_state(el: Element, value: str) -> WidgetState:
    w = WidgetState(id=el.id)
    w.string_value = value
    return w


def trigger(el: Element) -> WidgetState:
    w = WidgetState(id=el.id)
    w.trigger_value = True
    return w


def choice_state(el: Element, index: int) -> WidgetState:
    """A radio's value is the text of the chosen option (Streamlit 1.67 serialises it as a string)."""
    w = WidgetState(id=el.id)
    w.string_value = el.options[index % len(el.options)]
    return w


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50_ms": round(1000 * statistics.median(samples), 1),
        "p95_ms": round(1000 * pct(samples, 0.95), 1),
        "max_ms": round(1000 * max(samples), 1),
    }


# -- phases -------------------------------------------------------------------------------------
async def saturate(make: Any, clients: int, seconds: float, fragment: bool = False) -> dict[str, float]:
    """Reruns per second when `clients` tabs each rerun back to back (CPU-bound on one process)."""
    tabs: list[Client] = [await make(i) for i in range(clients)]
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    async def loop(tab: Client) -> None:
        fid = tab.fragments[-1] if tab.fragments else ""
        while time.monotonic() < stop:
            start = time.perf_counter()
            if fragment:
                await tab.rerun(fragment_id=fid)
                while True:
                    status, _ = await asyncio.wait_for(tab.finished.get(), 30)
                    if status == FRAGMENT:
                        break
            else:
                await tab.run()
            latencies.append(time.perf_counter() - start)

    began = time.monotonic()
    await asyncio.gather(*(loop(t) for t in tabs))
    elapsed = time.monotonic() - began
    for t in tabs:
        await t.close()
    return {"reruns_per_s": round(len(latencies) / elapsed, 1), **ms(latencies)}
