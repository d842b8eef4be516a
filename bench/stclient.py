"""A client that speaks Streamlit's own websocket protocol (BackMsg/ForwardMsg protobufs on
ws://127.0.0.1:PORT/_stcore/stream), as the browser does: plain HTTP load tools do not exercise
Streamlit. Shared by the load and live benchmarks. Loopback only; every loop is bounded.

The bare page every "against a bare page" figure divides by (`start_bare`) is served under the
app's own settings. `start_server` runs every script, the app's serve.py and the bare page alike,
with one command line (scripts/cluster.py `streamlit_command` plus `EXTRA_FLAGS`), one environment
(the caller's without any STREAMLIT_* variable) and cwd=ROOT. Streamlit reads `$CWD/.streamlit/
config.toml` as the project's config, so both read the app's `.streamlit/config.toml`
(`runner.postScriptGC = false`, the [server] settings, the theme); the bare page's own folder holds
no `.streamlit`, so nothing overrides it. This is checked, not assumed, twice:

- `verify_config`: before the bare page starts, a probe script written next to it and started the
  same way reads back every option of that file with `st.get_option` and must find the file's
  values (`runner.postScriptGC` included);
- `Client.settings`: what the server itself sends each tab in NewSession (toolbar mode, error
  links, sidebar navigation, base font size; the file sets the first two and the font size away
  from Streamlit's defaults) must equal the file's values, for the bare page and the app alike
  (`check_settings`, on the first tab of every saturation phase of bench_load.py).

Left different on purpose: serve.py sets `theme.primaryColor` from content/course.yaml, and wraps
the app in st.App with an HTTP middleware that passes websockets through untouched; both run on
Streamlit's same uvicorn server settings."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NewSession_pb2 import Config as SessionConfig
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Subprotocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.cluster import streamlit_command, wait_healthy  # noqa: E402
from scripts.localpg import free_port  # noqa: E402

FULL = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FRAGMENT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
BARE_PAGE = 'import streamlit as st\nst.title("Bare page")\nst.button("Click")\n'
APP_CONFIG = ROOT / ".streamlit" / "config.toml"
"""The app's Streamlit settings: the bare page is served under the same file (see the docstring)."""
EXTRA_FLAGS: list[str] = []
DEADLINE = time.monotonic() + 20 * 60  # every benchmark stops by itself
MAX_RERUNS_PER_TAB = 100_000  # a second bound on a saturation loop, besides its clock


@dataclass
class Server:
    port: int
    proc: subprocess.Popen[bytes]
    config: dict[str, Any] = field(default_factory=dict)
    """For the bare page: the app's config options found in effect (`verify_config`)."""

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
    """`streamlit run script` as the app is run: cwd=ROOT (so the app's .streamlit/config.toml is the
    project config), no STREAMLIT_* variable from the caller, the shared command line."""
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


# -- the bare page, under the app's settings ---------------------------------------------------------
def app_options() -> dict[str, Any]:
    """Every option the app's config.toml sets, as `section.name`."""
    data = tomllib.loads(APP_CONFIG.read_text(encoding="utf-8"))
    return {f"{section}.{name}": value for section, values in data.items() for name, value in values.items()}


def expected_settings() -> dict[str, Any]:
    """What a server that read the app's config.toml sends each tab (NewSession), for the options
    that file sets."""
    opts = app_options()
    out: dict[str, Any] = {}
    if "client.toolbarMode" in opts:
        out["toolbar_mode"] = str(opts["client.toolbarMode"]).upper()
    if "client.showErrorLinks" in opts:
        out["show_error_links"] = f"SHOW_ERROR_LINKS_{str(opts['client.showErrorLinks']).upper()}"
    if "client.showSidebarNavigation" in opts:
        out["hide_sidebar_nav"] = not opts["client.showSidebarNavigation"]
    if "theme.baseFontSize" in opts:
        out["base_font_size"] = int(opts["theme.baseFontSize"])
    return out


def check_settings(tab: Client, where: str) -> dict[str, Any]:
    """Raise unless the server behind `tab` runs under the app's config.toml (see the docstring)."""
    want = expected_settings()
    got = {k: tab.settings.get(k) for k in want}
    if got != want:
        raise RuntimeError(f"{where} does not run under {APP_CONFIG}: NewSession has {got}, the file says {want}")
    return got


