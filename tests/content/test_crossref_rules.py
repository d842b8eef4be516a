"""Every cross-reference rule in modules/content/crossref.py, broken once on the valid fixture set.

Each case changes one thing in a copy of tests/fixtures/valid and expects one problem: the file it is
reported in, its line, and its exact message. `test_every_rule_has_a_case` reads crossref.py with `ast` and
fails when a rule (a `ref.problem(...)` or `Problem(...)` call) has no case here, so a new rule cannot land
untested."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.domain.charts import CHART_IDS

CROSSREF = Path(__file__).resolve().parents[2] / "modules" / "content" / "crossref.py"

DELEGATED: dict[str, str] = {
    "src": "image block src rules: tests/content/test_loader.py (their messages are built at run time)",
}
"""Rules whose message is assembled at run time, by the YAML key they point at, and where they are tested."""


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # the fixture file changed
    old: str | None  # text replaced once; None deletes the file
    new: str
    key: str  # the YAML key the problem points at (the rule's first path step), "" for none
    message: str  # the whole message; {root} stands for the fixture copy's folder
    at: str  # "file:line" the problem is reported at (the file relative to the fixture set)


CASES = [
    # -- the content set as a whole -------------------------------------------------------------------
    Case(
        "no course outline",
        "content/course.yaml",
        None,
        "",
        "",
        "no course outline found (a file with a top-level 'course' key)",
        "course.yaml:1",
    ),
    Case(
        "id used by two objects",
        "content/lessons/l-two.yaml",
        "id: l-two",
        "id: l-one",
        "id",
        "duplicate id 'l-one' (also used at {root}/content/lessons/l-one.yaml:1)",
        "content/lessons/l-two.yaml:1",
    ),
    Case(
        "module id used by another object",
        "content/course.yaml",
        "  - id: m-one",
        "  - id: l-one",
        "modules",
        "duplicate id 'l-one'",
        "content/course.yaml:14",
    ),
    Case(
        "objective id reused across lessons",
        "content/lessons/l-two.yaml",
        "  - id: lo-two",
        "  - id: lo-one",
        "objectives",
        "objective id 'lo-one' is also used in lesson 'l-one'",
        "content/lessons/l-two.yaml:5",
    ),
    Case(
        "indicator number reused",
        "content/indicators.yaml",
        "number: 9",
        "number: 2",
        "number",
        "indicator number 2 is also used by 'deception'",
        "content/indicators.yaml:13",
    ),
    Case(
        "image in markdown text",
        "content/lessons/l-one.yaml",
        "body: Some **markdown** text.",
        "body: See ![map](https://example.org/x.png)",
        "",
        "images in text are not allowed: use an image block (a file in the content folder, with alt text)",
        "content/lessons/l-one.yaml:17",
    ),
    # -- questions ------------------------------------------------------------------------------------------
    Case(
        "question tagged with an unknown indicator",
        "quizzes/bank.yaml",
        "    indicators: [deception]\n    difficulty: easy",
        "    indicators: [trickery]\n    difficulty: easy",
        "indicators",
        "unknown indicator id 'trickery'",
        "quizzes/bank.yaml:51",
    ),
    Case(
        "question tagged with an unknown objective",
        "quizzes/bank.yaml",
        "objectives: [lo-two]",
        "objectives: [lo-nine]",
        "objectives",
        "unknown learning objective id 'lo-nine'; did you mean 'lo-one'? (objectives are defined in lessons)",
        "quizzes/bank.yaml:84",
    ),
    Case(
        "duplicate option id",
        "quizzes/bank.yaml",
        "      - id: b\n        text: The worker is paid on time.",
        "      - id: a\n        text: The worker is paid on time.",
        "options",
        "duplicate option id 'a'",
        "quizzes/bank.yaml:9",
    ),
    Case(
        "single choice: correct answer not an option",
        "quizzes/bank.yaml",
        "    correct: a\n",
        "    correct: z\n",
        "correct",
        "correct answer 'z' is not among the options ['a', 'b']",
        "quizzes/bank.yaml:12",
    ),
    Case(
        "multiple response: correct answer not an option",
        "quizzes/bank.yaml",
        "correct: [a, b]",
        "correct: [a, x]",
        "correct",
        "correct answer 'x' is not among the options ['a', 'b', 'c', 'd']",
        "quizzes/bank.yaml:36",
    ),
    Case(
        "correct answer listed twice",
        "quizzes/bank.yaml",
        "correct: [a, b]",
        "correct: [a, a]",
        "correct",
        "a correct answer is listed twice",
        "quizzes/bank.yaml:36",
    ),
    Case(
        "spot the indicators: unknown indicator present",
        "quizzes/bank.yaml",
        "present: [deception, debt_bondage]",
        "present: [deception, lying]",
        "present",
        "unknown indicator id 'lying'",
        "quizzes/bank.yaml:60",
    ),
    Case(
        "spot the indicators: unknown indicator acceptable",
        "quizzes/bank.yaml",
        "present: [deception, debt_bondage]\n",
        "present: [deception]\n    acceptable: [lying]\n",
        "acceptable",
        "unknown indicator id 'lying'",
        "quizzes/bank.yaml:61",
    ),
    Case(
        "spot the indicators: an acceptable indicator without feedback",
        "quizzes/bank.yaml",
        "present: [deception, debt_bondage]\n",
        "present: [deception]\n    acceptable: [debt_bondage]\n",
        "acceptable",
        "acceptable indicator 'debt_bondage' needs a feedback entry saying why it is defensible",
        "quizzes/bank.yaml:61",
    ),
    Case(
        "spot the indicators: feedback for an unknown indicator",
        "quizzes/bank.yaml",
        "      - indicator: deception\n",
        "      - indicator: lying\n",
        "feedback",
        "unknown indicator id 'lying'",
        "quizzes/bank.yaml:62",
    ),
    Case(
        "duplicate pair id",
        "quizzes/bank.yaml",
        "id: p2",
        "id: p1",
        "pairs",
        "duplicate pair id 'p1'",
        "quizzes/bank.yaml:78",
    ),
    Case(
        "question tagged with an indicator that has errors",
        "content/indicators.yaml",
        "    number: 2\n",
        "    number: two\n",
        "",
        "until this is fixed, questions 'q-single', 'q-tf', 'q-spot' and 'q-match'; lessons 'l-one' and 'l-two'; "
        "quizzes 'quiz-one' and 'quiz-draw' are left out too",
        "content/indicators.yaml:3",
    ),
    # -- lessons --------------------------------------------------------------------------------------------
    Case(
        "lesson for an unknown track",
        "content/lessons/l-one.yaml",
        "tracks: [all]",
        "tracks: [pilots]",
        "tracks",
        "unknown track 'pilots' (known: ['labour_inspector', 'police'] or 'all')",
        "content/lessons/l-one.yaml:8",
    ),
    Case(
        "duplicate section id",
        "content/lessons/l-one.yaml",
        "  - id: s-more",
        "  - id: s-intro",
        "sections",
        "duplicate section id 's-intro'",
        "content/lessons/l-one.yaml:25",
    ),
    Case(
        "indicator block for an unknown indicator",
        "content/lessons/l-one.yaml",
        "indicator: deception",
        "indicator: nope",
        "indicator",
        "unknown indicator id 'nope'",
        "content/lessons/l-one.yaml:22",
    ),
    Case(
        "check block for a question with errors: listed once, at the question's problem",
        "quizzes/bank.yaml",
        "    correct: a\n",
        "    correct: z\n",
        "",
        "until this is fixed, lesson 'l-one' and quiz 'quiz-one' are left out too",
        "quizzes/bank.yaml:12",
    ),
    Case(
        "check block for an unknown question",
        "content/lessons/l-one.yaml",
        "question: q-single",
        "question: q-missing",
        "question",
        "unknown question id 'q-missing'; did you mean 'q-single'?",
        "content/lessons/l-one.yaml:24",
    ),
    Case(
        "chart block for an unknown chart",
        "content/lessons/l-one.yaml",
        "chart: enforcement_trend",
        "chart: pie_of_doom",
        "chart",
        f"unknown chart id 'pie_of_doom' (known: {sorted(CHART_IDS)})",
        "content/lessons/l-one.yaml:33",
    ),
    # -- the course outline -----------------------------------------------------------------------------
    Case(
        "track id used twice",
        "content/course.yaml",
        "    - id: police",
        "    - id: labour_inspector",
        "tracks",
        "track id 'labour_inspector' is reserved or used twice",
        "content/course.yaml:10",
    ),
    Case(
        "track id reserved",
        "content/course.yaml",
        "    - id: police",
        "    - id: all",
        "tracks",
        "track id 'all' is reserved or used twice",
        "content/course.yaml:10",
    ),
    Case(
        "lesson placed in two modules",
        "content/course.yaml",
        "      quiz: quiz-one\n",
        "      quiz: quiz-one\n"
        "    - id: m-two\n"
        "      title: Module two\n"
        "      description: The second module.\n"
        "      lessons: [l-one]\n",
        "modules",
        "lesson 'l-one' is already in module 'm-one'",
        "content/course.yaml:22",
    ),
    Case(
        "module lists an unknown lesson",
        "content/course.yaml",
        "lessons: [l-one, l-two]",
        "lessons: [l-one, l-six]",
        "modules",
        "unknown lesson id 'l-six'",
        "content/course.yaml:17",
    ),
    Case(
        "module closed by an unknown quiz",
        "content/course.yaml",
        "quiz: quiz-one",
        "quiz: quiz-nine",
        "modules",
        "unknown quiz id 'quiz-nine'; did you mean 'quiz-one'?",
        "content/course.yaml:18",
    ),
    # -- quizzes --------------------------------------------------------------------------------------------
    Case(
        "quiz lists a question with errors: listed once, at the question's problem",
        "quizzes/bank.yaml",
        "answer: false",
        "answer: maybe",
        "",
        "until this is fixed, quiz 'quiz-one' is left out too",
        "quizzes/bank.yaml:47",
    ),
    Case(
        "quiz lists an unknown question",
        "quizzes/quizzes.yaml",
        "q-tf, q-spot",
        "q-tf, q-gone",
        "questions",
        "unknown question id 'q-gone'",
        "quizzes/quizzes.yaml:6",
    ),
    Case(
        "quiz lists a question twice",
        "quizzes/quizzes.yaml",
        "questions: [q-single, q-multi, q-tf, q-spot, q-match]",
        "questions: [q-single, q-multi, q-tf, q-spot, q-single]",
        "questions",
        "question 'q-single' is listed twice",
        "quizzes/quizzes.yaml:6",
    ),
    Case(
        "quiz closes an unknown lesson",
        "quizzes/quizzes.yaml",
        "    kind: module\n",
        "    kind: module\n    lesson: l-six\n",
        "lesson",
        "unknown lesson id 'l-six'",
        "quizzes/quizzes.yaml:13",
    ),
    Case(
        "quiz closes an unknown module",
        "quizzes/quizzes.yaml",
        "module: m-one",
        "module: m-two",
        "module",
        "unknown module id 'm-two'; did you mean 'm-one'?",
        "quizzes/quizzes.yaml:4",
    ),
    Case(
        "final quiz for an unknown track",
        "quizzes/quizzes.yaml",
        "track: police",
        "track: pilots",
        "track",
        "unknown track 'pilots'",
        "quizzes/quizzes.yaml:13",
    ),
    Case(
        "draw rule for an unknown indicator",
        "quizzes/quizzes.yaml",
        "        indicators: [deception]\n",
        "        indicators: [lying]\n",
        "draw",
        "unknown indicator id 'lying'",
        "quizzes/quizzes.yaml:17",
    ),
    Case(
        "draw rule for an unknown objective",
        "quizzes/quizzes.yaml",
        "        indicators: [deception]\n",
        "        indicators: [deception]\n        objectives: [lo-nine]\n",
        "draw",
        "unknown learning objective id 'lo-nine'; did you mean 'lo-one'?",
        "quizzes/quizzes.yaml:18",
    ),
    Case(
        "draw rule 'any of' an unknown indicator",
        "quizzes/quizzes.yaml",
        "        indicators: [deception]\n",
        "        indicators: [deception]\n        any_indicators: [debt_bondage, lying]\n",
        "draw",
        "unknown indicator id 'lying'",
        "quizzes/quizzes.yaml:18",
    ),
    Case(
        "draw rule 'any of' an unknown objective",
        "quizzes/quizzes.yaml",
        "        indicators: [deception]\n",
        "        indicators: [deception]\n        any_objectives: [lo-nine]\n",
        "draw",
        "unknown learning objective id 'lo-nine'; did you mean 'lo-one'?",
        "quizzes/quizzes.yaml:18",
    ),
    Case(
        "national data file not in the content folder",
        "content/course.yaml",
        "  tracks:",
        "  national_data:\n    file: nowhere.csv\n    name: Nowhere\n  tracks:",
        "national_data",
        "national data file 'nowhere.csv' not found in the content folder's data/ folder "
        "(or it is a link to a file outside it): put the CSV there, or remove national_data",
        "content/course.yaml:7",
    ),
    Case(
        "identity logo not in the content folder",
        "content/course.yaml",
        "  tracks:",
        "  identity:\n    logo: images/nowhere.png\n  tracks:",
        "identity",
        "identity logo: image file 'images/nowhere.png' not found in the content folder",
        "content/course.yaml:7",
    ),
    Case(  # what is wrong with a font file that is there: tests/unit/test_programme_typeface.py
        "identity typeface font not in the content folder",
        "content/course.yaml",
        "  tracks:",
        "  identity:\n    typeface:\n      name: Ruritania Sans\n      regular: fonts/nowhere.ttf\n"
        "      bold: fonts/nowhere-bold.ttf\n      licence: fonts/OFL.txt\n  tracks:",
        "identity",
        "identity typeface: font file 'fonts/nowhere.ttf' not found in the content folder",
        "content/course.yaml:9",
    ),
    Case(
        "draw rule asks for more questions than match",
        "quizzes/quizzes.yaml",
        "count: 2",
        "count: 5",
        "draw",
        "draw rule asks for 5 questions but only 4 in the bank match it",
        "quizzes/quizzes.yaml:16",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_rule_broken_once_is_reported(valid_set: Path, case: Case) -> None:
    target = valid_set / case.file
    if case.old is None:
        target.unlink()
    else:
        source = target.read_text(encoding="utf-8")
        assert source.count(case.old) == 1, f"the fixture text to change is not in {case.file} exactly once"
        target.write_text(source.replace(case.old, case.new, 1), encoding="utf-8")
    problems = load_registry([valid_set / "content", valid_set / "quizzes"]).problems
    message = case.message.replace("{root}", str(valid_set))
    file, line = case.at.rsplit(":", 1)
    found = [p for p in problems if p.message == message and p.path.endswith(file)]
    assert found, f"expected {file}: {message!r}; got:\n" + "\n".join(str(p) for p in problems)
    assert [p.line for p in found] == [int(line)], [str(p) for p in found]


# ------------------------------------------------------------------------------------ the rule table


@dataclass(frozen=True)
class Rule:
    line: int  # in crossref.py
    pattern: str | None  # the message as a regex (placeholders match anything); None when built at run time
    key: str


def _helpers(tree: ast.Module) -> dict[str, tuple[list[str], ast.JoinedStr]]:
    """Module-level functions that return one f-string, such as `_unknown(kind, value)`."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and len(node.body) == 1:
            ret = node.body[0]
            if isinstance(ret, ast.Return) and isinstance(ret.value, ast.JoinedStr):
                out[node.name] = ([a.arg for a in node.args.args], ret.value)
    return out


