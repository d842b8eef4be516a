"""Load: N concurrent simulated learners against running servers, through Streamlit's own
websocket protocol. Each learner opens a lesson, moves through three sections, opens a quiz,
starts it, answers and submits. The same N sessions then do the same number of interactions on a
bare page (title + button) under the same server settings, in the same run.

Two modes: all sessions acting at the same moment (no think time), and with a think time.
Reported per N: reruns per second, p50/p95/p99 latency per interaction, errors, server CPU and
resident memory, memory per session, each beside the bare page; afterwards every submitted
attempt must be in the database exactly once. With --replicas 1,2 the app runs behind HAProxy
on PostgreSQL (scripts/cluster.py) to show what a second process adds.

Saturation (before the load phases; alone with --only-interactions): --tabs sessions (25) each
repeat one interaction back to back, sent as the browser sends it (the widget states, and the
fragment id when the widget belongs to a fragment). The clock starts once every session has
connected and finished its first run; only the reruns finished in the next --seconds count.
Interactions: `bare_rerun` and `bare_click` on the bare page; `text_rerun` and `chart_rerun` (plain
full reruns of a lesson section); `check_answer` (a knowledge check answered through its form),
`next_section` (Next / Previous in turn) and `chart_table` (a chart's table and controls opened
and closed). Each gives reruns/s, p50/p95 and `ratio_to_bare` (its rate over the bare page's
click rate in the same run), printed one line each and saved with the CPU count and the
Streamlit version.

The bare page runs under the app's own .streamlit/config.toml (runner.postScriptGC = false, the
[server] settings): bench/stclient.py `start_server` runs it, like serve.py, with cwd=ROOT, the same
command line and no STREAMLIT_* variable, and `start_bare` first checks with a probe script that
every option of that file is in effect; every phase also compares the settings the bare page's
and the app's servers send each tab (NewSession) with the file's.

    python bench/bench_load.py [--sessions 25,50,100,200] [--think 0,1.0] [--replicas 0] [--tabs 25] [--seconds 5]
    python bench/bench_load.py --only-interactions [--seconds 5] [--no-save]    # ~1-2 min, one SQLite process
Loopback only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402
from bench.stclient import (  # noqa: E402
    APP_CONFIG,
    Action,
    Client,
    Element,
    Expect,
    Make,
    Server,
    Step,
    bool_state,
    check_settings,
    choice_state,
    saturate,
    start_bare,
    start_server,
    trigger,
    use,
)

if TYPE_CHECKING:
    from modules.content.registry import Registry

SECTIONS_TO_WALK = 3


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reruns: int = 0


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


async def _act(client: Client, tally: Tally, widgets: list[Any] | None = None, timeout: float = 120) -> None:
    """One interaction: send it, wait for the full script run (st.rerun() may chain a second)."""
    client.elements = []
    start = time.perf_counter()
    await client.rerun(widgets)
    await client.wait_full(timeout)
    tally.reruns += 1
    if any(e.kind == "exception" for e in client.elements):
        tally.errors.append(f"exception on {client.page_name}")
    tally.latencies.append(time.perf_counter() - start)


async def _think(seconds: float) -> None:
    if seconds > 0:
        await asyncio.sleep(random.uniform(0.5 * seconds, 1.5 * seconds))


async def learner_flow(port: int, code: str, lesson_id: str, quiz_id: str, think: float, tally: Tally) -> bool:
    client = Client(port, "lesson", f"id={lesson_id}&r={code}", poll=False)
    try:
        await client.connect()
        await _act(client, tally)
        for _ in range(SECTIONS_TO_WALK):
            await _think(think)
            await _act(client, tally, [trigger(client.find("button", "Next section →"))])
        await _think(think)
        client.page_name, client.page_hash, client.query = "quiz", "", f"id={quiz_id}&r={code}"
        await _act(client, tally)
        await _act(client, tally, [trigger(client.find("button", "Start the quiz"))])
        await _think(think)
        answers = [choice_state(el, 0) for el in client.elements if el.kind == "radio"]
        await _act(client, tally, [*answers, trigger(client.find("button", "Submit my answers"))])
        if any(e.kind == "button" and e.label == "Submit anyway" for e in client.elements):
            await _act(client, tally, [trigger(client.find("button", "Submit anyway"))])  # some left unanswered
        if not any("you scored" in e.body for e in client.elements):  # the review after st.rerun()
            await client.wait_full(60)
        return True
    except Exception as exc:  # counted and reported, never hidden
        tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
        return False
    finally:
        await client.close()


async def bare_flow(port: int, interactions: int, think: float, tally: Tally) -> None:
    client = Client(port, "", poll=False)
    try:
        await client.connect()
        await _act(client, tally)
        for _ in range(interactions - 1):
            await _think(think)
            await _act(client, tally, [trigger(client.find("button", "Click"))])
    except Exception as exc:
        tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        await client.close()


def _proc_stats(pids: list[int]) -> tuple[float, float]:
    """CPU seconds and resident MB summed over the server processes."""
    cpu = rss = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1]) / 1024
        except OSError:
            pass
    return cpu, rss


def _report(tally: Tally, elapsed: float, cpu: float, rss_before: float, rss_peak: float, n: int) -> dict[str, Any]:
    return {
        "reruns_per_s": round(tally.reruns / elapsed, 1),
        "p50_ms": round(1000 * _pct(tally.latencies, 0.5), 1),
        "p95_ms": round(1000 * _pct(tally.latencies, 0.95), 1),
        "p99_ms": round(1000 * _pct(tally.latencies, 0.99), 1),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:3],
        "cpu_seconds": round(cpu, 1),
        "cpu_share_of_wall": round(cpu / elapsed, 2),
        "rss_mb_peak": round(rss_peak, 1),
        "mb_per_session": round(max(0.0, rss_peak - rss_before) / n, 3),
        "elapsed_s": round(elapsed, 1),
    }


async def _measure(pids: list[int], coros: list[Any], tally: Tally, n: int) -> dict[str, Any]:
    cpu0, rss0 = _proc_stats(pids)
    peak = rss0
    start = time.monotonic()
    task = asyncio.gather(*coros)
    while not task.done():
        await asyncio.sleep(0.25)
        peak = max(peak, _proc_stats(pids)[1])
    results = await task
    elapsed = time.monotonic() - start
    cpu1, _ = _proc_stats(pids)
    report = _report(tally, elapsed, cpu1 - cpu0, rss0, peak, n)
    report["completed"] = sum(1 for r in results if r is not False)
    return report


async def run_load(
    app_port: int, app_pids: list[int], bare: Server, engine: Any, n: int, think: float
) -> dict[str, Any]:
    from modules.content.loader import load_registry
    from modules.services import learners

    reg = load_registry()
    lesson = next(x for x in reg.lessons_in_order("labour_inspector") if len(x.sections) > SECTIONS_TO_WALK)
    quiz = next(q for q in reg.quizzes_for_track("labour_inspector") if q.kind == "module" and q.max_attempts != 1)
    registered = [learners.register(engine, f"Load {i}", "labour_inspector", reg.track_ids()) for i in range(n)]
    codes = [code for _, code in registered]
    app_tally = Tally()
    app = await _measure(
        app_pids, [learner_flow(app_port, c, lesson.id, quiz.id, think, app_tally) for c in codes], app_tally, n
    )
    interactions = SECTIONS_TO_WALK + 4
    bare_tally = Tally()
    bare_report = await _measure(
        [bare.proc.pid], [bare_flow(bare.port, interactions, think, bare_tally) for _ in range(n)], bare_tally, n
    )
    per_learner = _submitted(engine, quiz.id, [learner.id for learner, _ in registered])
    app["submitted_in_db"] = sum(per_learner.values())
    app["exactly_once"] = app["submitted_in_db"] == app["completed"] and all(v <= 1 for v in per_learner.values())
    app["ratio_reruns_per_s_to_bare"] = round(app["reruns_per_s"] / bare_report["reruns_per_s"], 2)
    app["ratio_p50_to_bare"] = round(app["p50_ms"] / bare_report["p50_ms"], 2)
    return {"app": app, "bare": bare_report}


def _submitted(engine: Any, quiz_id: str, learner_ids: list[int]) -> dict[int, int]:
    """Submitted attempts per learner of this run; a duplicated stored answer fails the check."""
    from sqlalchemy import func, select

    from modules.storage.schema import attempt_answers, quiz_attempts

    with engine.connect() as conn:
        rows = conn.execute(
            select(quiz_attempts.c.learner_id, func.count())
            .where(
                quiz_attempts.c.quiz_id == quiz_id,
                quiz_attempts.c.status == "submitted",
                quiz_attempts.c.learner_id.in_(learner_ids),
            )
            .group_by(quiz_attempts.c.learner_id)
        ).all()
        duplicates = conn.execute(
            select(func.count()).select_from(
                select(attempt_answers.c.attempt_id, attempt_answers.c.question_id)
                .group_by(attempt_answers.c.attempt_id, attempt_answers.c.question_id)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar_one()
    if duplicates:
        raise AssertionError(f"{duplicates} answers stored more than once")
    return {int(learner): int(count) for learner, count in rows}


RADIO_QUESTIONS = ("single_choice", "true_false")
"""Question types a knowledge check draws as one radio group (the check_answer interaction picks one)."""
EXPLORE = "Data table, years and downloads"
"""The toggle of a lesson chart (modules/ui/components/chart_block.py) that opens its table and controls."""

INTERACTIONS = {
    "bare_rerun": "bare page (title + button): a plain rerun",
    "bare_click": "bare page: the button clicked (the denominator of every ratio_to_bare)",
    "text_rerun": "a lesson section of text and a knowledge check: a plain full rerun",
    "chart_rerun": "a lesson section with a chart: a plain full rerun",
    "check_answer": "knowledge check answered: the chosen option + the form's 'Check my answer' trigger, "
    "sent to the check's fragment if it is one (as the browser does), else a full rerun",
    "next_section": "'Next section →' and '← Previous section' in turn between sections 1 and 2 (full reruns, "
    "the position saved each time)",
    "chart_table": "a lesson chart's table, years and downloads opened and closed in turn (the chart's fragment)",
}


@dataclass(frozen=True)
class Sections:
    """The lesson sections the interactions run on: (lesson id, section number from 1)."""

    text: tuple[str, int]
    chart: tuple[str, int]
    check: tuple[str, int]
    walk: tuple[str, int]

    @classmethod
    def find(cls, reg: Registry) -> Sections:
        from modules.domain.lesson import ChartBlock, CheckBlock

        lessons = reg.lessons_in_order()
        numbered = [(lesson, i + 1, s) for lesson in lessons for i, s in enumerate(lesson.sections)]
        return cls(
            text=(lessons[0].id, 1),
            chart=next((le.id, n) for le, n, s in numbered if any(isinstance(b, ChartBlock) for b in s.blocks)),
            check=next(
                (le.id, n)
                for le, n, s in numbered
                if any(
                    isinstance(b, CheckBlock) and reg.questions[b.question].type in RADIO_QUESTIONS for b in s.blocks
                )
            ),
            walk=next((le.id, 1) for le in lessons if len(le.sections) >= 2),
        )


def _section(tab: Client) -> int:
    return int(urllib.parse.parse_qs(tab.query).get("s", ["0"])[0])


def answer_check(tab: Client, i: int) -> Action:
    """The first radio-group knowledge check of the page answered (a different option each time)."""
    radio = tab.find("radio", where=lambda e: bool(e.form_id))
    submit = tab.find("button", where=lambda e: e.form_id == radio.form_id and e.label.startswith("Check my answer"))
    return use(submit, choice_state(radio, i), trigger(submit), label="check")


def verdict_shown(tab: Client, action: Action, drawn: list[Element]) -> str | None:
    if any("correct** —" in e.body.lower() for e in drawn):  # "**Correct** —", "**Not correct** —", …
        return None
    return "no verdict drawn" + (" (answer not received)" if any("Choose an answer" in e.body for e in drawn) else "")


def walk(tab: Client, i: int) -> Action:
    """Section 1 → 2 with 'Next section →', back with '← Previous section'."""
    label, name = ("next", "Next section →") if _section(tab) <= 1 else ("previous", "← Previous section")
    return use(tab.find("button", name), trigger(tab.find("button", name)), label=label)


def walked(tab: Client, action: Action, drawn: list[Element]) -> str | None:
    want = 2 if action.label == "next" else 1
    return None if _section(tab) == want else f"on section {_section(tab)} after {action.label}, not {want}"


def explore_chart(tab: Client, i: int) -> Action:
    toggle = tab.find("checkbox", EXPLORE)
    opening = i % 2 == 0
    return use(toggle, bool_state(toggle, opening), label="open" if opening else "close")


def table_shown(tab: Client, action: Action, drawn: list[Element]) -> str | None:
    shown = any(e.kind == "dataframe" for e in drawn)
    return None if shown == (action.label == "open") else f"data table {'missing' if not shown else 'still shown'}"


def click(tab: Client, i: int) -> Action:
    return use(tab.find("button", "Click"), trigger(tab.find("button", "Click")), label="click")


async def saturation(app_port: int, bare: Server, engine: Any, tabs: int, seconds: float) -> dict[str, Any]:
    """Reruns per second with `tabs` sessions interacting back to back: on the bare page (a plain
    rerun, a button click) and on lesson sections, each interaction sent as the browser sends it
    (INTERACTIONS), side by side with the bare page's click in the same run (`ratio_to_bare`)."""
    from modules.content.loader import load_registry
    from modules.services import learners

    reg = load_registry()
    where = Sections.find(reg)
    codes = [learners.register(engine, f"Sat {i}", "labour_inspector", reg.track_ids())[1] for i in range(tabs)]
    settings: dict[str, Any] = {}

    def maker(port: int, page: str, at: tuple[str, int] | None) -> Make:
        async def make(i: int) -> Client:
            query = f"id={at[0]}&s={at[1]}&r={codes[i % len(codes)]}" if at else ""
            tab = Client(port, page, query, poll=False)
            await tab.connect()
            await tab.run()
            if i == 0:  # the server runs under the app's config.toml (the app and the bare page alike)
                settings["app" if at else "bare"] = check_settings(tab, f"port {port} ({page or 'bare page'})")
            return tab

        return make

    bare_page = maker(bare.port, "", None)
    phases: dict[str, tuple[Make, Step | None, Expect | None]] = {
        "bare_rerun": (bare_page, None, None),
        "bare_click": (bare_page, click, None),
        "text_rerun": (maker(app_port, "lesson", where.text), None, None),
        "chart_rerun": (maker(app_port, "lesson", where.chart), None, None),
        "check_answer": (maker(app_port, "lesson", where.check), answer_check, verdict_shown),
        "next_section": (maker(app_port, "lesson", where.walk), walk, walked),
        "chart_table": (maker(app_port, "lesson", where.chart), explore_chart, table_shown),
    }
    results: dict[str, Any] = {}
    for name, (make, step, expect) in phases.items():
        await saturate(make, 2, 1.0, step=step, expect=expect)  # warm: imports, caches, the first DB writes
        results[name] = {"what": INTERACTIONS[name], **await saturate(make, tabs, seconds, step=step, expect=expect)}
    denominator = results["bare_click"]["reruns_per_s"]
    for figures in results.values():
        figures["ratio_to_bare"] = round(figures["reruns_per_s"] / denominator, 2) if denominator else None
    return {
        "tabs": tabs,
        "seconds": seconds,
        "timing": "the clock starts once every session has connected and finished its first run; only reruns "
        "finished inside the window count",
        "sections": {
            name: f"lesson {lesson} section {n}"
            for name, (lesson, n) in (
                ("text_rerun", where.text),
                ("chart_rerun, chart_table", where.chart),
                ("check_answer", where.check),
                ("next_section", where.walk),
            )
        },
        "bare_page_config": {
            "file": str(APP_CONFIG.relative_to(ROOT)),
            "options_in_effect": bare.config,
            "new_session_checked": settings,
        },
        "interactions": results,
    }


