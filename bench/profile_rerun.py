"""Where a rerun's time goes: a lesson section's rerun and a "Next section" move (full reruns: what
is left after the fragments), each against a bare page's click (title + button), profiled with cProfile
inside Streamlit's script thread (AppTest, same process, same run). Self time is grouped by who
spends it: Streamlit's element and widget calls, its protobuf and delta queue, its navigation and
page machinery, its caching and session state, the app's own code (app.py, modules/), and the rest.

    python bench/profile_rerun.py [--runs 60] [--no-save]

Prints the groups' shares and the top functions by self time for each page, and saves them under
"rerun_profile" in bench/results.json. The profile itself slows every call about alike, so shares,
not milliseconds, are the figures to read."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402

BARE = """
import streamlit as st
st.title("Bare page")
st.button("Click")
"""

_APPTEST_ONLY = ("builtins.compile", "tokenize.py", "io.open", "open_python_file", "detect_encoding", "codecs.py")
"""AppTest compiles the page file again on each run (a new script cache per run); a server compiles it
once. That time is reported apart and left out of the shares."""

_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("app (app.py, modules/)", (f"{ROOT}/app.py", f"{ROOT}/modules/")),
    ("streamlit: navigation and pages", ("streamlit/navigation/", "commands/navigation.py", "/page_")),
    ("streamlit: caching and session state", ("streamlit/runtime/caching/", "streamlit/runtime/state/")),
    (
        "streamlit: protobuf and delta queue",
        ("google/protobuf", "streamlit/proto/", "forward_msg", "delta_generator", "cursor", "streamlit/runtime/"),
    ),
    ("streamlit: elements and widgets", ("streamlit/elements/", "streamlit/commands/", "streamlit/")),
    ("markdown, YAML, pydantic, SQL", ("markdown", "yaml", "pydantic", "sqlalchemy", "sqlite3")),
]


def _group(filename: str) -> str:
    for name, needles in _GROUPS:
        if any(n in filename for n in needles):
            return name
    return "Python and other libraries"


class _Profiled:
    """cProfile switched on inside Streamlit's script thread for each run (the thread AppTest's
    runner executes the page in), so the figures are the page's run and nothing of the test harness."""

    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.on = False

    def install(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        original: Callable[..., None] = script_runner.ScriptRunner._run_script
        outer = self

        def run_script(self: Any, rerun_data: Any) -> None:
            if not outer.on:
                return original(self, rerun_data)
            outer.profile.enable()
            try:
                return original(self, rerun_data)
            finally:
                outer.profile.disable()

        script_runner.ScriptRunner._run_script = run_script  # type: ignore[method-assign]


def _shares(profile: cProfile.Profile, runs: int) -> dict[str, Any]:
    stats = pstats.Stats(profile)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    groups: dict[str, float] = {}
    rows = []
    total = 0.0
    cumulative = []
    apptest_only = 0.0
    enqueued = 0
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in raw.items():
        where = f"{Path(filename).name}:{line} {func}"
        if filename.endswith("delta_generator.py") and func == "_enqueue":
            enqueued += ncalls
        if any(n in where for n in _APPTEST_ONLY):
            apptest_only += tottime
            continue
        groups[_group(filename)] = groups.get(_group(filename), 0.0) + tottime
        total += tottime
        rows.append((tottime, where))
        if ("streamlit/" in filename and "/elements/" in filename) or "navigation" in filename:
            cumulative.append((cumtime, where))
    rows.sort(reverse=True)
    cumulative.sort(reverse=True)
    return {
        "ms_per_run_profiled": round(1000 * total / runs, 2),
        "elements_sent_per_run": round(enqueued / runs, 1),
        "apptest_compile_ms_per_run_left_out": round(1000 * apptest_only / runs, 2),
        "groups_share": {k: round(v / total, 3) for k, v in sorted(groups.items(), key=lambda kv: -kv[1])},
        "top_self_time": [{"where": w, "share": round(t / total, 3)} for t, w in rows[:12]],
        "streamlit_calls_cumulative_share": [{"where": w, "share": round(t / total, 3)} for t, w in cumulative[:10]],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.db'}"

    from streamlit.testing.v1 import AppTest

    from modules.content.loader import load_registry
    from modules.domain.lesson import CheckBlock
    from modules.services import learners
    from modules.storage.db import make_engine

    reg = load_registry()
    engine = make_engine()
    _learner, code = learners.register(engine, "Bench", "labour_inspector", reg.track_ids())
    lesson, section = next(
        (lesson, i + 1)
        for lesson in reg.lessons_in_order()
        for i, s in enumerate(lesson.sections)
        if any(isinstance(b, CheckBlock) for b in s.blocks) and i + 1 < len(lesson.sections)
    )
    profiler = _Profiled()
    profiler.install()
    (tmp / "bare.py").write_text(BARE)

    def lesson_page() -> Any:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page("modules/ui/views/lesson.py")
        at.query_params.update({"r": code, "id": lesson.id, "s": str(section)})
        at.run()
        return at

    def measure(name: str, setup: Callable[[], Any], act: Callable[[Any], None]) -> dict[str, Any]:
        at = setup()
        for _ in range(3):  # warm caches
            act(at)
        profiler.profile = cProfile.Profile()
        profiler.on = True
        for _ in range(args.runs):
            act(at)
        profiler.on = False
        if at.exception:
            raise RuntimeError(f"{name}: the page raised {at.exception}")
        return _shares(profiler.profile, args.runs)

    def bare_setup() -> Any:
        at = AppTest.from_file(str(tmp / "bare.py"), default_timeout=60)
        at.run()
        return at

    moves = {"forward": True}

    def next_and_back(at: Any) -> None:
        """Next section, then Previous, in turn: every run draws a section it did not draw before."""
        label = "Next section →" if moves["forward"] else "← Previous section"
        moves["forward"] = not moves["forward"]
        next(b for b in at.button if b.label == label).click().run()

    results = {
        "bare_click": measure("bare", bare_setup, lambda at: at.button[0].click().run()),
        "lesson_rerun": measure("lesson rerun", lesson_page, lambda at: at.run()),
        "next_section": measure("next section", lesson_page, next_and_back),
    }
    results["runs"] = {"per_page": args.runs, "lesson": lesson.id, "section": section}
    for name, res in results.items():
        if name == "runs":
            continue
        print(f"\n{name}: {res['ms_per_run_profiled']} ms per run (profiled), {res['elements_sent_per_run']} elements")
        for group, share in res["groups_share"].items():
            print(f"  {share:6.1%}  {group}")
        print("  top self time:")
        for row in res["top_self_time"][:8]:
            print(f"    {row['share']:6.1%}  {row['where']}")
        print("  Streamlit element and navigation calls, time inside them:")
        for row in res["streamlit_calls_cumulative_share"][:8]:
            print(f"    {row['share']:6.1%}  {row['where']}")
    if not args.no_save:
        save("rerun_profile", results)


if __name__ == "__main__":
    main()
