"""Every YAML example of the authoring guide is valid as an author would paste it.

The convention (for docs/authoring.md, and README.md should a YAML example come back there): the first
line of every ```yaml block is a comment that says where the block goes, relative to a copy of the
course (a folder holding content/ and quizzes/):

    # file: quizzes/bank-national.yaml
        The block is a whole file. A file the copy already has is replaced, as pasting a whole file would.
    # part of: content/lessons/<id>.yaml
        The block is some of the top-level keys of such a file. They are pasted over the same keys of
        one file of the copy that matches the path (`<id>` and `*` stand for any name; a file of the
        guide's own examples first), the rest of that file is kept.

The copy is tests/fixtures/valid (a small valid course) with the shipped content/images/ (the
pictures a copy of the course has), plus every `# file:` block of the guides. It is loaded as
`validate` loads it; a block passes when its file has no problem and no warning: the YAML reads, the
keys and values match the schema, and every id it names exists. Problems left in the fixture's own files
(its quiz naming a module that the guide's course.yaml replaced, say) are not the guide's.
Examples of mistakes belong in a ```text block, which is not checked.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from modules.content import reference
from modules.content.loader import load_registry
from modules.content.problems import ContentError
from modules.content.translations import translations_of
from modules.content.yaml_source import parse_yaml
from modules.domain.lesson import BLOCK_KINDS
from modules.domain.question import QUESTION_TYPES

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "docs" / "authoring.md", ROOT / "README.md"]
FIXTURE = ROOT / "tests" / "fixtures" / "valid"
_FENCE = re.compile(r"^```yaml[^\n]*\n(.*?)^```", re.S | re.M)
_MARKER = re.compile(r"^#\s*(file|part of):\s*(\S+)\s*$")
_CSV = re.compile(r"^<!-- file: (\S+) -->\n```csv[^\n]*\n(.*?)^```", re.S | re.M)
"""A data file of the guide: a ```csv block right after an HTML comment naming where it goes."""


@dataclass(frozen=True)
class Example:
    guide: str
    line: int
    """The line of the guide where the block's YAML starts."""
    how: str
    """'file' or 'part of'."""
    target: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.guide}:{self.line}"


def examples_in(text: str, guide: str) -> list[Example]:
    """Every ```yaml block of a Markdown text, with its marker (how '' and target '' when it has none)."""
    out = []
    for match in _FENCE.finditer(text):
        body = match.group(1)
        line = text.count("\n", 0, match.start(1)) + 1
        first = body.splitlines()[0].strip() if body.strip() else ""
        marker = _MARKER.match(first)
        how, target = (marker.group(1), marker.group(2)) if marker else ("", "")
        out.append(Example(guide, line, how, target, body))
    return out


def _guide_examples() -> list[Example]:
    found: list[Example] = []
    for guide in GUIDES:
        if guide.exists():
            found += examples_in(guide.read_text(encoding="utf-8"), guide.relative_to(ROOT).as_posix())
    return found


EXAMPLES = _guide_examples()


def csv_examples() -> list[tuple[str, str]]:
    """(target, text) of every data-file example of the guides."""
    found: list[tuple[str, str]] = []
    for guide in GUIDES:
        if guide.exists():
            found += [(m.group(1), m.group(2)) for m in _CSV.finditer(guide.read_text(encoding="utf-8"))]
    return found


def make_copy(dest: Path, examples: list[Example]) -> Path:
    """The fixture course with the shipped images and every whole-file example written in."""
    shutil.copytree(FIXTURE, dest)
    shutil.copytree(ROOT / "content" / "images", dest / "content" / "images", dirs_exist_ok=True)
    for ex in examples:
        if ex.how == "file":
            target = dest / ex.target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(ex.text, encoding="utf-8")
    for target_name, text in csv_examples():
        target = dest / target_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return dest


def paste_part(copy: Path, ex: Example, examples: list[Example]) -> Path:
    """Paste a `part of` example over the same top-level keys of a file of the copy (one the guide
    wrote, if any matches: the fixture's own may be left out of the guide's outline); return it."""
    written = {e.target for e in examples if e.how == "file"}
    matches = sorted(
        (
            f
            for f in copy.rglob("*.yaml")
            if fnmatch.fnmatch(f.relative_to(copy).as_posix(), ex.target.replace("<id>", "*"))
        ),
        key=lambda f: (f.relative_to(copy).as_posix() not in written, f),
    )
    assert matches, f"{ex.where}: no file of the copy matches {ex.target!r}"
    target = matches[0]
    part = parse_yaml(ex.text.encode(), ex.where).data
    assert isinstance(part, dict), f"{ex.where}: a `part of` example must be top-level keys (a mapping)"
    whole = yaml.safe_load(target.read_text(encoding="utf-8"))
    whole.update(part)
    target.write_text(yaml.safe_dump(whole, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def problems_of(copy: Path, file: Path) -> list[str]:
    registry = load_registry([copy / "content", copy / "quizzes"])
    found = [*registry.problems, *getattr(registry, "warnings", ())]  # a warning in an example is a flaw too
    found += translations_of(registry).problems  # a translation file of the guide is checked as validate does
    return [str(p) for p in found if Path(p.path).resolve() == file.resolve()]


def check(ex: Example, examples: list[Example], tmp_path: Path) -> list[str]:
    """The problems an author meets after pasting `ex` into a copy of the course (all the guide's
    whole-file examples pasted too), as `validate` reports them."""
    if ex.how not in ("file", "part of"):
        return [
            f"{ex.where}: the first line of a yaml example must say where it goes, "
            "'# file: <path>' or '# part of: <path>' (see tests/content/test_readme_examples.py)"
        ]
    try:
        parse_yaml(ex.text.encode(), ex.where)
    except ContentError as exc:
        return [str(exc.problem)]
    copy = make_copy(tmp_path / "copy", examples)
    file = copy / ex.target if ex.how == "file" else paste_part(copy, ex, examples)
    return [f"{ex.where} ({ex.how} {ex.target}): {p}" for p in problems_of(copy, file)]


def test_the_guide_has_a_whole_example_of_every_kind_of_file() -> None:
    assert (ROOT / "docs" / "authoring.md").exists(), "the authoring guide is docs/authoring.md"
    files = [e.target for e in EXAMPLES if e.how == "file"]
    for kind in reference.FILES:
        pattern = kind.where.replace("<id>", "*")
        assert any(fnmatch.fnmatch(f, pattern) for f in files), f"the guide has no whole example of {kind.where}"


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_is_valid_where_it_goes(ex: Example, tmp_path: Path) -> None:
    assert check(ex, EXAMPLES, tmp_path) == []


def test_each_whole_file_example_has_a_file_of_its_own() -> None:
    targets = [e.target for e in EXAMPLES if e.how == "file"]
    assert len(targets) == len(set(targets)), f"two examples are the same file: {sorted(targets)}"


def test_examples_show_every_block_kind_and_question_type() -> None:
    text = "\n".join(e.text for e in EXAMPLES)
    missing = [k for k in BLOCK_KINDS if not re.search(rf"kind: {k}\b", text)]
    missing += [t for t in QUESTION_TYPES if not re.search(rf"type: {t}\b", text)]
    assert not missing, f"the guide has no example of: {missing}"
    assert "any_indicators:" in text, "the guide shows no 'any of' draw rule"


def test_the_check_catches_the_old_readme_mistakes(tmp_path: Path) -> None:
    """The mistakes the old README's examples made are caught: an unquoted ': ' in a value, and a
    question without its required `explanation` and `source`; so is an example without a marker."""
    bad_yaml = Example(
        "guide.md",
        1,
        "file",
        "quizzes/bad.yaml",
        "questions:\n  - {id: q-x, type: true_false, prompt: P, feedback_if_true: Not always: look again.}\n",
    )
    assert any("invalid YAML" in p for p in check(bad_yaml, [bad_yaml], tmp_path / "a"))
    incomplete = Example(
        "guide.md",
        1,
        "file",
        "quizzes/bad.yaml",
        "# file: quizzes/bad.yaml\nquestions:\n  - id: q-x\n    type: true_false\n    prompt: P\n"
        "    answer: false\n    feedback_if_true: No.\n    feedback_if_false: Yes.\n",
    )
    found = check(incomplete, [incomplete], tmp_path / "b")
    assert any("explanation" in p for p in found) and any("source" in p for p in found), found
    unmarked = Example("guide.md", 3, "", "", "course:\n  id: x\n")
    assert "must say where it goes" in check(unmarked, [unmarked], tmp_path / "c")[0]


def test_every_data_file_example_reads_as_national_figures(tmp_path: Path) -> None:
    """The guide's CSV examples load with the rules `validate` applies to national figures."""
    from modules.data.enforcement import load_national

    found = csv_examples()
    assert found, "the guide shows a national data file"
    copy = make_copy(tmp_path / "copy", EXAMPLES)
    for target, _ in found:
        table = load_national(copy / target, "Example")
        assert table.years, target