def _print_interactions(label: str, sat: dict[str, Any]) -> None:
    for name, f in sat["interactions"].items():
        where = f" ({f['fragment_runs']} of {f['n']} to a fragment)" if f.get("fragment_runs") else ""
        errors = f", {f['errors']} errors: {f['error_examples']}" if f["errors"] else ""
        ratio = "-" if f["ratio_to_bare"] is None else f"{f['ratio_to_bare']:.2f}x"
        print(
            f"{label} | {name:<12} {f['reruns_per_s']:>6} reruns/s  p50 {f.get('p50_ms', '-'):>6} ms  "
            f"p95 {f.get('p95_ms', '-'):>6} ms  {ratio} bare click{where}{errors}",
            flush=True,
        )


def _machine() -> dict[str, Any]:
    import streamlit

    return {
        "cpus": os.cpu_count(),
        "streamlit": streamlit.__version__,
        "python": platform.python_version(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


async def main_async(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from modules.storage.db import make_engine

    sizes = [int(x) for x in args.sessions.split(",")]
    thinks = [float(x) for x in args.think.split(",")]
    bare = await start_bare(tmp, tmp / "bare.log")
    out: dict[str, Any] = {"machine": _machine()}
    try:
        for replicas in [0] if args.only_interactions else [int(x) for x in args.replicas.split(",")]:
            if replicas == 0:  # the laptop default: one process on SQLite
                db_url = f"sqlite:///{tmp / 'load.db'}"
                engine = make_engine(db_url)
                app = start_server(ROOT / "serve.py", dict(os.environ) | {"DATABASE_URL": db_url}, tmp / "app.log")
                port, pids, stop = app.port, [app.proc.pid], app.stop
                label = "1 process, SQLite"
            else:
                from scripts.cluster import Cluster

                cluster = Cluster(replicas).start()
                engine = make_engine(cluster.database_url)
                port, pids, stop = cluster.lb_port, [p.pid for p in cluster.procs if p], cluster.stop
                label = f"{replicas} process(es) behind HAProxy, PostgreSQL"
            try:
                if not args.only_interactions:
                    await run_load(port, pids, bare, engine, 4, 0.0)  # warm caches and imports
                sat = await saturation(port, bare, engine, args.tabs, args.seconds)
                out[f"{label} | saturation"] = sat
                _print_interactions(label, sat)
                if args.only_interactions:
                    continue
                for think in thinks:
                    for n in sizes:
                        key = f"{label} | {n} sessions | think {think}s"
                        out[key] = await run_load(port, pids, bare, engine, n, think)
                        a, b = out[key]["app"], out[key]["bare"]
                        print(
                            f"{key}: app {a['reruns_per_s']}/s p50 {a['p50_ms']} ms p95 {a['p95_ms']} ms "
                            f"errors {a['errors']} once={a['exactly_once']} | bare {b['reruns_per_s']}/s "
                            f"p50 {b['p50_ms']} ms | ratio {a['ratio_reruns_per_s_to_bare']}",
                            flush=True,
                        )
            finally:
                engine.dispose()
                stop()
    finally:
        bare.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="25,50,100,200")
    parser.add_argument("--think", default="0,1.0", help="think times in seconds; 0 = all at the same moment")
    parser.add_argument("--replicas", default="0", help="0 = one process on SQLite; 1,2 = behind HAProxy on PostgreSQL")
    parser.add_argument("--tabs", type=int, default=25, help="simultaneous sessions in the saturation phase")
    parser.add_argument("--seconds", type=float, default=5.0, help="timed length of each saturation phase")
    parser.add_argument(
        "--only-interactions",
        action="store_true",
        help="only the saturation phase (the interactions against the bare page), on one SQLite process: ~1-2 min",
    )
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    random.seed(7)
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        result = asyncio.run(main_async(args, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_save:
        save("load_interactions" if args.only_interactions else f"load_replicas_{args.replicas}", result)


if __name__ == "__main__":
    main()
