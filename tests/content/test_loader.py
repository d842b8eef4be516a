"""Loader and validator: the valid set loads; each rule, broken once, is reported with its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.domain.question import SpotIndicators

ROOT = Path(__file__).resolve().parents[2]


def _load(root: Path):  # type: ignore[no-untyped-def]
    return load_registry([root / "content", root / "quizzes"])


def test_valid_set_loads_everything(valid_set: Path) -> None:
    reg = _load(valid_set)
    assert reg.problems == ()
    assert set(reg.lessons) == {"l-one", "l-two"}
    assert set(reg.questions) == {"q-single", "q-multi", "q-tf", "q-spot", "q-match"}
    assert set(reg.quizzes) == {"quiz-one", "quiz-draw"}
    assert list(reg.indicators) == ["deception", "debt_bondage"]  # ordered by ILO number
    spot = reg.questions["q-spot"]
    assert isinstance(spot, SpotIndicators)
    assert [o.id for o in spot.options] == ["deception", "debt_bondage"]
    assert spot.options[0].feedback == "The promised job was different."


def test_tracks_filter_lessons(valid_set: Path) -> None:
    reg = _load(valid_set)
    assert [x.id for x in reg.lessons_in_order("labour_inspector")] == ["l-one"]
    assert [x.id for x in reg.lessons_in_order("police")] == ["l-one", "l-two"]


# (file, text to replace, replacement, expected message fragment, expected line)
CASES = [
    ("content/lessons/l-one.yaml", "minutes: 10", "minutes: 10\nminutes: 12", "duplicate key 'minutes'", 8),
    (
        "content/lessons/l-one.yaml",
        "minutes: 10",
        "minutes: 0",
        "minutes: must be at least 1 (got 0)",
        7,
    ),
    ("content/lessons/l-one.yaml", "minutes: 10", "minutes: 10\ncolour: red", "unknown key 'colour'", 8),
    ("content/lessons/l-one.yaml", "title: Lesson one\n", "", "missing required key 'title'", 1),
    ("content/lessons/l-one.yaml", "kind: key_point", "kind: keypoint", "unknown kind 'keypoint'", 18),
    ("content/lessons/l-one.yaml", "indicator: deception", "indicator: nope", "unknown indicator id 'nope'", 22),
    ("content/lessons/l-one.yaml", "question: q-single", "question: q-missing", "unknown question id 'q-missing'", 24),
    (
        "content/lessons/l-one.yaml",
        "chart: enforcement_trend",
        "chart: pie_of_doom",
        "unknown chart id 'pie_of_doom'",
        33,
    ),
    (
        "content/lessons/l-one.yaml",
        "src: images/diagram.svg",
        "src: images/none.svg",
        "image file 'images/none.svg' not found",
        36,
    ),
    (
        "content/lessons/l-one.yaml",
        "src: images/diagram.svg",
        "src: ../secret.svg",
        "image src must be a path inside",
        36,
    ),
    (
        "content/lessons/l-one.yaml",
        "        alt: A black square used as a test diagram.\n",
        "",
        "missing required key 'alt'",
        35,
    ),
    ("content/lessons/l-one.yaml", "tracks: [all]", "tracks: [pilots]", "unknown track 'pilots'", 8),
    ("content/lessons/l-one.yaml", "  - id: s-more", "  - id: s-intro", "duplicate section id 's-intro'", 25),
    ("content/lessons/l-two.yaml", "id: l-two", "id: l-one", "duplicate id 'l-one'", 1),
    ("quizzes/bank.yaml", "    correct: a\n", "    correct: z\n", "correct answer 'z' is not among the options", 12),
    ("quizzes/bank.yaml", "correct: [a, b]", "correct: [a, x]", "correct answer 'x' is not among the options", 36),
    ("quizzes/bank.yaml", "type: true_false", "type: yes_no", "unknown type 'yes_no'", 45),
    (
        "quizzes/bank.yaml",
        "present: [deception, debt_bondage]",
        "present: [deception, lying]",
        "unknown indicator id 'lying'",
        60,
    ),
    (
        "quizzes/bank.yaml",
        "objectives: [lo-two]",
        "objectives: [lo-nine]",
        "unknown learning objective id 'lo-nine'",
        84,
    ),
    ("quizzes/bank.yaml", "id: p2", "id: p1", "duplicate pair id 'p1'", 78),
    (
        "quizzes/bank.yaml",
        "difficulty: easy\n    source:",
        "difficulty: trivial\n    source:",
        "difficulty: must be one of 'easy', 'medium' or 'hard' (got 'trivial')",
        16,
    ),
    (
        "quizzes/quizzes.yaml",
        "pass_mark: 70",
        "pass_mark: 170",
        "pass_mark: must be at most 100 (got 170)",
        5,
    ),
    (
        "quizzes/quizzes.yaml",
        "    questions: [q-single, q-multi, q-tf, q-spot, q-match]\n",
        "",
        "a quiz needs at least one question",
        2,
    ),
    ("quizzes/quizzes.yaml", "q-tf, q-spot", "q-tf, q-gone", "unknown question id 'q-gone'", 6),
    ("quizzes/quizzes.yaml", "module: m-one", "module: m-two", "unknown module id 'm-two'", 4),
    ("quizzes/quizzes.yaml", "count: 2", "count: 5", "draw rule asks for 5 questions but only 4", 16),
    ("content/course.yaml", "lessons: [l-one, l-two]", "lessons: [l-one, l-six]", "unknown lesson id 'l-six'", 17),
    ("content/course.yaml", "quiz: quiz-one", "quiz: quiz-nine", "unknown quiz id 'quiz-nine'", 18),
    ("content/indicators.yaml", "number: 9", "number: 2", "indicator number 2 is also used by 'deception'", 13),
    (
        "content/lessons/l-one.yaml",
        "body: Some **markdown** text.",
        "body: See ![map](https://evil.example/x.png)",
        "images in text are not allowed",
        17,
    ),
    (
        "quizzes/bank.yaml",
        "prompt: Which is a sign of deception?",
        "prompt: Which? <img src=https://evil.example/x.png>",
        "images in text are not allowed",
        4,
    ),
    (
        "content/lessons/l-two.yaml",
        "      - kind: check\n        question: q-match",
        "      - kind: facilitator_notes\n        body: Only notes.",
        "a learner would see this section empty",
        13,
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message", "line"), CASES, ids=[c[3][:40] for c in CASES])
def test_each_rule_reports_message_and_line(
    valid_set: Path, file: str, old: str, new: str, message: str, line: int
) -> None:
    target = valid_set / file
    source = target.read_text()
    assert old in source, "fixture text to mutate is missing"
    target.write_text(source.replace(old, new, 1))
    reg = _load(valid_set)
    matching = [p for p in reg.problems if message in p.message]
    assert matching, f"expected {message!r} in {[str(p) for p in reg.problems]}"
    assert matching[0].path.endswith(file)
    assert matching[0].line == line, str(matching[0])


def test_broken_lesson_leaves_the_rest_working(valid_set: Path) -> None:
    target = valid_set / "content/lessons/l-two.yaml"
    target.write_text(target.read_text().replace("minutes: 5", "minutes: lots"))
    reg = _load(valid_set)
    assert "l-two" not in reg.lessons and "l-one" in reg.lessons
    assert "quiz-draw" in reg.quizzes and "q-single" in reg.questions
    assert any("l-two.yaml:7" in str(p) for p in reg.problems)


def test_broken_question_takes_out_the_quiz_but_not_other_quizzes(valid_set: Path) -> None:
    target = valid_set / "quizzes/bank.yaml"
    target.write_text(target.read_text().replace("answer: false", "answer: maybe"))
    reg = _load(valid_set)
    assert "q-tf" not in reg.questions
    assert "quiz-one" not in reg.quizzes
    assert "quiz-draw" in reg.quizzes
    # the quiz is named once, at the question's own problem, after every cause
    [answer] = [p for p in reg.problems if p.message.startswith("answer: must be true or false")]
    follow = [p for p in reg.problems if p.message == "until this is fixed, quiz 'quiz-one' is left out too"]
    assert [(p.path, p.line) for p in follow] == [(answer.path, answer.line)]
    assert reg.problems.index(follow[0]) > reg.problems.index(answer)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cli_exit_codes_and_format(valid_set: Path) -> None:
    ok = _cli("validate", str(valid_set))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = valid_set / "content/lessons/l-one.yaml"
    bad.write_bytes(b"id: l-one\ntitle: [unclosed\n")
    (valid_set / "quizzes/evil.yaml").write_bytes(b"questions: !!python/object/apply:os.system [echo pwned]\n")
    out = _cli("validate", str(valid_set))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert any(
        "l-one.yaml:2: invalid YAML: a [ ] list that starts on this line is never closed: add the missing ']'" in line
        for line in lines
    ), lines
    assert any("evil.yaml:1: unsupported YAML tag" in line for line in lines)
    assert "pwned" not in out.stdout