async def verify_config(folder: Path, log: Path) -> dict[str, Any]:
    """Start a probe script from `folder` exactly as `start_bare` starts the bare page, and check that
    every option of the app's config.toml is in effect in it. Returns the options checked."""
    want = app_options()
    probe = folder / "config_probe.py"
    probe.write_text(
        f"import json\nimport streamlit as st\nst.text(json.dumps({{n: st.get_option(n) for n in {sorted(want)!r}}}))\n"
    )
    server = start_server(probe, dict(os.environ), log)
    tab = Client(server.port, "", poll=False)
    try:
        await tab.connect()
        await tab.run()
        got = json.loads(tab.find("text").body)
    finally:
        await tab.close()
        server.stop()
    wrong = {name: (got.get(name), value) for name, value in want.items() if got.get(name) != value}
    if wrong:
        raise RuntimeError(f"the bare page would not run under {APP_CONFIG}: (in effect, in the file) {wrong}")
    return got


async def start_bare(folder: Path, log: Path) -> Server:
    """The bare page (a title and a button) in `folder`, served under the app's own config.toml:
    checked first with a probe (`verify_config`)."""
    checked = await verify_config(folder, log)
    script = folder / "bare.py"
    script.write_text(BARE_PAGE)
    server = start_server(script, dict(os.environ), log)
    server.config = checked
    return server


# -- a websocket client that speaks like the browser --------------------------------------------
@dataclass
class Element:
    kind: str
    id: str
    label: str
    body: str
    options: tuple[str, ...] = ()
    fragment_id: str = ""
    """The fragment that drew it ("" = the page itself): the browser reruns only that fragment when
    this widget is used (ForwardMsg delta.fragment_id, sent back as rerun_script.fragment_id)."""
    form_id: str = ""


@dataclass(frozen=True)
class Action:
    """One rerun as the browser sends it: widget states, and the fragment to rerun ("" = the whole
    page). `auto`: a fragment's own timer, not the user (rerun_script.is_auto_rerun)."""

    widgets: tuple[WidgetState, ...] = ()
    fragment_id: str = ""
    label: str = ""
    auto: bool = False


def use(widget: Element, *states: WidgetState, label: str = "") -> Action:
    """The rerun the browser sends when `widget` is used: to the widget's fragment if it has one."""
    return Action(states, widget.fragment_id, label)


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
    settings: dict[str, Any] = field(default_factory=dict)
    """The server's settings as its last NewSession told this tab (see `check_settings`)."""
    ws: Any = None
    _reader: asyncio.Task[None] | None = None
    _timers: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=30,
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

    async def rerun(self, widgets: list[WidgetState] | None = None, fragment_id: str = "", auto: bool = False) -> None:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page_name
        cs.page_script_hash = self.page_hash
        if fragment_id:
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = auto
        for w in widgets or []:
            cs.widget_states.widgets.append(w)
        await self.ws.send(msg.SerializeToString())

    async def interact(self, action: Action, timeout: float = 60) -> tuple[float, list[Element]]:
        """Send one interaction and wait, as the browser does, for the run it starts to finish: the
        fragment's run if it went to a fragment, else the page's. Returns the round trip in seconds
        and the elements that run drew (a page run starts the page afresh)."""
        for _ in range(self.finished.qsize()):  # a finish left over from before is not this run's
            self.finished.get_nowait()
        if not action.fragment_id:
            self.elements = []
        first = len(self.elements)
        start = time.perf_counter()
        await self.rerun(list(action.widgets), action.fragment_id, action.auto)
        await self.wait_for(FRAGMENT if action.fragment_id else FULL, timeout)
        return time.perf_counter() - start, self.elements[first:]

    async def run(self, widgets: list[WidgetState] | None = None, timeout: float = 60) -> float:
        """A full rerun; returns its round trip in seconds (until script_finished)."""
        took, _ = await self.interact(Action(tuple(widgets or ())), timeout)
        return took

    async def wait_full(self, timeout: float = 60) -> float:
        return await self.wait_for(FULL, timeout)

    async def wait_for(self, wanted: int, timeout: float = 60) -> float:
        end = time.monotonic() + timeout
        while True:
            status, at = await asyncio.wait_for(self.finished.get(), max(0.01, end - time.monotonic()))
            if status == wanted:
                return at

    def _new_session(self, msg: ForwardMsg) -> None:
        cfg, theme = msg.new_session.config, msg.new_session.custom_theme
        self.settings = {
            "toolbar_mode": SessionConfig.ToolbarMode.Name(cfg.toolbar_mode),
            "show_error_links": SessionConfig.ShowErrorLinks.Name(cfg.show_error_links),
            "hide_sidebar_nav": cfg.hide_sidebar_nav,
            "base_font_size": theme.base_font_size,
        }

    def _element(self, msg: ForwardMsg) -> None:
        el = msg.delta.new_element
        etype = el.WhichOneof("type") or ""
        inner = getattr(el, etype)
        item = Element(
            etype,
            getattr(inner, "id", ""),
            getattr(inner, "label", ""),
            str(getattr(inner, "body", "")),
            tuple(str(o) for o in getattr(inner, "options", ())),
            msg.delta.fragment_id,
            getattr(inner, "form_id", ""),
        )
        self.elements.append(item)
        if self.on_element:
            self.on_element(item)

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed, asyncio.CancelledError):
            async for raw in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    self._element(msg)
                elif kind == "new_session":
                    self._new_session(msg)
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
                await self.rerun(fragment_id=fragment_id, auto=True)

    def find(self, kind: str, label: str | None = None, where: Callable[[Element], bool] | None = None) -> Element:
        for el in self.elements:
            if el.kind == kind and (label is None or el.label == label) and (where is None or where(el)):
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


