"""Neutralise spreadsheet formula injection (CSV injection) in exported cells.

Spreadsheet programs run a cell that begins with =, +, - or @ as a formula, and tab or carriage
return can smuggle one past a naive check. A learner's name or a roster row is typed by people
we do not control, so every text cell we export that begins with one of those characters (also
after leading spaces, and in the full-width forms some spreadsheets fold to ASCII) gets a leading
apostrophe, as OWASP recommends: the spreadsheet then shows the text instead of running it.
Numbers stay numbers: -3.5 as a float, or "-3.5" as text, is read as a number and left alone;
"-2+3" is a formula and gets the apostrophe.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

TRIGGERS = frozenset("=+-@\t\r")
_FULL_WIDTH = frozenset("\uff1d\uff0b\uff0d\uff20")  # ＝ ＋ － ＠
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
"""A signed number such as -5.0 is read as a number, not run as a formula: left alone."""
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters XML 1.0 (and so XLSX) cannot hold at all."""


def is_dangerous(text: str) -> bool:
    if not text or _PLAIN_NUMBER.match(text):
        return False
    if text[0] in TRIGGERS or text[0] in _FULL_WIDTH:
        return True
    stripped = text.lstrip(" \u00a0")
    return bool(stripped) and stripped != text and (stripped[0] in TRIGGERS or stripped[0] in _FULL_WIDTH)


def neutralise(value: Any) -> Any:
    """The value, safe to put in a spreadsheet cell. Non-text values pass through unchanged."""
    if isinstance(value, str):
        return "'" + value if is_dangerous(value) else value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and every column name neutralised."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def xlsx_value(value: Any) -> Any:
    """A cell value for openpyxl: neutralised, with XML-illegal characters removed (openpyxl
    refuses them) and missing values as empty cells."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, str):
        return neutralise(_XML_ILLEGAL.sub("", value))
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; stored times are UTC
    if isinstance(value, list | tuple | set | dict):
        return neutralise(_XML_ILLEGAL.sub("", str(value)))
    return value
