"""The safe YAML reader: every hostile or broken input gives a located message, fast."""

from __future__ import annotations

import time

import pytest

from modules.content.problems import ContentError
from modules.content.yaml_source import MAX_BYTES, parse_yaml


def _error(raw: bytes) -> str:
    with pytest.raises(ContentError) as info:
        parse_yaml(raw, "f.yaml")
    return str(info.value)


def test_lines_recorded_for_every_path() -> None:
    doc = parse_yaml(b"a: 1\nb:\n  - x: 2\n    y: 3\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": 3}]}
    assert doc.line_of(("b", 0, "y")) == 4
    assert doc.line_of(("b", 0, "missing")) == 3  # falls back to the nearest known parent


def test_yes_no_stay_text_and_true_false_are_booleans() -> None:
    doc = parse_yaml(b"a: no\nb: Yes\nc: true\nd: off\n", "f.yaml")
    assert doc.data == {"a": "no", "b": "Yes", "c": True, "d": "off"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: 2\na: 3\n", "f.yaml:3: duplicate key 'a' (first given on line 1)"),
        (b"a: &x [1]\nb: *x\n", "f.yaml:1: YAML anchors and aliases"),
        (b"a: 1\n\xff\xfe\n", "f.yaml:2: file is not valid UTF-8"),
        (b"a: [1,\n", "f.yaml:2: invalid YAML"),
        (b"a: !!python/object/apply:os.system [ls]\n", "f.yaml:1: unsupported YAML tag"),
        (b"", "f.yaml:1: file is empty"),
        (b"a: 1\n---\nb: 2\n", "one YAML document only"),
        (b"x:\n  <<: {a: 1}\n", "merge keys"),
        (b"? [a, b]\n: 1\n", "a mapping key must be plain text"),
    ],
)
def test_bad_input_is_located(raw: bytes, expected: str) -> None:
    assert expected in _error(raw)


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
        for i in range(8)
    )
    start = time.perf_counter()
    assert "anchors and aliases" in _error(bomb)
    assert time.perf_counter() - start < 2


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    assert "nesting" in _error(b"[" * 5000 + b"]" * 5000)
    assert "nesting is too deep" in _error(b"a:\n" + b"".join(b" " * i + b"- x:\n" for i in range(0, 120, 2)))


def test_oversized_file_is_refused() -> None:
    assert "too large" in _error(b"a: " + b"x" * (MAX_BYTES + 1))
