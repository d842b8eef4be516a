"""Time to content in a real browser: headless Chromium against `streamlit run`, from navigation
to the lesson's first heading being visible, against the same for the bare page's title, measured
alternately in the same run (fresh browser context each time, so no cached session).

    python bench/bench_time_to_content.py [--runs 10]"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402
from bench.stclient import BARE_PAGE, start_server  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from modules.content.loader import load_registry
    from modules.services import learners
    from modules.storage.db import make_engine

    tmp = Path(tempfile.mkdtemp(prefix="bench-ttc-"))
    db_url = f"sqlite:///{tmp / 'ttc.db'}"
    engine = make_engine(db_url)
    reg = load_registry()
    lesson = reg.lessons_in_order("labour_inspector")[0]
    _, code = learners.register(engine, "Timer", "labour_inspector", reg.track_ids())
    (tmp / "bare.py").write_text(BARE_PAGE)
    bare = start_server(tmp / "bare.py", dict(os.environ), tmp / "bare.log")
    app = start_server(ROOT / "serve.py", dict(os.environ) | {"DATABASE_URL": db_url}, tmp / "app.log")
    targets = {
        "bare": (f"http://127.0.0.1:{bare.port}/", "Bare page"),
        "lesson": (f"http://127.0.0.1:{app.port}/lesson?id={lesson.id}&r={code}", lesson.title),
    }
    samples: dict[str, list[float]] = {k: [] for k in targets}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
            )
            for i in range(args.runs + 1):
                for name, (url, heading) in targets.items():
                    context = browser.new_context()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(url, wait_until="commit")
                    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=60_000)
                    if i > 0:  # the first round warms the servers
                        samples[name].append(time.perf_counter() - start)
                    context.close()
            browser.close()
    finally:
        bare.stop()
        app.stop()
    result = {
        name: {"median_ms": round(1000 * statistics.median(v), 1), "max_ms": round(1000 * max(v), 1), "n": len(v)}
        for name, v in samples.items()
    }
    result["ratio_lesson_to_bare"] = round(result["lesson"]["median_ms"] / result["bare"]["median_ms"], 2)
    print(result)
    save("time_to_content", result)


if __name__ == "__main__":
    main()
