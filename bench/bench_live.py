"""Live session under a full room: 60 simulated phones on one server process, through Streamlit's
own websocket protocol (BackMsg / ForwardMsg protobufs on ws://127.0.0.1:PORT/_stcore/stream).

Each phone opens /join?code=..., joins with a nickname through the page's form, and keeps the page
open with its polling fragment running (the client re-sends the fragment rerun every interval the
server asks for, as the browser does). The facilitator launches a question; every phone waits for
it to appear, then all answer at the same moment (each taps "Send" twice). Measured:

- every answer recorded exactly once (database count and distinct participants);
- time from submit to recorded (database timestamp) and to the page's answer (script finished), p50/p95;
- time from launch to the question on the phones, p50/p95;
- the projector (a signed-in websocket client on /projector) showing the right count, and how long
  after the last answer it did;
- server memory per connected phone, and the share of one core the 60 polling phones use;
- the participant page's full reruns and its polling fragment against a bare page, as rerun rates
  under saturation, measured in the same run.

Loopback only; every loop is bounded in count and time. Results merge into bench/results.json
under "live". Usage: python bench/bench_live.py [--participants 60] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

RESULTS = Path(__file__).with_name("results.json")
FULL = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FRAGMENT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
BARE_PAGE = 'import streamlit as st\nst.title("Bare page")\nst.button("Click")\n'
BARE_PAGE_FROZEN = (
    "import gc\nimport streamlit as st\n\n\n@st.cache_resource\ndef _freeze():\n    gc.freeze()\n\n\n_freeze()\n"
    + BARE_PAGE.split("\n", 1)[1]
)
"""The bare page after the one-time gc.freeze() the live pages do (see modules/ui/components/live_data.py)."""
PASSWORD = "bench-password-123"
EXTRA_FLAGS: list[str] = []
DEADLINE = time.monotonic() + 15 * 60  # the whole bench stops by itself


# -- the server ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", *EXTRA_FLAGS],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    server = Server(port, proc)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


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


async def join_phone(port: int, code: str, name: str, poll: bool = True) -> Client:
    phone = Client(port, "join", f"code={code}", poll=poll)
    await phone.connect()
    await phone.run()
    nickname = phone.find("text_input", "Nickname (optional)")
    button = phone.find("button", "Join")
    phone.elements = []
    await phone.rerun([text_state(nickname, name), trigger(button)])
    end = time.monotonic() + 60
    while not any(e.kind == "text" and e.body.startswith("You: ") for e in phone.elements):
        await phone.wait_full(max(0.1, end - time.monotonic()))
    assert "p=" in phone.query, phone.query
    return phone


async def signed_in_projector(port: int, session_id: int) -> Client:
    screen = Client(port, "sign-in")
    await screen.connect()
    await screen.run()
    user, password = screen.find("text_input", "Username"), screen.find("text_input", "Password")
    button = screen.find("button", "Sign in")
    await screen.rerun([text_state(user, "bench-trainer"), text_state(password, PASSWORD), trigger(button)])
    await screen.wait_full()
    screen.page_name, screen.page_hash, screen.query = "projector", "", f"session={session_id}"
    await screen.run()
    return screen


async def room(port: int, server: Server, engine: Any, session: Any, n: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from modules.services import live
    from modules.storage.live import aware
    from modules.storage.schema_live import live_answers, live_participants

    # the projector: watches for "<n> answers" in what its 1 s fragment draws
    seen_counts: list[tuple[float, int]] = []

    def watch(el: Element) -> None:
        if el.kind == "markdown" and " answer" in el.body and "joined" in el.body:
            with contextlib.suppress(ValueError):
                seen_counts.append((time.time(), int(el.body.lstrip("# ").split()[0])))

    projector = await signed_in_projector(port, session.id)
    projector.on_element = watch
    await asyncio.sleep(2)
    rss_before = server.rss_mb()

    phones: list[Client] = []
    joined_at = time.monotonic()
    for batch in range(0, n, 10):  # a room arrives over a few seconds, not in one instant
        phones += await asyncio.gather(*(join_phone(port, session.code, f"Phone {i}") for i in range(batch, min(n, batch + 10))))
    join_seconds = time.monotonic() - joined_at
    pid: dict[int, int] = {}
    for i, p in enumerate(phones):  # which participant row each phone is, from the token in its URL
        token = dict(kv.split("=", 1) for kv in p.query.split("&") if "=" in kv)["p"]
        me = live.rejoin(engine, session, urllib.parse.unquote(token))
        assert me is not None
        pid[i] = me.id
    with engine.connect() as conn:
        joined = conn.execute(
            select(func.count()).select_from(live_participants).where(live_participants.c.session_id == session.id)
        ).scalar_one()

    await asyncio.sleep(4)  # every phone polling
    cpu0, polls0, t0 = server.cpu_seconds(), sum(p.polls_sent for p in phones), time.monotonic()
    await asyncio.sleep(10)
    idle_cpu = (server.cpu_seconds() - cpu0) / (time.monotonic() - t0)
    polls_per_s = (sum(p.polls_sent for p in phones) - polls0) / (time.monotonic() - t0)
    rss_after = server.rss_mb()

    # launch: each phone's poll notices within its interval and redraws with the question form
    ready: dict[int, float] = {}
    events = [asyncio.Event() for _ in phones]

    def waiter(i: int) -> Any:
        def on(el: Element) -> None:
            if el.kind == "radio" and i not in ready:
                ready[i] = time.time()
                events[i].set()

        return on

    for i, p in enumerate(phones):
        p.on_element = waiter(i)
    question = live.launch(engine, session.id, live.spec_adhoc("Which is an indicator?", "single", "*Debt\nPay\nLeave\nRest"))
    launched = time.time()
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), 60)
    await asyncio.sleep(0.3)

    # every phone answers at the same moment, tapping "Send" twice
    sent: dict[int, float] = {}
    done: dict[int, float] = {}

    async def answer(i: int, phone: Client) -> None:
        radio = phone.find("radio")
        button = phone.find("button", "Send my answer")
        widgets = [choice_state(radio, i), trigger(button)]
        phone.elements = []
        sent[i] = time.time()
        await phone.rerun(widgets)
        await asyncio.sleep(0.005)
        await phone.rerun(widgets)
        end = time.monotonic() + 60
        while not any("Answer received" in e.body or "not counted" in e.body for e in phone.elements):
            await phone.wait_full(max(0.1, end - time.monotonic()))
        done[i] = time.time()

    await asyncio.gather(*(answer(i, p) for i, p in enumerate(phones)))

    with engine.connect() as conn:
        rows = conn.execute(
            select(live_answers.c.participant_id, live_answers.c.answered_at).where(live_answers.c.question_id == question.id)
        ).all()
    recorded = {r.participant_id: aware(r.answered_at).timestamp() for r in rows}
    last_recorded = max(recorded.values(), default=time.time())
    by_participant = sorted(r.participant_id for r in rows)
    submit_to_recorded = [recorded[pid[i]] - sent[i] for i in sent if pid[i] in recorded]

    # the projector: how long after the last answer did it show the full count?
    shown_at = None
    end = time.monotonic() + 10
    while time.monotonic() < end:
        hits = [t for t, c in seen_counts if c == n and t >= launched]
        if hits:
            shown_at = min(hits)
            break
        await asyncio.sleep(0.05)
    projector_max = max((c for t, c in seen_counts if t >= launched), default=0)

    first_send = min(sent.values())
    for p in [*phones, projector]:
        await p.close()

    return {
        "participants": n,
        "joined": joined,
        "join_seconds_for_all": round(join_seconds, 1),
        "answers_recorded": len(rows),
        "distinct_participants_answering": len(set(by_participant)),
        "exactly_once": len(rows) == n and len(set(by_participant)) == n,
        "double_taps_sent": 2 * n,
        "launch_to_question_on_phone": ms([t - launched for t in ready.values()]),
        "submit_to_recorded": ms(submit_to_recorded),
        "submit_to_page_confirmed": ms([done[i] - sent[i] for i in done]),
        "all_recorded_after_first_submit_s": round(last_recorded - first_send, 2),
        "projector_showed_full_count": shown_at is not None,
        "projector_max_count_seen": projector_max,
        "projector_lag_after_last_answer_s": round(shown_at - last_recorded, 2) if shown_at else None,
        "polling": {
            "polls_per_s": round(polls_per_s, 1),
            "server_cpu_share_of_one_core": round(idle_cpu, 3),
        },
        "memory": {
            "rss_before_mb": round(rss_before, 1),
            "rss_with_participants_mb": round(rss_after, 1),
            "per_participant_mb": round((rss_after - rss_before) / n, 3),
        },
    }


async def main_async(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from modules.services import live
    from modules.services.auth import create_user
    from modules.storage.db import make_engine

    # 1) a bare page, for the ratio: as Streamlit runs it, and after a one-time gc.freeze()
    bare_rates = {}
    for name, source in (("bare", BARE_PAGE), ("bare_frozen", BARE_PAGE_FROZEN)):
        script = tmp / f"{name}.py"
        script.write_text(source)
        bare = start_server(script, dict(os.environ), tmp / f"{name}.log")
        try:
            async def bare_tab(_: int, port: int = bare.port) -> Client:
                tab = Client(port, "")
                await tab.connect()
                await tab.run()
                return tab

            await saturate(bare_tab, 2, 1.0)  # warm up
            bare_rates[name] = await saturate(bare_tab, args.tabs, args.seconds)
        finally:
            bare.stop()
    bare_full = bare_rates["bare"]

    # 2) the app, with its own SQLite database
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(db_url)
    trainer = create_user(engine, "bench-trainer", "Bench trainer", "facilitator", PASSWORD)
    env = dict(os.environ) | {"DATABASE_URL": db_url}
    app = start_server(ROOT / "app.py", env, tmp / "app.log")
    try:
        probe = live.start_session(engine, trainer.id, "Probe room")

        async def waiting_phone(i: int) -> Client:
            return await join_phone(app.port, probe.code, f"Probe {i}", poll=False)

        await saturate(waiting_phone, 2, 1.0)  # warm up imports and caches
        page_full = await saturate(waiting_phone, args.tabs, args.seconds)
        page_poll = await saturate(waiting_phone, args.tabs, args.seconds, fragment=True)
        live.end_session(engine, probe.id)

        session = live.start_session(engine, trainer.id, "Bench room")
        result = await room(app.port, app, engine, session, args.participants)
    finally:
        app.stop()
        engine.dispose()

    needed = args.participants / 2.0  # every phone polls every 2 s
    return {
        "what": f"{args.participants} phones on one server process via Streamlit's websocket protocol",
        "server_flags": EXTRA_FLAGS,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "room": result,
        "rerun_rates": {
            "tabs": args.tabs,
            "seconds": args.seconds,
            "bare_page_full": bare_full,
            "bare_page_full_after_gc_freeze": bare_rates["bare_frozen"],
            "participant_page_full": page_full,
            "participant_poll_fragment": page_poll,
            "ratio_participant_full_to_bare": round(page_full["reruns_per_s"] / bare_full["reruns_per_s"], 2),
            "ratio_poll_to_bare": round(page_poll["reruns_per_s"] / bare_full["reruns_per_s"], 2),
            "ratio_participant_full_to_frozen_bare": round(
                page_full["reruns_per_s"] / bare_rates["bare_frozen"]["reruns_per_s"], 2
            ),
            "polls_needed_per_s": needed,
            "poll_capacity_used": round(needed / page_poll["reruns_per_s"], 2),
        },
    }


def save(key: str, value: Any) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[key] = value
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--tabs", type=int, default=8, help="concurrent tabs for the rerun-rate phases")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each rerun-rate phase")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--no-post-script-gc", action="store_true", help="run the servers with --runner.postScriptGC false, to compare"
    )
    args = parser.parse_args()
    if args.no_post_script_gc:
        EXTRA_FLAGS.extend(["--runner.postScriptGC", "false"])
    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    try:
        result = asyncio.run(main_async(args, tmp))
    finally:
        if os.environ.get("BENCH_KEEP"):
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if not args.no_save:
        save("live", result)


if __name__ == "__main__":
    main()
