"""Showing text a person typed: never as HTML, and with Markdown neutralised."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&:$])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown-active character so a name like `**x**` shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)
