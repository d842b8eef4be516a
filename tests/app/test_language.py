"""Choosing the language (#16): the menu's and the home page's pickers, the address keeping it, the course
in that language with the source's answers, and the interface's words in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from modules.content.translatable import fingerprint
from modules.services import learner_records
from modules.storage.db import make_engine

LESSON = "modules/ui/views/lesson.py"


def _entry(key: str, text: str, source: str) -> str:
    return f'{key}:\n  text: "{text}"\n  source: "{fingerprint(source)}"\n'


def _french(app_env: Path) -> None:
    """A French translation of the fixture's lesson one and its first knowledge check (all of it)."""
    folder = app_env / "content" / "translations" / "fr"
    folder.mkdir(parents=True)
    (folder / "all.yaml").write_text(
        _entry("lesson.l-one.title", "Leçon un", "Lesson one")
        + _entry("question.q-single.prompt", "Quel est un signe de tromperie ?", "Which is a sign of deception?")
        + _entry(
            "question.q-single.options.a.text",
            "Le travail diffère de celui promis.",
            "The job differs from the one promised.",
        )
        + _entry("question.q-single.options.a.feedback", "Oui, c'est de la tromperie.", "Right, this is deception.")
        + _entry("question.q-single.options.b.text", "Le travailleur est payé à temps.", "The worker is paid on time.")
        + _entry(
            "question.q-single.options.b.feedback",
            "Être payé à temps n'en est pas un signe.",
            "Paying on time is not a sign.",
        )
        + _entry(
            "question.q-single.explanation",
            "La tromperie tient aux promesses non tenues.",
            "Deception is about broken promises.",
        )
        + _entry(
            "question.q-single.source.title", "Indicateurs de travail forcé de l'OIT", "ILO Indicators of Forced Labour"
        ),
        encoding="utf-8",
    )


def _texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [s.body for s in at.success]
        + [e.body for e in at.error]
    )


