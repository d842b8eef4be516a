"""Workshop mode through the real pages (AppTest): facilitator console, projector, presenter view
and the participant's phone. Timed fragment reruns never fire under AppTest, so each test reruns
the page itself where a browser would poll."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from modules.services import live
from modules.services.auth import create_user
from modules.storage.db import make_engine
from modules.storage.schema_live import live_answers, live_questions, live_sessions
from tests.app.conftest import APP, signed_in

CONSOLE = "modules/ui/views/live_console.py"
PROJECTOR = "modules/ui/views/live_projector.py"
PRESENT = "modules/ui/views/present.py"
JOIN = "modules/ui/views/live_join.py"
SIGN_IN = "modules/ui/views/sign_in.py"
NOTE = "SECRET FACILITATOR NOTE"


@pytest.fixture
def db(app_env: Path, tmp_path: Path) -> Iterator[Engine]:
    live_phase_cache_clear(None)  # st.cache_data outlives a test; ids restart in each new database
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def trainer(db: Engine) -> int:
    return create_user(db, "trainer", "Trainer", "facilitator", "a-long-password").id


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [x.value for x in at.title] + [x.value for x in at.subheader] + [x.value for x in at.header]
    parts += (
        [x.value for x in at.error]
        + [x.value for x in at.info]
        + [x.value for x in at.success]
        + [x.value for x in at.warning]
    )
    return "\n".join(str(p) for p in parts)


def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


# -- access ---------------------------------------------------------------------------------------
def test_participants_cannot_reach_facilitator_pages(app_env: Path, db: Engine, trainer: int) -> None:
    session = live.start_session(db, trainer, "Room 4", lesson_id="l-one")
    learner = create_user(db, "learner1", "L", "learner", "a-long-password").id
    for staff in (None, learner):
        for page in (CONSOLE, PRESENT):
            at = AppTest.from_file(APP, default_timeout=60)
            if staff is not None:
                signed_in(at, staff)
            at.run().switch_page(page)  # routable (a refresh lands here), but gated on every run
            at.query_params["session"] = str(session.id)
            at.run()
            assert not at.exception
            gate = [w.value for w in at.warning] + [e.value for e in at.error]
            assert gate and ("Sign in to continue" in gate[0] or "does not have access" in gate[0])
            assert session.code not in _texts(at) and "Facilitator console" not in [t.value for t in at.title]
        guess = AppTest.from_file(APP, default_timeout=60)
        guess.query_params["session"] = str(session.id)
        guess.query_params["key"] = "guess"  # a projector link: routable, but the key must match
        guess.run().switch_page(PROJECTOR).run()
        assert any("To open it: on the **Facilitator console**" in i.value for i in guess.info)
        assert session.code not in _texts(guess)


def test_projector_link_opens_without_sign_in_and_survives_refresh(app_env: Path, db: Engine, trainer: int) -> None:
    session = live.start_session(db, trainer, "Room 4")
    for _ in range(2):  # a refresh is a new session with the same URL
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["session"] = str(session.id)
        at.query_params["key"] = session.screen_key
        at.run().switch_page(PROJECTOR).run()
        assert not at.exception
        assert not at.error
        assert session.code in _texts(at)


def test_facilitator_signs_in_starts_a_session_and_sees_notes(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    at = open_page(SIGN_IN)
    at.text_input[0].input("trainer")
    at.text_input[1].input("a-long-password")
    at.button[0].click().run()
    assert not at.exception
    at.switch_page(CONSOLE).run()
    assert at.title[0].value == "Facilitator console"
    at.selectbox(key="live-start-source").select("lesson:l-one")
    at.checkbox[0].check()
    at.button(key="live-start-submit").click().run()
    assert not at.exception
    with db.connect() as conn:
        row = conn.execute(select(live_sessions)).one()
    assert row.lesson_id == "l-one" and row.leaderboard and row.facilitator_id == trainer
    assert _param(at, "session") == str(row.id)
    assert at.metric[0].value == row.code

    # the notes of the current section are on the console, and only there
    assert NOTE not in _texts(at)
    live.set_slide(db, row.id, 7)
    at.run()
    assert NOTE in _texts(at)

    at.selectbox(key="bank-pick").select("q-single").run()
    at.button(key="launch-bank").click().run()
    assert not at.exception
    with db.connect() as conn:
        assert conn.execute(select(live_questions.c.question_id, live_questions.c.status)).all() == [
            ("q-single", "open")
        ]
    assert "0 answers · 0 joined" in _texts(at)


def test_console_adhoc_question_moderation_reveal_and_summary(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, trainer, "Room")
    at = open_page(CONSOLE, staff=trainer, session=str(session.id))
    at.text_input(key="adhoc-prompt").input("One word for **debt bondage**?")
    at.radio(key="adhoc-kind").set_value("Open one-line answer")
    at.button(key="adhoc-launch").click().run()
    assert not at.exception
    q = live.board(db, session.id).question
    assert q is not None and q.kind == "open"
    p1, _ = live.join(db, session, "A")
    p2, _ = live.join(db, session, "B")
    live.submit(db, p1, q, text="trapped")
    live.submit(db, p2, q, text="<script>x</script> rude")
    live_phase_cache_clear(at)
    at.run()
    assert "2 answers · 2 joined" in _texts(at)
    rude = next(a for a in live.board(db, session.id).answers if "rude" in (a.text or ""))
    at.button(key=f"mod-{rude.id}").click().run()
    assert live.board(db, session.id).answers[1].hidden
    at.button(key="reveal-question").click().run()
    assert live.board(db, session.id).question.status == "revealed"
    assert [r.responses for r in live.session_summaries(db, [session.id])] == [2]
    downloads = at.get("download_button")
    assert downloads and "Download the summary (CSV)" in str(downloads[0].proto.label)


def test_a_facilitator_cannot_open_another_ones_session(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    other = create_user(db, "other", "Other", "facilitator", "a-long-password").id
    session = live.start_session(db, other, "Not yours")
    at = open_page(CONSOLE, staff=trainer, session=str(session.id))
    assert "This session belongs to another facilitator." in [e.value for e in at.error]
    at = open_page(PROJECTOR, staff=trainer, session=str(session.id))
    assert any("To open it: on the **Facilitator console**" in i.value for i in at.info)


# -- the participant's phone ------------------------------------------------------------------------
def test_wrong_expired_and_malformed_codes(open_page, db: Engine) -> None:  # type: ignore[no-untyped-def]
    at = open_page(JOIN)
    assert at.title[0].value == "Join a live session"
    at = open_page(JOIN, code="ZZZZZ")
    assert any("No live session has the code ZZZZZ" in e.value for e in at.error)
    ended = live.start_session(db, None, "Old")
    live.end_session(db, ended.id)
    at = open_page(JOIN, code=ended.code)
    assert any("has ended" in e.value for e in at.error)
    at = open_page(JOIN, code="<b>")
    assert any("not a join code" in e.value for e in at.error)
    at.text_input[0].input("zz")
    at.button[0].click().run()
    assert any("A join code has 5 letters" in e.value for e in at.error)


def test_participant_joins_answers_once_rejoins_and_sees_reveal(open_page, db: Engine, reg_question=None) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, None, "Room **7**")
    phone = open_page(JOIN, code=session.code.lower())
    assert not phone.exception
    phone.text_input[0].input("<b>Ana</b> **x**")
    phone.button[0].click().run()
    token = _param(phone, "p")
    assert len(token) >= 20
    assert "You: <b>Ana</b> **x**" in [t.value for t in phone.text]  # plain text, never HTML or Markdown
    assert "Wait for the first question" in _texts(phone)

    spec = live.spec_adhoc(
        "Which is a sign of *deception*?", "single", "*Job differs from the promise\nPaid on time", "Broken promises."
    )
    question = live.launch(db, session.id, spec)
    live_phase_cache_clear(phone)
    phone.run()
    assert "Which is a sign of \\*deception\\*?" in _texts(phone)  # typed on the spot: shown literally
    phone.radio[0].set_value("o1")
    phone.button(key=f"FormSubmitter:live-{question.id}-Send my answer").click().run()
    assert not phone.exception
    assert "Job differs from the promise" in [t.value for t in phone.text]
    assert "Answer received:" in _texts(phone)

    # a refresh (a new browser session) with the same URL finds the same participant and answer
    again = open_page(JOIN, code=session.code, p=token)
    assert "Answer received:" in _texts(again) and not again.radio
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 1

    live.reveal_question(db, session.id, question.id)
    live_phase_cache_clear(again)
    again.run()
    text = _texts(again)
    assert "You got it right" in text and "Right answer:" in text and "Broken promises\\." in text

    late = open_page(JOIN, code=session.code)
    late.button[0].click().run()  # anonymous
    assert any(t.value.startswith("You: Anonymous ") for t in late.text)
    assert "Answers to this question are closed." in _texts(late)


def test_answer_after_close_is_refused(open_page, db: Engine) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, None, "Room")
    question = live.launch(db, session.id, live.spec_adhoc("Q?", "single", "*a\nb"))
    _, token = live.join(db, session, "Bo")
    phone = open_page(JOIN, code=session.code, p=token)
    phone.radio[0].set_value("o2")
    live.close_question(db, session.id, question.id)
    phone.button(key=f"FormSubmitter:live-{question.id}-Send my answer").click().run()
    assert any("closed: your answer was not counted" in e.value for e in phone.error)
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 0


def test_session_end_reaches_the_phone(open_page, db: Engine) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, None, "Room")
    _, token = live.join(db, session, "Bo")
    phone = open_page(JOIN, code=session.code, p=token)
    live.end_session(db, session.id)
    live_phase_cache_clear(phone)
    phone.run()
    assert any("has ended" in e.value for e in phone.error)


def live_phase_cache_clear(at: AppTest | None) -> None:
    """What a second of waiting does in production: the 1 s caches expire."""
    from modules.ui.components import live_data

    live_data.clear()


# -- the projector and the presenter view ------------------------------------------------------------
def test_projector_counts_without_the_answer_then_reveal(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, trainer, "Room", lesson_id="l-one", leaderboard=True)
    screen = open_page(PROJECTOR, staff=trainer, session=str(session.id))
    assert not screen.exception
    assert session.code in _texts(screen) and "0 joined" in _texts(screen)
    assert screen.get("image")  # the QR code

    people = [live.join(db, session, name)[0] for name in ("Ana", "<i>Bo</i>", None)]
    from modules.content.loader import load_registry
    from modules.content.sources import content_dir, quizzes_dir

    reg = load_registry([content_dir(), quizzes_dir()])
    q = live.launch(db, session.id, live.spec_from_bank(reg.questions["q-single"]))
    for p, pick in zip(people, ["a", "a", "b"], strict=True):
        live.submit(db, p, q, [pick])
    live_phase_cache_clear(screen)
    screen.run()
    text = _texts(screen)
    assert "3 answers · 3 joined" in text
    assert "· **2** (67%)" in text and "· **1** (33%)" in text
    assert "right answer" not in text and "Deception is about broken promises." not in text

    live.reveal_question(db, session.id, q.id)
    live_phase_cache_clear(screen)
    screen.run()
    text = _texts(screen)
    assert ":material/check_circle: **right answer**" in text and "Deception is about broken promises." in text
    assert "Right answer:" not in text  # the projector marks it on the bars; the explanation follows
    assert "**Leaderboard:** 1. Ana (" in text and "<i>" not in text  # a typed name stays plain text

    live.set_slide(db, session.id, 7)  # the section with facilitator notes
    live_phase_cache_clear(screen)
    screen.run()
    assert not screen.exception
    assert NOTE not in _texts(screen)
    assert "8 / 8" in _texts(screen)


def test_projector_open_answers_are_moderated_and_counted(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(db, trainer, "Room")
    q = live.launch(db, session.id, live.spec_adhoc("A word?", "open"))
    a, _ = live.join(db, session, "A")
    b, _ = live.join(db, session, "B")
    c, _ = live.join(db, session, "C")
    live.submit(db, a, q, text="debt **bondage**")
    live.submit(db, b, q, text="debt")
    live.submit(db, c, q, text="hide me")
    hidden = next(x for x in live.board(db, session.id).answers if x.text == "hide me")
    live.set_answer_hidden(db, session.id, hidden.id, True)
    screen = open_page(PROJECTOR, staff=trainer, session=str(session.id))
    text = _texts(screen)
    assert "› debt \\*\\*bondage\\*\\*" in text
    assert "hide me" not in text
    words = screen.dataframe[0].value
    assert words.iloc[0].tolist() == ["debt", 2]


def test_present_view_moves_and_never_shows_notes(open_page, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    at = open_page(PRESENT, staff=trainer, id="l-one", s="1")
    assert not at.exception
    assert at.title[0].value == "Lesson one"
    assert "**1 / 8**" in [m.value for m in at.markdown]
    at.button[1].click().run()  # Next
    assert _param(at, "s") == "2"
    assert "**2 / 8**" in [m.value for m in at.markdown]
    for n in range(3, 9):
        at.query_params["s"] = str(n)
        at.run()
        assert not at.exception
        assert NOTE not in _texts(at)
    at.button(key="timer-5").click().run()
    sid = int(_param(at, "session"))
    s = live.board(db, sid).session
    assert s.lesson_id == "l-one" and s.timer_seconds == 300
    assert any(":material/timer:" in m.value for m in at.markdown)


def test_a_session_can_be_attached_to_one_of_my_cohorts(open_page, app_env: Path, db: Engine, trainer: int) -> None:  # type: ignore[no-untyped-def]
    from modules.content.loader import load_registry
    from modules.services import cohorts
    from modules.storage import users

    reg = load_registry([app_env / "content", app_env / "quizzes"])
    me = users.by_id(db, trainer)
    other = users.by_id(db, create_user(db, "other", "Other", "facilitator", "a-long-password").id)
    assert me is not None and other is not None
    mine = cohorts.create_cohort(
        db, reg, me, cohorts.CohortForm("Inspectors 2026", "Programme", "Ruritania", "Ministry")
    )
    cohorts.create_cohort(db, reg, other, cohorts.CohortForm("Not mine", "Programme", "Ruritania", "Police"))
    at = open_page(CONSOLE, staff=trainer)
    picker = next(s for s in at.selectbox if s.label.startswith("Cohort"))
    assert picker.options == ["Inspectors 2026"]  # another facilitator's cohort is not offered
    picker.select(mine.id)
    at.button(key="live-start-submit").click().run()
    assert not at.exception
    with db.connect() as conn:
        assert conn.execute(select(live_sessions.c.cohort_id)).scalar_one() == mine.id
