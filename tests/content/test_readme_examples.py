"""The authoring guide's examples are valid against the schema, so the README cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from modules.domain.course import CourseFile
from modules.domain.indicator import IndicatorCatalogue
from modules.domain.lesson import BLOCK_KINDS, Lesson
from modules.domain.quiz import QuizFile

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
BLOCKS = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)


def _block(starting: str) -> dict:  # type: ignore[type-arg]
    found = [b for b in BLOCKS if b.lstrip().startswith(starting)]
    assert found, f"no README yaml example starting with {starting!r}"
    return yaml.safe_load(found[0])


@pytest.mark.parametrize(
    ("start", "model"),
    [
        ("course:", CourseFile),
        ("indicators:", IndicatorCatalogue),
        ("id: l3-deception", Lesson),
        ("quizzes:", QuizFile),
    ],
)
def test_example_validates(start: str, model: type) -> None:
    model.model_validate(_block(start))


def test_lesson_example_uses_every_block_kind() -> None:
    lesson = Lesson.model_validate(_block("id: l3-deception"))
    kinds = {b.kind for s in lesson.sections for b in s.blocks}
    assert kinds == set(BLOCK_KINDS)


def test_question_examples_cover_every_type() -> None:
    text = next(b for b in BLOCKS if b.lstrip().startswith("questions:"))
    for kind in ("single_choice", "multiple_response", "true_false", "spot_indicators", "matching"):
        assert f"type: {kind}" in text