def test_no_picker_when_the_course_has_one_language(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert not [s for s in at.selectbox if s.label == "Language"]


def test_the_menu_picks_the_language_and_the_address_keeps_it(make_app: Callable[..., AppTest], app_env: Path) -> None:
    _french(app_env)
    at = make_app(LESSON, id="l-one").run()
    assert not at.exception
    assert at.title[0].value == "Lesson one"  # English until chosen (the browser asked for nothing else)
    menu = at.selectbox(key="lang:menu")
    assert menu.options == ["English", "Français"]
    menu.set_value("fr").run()
    assert at.title[0].value == "Leçon un"
    assert at.query_params["lang"] == "fr"
    refreshed = make_app(LESSON, id="l-one", lang="fr").run()  # a refresh: a new session, the same address
    assert refreshed.title[0].value == "Leçon un"
    assert refreshed.selectbox(key="lang:menu").value == "fr"
    refreshed.selectbox(key="lang:menu").set_value("en").run()
    assert refreshed.title[0].value == "Lesson one"
    assert "lang" not in refreshed.query_params


def test_the_home_page_picker_changes_the_menu_too(make_app: Callable[..., AppTest], app_env: Path) -> None:
    _french(app_env)
    at = make_app().run()
    at.selectbox(key="lang:home").set_value("fr").run()
    assert at.selectbox(key="lang:menu").value == "fr"
    assert at.query_params["lang"] == "fr"


def test_a_check_in_french_scores_like_the_english_and_answers_in_french(
    make_app: Callable[..., AppTest], app_env: Path, new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _french(app_env)
    learner_id, code = new_learner()
    at = make_app(LESSON, id="l-one", r=code, lang="fr").run()
    assert not at.exception
    assert "Quel est un signe de tromperie ?" in _texts(at)
    at.radio[0].set_value("Le travail diffère de celui promis.")
    # the check's button, by its form (its label is in French)
    next(b for b in at.button if (b.key or "").startswith("FormSubmitter:check:l-one:q-single-")).click().run()
    texts = _texts(at)
    assert "**Correct** — 100\u00a0% des points" in texts  # the interface's words and number format in French
    assert "Oui, c'est de la tromperie." in texts and "**Pourquoi\u00a0:** La tromperie tient" in texts
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    assert learner_records.checks(engine, learner_id, "l-one")["q-single"].correct  # the source's answer key


def test_an_unknown_language_in_the_address_is_english(make_app: Callable[..., AppTest], app_env: Path) -> None:
    _french(app_env)
    at = make_app(LESSON, id="l-one", lang="xx").run()
    assert at.title[0].value == "Lesson one"
    assert "lang" not in at.query_params


def test_an_english_tab_never_reads_the_translations(make_app: Callable[..., AppTest], app_env: Path) -> None:
    from modules.content import translations

    _french(app_env)
    translations._CACHE.clear()
    at = make_app(LESSON, id="l-one").run()
    assert [s.options for s in at.selectbox if s.key == "lang:menu"] == [["English", "Français"]]  # offered
    assert not translations._CACHE  # yet not read: only a tab in French waits for them
    at.selectbox(key="lang:menu").set_value("fr").run()
    assert translations._CACHE


def _engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{tmp_path / 'app.db'}")


def test_a_learner_finds_the_language_they_chose_on_another_device(
    make_app: Callable[..., AppTest], app_env: Path, new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from modules.storage import learners as learners_repo

    _french(app_env)
    learner_id, code = new_learner()
    at = make_app(LESSON, id="l-one", r=code).run()
    assert at.title[0].value == "Lesson one"
    at.selectbox(key="lang:menu").set_value("fr").run()
    assert at.title[0].value == "Leçon un"
    engine = _engine(tmp_path)
    stored = learners_repo.by_id(engine, learner_id)
    assert stored is not None and stored.language == "fr"  # kept with the learner's record
    # another device: the resume code only, no language in the address, a browser asking for nothing
    other = make_app(LESSON, id="l-one", r=code).run()
    assert not other.exception
    assert other.title[0].value == "Leçon un"
    assert other.query_params["lang"] == "fr"
    # a language named in the address wins, and becomes the stored one
    third = make_app(LESSON, id="l-one", r=code, lang="en").run()
    assert third.title[0].value == "Lesson one"
    stored = learners_repo.by_id(engine, learner_id)
    assert stored is not None and stored.language == "en"
    # switching back and forth in one tab stores each choice (not only the first)
    third.selectbox(key="lang:menu").set_value("fr").run()
    third.selectbox(key="lang:menu").set_value("en").run()
    third.selectbox(key="lang:menu").set_value("fr").run()
    stored = learners_repo.by_id(engine, learner_id)
    assert stored is not None and stored.language == "fr"
    engine.dispose()


def test_switching_language_mid_course_keeps_progress(
    make_app: Callable[..., AppTest], app_env: Path, new_learner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _french(app_env)
    learner_id, code = new_learner()
    at = make_app(LESSON, id="l-one", r=code).run()
    at.radio[0].set_value("The job differs from the one promised.")
    next(b for b in at.button if (b.key or "").startswith("FormSubmitter:check:l-one:q-single-")).click().run()
    assert "**Correct**" in _texts(at)
    at.selectbox(key="lang:menu").set_value("fr").run()
    assert at.title[0].value == "Leçon un"
    texts = _texts(at)
    assert "**Correct** — 100\u00a0% des points" in texts  # the English answer, shown again in French
    engine = _engine(tmp_path)
    checks = learner_records.checks(engine, learner_id, "l-one")
    assert list(checks) == ["q-single"] and checks["q-single"].tries == 1  # recorded once, not again
    engine.dispose()


def test_an_account_keeps_its_language(make_app: Callable[..., AppTest], app_env: Path, tmp_path: Path) -> None:
    from modules.services import auth
    from modules.storage import users as users_repo
    from tests.app.conftest import signed_in

    _french(app_env)
    engine = _engine(tmp_path)
    at = make_app().run()  # the database exists once the app ran
    admin = users_repo.create(engine, "fac", "Fac", "facilitator", auth.hash_password("pw-long-enough-1"))
    at = signed_in(make_app(), admin.id).run()
    at.selectbox(key="lang:menu").set_value("fr").run()
    stored = users_repo.by_id(engine, admin.id)
    assert stored is not None and stored.language == "fr"
    later = signed_in(make_app(), admin.id).run()  # signed in again, elsewhere
    assert later.selectbox(key="lang:menu").value == "fr"
    engine.dispose()


def test_a_message_outside_a_page_run_is_english_and_logs_nothing(caplog) -> None:  # type: ignore[no-untyped-def]
    """Once the app registered its resolver (any page ran in this process), a message made outside a page's
    run (a download's deferred callable, a thread of ours) is English and logs no Streamlit warning."""
    import logging

    from modules.i18n import gettext
    from modules.ui import language  # noqa: F401 (registers the resolver)

    with caplog.at_level(logging.DEBUG):
        assert gettext("Glossary") == "Glossary"
    assert "ScriptRunContext" not in caplog.text
