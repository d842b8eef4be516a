"""Load: N concurrent simulated learners against running servers, through Streamlit's own
websocket protocol. Each learner opens a lesson, moves through three sections, opens a quiz,
starts it, answers and submits. The same N sessions then do the same number of interactions on a
bare page (title + button) under the same server settings, in the same run.

Two modes: all sessions acting at the same moment (no think time), and with a think time.
Reported per N: reruns per second, p50/p95/p99 latency per interaction, errors, server CPU and
resident memory, memory per session, each beside the bare page; afterwards every submitted
attempt must be in the database exactly once. With --replicas 1,2 the app runs behind HAProxy
on PostgreSQL (scripts/cluster.py) to show what a second process adds.

    python bench/bench_load.py [--sessions 25,50,100,200] [--think 0,1.0] [--replicas 1]
Loopback only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402
from bench.stclient import (  # noqa: E402
    BARE_PAGE,
    Client,
    Server,
    choice_state,
    saturate,
    start_server,
    trigger,
)

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


async def saturation(app_port: int, bare_port: int, engine: Any, tabs: int, seconds: float) -> dict[str, Any]:
    """Reruns per second with `tabs` sessions rerunning back to back: the bare page, a lesson
    section of text and a lesson section with a chart (the issue's 0.8x target), side by side."""
    from modules.content.loader import load_registry
    from modules.domain.lesson import ChartBlock
    from modules.services import learners

    reg = load_registry()
    chart_lesson, chart_section = next(
        (lesson.id, i + 1)
        for lesson in reg.lessons_in_order()
        for i, s in enumerate(lesson.sections)
        if any(isinstance(b, ChartBlock) for b in s.blocks)
    )
    text_lesson = reg.lessons_in_order()[0].id
    codes = [learners.register(engine, f"Sat {i}", "labour_inspector", reg.track_ids())[1] for i in range(tabs)]

    def maker(port: int, page: str, query: str) -> Any:
        async def make(i: int) -> Client:
            tab = Client(port, page, query.format(code=codes[i % len(codes)]), poll=False)
            await tab.connect()
            await tab.run()
            return tab

        return make

    pages = {
        "bare": maker(bare_port, "", ""),
        "lesson_text": maker(app_port, "lesson", f"id={text_lesson}&s=1&r={{code}}"),
        "lesson_chart": maker(app_port, "lesson", f"id={chart_lesson}&s={chart_section}&r={{code}}"),
    }
    out: dict[str, Any] = {}
    for name, make in pages.items():
        await saturate(make, 2, 1.0)  # warm
        out[name] = await saturate(make, tabs, seconds)
    for name in ("lesson_text", "lesson_chart"):
        out[f"ratio_{name}_to_bare"] = round(out[name]["reruns_per_s"] / out["bare"]["reruns_per_s"], 2)
    return out


async def main_async(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from modules.storage.db import make_engine

    sizes = [int(x) for x in args.sessions.split(",")]
    thinks = [float(x) for x in args.think.split(",")]
    (tmp / "bare.py").write_text(BARE_PAGE)
    bare = start_server(tmp / "bare.py", dict(os.environ), tmp / "bare.log")
    out: dict[str, Any] = {}
    try:
        for replicas in [int(x) for x in args.replicas.split(",")]:
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
                await run_load(port, pids, bare, engine, 4, 0.0)  # warm caches and imports
                sat = await saturation(port, bare.port, engine, args.tabs, args.seconds)
                out[f"{label} | saturation"] = sat
                print(
                    f"{label} | saturation: bare {sat['bare']['reruns_per_s']}/s, lesson text "
                    f"{sat['lesson_text']['reruns_per_s']}/s ({sat['ratio_lesson_text_to_bare']}x), lesson with chart "
                    f"{sat['lesson_chart']['reruns_per_s']}/s ({sat['ratio_lesson_chart_to_bare']}x)",
                    flush=True,
                )
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
    parser.add_argument("--tabs", type=int, default=8, help="sessions in the saturation phase")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each saturation phase")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    random.seed(7)
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    result = asyncio.run(main_async(args, tmp))
    if not args.no_save:
        save(f"load_replicas_{args.replicas}", result)


if __name__ == "__main__":
    main()
