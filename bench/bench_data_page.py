"""Rerun time of the Enforcement data page against a bare Streamlit page with one Altair chart.

Both pages run under AppTest in the same process and the same loop (alternating, so machine noise
hits both alike); the figure that matters is the ratio. Also timed: a rerun after a year-range change
(charts for a new range are built once, then served from the cache). Not a pass/fail test.

    .venv/bin/python bench/bench_data_page.py [--reruns 30]

Writes the result into bench/results.json under "data_page" (other keys are kept).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402

PAGE = ROOT / "modules" / "ui" / "views" / "data.py"

# The same bare page with one Altair chart as bench_reruns.py, so the ratios compare.
BARE_PAGE = """
import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare page")
st.button("Click")
df = pd.DataFrame({"year": list(range(2004, 2025)), "value": list(range(21))})
st.altair_chart(alt.Chart(df).mark_line().encode(x="year:O", y="value:Q"))
"""


def _timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-data-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    from streamlit.testing.v1 import AppTest

    data = AppTest.from_file(str(PAGE), default_timeout=120)
    bare = AppTest.from_string(BARE_PAGE, default_timeout=120)
    cold_ms = _timed(data.run)  # first run: reads files, builds every chart
    bare.run()
    for _ in range(3):  # warm both
        data.run()
        bare.run()
    if data.exception or bare.exception:
        raise SystemExit(f"page failed: {data.exception or bare.exception}")

    data_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(args.reruns):
        data_ms.append(_timed(data.run))
        bare_ms.append(_timed(bare.run))

    # Year-range changes: the first visit to a range builds its charts; later visits hit the cache.
    ranges = [(2010, 2020), (2004, 2024)]
    first_visit = [_timed(lambda r=r: data.slider[0].set_value(r).run()) for r in [(2008, 2018)]]
    revisit: list[float] = []
    for i in range(args.reruns):
        r = ranges[i % 2]
        revisit.append(_timed(lambda r=r: data.slider[0].set_value(r).run()))

    result = {
        "what": "Enforcement data page rerun vs a bare page with one Altair chart (AppTest, same process)",
        "reruns": args.reruns,
        "data_page_median_ms": round(statistics.median(data_ms), 1),
        "data_page_p95_ms": round(_p95(data_ms), 1),
        "bare_page_median_ms": round(statistics.median(bare_ms), 1),
        "bare_page_p95_ms": round(_p95(bare_ms), 1),
        "ratio_median": round(statistics.median(data_ms) / statistics.median(bare_ms), 2),
        "ratio_p95": round(_p95(data_ms) / _p95(bare_ms), 2),
        "first_run_ms": round(cold_ms, 1),
        "new_year_range_ms": round(first_visit[0], 1),
        "cached_year_range_change_median_ms": round(statistics.median(revisit), 1),
        "cached_year_range_change_p95_ms": round(_p95(revisit), 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    save("data_page", result)
    print(
        f"data page {result['data_page_median_ms']} ms (p95 {result['data_page_p95_ms']}) vs bare "
        f"{result['bare_page_median_ms']} ms (p95 {result['bare_page_p95_ms']}): ratio {result['ratio_median']} "
        f"(p95 {result['ratio_p95']}); cached year-range change {result['cached_year_range_change_median_ms']} ms, "
        f"new range {result['new_year_range_ms']} ms, first run {result['first_run_ms']} ms"
    )


if __name__ == "__main__":
    main()
