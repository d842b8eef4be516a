"""Every marked string is safe to translate: its `{fields}` are the ones the call gives (a field missing
from the call would raise on the page, in every language), and it is a plain string literal (an f-string
cannot be extracted into the catalogue, so it would never be translated)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    f for f in [ROOT / "app.py", ROOT / "serve.py", *(ROOT / "modules").rglob("*.py")] if "i18n" not in f.parts
)  # modules/i18n defines the functions: its calls pass variables on purpose
MARKERS = {"_", "gettext", "ngettext", "N_"}


def _fields(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for file in FILES:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in MARKERS and node.args:
                    found.append((f"{file.relative_to(ROOT)}:{node.lineno}", node))
    return found


CALLS = _calls()


def test_there_are_marked_strings() -> None:
    assert len(CALLS) > 10


@pytest.mark.parametrize(("where", "call"), CALLS, ids=[w for w, _ in CALLS])
def test_a_marked_string_is_a_literal_with_the_fields_its_call_gives(where: str, call: ast.Call) -> None:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    texts = call.args[:2] if name == "ngettext" else call.args[:1]
    for text in texts:
        assert isinstance(text, ast.Constant) and isinstance(text.value, str), (
            f"{where}: mark a plain string literal (an f-string or a variable is never extracted: use "
            "_('… {name} …', name=value), or N_() where the constant is defined)"
        )
    if name == "N_" or any(k.arg is None for k in call.keywords):
        return  # N_ only marks; **fields cannot be checked here
    given = {k.arg for k in call.keywords if k.arg is not None} - {"lang"}
    if name == "ngettext":
        given.add("n")
    wanted = set().union(*(_fields(t.value) for t in texts if isinstance(t, ast.Constant)))
    assert wanted <= given, f"{where}: {{{', '.join(sorted(wanted - given))}}} in the text but not given to the call"
    if name != "ngettext":
        assert given <= wanted, f"{where}: {', '.join(sorted(given - wanted))} given but not in the text"
