"""Content scale: validation and loading time of the shipped course, and of a generated course 20
times its size (every lesson, question and quiz copied with new ids, written to a temporary
folder), measured in the same run, to show how the cost grows.

    python bench/bench_content_scale.py [--factor 20] [--runs 5]"""

from __future__ import annotations

import argparse
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


def _copy_lesson(data: dict[str, Any], k: int) -> dict[str, Any]:
    data = dict(data, id=_suffix(data["id"], k))
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
    for key in ("lesson", "module"):
        if out.get(key):
            out[key] = _suffix(out[key], k)
    if "questions" in out:
        out["questions"] = [_suffix(x, k) for x in out["questions"]]
    if "draw" in out:
        out["draw"] = [dict(r, objectives=[_suffix(o, k) for o in r.get("objectives", [])]) for r in out["draw"]]
    return out


def generate(factor: int, dest: Path) -> tuple[Path, Path]:
    """A course `factor` times the shipped one, in `dest`."""
    src_content, src_quizzes = ROOT / "content", ROOT / "quizzes"
    content, quizzes = dest / "content", dest / "quizzes"
    (content / "lessons").mkdir(parents=True)
    quizzes.mkdir()
    shutil.copy(src_content / "indicators.yaml", content / "indicators.yaml")
    shutil.copytree(src_content / "images", content / "images")
    course = yaml.safe_load((src_content / "course.yaml").read_text())["course"]
    modules = []
    for k in range(factor):
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
    (content / "course.yaml").write_text(yaml.safe_dump({"course": dict(course, modules=modules)}, allow_unicode=True))
    return content, quizzes


def _time_load(paths: list[Path], runs: int) -> tuple[float, Any]:
    from modules.content.loader import load_registry

    samples = []
    reg = None
    for _ in range(runs):
        start = time.perf_counter()
        reg = load_registry(paths)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), reg


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shipped_s, shipped = _time_load([ROOT / "content", ROOT / "quizzes"], args.runs)
    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        paths = list(generate(args.factor, tmp))
        big_s, big = _time_load(paths, max(1, args.runs // 2))
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
    save("content_scale", result)


if __name__ == "__main__":
    main()
