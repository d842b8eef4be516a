"""docs/reference.md is what modules/content/reference.py generates from the schema, so the field
reference cannot drift from what `validate` accepts; and the schema gives it plain words for every key."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import Field

from modules.content import reference
from modules.domain.common import Id, Model, Text

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference.md"
REGENERATE = "run `make reference` (or `.venv/bin/python -m modules reference --out docs/reference.md`) and commit it"


def test_docs_reference_is_the_generated_one() -> None:
    assert REFERENCE.exists(), f"docs/reference.md is missing: {REGENERATE}"
    assert REFERENCE.read_text(encoding="utf-8") == reference.generate(), (
        f"docs/reference.md is out of date with the schema in modules/domain/: {REGENERATE}"
    )


def test_every_schema_model_is_documented() -> None:
    _, documented = reference.build()
    missing = [m.__name__ for m in reference.domain_models() if m not in documented]
    assert not missing, f"models of modules/domain/ missing from the reference: {missing}"


def test_every_key_and_object_is_explained_in_words() -> None:
    _, documented = reference.build()
    no_intro = [m.__name__ for m in documented if not reference._docstring(m)]
    assert not no_intro, f"give these models a docstring (the reference's introduction): {no_intro}"
    undescribed = [
        f"{m.__name__}.{name}" for m in documented for name, f in reference.documented_fields(m) if not f.description
    ]
    assert not undescribed, f"add Field(description=...) in plain words to: {undescribed}"


def test_every_pattern_is_in_plain_words() -> None:
    text = reference.generate()
    assert "matching the pattern" not in text, (
        "a `pattern=` of the schema has no plain words: add it to PATTERN_WORDS in modules/content/reference.py"
    )
    assert "typing." not in text and "<class" not in text, "a type is shown as Python: describe it in _Walker._value"


def test_tables_state_required_defaults_choices_and_limits() -> None:
    text = reference.generate()
    assert "| `prompt` | **required** | — | text, at most 20,000 characters |" in text
    assert "| `difficulty` | optional | `medium` | one of `easy`, `medium`, `hard` |" in text
    assert "| `minutes` | **required** | — | a whole number from 1 to 240 |" in text
    assert "a list of [Option](#option) objects, 2 to 12 of them" in text
    assert "text of 3 to 500 characters" in text  # image alt
    assert "no spaces" in text  # the image src pattern, in words
    assert "| `any_indicators` | optional | `[]` (none) | a list of ids |" in text


def test_every_link_inside_the_reference_leads_to_a_heading() -> None:
    text = reference.generate()
    headings = {reference.slug(h.replace("`", "")) for h in re.findall(r"^#+ (.*)$", text, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert {"block-kind-facilitator_notes", "question-type-spot_indicators", "draw-rule"} <= links
    assert links <= headings, f"links to no heading: {sorted(links - headings)}"


def test_a_model_added_later_is_picked_up() -> None:
    """A glossary (not in the schema yet) appears under "Other objects", then in its own section
    once its file is registered in FILES."""

    class GlossaryEntry(Model):
        """A term and its meaning, in the country's words."""

        id: Id = Field(description="Lessons refer to the term by it.")
        term: Text = Field(description="The term.")
        meaning: Text = Field(description="What it means.")

    class Glossary(Model):
        """The file content/glossary.yaml."""

        terms: list[GlossaryEntry] = Field(min_length=1, description="Every term.")

    text, documented = reference.build([*reference.domain_models(), Glossary])
    assert "## Other objects" in text and "### Glossary\n" in text and "### Glossary entry\n" in text
    assert "| `terms` | **required** | — | a list of [Glossary entry](#glossary-entry) objects, at least 1 |" in text
    assert Glossary in documented and GlossaryEntry in documented

    kinds = (*reference.FILES, reference.FileKind("content/glossary.yaml", "terms", Glossary, "The glossary."))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reference, "FILES", kinds)
        text = reference.generate([*reference.domain_models(), Glossary])
    assert "## content/glossary.yaml" in text and "## Other objects" not in text


def test_cli_prints_and_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "ref.md"
    done = subprocess.run(
        [sys.executable, "-m", "modules", "reference", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == reference.generate()