def _pattern(node: ast.expr, helpers: dict[str, tuple[list[str], ast.JoinedStr]], known: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(re.escape(str(value.value)))
            elif (
                isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name) and value.value.id in known
            ):
                parts.append(re.escape(known[value.value.id]))
            else:
                parts.append(".*")  # a placeholder may be empty: a "did you mean" hint often is
        return "".join(parts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
        params, body = helpers[node.func.id]
        consts = {
            p: a.value
            for p, a in zip(params, node.args, strict=False)
            if isinstance(a, ast.Constant) and isinstance(a.value, str)
        }
        return _pattern(body, helpers, consts)
    return None


def _rules() -> list[Rule]:
    tree = ast.parse(CROSSREF.read_text(encoding="utf-8"))
    helpers = _helpers(tree)
    rules = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "problem":
            message, rest = node.args[0], node.args[1:]
        elif isinstance(node.func, ast.Name) and node.func.id == "Problem":
            message, rest = node.args[2], []
        else:
            continue
        key = next((a.value for a in rest if isinstance(a, ast.Constant) and isinstance(a.value, str)), "")
        rules.append(Rule(node.lineno, _pattern(message, helpers, {}), key))
    return sorted(rules, key=lambda r: r.line)


def test_the_rule_reader_finds_the_rules() -> None:
    rules = _rules()
    assert len(rules) >= 30
    assert any(r.pattern == re.escape("a correct answer is listed twice") for r in rules)
    present = [r for r in rules if r.key == "present"]
    assert [bool(r.pattern and re.fullmatch(r.pattern, "unknown indicator id 'x'")) for r in present] == [True]


def test_every_rule_has_a_case() -> None:
    """Each rule site (message and the key it points at) is matched by a case above, or delegated by key."""
    missing = []
    for rule in _rules():
        if rule.pattern is None:
            if rule.key not in DELEGATED:
                missing.append(f"crossref.py:{rule.line}: message built at run time (key {rule.key!r})")
            continue
        if not any(c.key == rule.key and re.fullmatch(rule.pattern, c.message) for c in CASES):
            missing.append(f"crossref.py:{rule.line}: {rule.pattern} (key {rule.key!r})")
    assert not missing, "rules without a case in CASES:\n  " + "\n  ".join(missing)
