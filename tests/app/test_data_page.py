"""The Enforcement data page run directly with AppTest: charts, year range, metric, uploads, saved datasets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from modules.charts.catalog import CHART_IDS
from modules.services import auth
from modules.storage.db import make_engine
from modules.storage.schema import datasets
from modules.ui.components import chart_block
from tests.app.conftest import signed_in

PAGE = str(Path(__file__).resolve().parents[2] / "modules" / "ui" / "views" / "data.py")
GOOD = b"year,prosecutions,convictions,victims_identified\n2019,55,20,410\n2020,31,9,280\n2021,60,25,350\n"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'data_page.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def at(db_url: str) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def _charts(app: AppTest) -> list[dict[str, Any]]:
    return [json.loads(el.proto.spec) for el in app.get("vega_lite_chart")]


def _titles(app: AppTest) -> list[str]:
    """Each chart's takeaway, drawn as bold text above it (and kept in the PNG's title block)."""
    return [
        m.value[2:-2].replace("\\", "")
        for m in app.markdown
        if m.value.startswith("**") and m.value.endswith("**") and len(m.value) > 30
    ]


def _captions(app: AppTest) -> str:
    """The text drawn around the charts: what each draws and its source line."""
    return " ".join(c.value for c in app.caption).replace("\\", "")


def _stored(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(datasets)).scalar_one())
    finally:
        engine.dispose()


def _compare(app: AppTest) -> Any:
    return next(s for s in app.selectbox if s.label == "Compare with national figures")


def _upload(app: AppTest, name: str, raw: bytes) -> AppTest:
    app.file_uploader(key="data-upload").set_value((name, raw, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_page_shows_every_chart_with_downloads_and_the_why_narrative(at: AppTest) -> None:
    assert at.title[0].value == "Enforcement data"
    charts = _charts(at)
    assert [c["usermeta"]["chart_id"] for c in charts] == [
        "enforcement_trend",
        "conviction_ratio",
        "labour_share",
        "attrition_funnel",
        "legal_timeline",
    ]
    assert set(CHART_IDS) == {c["usermeta"]["chart_id"] for c in charts}
    assert sum(c.value.replace("\\", "").startswith("Source:") for c in at.caption) == 5  # one per chart
    assert _titles(at)[0] == "2024: 102,027 victims identified, only 7,975 convictions"
    assert _titles(at)[3].startswith("About one conviction per 3,500 estimated victims")
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Download PNG (for slides)") == 5 and labels.count("Download SVG") == 5
    assert labels.count("Download data (CSV)") == 5
    assert len(at.dataframe) == 5  # a data table (text alternative) per chart
    assert "Why do prosecutions lag?" in [h.value for h in at.header]
    why = " ".join(m.value for m in at.markdown)
    for reason in ("Resistance and denial", "Lack of knowledge", "Lack of resources", 'Absence of "doubt"'):
        assert reason in why
    assert "edition" in why  # the page says editions revise earlier years


def test_a_year_range_change_redraws_without_reloading_files(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    original = chart_block.load_enforcement

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return original(*args, **kwargs)

    st.cache_resource.clear()
    monkeypatch.setattr(chart_block, "load_enforcement", counting)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception and calls["n"] == 1
    app.slider[0].set_value((2010, 2015)).run()
    assert not app.exception
    assert calls["n"] == 1  # cached: a new range does not read the CSV again
    assert _titles(app)[0] == "2014: 44,462 victims identified, only 4,443 convictions"
    subtitle = _captions(app)
    assert "2010–2015" in subtitle and "TIP 2016 edition (2011–2015)" in subtitle
    assert [r for r in app.dataframe[0].value["Year"]] == list(range(2010, 2016))
    app.slider[0].set_value((2004, 2024)).run()
    assert _titles(app)[0] == "2024: 102,027 victims identified, only 7,975 convictions"
    assert calls["n"] == 1


def test_the_metric_choice_changes_the_first_chart(at: AppTest) -> None:
    at.radio(key="data-metric").set_value("per_100_victims").run()
    assert not at.exception
    assert _titles(at)[0] == "2024: 7.8 convictions per 100 victims identified"
    at.radio(key="data-metric").set_value("yoy_change").run()
    assert _titles(at)[0] == "Convictions rose 12% from 2023 to 2024"
    assert _titles(at)[1].startswith("Convictions equalled")  # other charts do not change


@pytest.mark.parametrize(
    ("raw", "row", "column", "words"),
    [
        (b"yr,prosecutions\n2020,1\n", 1, "yr", "unknown column"),
        (b"year,prosecutions,convictions\n2020,12,lots\n", 2, "convictions", "is not a number"),
        (b"year,prosecutions\n2020,-5\n", 2, "prosecutions", "negative"),
        (b"year,prosecutions\n2020,5\n2020,6\n", 3, "year", "appears twice"),
        (b"", 1, "", "the file is empty"),
        (b"year,prosecutions\n" + b"2020,1\n" * 150_000, 1, "", "too large"),
        (b'year,prosecutions\n2020,"=SUM(A1:A9)"\n', 2, "prosecutions", "spreadsheet formula"),
        ("year,prosecutions,source\n2020,3,Ministère\n".encode("latin-1"), 2, "source", "not UTF-8"),
    ],
)
def test_a_bad_upload_names_row_and_column_and_stores_nothing(
    at: AppTest, db_url: str, raw: bytes, row: int, column: str, words: str
) -> None:
    _upload(at, "ruritania.csv", raw)
    assert at.error and "This file was not used" in at.error[0].value and "Nothing was stored" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Row", "Column", "Problem"]
    match = problems[(problems["Row"] == row) & (problems["Column"] == column)]
    assert not match.empty and words in match.iloc[0]["Problem"]
    assert len(_charts(at)) == 5  # the page still works
    assert _stored(db_url) == 0


def test_a_good_upload_is_shown_beside_the_global_figures_but_not_stored(at: AppTest, db_url: str) -> None:
    _upload(at, "Ruritania.csv", GOOD)
    assert "File checked: 3 years (2019–2021)" in at.success[0].value
    assert _compare(at).value == ("upload", "")
    subtitle = _captions(at)
    assert "Ruritania: national figures" in subtitle
    assert "Ruritania" in set(at.dataframe[0].value["Data"])
    assert _stored(db_url) == 0


def test_only_signed_in_facilitators_can_save(at: AppTest, db_url: str) -> None:
    _upload(at, "ruritania.csv", GOOD)
    assert "Save as a named dataset" not in [b.label for b in at.button]
    assert any("Facilitators who sign in can save" in c.value for c in at.caption)
    assert _stored(db_url) == 0


def test_saving_a_dataset_makes_it_available_in_a_later_session(at: AppTest, db_url: str) -> None:
    engine = make_engine(db_url)
    trainer = auth.create_user(engine, "trainer", "Trainer", "facilitator", "a-long-password-1")
    engine.dispose()
    signed_in(at, trainer.id)
    _upload(at, "ruritania.csv", GOOD)
    at.text_input[0].set_value("Ruritania police data")
    next(b for b in at.button if b.label == "Save as a named dataset").click()
    at.run()
    assert not at.exception and at.success[-1].value.startswith("Saved.")
    assert _stored(db_url) == 1

    later = AppTest.from_file(PAGE, default_timeout=60).run()  # a new session: nothing uploaded
    assert "Saved dataset: Ruritania police data" in _compare(later).options
    _compare(later).set_value(("saved", "Ruritania police data")).run()
    assert not later.exception
    assert "Ruritania police data: national figures" in _captions(later)


def test_uploaded_text_is_never_rendered_as_markdown_or_html(at: AppTest) -> None:
    name = "<img src=x onerror=alert(1)> **bold**.csv"
    _upload(
        at,
        name,
        GOOD.replace(b"victims_identified\n", b"victims_identified,source\n")
        .replace(b"410\n", b"410,<b>x</b>\n")
        .replace(b"280\n", b"280,\n")
        .replace(b"350\n", b"350,\n"),
    )
    assert not at.exception
    for el in [*at.markdown, *at.success, *at.error, *at.caption, *at.info, *at.warning]:
        # shown literally if at all: every Markdown-active character escaped (the chart's source line)
        assert not re.search(r"(?<!\\)<(img|b)\b", el.value) and "**bold**" not in el.value, el.value


def test_cached_chart_specs_are_not_changed_by_rendering(at: AppTest) -> None:
    for _ in range(2):
        at.run()
    inputs = chart_block.global_inputs()
    lo, hi = inputs.year_bounds()
    for chart_id in sorted(CHART_IDS):
        art = chart_block.chart_artifacts(inputs, chart_id, (lo, hi))
        original = json.loads(art.spec_json)
        screen_only = ("datasets", "title", "config")  # the title block is page text on screen
        shown = {k: v for k, v in art.display_spec.items() if k not in screen_only}
        assert shown == {k: v for k, v in original.items() if k not in screen_only}  # shared between sessions
        words = original["title"]["text"]
        assert "title" not in art.display_spec and art.screen_title == " ".join(
            words if isinstance(words, list) else [words]
        )
        assert art.display_spec["config"]["legend"]["direction"] == "vertical"
        assert set(art.display_spec["datasets"]) == set(original["datasets"])
        assert all(isinstance(b, bytes) for b in art.display_spec["datasets"].values())