def bool_state(el: Element, value: bool) -> WidgetState:
    """A checkbox's or a toggle's value."""
    w = WidgetState(id=el.id)
    w.bool_value = value
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
    if not samples:
        return {"n": 0}
    return {
        "n": len(samples),
        "p50_ms": round(1000 * statistics.median(samples), 1),
        "p95_ms": round(1000 * pct(samples, 0.95), 1),
        "max_ms": round(1000 * max(samples), 1),
    }


# -- phases -------------------------------------------------------------------------------------
Make = Callable[[int], Awaitable[Client]]
"""Opens tab number i: connects and finishes its first full run (on the page the phase measures)."""
Step = Callable[[Client, int], Action]
"""The i-th interaction of a tab, from what its page shows now."""
Expect = Callable[[Client, Action, list[Element]], str | None]
"""What is wrong with the run an interaction started (None: nothing), from the elements it drew."""


def plain_rerun(tab: Client, i: int) -> Action:
    """A full rerun with no widget changed (the browser's "Rerun")."""
    return Action()


def fragment_tick(tab: Client, i: int) -> Action:
    """The rerun a polling fragment's timer sends (the tab's last announced fragment)."""
    return Action(fragment_id=tab.fragments[-1] if tab.fragments else "", auto=True)


async def open_tabs(make: Make, count: int, at_once: int = 5) -> list[Client]:
    """`count` tabs, each connected and through its first full run; at most `at_once` opening together."""
    gate = asyncio.Semaphore(at_once)

    async def one(i: int) -> Client:
        async with gate:
            return await make(i)

    opened = await asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True)
    tabs = [t for t in opened if isinstance(t, Client)]
    failed = [e for e in opened if isinstance(e, BaseException)]
    if failed:
        for t in tabs:
            await t.close()
        raise failed[0]
    return tabs


async def saturate(
    make: Make,
    clients: int,
    seconds: float,
    fragment: bool = False,
    step: Step | None = None,
    expect: Expect | None = None,
) -> dict[str, Any]:
    """Reruns per second when `clients` tabs each rerun back to back (CPU-bound on one process).

    The clock starts only once every tab has connected and finished its first full run. Each tab
    then sends `step`'s interaction (default: a plain full rerun; `fragment`: its polling fragment's
    timer rerun), waits for the run it starts, and sends the next, for `seconds`. Only the reruns
    finished inside that window count, in the rate and the latencies; those still running when it
    closes are waited for and left out. `expect` checks each run (an exception element is always an
    error)."""
    chosen = step or (fragment_tick if fragment else plain_rerun)
    tabs = await open_tabs(make, clients)
    samples: list[tuple[Action, float]] = []
    errors: list[str] = []
    try:
        began = time.monotonic()
        stop = began + seconds

        async def loop(tab: Client) -> None:
            for i in range(MAX_RERUNS_PER_TAB):
                if time.monotonic() >= stop:
                    return
                action = chosen(tab, i)
                took, drawn = await tab.interact(action)
                problem = next((f"exception: {e.body[:120]}" for e in drawn if e.kind == "exception"), None)
                problem = problem or (expect(tab, action, drawn) if expect else None)
                if problem:
                    errors.append(f"{action.label or 'rerun'}: {problem}")
                if time.monotonic() <= stop:
                    samples.append((action, took))

        await asyncio.gather(*(loop(t) for t in tabs))
    finally:
        for t in tabs:
            await t.close()
    latencies = [took for _, took in samples]
    out: dict[str, Any] = {"reruns_per_s": round(len(samples) / seconds, 1), **ms(latencies)}
    out["fragment_runs"] = sum(1 for action, _ in samples if action.fragment_id)
    labels = sorted({action.label for action, _ in samples if action.label})
    if len(labels) > 1:
        out["by_action"] = {lb: ms([took for action, took in samples if action.label == lb]) for lb in labels}
    out["errors"] = len(errors)
    out["error_examples"] = errors[:3]
    return out
