"""#17 "Messages an author can act on": each case from the trainer's review of the authoring workflow,
made once in a copy of tests/fixtures/valid, with the message an author now reads, its line, and the
absence of the knock-on lines it used to bring along.

- the cause comes first, and what only follows from it is not reported again elsewhere (a tab gave three
  lines, the first false and in another file; a wrong folder gave 550; a lesson that fails made its
  objectives "unknown" in the question files);
- the real key is named (a misspelt `caption` in a chart block was `unknown key 'chart'`);
- plain words, not the library's ("Input should be a valid dictionary", a regular expression, "while
  scanning a plain scalar"), with a fix: quotes for text with ': ', "did you mean ...?", places numbered
  from 1 ("section 2 ('s-more'), block 3") instead of `sections[1].blocks[2]`;
- warnings (a lesson in no module, a module with two quizzes, an objective never tested) printed by
  `validate` after the problems, never failing it;
- `validate` says which folders it checked, and works from any current directory (relative paths are
  read from there; `python -m modules` itself needs the project importable, here through PYTHONPATH).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modules.content.loader import load_registry
from modules.content.problems import Problem

ROOT = Path(__file__).resolve().parents[2]
LESSON = "content/lessons/l-one.yaml"
BANK = "quizzes/bank.yaml"
TAB = "a tab character: YAML indents with spaces only (replace the tab with spaces)"
LIBRARY_WORDS = re.compile(r"Input should|String should|while scanning|while parsing|\w\[\d+\]|Field required")


def _edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {file} exactly once"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> list[Problem]:
    return list(load_registry([root / "content", root / "quizzes"]).problems)


def _short(problems: list[Problem], root: Path) -> list[str]:
    """`file:line: message` with the file relative to the copy, in the order they are reported."""
    return [f"{Path(p.path).relative_to(root)}:{p.line}: {p.message}" for p in problems]


def _validate(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules", "validate", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- 1. the five planted mistakes of the review ------------------------------------------------------------


def test_misspelt_block_kind_is_one_message_with_a_suggestion_and_human_numbering(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "kind: key_point", "kind: key_piont")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:18: section 1 ('s-intro'), block 2: unknown kind 'key_piont': did you mean 'key_point'? "
        "(expected one of 'text', 'key_point', 'indicator', 'case_study', 'chart', 'image', 'check', "
        "'facilitator_notes', 'national_law', 'contact_card')"
    ]  # before: also "unknown learning objective id 'lo-one'" in the question bank, which has nothing wrong


def test_unknown_question_id_suggests_the_nearest_one(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "question: q-single", "question: q-singel")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:24: unknown question id 'q-singel'; did you mean 'q-single'?"
    ]


def test_a_question_with_errors_comes_first_and_names_what_it_leaves_out_once(valid_set: Path) -> None:
    _edit(valid_set, BANK, "    correct: a\n", "    correct: d\n")
    assert _short(_problems(valid_set), valid_set) == [
        f"{BANK}:12: correct answer 'd' is not among the options ['a', 'b']",
        f"{BANK}:12: until this is fixed, lesson 'l-one' and quiz 'quiz-one' are left out too",
    ]  # before: "l-one.yaml:24: question 'q-single' has errors (see its file)" first, sorted by path


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("        title: Remember", "\ttitle: Remember", 19),  # a tab before a key
        ("      - kind: key_point", "\t- kind: key_point", 18),  # a tab before a list item
        ("      - kind: key_point", "   \t   - kind: key_point", 18),  # spaces, then a tab
    ],
    ids=["before a key", "before a list item", "after spaces"],
)
def test_a_tab_is_one_message_at_its_line_and_nothing_from_other_files(
    valid_set: Path, old: str, new: str, line: int
) -> None:
    _edit(valid_set, LESSON, old, new)
    assert _short(_problems(valid_set), valid_set) == [f"{LESSON}:{line}: {TAB}"]
    # before: "course.yaml: unknown lesson id 'l-one'" (false) and "bank.yaml: unknown learning objective id"


def test_a_tab_in_the_question_bank_leaves_lessons_and_quizzes_quiet(valid_set: Path) -> None:
    _edit(valid_set, BANK, "    correct: a\n", "\tcorrect: a\n")
    registry = load_registry([valid_set / "content", valid_set / "quizzes"])
    assert _short(list(registry.problems), valid_set) == [f"{BANK}:12: {TAB}"]
    assert "l-one" not in registry.lessons and "quiz-one" not in registry.quizzes  # still left out, as before


def test_a_copied_lesson_is_told_up_front_that_its_objectives_need_new_ids(valid_set: Path) -> None:
    shutil.copy(valid_set / LESSON, valid_set / "content/lessons/l-one-copy.yaml")
    problems = _problems(valid_set)
    assert len(problems) == 1, problems
    assert problems[0].message.startswith("duplicate id 'l-one' (also used at ")
    assert problems[0].message.endswith("; a copied lesson needs new objective ids too (used in both: 'lo-one')")


# -- 2. other messages of the review -----------------------------------------------------------------------


def test_text_with_a_colon_gets_the_quoted_line_to_write(valid_set: Path) -> None:
    _edit(valid_set, BANK, "feedback: Right, this is deception.", "feedback: Right: this is deception.")
    assert _short(_problems(valid_set), valid_set) == [
        f"{BANK}:8: invalid YAML: the text of 'feedback' contains ': ', so put it in quotes, like this: "
        'feedback: "Right: this is deception."'
    ]  # before: "mapping values are not allowed in this context"


def test_a_colon_inside_braces_says_to_quote(valid_set: Path) -> None:
    _edit(
        valid_set,
        BANK,
        "      - id: a\n        text: The job differs from the one promised.\n        feedback: Right, this is deception.",
        "      - {id: a, text: The job differs., feedback: Right: a broken promise.}",
    )
    [problem] = _problems(valid_set)
    assert problem.line == 6
    assert problem.message.startswith(
        "invalid YAML: a { } group is not closed properly: put quotes around any text in it that contains ': ' or ','"
    )
    assert not LIBRARY_WORDS.search(problem.message)  # before: "(while parsing a flow mapping)"


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "body: Some **markdown** text.",
            "body: *Some* text.",
            17,
            "a value that starts with '*' or '&' must be in quotes (for example  body: \"*Important* text\")",
        ),
        (
            "body: Some **markdown** text.",
            "body: 'It's a test.'",
            17,
            "text goes on after the closing quote: put the whole value in quotes, or use the other kind of quote "
            "around it",
        ),
        (
            "title: Lesson one",
            'title: "Lesson one',
            2,
            "a quoted text that starts on this line is never closed: add the closing quote",
        ),
        (
            "summary: Every block kind once.",
            "summary: Every block\nkind once.",
            4,
            "this line is neither 'key: value' nor the indented continuation of the text above it (a key needs "
            "': ' after it; a long text goes on indented lines, or after '>-')",
        ),
        (
            "        title: Remember",
            "         title: Remember",
            19,
            "this line is indented more than the keys above it: keys of the same group start at the same column "
            "(if it continues the text above, that text needs quotes or '>-' because of the ': ')",
        ),
        (
            "tracks: [all]",
            "tracks: [all",
            8,
            "a [ ] list that starts on this line is never closed: add the missing ']' (and put quotes around any "
            "text in it that contains ': ' or ',')",
        ),  # before: at line 9, "did not find expected ',' or ']' (while parsing a flow sequence)"
    ],
    ids=["starts with a star", "quote inside quotes", "unclosed quote", "text on a new line", "indentation", "list"],
)
def test_yaml_mistakes_are_named_with_their_fix(valid_set: Path, old: str, new: str, line: int, expected: str) -> None:
    _edit(valid_set, LESSON, old, new)
    assert _short(_problems(valid_set), valid_set) == [f"{LESSON}:{line}: invalid YAML: {expected}"]


def test_a_misspelt_top_level_key_is_suggested_and_the_lesson_leaves_no_knock_on(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "sections:", "section:")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:12: cannot tell what this file holds: expected a top-level 'course', 'indicators', 'questions', "
        "'quizzes' or 'rubrics' key, or a lesson with 'sections'; did you mean 'sections'?"
    ]  # before: at line 1, then "unknown lesson id 'l-one'" in course.yaml and unknown objectives in the bank


def test_misspelt_caption_in_a_chart_block_names_the_real_key(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "caption: The trend.", "captoin: The trend.")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:34: unknown key 'captoin' in section 2 ('s-more'), block 2 (chart); did you mean 'caption'?"
    ]  # before: "l-one.yaml:33: unknown key 'chart' in sections[1].blocks[1]"


def test_unknown_key_in_an_indicator_block_names_the_real_key_and_the_valid_ones(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "        indicator: deception\n", "        indicator: deception\n        colour: red\n")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:23: unknown key 'colour' in section 1 ('s-intro'), block 3 (indicator); the keys here are "
        "kind, indicator"
    ]  # before: "unknown key 'indicator' in sections[0].blocks[2]"


def test_an_image_file_name_with_a_space_is_explained_without_a_regular_expression(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "src: images/diagram.svg", "src: images/my diagram.svg")
    assert _short(_problems(valid_set), valid_set) == [
        f"{LESSON}:36: section 2 ('s-more'), block 3 (image), src: a file name may use only letters (A-Z, a-z), "
        "digits and - _ . /, with no spaces or other characters: rename the file (got 'images/my diagram.svg')"
    ]  # before: "sections[1].blocks[2].src: String should match pattern '^[A-Za-z0-9_./-]+$'"


def test_an_option_written_as_plain_text_names_the_keys_it_needs(valid_set: Path) -> None:
    _edit(
        valid_set,
        BANK,
        "      - id: b\n        text: The worker is paid on time.\n        feedback: Paying on time is not a sign.\n",
        "      - The worker is paid on time.\n",
    )
    assert _short(_problems(valid_set), valid_set)[0] == (
        f"{BANK}:9: option 2: must be keys and values (id:, text:, feedback:), not the text "
        "'The worker is paid on time.'"
    )  # before: "options.1: Input should be a valid dictionary or instance of Option"


def test_a_missing_option_feedback_names_the_option_by_number_and_id(valid_set: Path) -> None:
    _edit(valid_set, BANK, "        feedback: Paying on time is not a sign.\n", "")
    assert _short(_problems(valid_set), valid_set)[0] == f"{BANK}:9: missing required key 'feedback' in option 2 ('b')"


def test_a_misspelt_key_is_one_message_not_also_a_missing_one(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "minutes: 10", "minuts: 10")
    assert _short(_problems(valid_set), valid_set) == [f"{LESSON}:7: unknown key 'minuts'; did you mean 'minutes'?"]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            LESSON,
            "minutes: 10",
            "minutes: lots",
            f"{LESSON}:7: minutes: must be a whole number such as 10 (got 'lots')",
        ),
        (BANK, "answer: false", "answer: maybe", f"{BANK}:47: answer: must be true or false (got 'maybe')"),
        (
            LESSON,
            "url: https://www.ilo.org/",
            "url: www.ilo.org",
            f"{LESSON}:11: source 1, url: must be a web address that starts with https:// or http:// (got 'www.ilo.org')",
        ),
        (
            LESSON,
            "tracks: [all]",
            "tracks: all",
            f"{LESSON}:8: tracks: must be a list: one '- item' per line, or [a, b]; here it is the text 'all'",
        ),
        (
            LESSON,
            "summary: Every block kind once.",
            "summary:",
            f"{LESSON}:3: summary: has no value: write it after the colon",
        ),
    ],
    ids=["whole number", "true or false", "web address", "list", "empty value"],
)
def test_library_sentences_are_in_plain_words(valid_set: Path, file: str, old: str, new: str, expected: str) -> None:
    _edit(valid_set, file, old, new)
    messages = _short(_problems(valid_set), valid_set)
    assert messages[0] == expected
    assert not any(LIBRARY_WORDS.search(m) for m in messages), messages


def test_a_lesson_with_errors_does_not_make_its_objectives_unknown_in_question_files(valid_set: Path) -> None:
    _edit(valid_set, LESSON, "minutes: 10", "minutes: 0")
    registry = load_registry([valid_set / "content", valid_set / "quizzes"])
    assert _short(list(registry.problems), valid_set) == [f"{LESSON}:7: minutes: must be at least 1 (got 0)"]
    assert {"q-single", "q-multi"} <= set(registry.questions)  # the questions naming lo-one are not at fault


def test_a_course_outline_with_errors_is_not_also_missing(valid_set: Path) -> None:
    _edit(valid_set, "content/course.yaml", "      title: Police\n", "")
    assert _short(_problems(valid_set), valid_set) == [
        "content/course.yaml:10: missing required key 'title' in course, track 2 ('police')"
    ]  # before: also "course.yaml:1: no course outline found"


def test_an_indicator_with_errors_is_one_cause_and_one_line_for_all_it_takes_out(valid_set: Path) -> None:
    _edit(valid_set, "content/indicators.yaml", "    number: 2\n", "    number: two\n")
    assert _short(_problems(valid_set), valid_set) == [
        "content/indicators.yaml:3: number: must be a whole number such as 10 (got 'two')",
        "content/indicators.yaml:3: until this is fixed, questions 'q-single', 'q-tf', 'q-spot' and 'q-match'; "
        "lessons 'l-one' and 'l-two'; quizzes 'quiz-one' and 'quiz-draw' are left out too",
    ]  # before: 16 lines, "unknown indicator id 'deception'" in every question and "has errors" in lessons


# -- 3. a wrong folder -------------------------------------------------------------------------------------


def test_a_folder_that_does_not_exist_is_one_line_naming_it(valid_set: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "no-such-copy" / "content"
    out = _validate(env={"CONTENT_DIR": str(wrong), "QUIZZES_DIR": str(valid_set / "quizzes")})
    assert out.returncode == 1
    assert out.stdout.splitlines() == [f"{wrong}:1: folder or file not found: {wrong} (set by CONTENT_DIR)"]
    assert f"checked {wrong} (CONTENT_DIR) and {valid_set / 'quizzes'} (QUIZZES_DIR)" in out.stderr
    assert "1 problem(s) found" in out.stderr  # before: 550 lines


def test_a_folder_without_a_course_is_one_line_naming_what_was_checked(valid_set: Path) -> None:
    quizzes = valid_set / "quizzes"
    problems = load_registry([quizzes]).problems
    assert len(problems) == 1, problems
    assert problems[0].message.startswith(
        f"no course here: no course.yaml (a file with a top-level 'course' key) and no lessons in {quizzes}."
    )


def test_an_empty_folder_is_named(valid_set: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    problems = load_registry([valid_set / "content", empty]).problems
    assert [p.message for p in problems] == [f"this folder has no .yaml files: checked {empty}"]


# -- 4. warnings -------------------------------------------------------------------------------------------


def _add_gaps(root: Path) -> None:
    """A lesson in no module (with an objective no question tests), and a second quiz for module m-one."""
    _edit(root, "content/course.yaml", "lessons: [l-one, l-two]", "lessons: [l-one]")
    _edit(root, "quizzes/bank.yaml", "    objectives: [lo-two]\n", "")
    _edit(root, "quizzes/quizzes.yaml", "    kind: module\n", "    kind: module\n    module: m-one\n")


def test_gaps_are_warnings_after_the_problems_and_do_not_fail_validate(valid_set: Path) -> None:
    _add_gaps(valid_set)
    out = _validate(str(valid_set / "content"), str(valid_set / "quizzes"))
    assert out.returncode == 0, out.stdout + out.stderr
    lines = [line.replace(f"{valid_set}/", "") for line in out.stdout.splitlines()]
    assert lines == [
        "content/lessons/l-two.yaml:1: warning: lesson 'l-two' is in no module, so learners never see it: add its "
        "id to a module's lessons in course.yaml",
        "content/lessons/l-two.yaml:5: warning: objective 'lo-two' is never tested: no question lists it in its "
        "objectives",
        "quizzes/quizzes.yaml:13: warning: module 'm-one' has 2 quizzes ('quiz-one', 'quiz-draw'), and learners "
        "see all of them: if 'quiz-draw' should be the module's quiz, name it in the module's quiz: in course.yaml "
        "and give the other one no module",
    ]
    assert "ok: " in out.stderr and "3 warning(s)" in out.stderr


def test_warnings_come_after_the_errors_and_errors_still_fail(valid_set: Path) -> None:
    _add_gaps(valid_set)
    _edit(valid_set, LESSON, "question: q-single", "question: q-singel")
    out = _validate(str(valid_set / "content"), str(valid_set / "quizzes"))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert "unknown question id 'q-singel'" in lines[0]
    assert [": warning: " in line for line in lines] == [False] + [True] * (len(lines) - 1)
    assert "1 problem(s) found" in out.stderr


def test_the_shipped_course_has_no_problem_and_no_warning() -> None:
    registry = load_registry()
    assert registry.problems == () and registry.warnings == ()


# -- 5. where validate looks ---------------------------------------------------------------------------------


def test_validate_names_the_folders_it_checked_and_works_from_another_directory(
    valid_set: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    relative = os.path.relpath(valid_set, elsewhere)
    out = _validate(f"{relative}/content", f"{relative}/quizzes", cwd=elsewhere)
    assert out.returncode == 0, out.stdout + out.stderr
    checked = f"checked {elsewhere / relative / 'content'} and {elsewhere / relative / 'quizzes'}"
    assert checked in out.stderr
    default = _validate(cwd=elsewhere, env={"CONTENT_DIR": "", "QUIZZES_DIR": ""})
    assert default.returncode == 0, default.stdout + default.stderr
    assert f"checked {ROOT / 'content'} and {ROOT / 'quizzes'}" in default.stderr
