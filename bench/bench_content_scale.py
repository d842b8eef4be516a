"""Content scale: validation and loading time of the shipped course, and of a generated course 20
times its size (every lesson, question, quiz, rubric and track copied with new ids, written to a
temporary folder), measured in the same run, to show how the cost grows. The copy is as valid as the
shipped course (same problems per copy), so every check runs on it as it does on the original.

    python bench/bench_content_scale.py [--factor 20] [--runs 5] [--no-save]"""

from __future__ import annotations

import argparse
import copy
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import save  # noqa: E402


def _suffix(value: str, k: int) -> str:
    return f"{value}-x{k}"


def _tracks(ids: list[str], k: int) -> list[str]:
    return [t if t == "all" else _suffix(t, k) for t in ids]


def _copy_lesson(data: dict[str, Any], k: int) -> dict[str, Any]:
    data = dict(data, id=_suffix(data["id"], k), tracks=_tracks(data["tracks"], k))
    data["objectives"] = [dict(o, id=_suffix(o["id"], k)) for o in data["objectives"]]
    sections = []
    for section in data["sections"]:
        blocks = [dict(b, question=_suffix(b["question"], k)) if "question" in b else b for b in section["blocks"]]
        sections.append(dict(section, blocks=blocks))
    data["sections"] = sections
    return data


def _copy_question(q: dict[str, Any], k: int) -> dict[str, Any]:
    return dict(q, id=_suffix(q["id"], k), objectives=[_suffix(o, k) for o in q.get("objectives", [])])


def _copy_quiz(q: dict[str, Any], k: int) -> dict[str, Any]:
    out = dict(q, id=_suffix(q["id"], k))
    for key in ("lesson", "module", "track", "parallel_to"):
        if out.get(key):
            out[key] = _suffix(out[key], k)
    if "questions" in out:
        out["questions"] = [_suffix(x, k) for x in out["questions"]]
    if "draw" in out:
        out["draw"] = [dict(r, objectives=[_suffix(o, k) for o in r.get("objectives", [])]) for r in out["draw"]]
    return out


def _copy_rubric(r: dict[str, Any], k: int) -> dict[str, Any]:
    r = copy.deepcopy(r)  # the copies share one file: shared lists would be dumped as YAML aliases
    out = dict(r, id=_suffix(r["id"], k), objectives=[_suffix(o, k) for o in r.get("objectives", [])])
    out["tracks"] = _tracks(r.get("tracks", []), k)
    if out.get("lesson"):
        out["lesson"] = _suffix(out["lesson"], k)
    return out


def _copy_track(t: dict[str, Any], k: int) -> dict[str, Any]:
    """Each copy has its own tracks, so each copy's finals cover their own core objectives."""
    return dict(t, id=_suffix(t["id"], k), core_objectives=[_suffix(o, k) for o in t.get("core_objectives", [])])


def generate(factor: int, dest: Path) -> tuple[Path, Path]:
    """A course `factor` times the shipped one, in `dest`."""
    src_content, src_quizzes = ROOT / "content", ROOT / "quizzes"
    content, quizzes = dest / "content", dest / "quizzes"
    (content / "lessons").mkdir(parents=True)
    quizzes.mkdir()
    shutil.copy(src_content / "indicators.yaml", content / "indicators.yaml")
    if (src_content / "glossary.yaml").exists():  # one per content set
        shutil.copy(src_content / "glossary.yaml", content / "glossary.yaml")
    rubrics = (
        yaml.safe_load((src_content / "rubrics.yaml").read_text()) if (src_content / "rubrics.yaml").exists() else {}
    )
    shutil.copytree(src_content / "images", content / "images")
    course = yaml.safe_load((src_content / "course.yaml").read_text())["course"]
    modules = []
    tracks = []
    copied_rubrics = []
    for k in range(factor):
        tracks += [_copy_track(t, k) for t in course.get("tracks", [])]
        copied_rubrics += [_copy_rubric(r, k) for r in rubrics.get("rubrics", [])]
        for m in course["modules"]:
            modules.append(
                dict(
                    m,
                    id=_suffix(m["id"], k),
                    lessons=[_suffix(x, k) for x in m["lessons"]],
                    **({"quiz": _suffix(m["quiz"], k)} if m.get("quiz") else {}),
                )
            )
        for f in sorted((src_content / "lessons").glob("*.yaml")):
            lesson = _copy_lesson(yaml.safe_load(f.read_text()), k)
            (content / "lessons" / f"{lesson['id']}.yaml").write_text(yaml.safe_dump(lesson, allow_unicode=True))
        for f in sorted(src_quizzes.glob("*.yaml")):
            data = yaml.safe_load(f.read_text())
            out = {}
            if "questions" in data:
                out["questions"] = [_copy_question(q, k) for q in data["questions"]]
            if "quizzes" in data:
                out["quizzes"] = [_copy_quiz(q, k) for q in data["quizzes"]]
            (quizzes / f"{f.stem}-x{k}.yaml").write_text(yaml.safe_dump(out, allow_unicode=True))
    if copied_rubrics:
        (content / "rubrics.yaml").write_text(yaml.safe_dump({"rubrics": copied_rubrics}, allow_unicode=True))
    outline = dict(course, modules=modules, **({"tracks": tracks} if tracks else {}))
    (content / "course.yaml").write_text(yaml.safe_dump({"course": outline}, allow_unicode=True))
    return content, quizzes


def _time_loads(small: list[Path], big: list[Path], runs: int) -> tuple[float, Any, float, Any]:
    """Median load times of both sets, the runs of each set between runs of the other: a burst of work from
    elsewhere on the machine then weighs on both sizes, not on one, and their ratio holds. A first load of
    the small set, not counted, takes the imports and first-use costs out of both."""
    from modules.content.loader import load_registry

    load_registry(small)
    samples: dict[int, list[float]] = {0: [], 1: []}
    regs: list[Any] = [None, None]
    for _ in range(max(1, runs // 2)):
        for which, paths in ((0, small), (1, big), (0, small)):
            start = time.perf_counter()
            regs[which] = load_registry(paths)
            samples[which].append(time.perf_counter() - start)
    return statistics.median(samples[0]), regs[0], statistics.median(samples[1]), regs[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=20)
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="about how many loads of the shipped course; the large one gets half as many",
    )
    parser.add_argument("--no-save", action="store_true", help="print the figures, leave bench/results.json alone")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        paths = list(generate(args.factor, tmp))
        shipped_s, shipped, big_s, big = _time_loads([ROOT / "content", ROOT / "quizzes"], paths, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "shipped": {
            "lessons": len(shipped.lessons),
            "questions": len(shipped.questions),
            "problems": len(shipped.problems),
            "median_ms": round(1000 * shipped_s, 1),
        },
        f"x{args.factor}": {
            "lessons": len(big.lessons),
            "questions": len(big.questions),
            "problems": len(big.problems),
            "median_ms": round(1000 * big_s, 1),
        },
        "time_ratio": round(big_s / shipped_s, 1),
        "size_ratio": round(len(big.questions) / len(shipped.questions), 1),
    }
    print(result)
    if not args.no_save:
        save("content_scale", result)


if __name__ == "__main__":
    main()
