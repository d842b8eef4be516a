"""Rerun cost per page: median and p95 script-run time over repeated AppTest reruns, divided by
the same figures for a bare page (title + button) and a bare page with one Altair chart, measured
in the same process and run. Usage: python bench/bench_reruns.py [--runs 40]"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save, summary  # noqa: E402

BARE = """
import streamlit as st
st.title("Bare page")
st.button("Click")
"""

BARE_CHART = (
    BARE
    + """
import altair as alt
import pandas as pd
df = pd.DataFrame({"year": list(range(2004, 2025)), "value": list(range(21))})
st.altair_chart(alt.Chart(df).mark_line().encode(x="year:O", y="value:Q"))
"""
)


def _time_runs(at, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    at.run()  # warm caches
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception}")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-reruns-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"

    from streamlit.testing.v1 import AppTest

    from modules.content.loader import load_registry
    from modules.domain.lesson import ChartBlock
    from modules.services import auth, learners
    from modules.services import quizzes as quiz_service
    from modules.storage.db import make_engine

    reg = load_registry()
    engine = make_engine()
    learner, code = learners.register(engine, "Bench", "labour_inspector", reg.track_ids())
    staff = auth.create_user(engine, "bench-admin", "Bench", "admin", "bench-password-123")
    chart_lesson, chart_section = next(
        (lesson.id, i + 1)
        for lesson in reg.lessons_in_order()
        for i, s in enumerate(lesson.sections)
        if any(isinstance(b, ChartBlock) for b in s.blocks)
    )
    quiz = reg.quizzes_for_track("labour_inspector")[0]
    quiz_service.start(engine, reg, quiz, learner.id)

    (tmp / "bare.py").write_text(BARE)
    (tmp / "bare_chart.py").write_text(BARE_CHART)
    app = str(ROOT / "app.py")
    pages: dict[str, tuple[str | None, dict[str, str], bool]] = {
        "home": (None, {"r": code}, False),
        "course_map": ("modules/ui/views/course.py", {"r": code}, False),
        "lesson_text": ("modules/ui/views/lesson.py", {"r": code, "id": reg.lessons_in_order()[0].id, "s": "1"}, False),
        "lesson_chart": ("modules/ui/views/lesson.py", {"r": code, "id": chart_lesson, "s": str(chart_section)}, False),
        "quiz_attempt": ("modules/ui/views/quiz.py", {"r": code, "id": quiz.id}, False),
        "data": ("modules/ui/views/data.py", {}, False),
        "reports": ("modules/ui/views/reports.py", {}, True),
        "facilitator_console": ("modules/ui/views/live_console.py", {}, True),
    }
    results: dict[str, dict[str, float]] = {}
    bare = summary(_time_runs(AppTest.from_file(str(tmp / "bare.py"), default_timeout=60), args.runs))
    bare_chart = summary(_time_runs(AppTest.from_file(str(tmp / "bare_chart.py"), default_timeout=60), args.runs))
    results["bare"] = bare
    results["bare_chart"] = bare_chart
    for name, (page, params, signed_in) in pages.items():
        if page and not (ROOT / page).exists():
            continue
        at = AppTest.from_file(app, default_timeout=60)
        if page:
            at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        if signed_in:  # as a tab holds it after the password (modules/ui/auth.py)
            at.session_state["staff:session"] = auth.start_session(engine, staff)
        stats = summary(_time_runs(at, args.runs))
        stats["median_vs_bare"] = round(stats["median_ms"] / bare["median_ms"], 2)
        stats["median_vs_bare_chart"] = round(stats["median_ms"] / bare_chart["median_ms"], 2)
        stats["p95_vs_bare_chart"] = round(stats["p95_ms"] / bare_chart["p95_ms"], 2)
        results[name] = stats
    for name, stats in results.items():
        print(
            f"{name:22s} median {stats['median_ms']:8.2f} ms  p95 {stats['p95_ms']:8.2f} ms"
            + (
                f"  x bare {stats['median_vs_bare']:5.2f}  x bare+chart {stats['median_vs_bare_chart']:5.2f}"
                if "median_vs_bare" in stats
                else ""
            )
        )
    save("reruns", results)


if __name__ == "__main__":
    main()
