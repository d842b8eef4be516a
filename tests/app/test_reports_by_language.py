"""Reports, Questions tab (#16): a quiz taken in two languages shows each language's results; a reader of
aggregates never sees a language group too small to hide a person."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from modules.storage.schema import quiz_attempts
from tests.app.conftest import signed_in
from tests.app.test_programme_pages import REPORTS, World, world  # noqa: F401 (the fixture)


def _in_french(w: World, learner_id: int) -> None:
    with w.engine.begin() as conn:
        conn.execute(update(quiz_attempts).where(quiz_attempts.c.learner_id == learner_id).values(language="fr"))


def _questions_tab(at: AppTest) -> list[str]:
    return [str(h.value) for h in at.subheader]


def test_a_quiz_in_two_languages_shows_each_languages_results(make_app: Callable[..., AppTest], world: World) -> None:  # noqa: F811
    _in_french(world, world.ben.learner_id)  # Ben took the pre-test in French, Ana in English
    at = signed_in(make_app(REPORTS), world.fac_a).run()
    assert not at.exception, at.exception
    at.selectbox(key="item-quiz").set_value("pre").run()
    assert "By language" in _questions_tab(at)
    frame = next(d.value for d in at.dataframe if "Language" in d.value.columns and "Mean score (%)" in d.value.columns)
    assert set(frame["Language"]) == {"English", "Français"}
    assert list(frame["Attempts"]) == ["1", "1"]
    assert "by more than 20 points" in " ".join(str(c.value) for c in at.caption)  # too few to mark anything


def test_a_viewer_never_sees_a_small_language_group(make_app: Callable[..., AppTest], world: World) -> None:  # noqa: F811
    _in_french(world, world.ben.learner_id)
    at = signed_in(make_app(REPORTS), world.viewer).run()
    assert not at.exception, at.exception
    at.selectbox(key="item-quiz").set_value("pre").run()
    assert "By language" not in _questions_tab(at)  # one French attempt: its mean would be Ben's score
