"""The Reports page in people's words (issue 14), through AppTest: every table on it has plain English
headers, shows a missing figure as "–" (never "None" or "nan"), and the item analysis names each
question by its words, keeping its id in a column of its own. The world is test_programme_pages.py's."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.test_programme_pages import REPORTS, World, _as_staff, world  # noqa: F401 (a fixture)

RAW = re.compile(r"_|^(n|sd|flags|facility|count|mean|std|min|max|quiz|role|cohort|group|note)$")
MISSING_TEXT = re.compile(r"^(None|nan|NaN|NaT|<NA>)$")


def _frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def _check_every_table(at: AppTest) -> None:
    for element in at.dataframe:
        frame = element.value
        raw = [c for c in frame.columns if RAW.search(str(c))]
        assert not raw, (raw, list(frame.columns))
        assert element.proto.placeholder == "–", list(frame.columns)  # a missing figure reads "–"
        for column in frame.columns:
            texts = [v for v in frame[column] if isinstance(v, str)]
            assert not any(MISSING_TEXT.match(v) for v in texts), (column, texts)


def test_facilitator_reports_speak_plain_english(make_app: Callable[..., AppTest], world: World) -> None:  # noqa: F811
    at = _as_staff(make_app(REPORTS), world.fac_a).run()
    assert not at.exception, at.exception
    _check_every_table(at)
    items = next(f for f in _frames(at) if "Points to check" in f.columns)
    assert list(items.columns[:3]) == ["Question", "Question id", "Learners who answered"]
    assert {"Share right (%)", "Discrimination (upper minus lower group, points)"} <= set(items.columns)
    row = items.set_index("Question id").loc["q-single"]
    assert row["Question"] == "Which is a sign of deception?"
    assert row["Learners who answered"] == 2  # Ana and Ben sat the pre-test
    options = next(f for f in _frames(at) if "Times chosen" in f.columns)
    assert {"Question", "Option", "Right answer", "Share of answers"} <= set(options.columns)
    learners = next(f for f in _frames(at) if "Learner" in f.columns and "Track" in f.columns)
    assert set(learners["Organisation type"]) == {"Labour inspectorate", "Police"}  # not the codes
    assert set(learners["Completed"]) <= {"yes", "no"}


def test_viewer_reports_speak_plain_english(make_app: Callable[..., AppTest], world: World) -> None:  # noqa: F811
    at = _as_staff(make_app(REPORTS), world.viewer).run()
    assert not at.exception, at.exception
    _check_every_table(at)
    items = next(f for f in _frames(at) if "Points to check" in f.columns)
    assert "Which is a sign of deception?" in set(items["Question"])
    # three learners answered each pre-test question: too few answers to trust, said in words
    assert all("fewer than 10 answers" in p.lower() for p in items["Points to check"])
