"""Live sessions on both databases: codes, launching, answers exactly once, reveal, summaries."""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from modules.content.loader import load_registry
from modules.services import live
from modules.services.auth import create_user
from modules.storage.live import Outcome
from modules.storage.schema_live import live_answers, live_sessions
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def reg():  # type: ignore[no-untyped-def]
    root = FIXTURES / "valid"
    return load_registry([root / "content", root / "quizzes"])


def _facilitator(engine: Engine) -> int:
    return create_user(engine, "trainer", "Trainer", "facilitator", "a-long-password").id


def _single(reg) -> live.LaunchSpec:  # type: ignore[no-untyped-def]
    return live.spec_from_bank(reg.questions["q-single"])


# -- pure helpers ---------------------------------------------------------------------------------
def test_codes_are_short_unambiguous_and_normalised() -> None:
    code = live.new_code()
    assert len(code) == live.CODE_LENGTH
    assert not set(code) & set("01IOL")
    assert live.normalise_code(f" {code.lower()[:2]}-{code.lower()[2:]} ") == code
    assert live.normalise_code("ABC") is None
    assert live.normalise_code("AB0DE") is None  # 0 is not in the alphabet


def test_public_url_prefers_setting_then_lan_address() -> None:
    assert live.public_base_url(8501, {"PUBLIC_URL": "https://room.example/"}) == "https://room.example"
    assert live.public_base_url(8502, {}, ip="192.0.2.5") == "http://192.0.2.5:8502"
    assert live.join_url("http://h:1", "ABCDE", "tok") == "http://h:1/join?code=ABCDE&p=tok"
    ip = live.local_ip()
    assert ip.count(".") == 3


def test_adhoc_questions() -> None:
    spec = live.spec_adhoc("Which  is a sign?", "single", "*Debt\nPaid on time\n\n", "Because.")
    assert spec.prompt == "Which is a sign?"
    assert spec.options == (("o1", "Debt"), ("o2", "Paid on time"))
    assert spec.correct == ("o1",)
    assert live.spec_adhoc("Two right", "single", "*a\n*b\nc").kind == "multi"
    assert live.spec_adhoc("Poll", "single", "a\nb").correct == ()
    assert live.spec_adhoc("Say one word", "open").kind == "open"
    with pytest.raises(live.LiveError, match="2 to"):
        live.spec_adhoc("Q", "single", "only one")
    with pytest.raises(live.LiveError, match="type the question"):
        live.spec_adhoc("  ", "open")


def test_bank_questions_and_slides(reg) -> None:  # type: ignore[no-untyped-def]
    ids = [q.id for q in live.launchable_questions(reg, "l-one", None)]
    assert ids[:2] == ["q-single", "q-spot"]  # the lesson's checks first
    assert "q-match" not in ids  # matching cannot be launched live
    with pytest.raises(live.LiveError):
        live.spec_from_bank(reg.questions["q-match"])
    drawn = [q.id for q in live.launchable_questions(reg, None, "quiz-draw")]
    assert drawn and all(q in reg.questions for q in drawn)
    tf = live.spec_from_bank(reg.questions["q-tf"])
    assert tf.options == (("true", "True"), ("false", "False")) and tf.correct == ("false",)
    slides = live.lesson_slides(reg.lessons["l-one"])
    assert slides[0].block is None
    kinds = [s.block.kind for s in slides[1:] if s.block is not None]
    assert "facilitator_notes" not in kinds
    assert len(slides) == 1 + 4 + 3
    assert live.notes_for(reg.lessons["l-one"], slides[-1]) == ["SECRET FACILITATOR NOTE"]
    assert live.notes_for(reg.lessons["l-one"], slides[1]) == []


def test_points_and_words() -> None:
    class S:
        leaderboard = True
        speed_points = True

    assert live.points_for(True, S(), 0) == 1000  # type: ignore[arg-type]
    assert live.points_for(True, S(), 60_000) == 500  # type: ignore[arg-type]
    assert live.points_for(False, S(), 0) == 0  # type: ignore[arg-type]
    words = live.word_counts(["Debt bondage", "the debt", "Passport taken; debt"])
    assert words[0] == ("debt", 3)
    assert ("the", 1) not in words


# -- on both databases ----------------------------------------------------------------------------
def test_join_codes_wrong_and_expired(engine: Engine) -> None:
    session = live.start_session(engine, _facilitator(engine), "Room 1", lesson_id="l-one", cohort_id=7)
    assert live.find_session(engine, session.code.lower()).id == session.id
    with pytest.raises(live.LiveError, match="not a join code"):
        live.find_session(engine, "??")
    other = "".join("A" if ch != "A" else "B" for ch in session.code)
    with pytest.raises(live.LiveError, match="No live session"):
        live.find_session(engine, other)
    with engine.begin() as conn:
        conn.execute(
            update(live_sessions)
            .where(live_sessions.c.id == session.id)
            .values(expires_at=live.utcnow() - timedelta(minutes=1))
        )
    with pytest.raises(live.LiveError, match="has ended"):
        live.find_session(engine, session.code)
    second = live.start_session(engine, None, "Room 2")
    live.end_session(engine, second.id)
    with pytest.raises(live.LiveError, match="has ended"):
        live.find_session(engine, second.code)


def test_participants_rejoin_with_their_token(engine: Engine) -> None:
    session = live.start_session(engine, None, "Room")
    p, token = live.join(engine, session, "  Ana\u0000  <b>x</b> ")
    assert p.nickname == "Ana <b>x</b>"
    assert live.rejoin(engine, session, token) == p
    assert live.rejoin(engine, session, "not-a-token") is None
    other = live.start_session(engine, None, "Other")
    assert live.rejoin(engine, other, token) is None  # a token works only for its session
    anon, _ = live.join(engine, session, "   ")
    assert anon.nickname is None
    assert live.display_name(anon.id, anon.nickname) == f"Anonymous {anon.id}"


def test_answer_once_close_refuses_reveal(engine: Engine, reg) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, None, "Room", lesson_id="l-one")
    a, _ = live.join(engine, session, "A")
    b, _ = live.join(engine, session, "B")
    c, _ = live.join(engine, session, "C")
    q = live.launch(engine, session.id, _single(reg))
    assert live.phase(engine, session.id) == live.Phase("open", q.id, "open")
    assert live.submit(engine, a, q, ["a"]).outcome is Outcome.RECORDED
    again = live.submit(engine, a, q, ["b"])
    assert again.outcome is Outcome.DUPLICATE and again.counted
    assert live.my_answer(engine, a, q.id).choice == ("a",)  # the first answer stands
    assert live.submit(engine, b, q, ["b", "a"]).outcome is Outcome.RECORDED  # single choice keeps one
    assert live.submit(engine, c, q, ["nonsense"]).message == "Choose an answer first."
    board = live.board(engine, session.id)
    assert board is not None and board.participants == 3 and len(board.answers) == 2
    dist = {d.letter: d.count for d in live.distribution(board.question, board.answers)}
    assert dist == {"A": 1, "B": 1}
    assert live.close_question(engine, session.id, q.id)
    refused = live.submit(engine, c, q, ["a"])
    assert refused.outcome is Outcome.CLOSED and "closed" in refused.message
    assert live.reveal_question(engine, session.id, q.id)
    assert live.phase(engine, session.id).question_status == "revealed"
    assert not live.close_question(engine, session.id, q.id)  # revealed stays revealed


def test_launching_closes_the_previous_question(engine: Engine, reg) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, None, "Room")
    p, _ = live.join(engine, session, None)
    first = live.launch(engine, session.id, _single(reg))
    second = live.launch(engine, session.id, live.spec_adhoc("Say a word", "open"))
    assert second.position == first.position + 1
    assert live.submit(engine, p, first, ["a"]).outcome is Outcome.CLOSED
    assert live.submit(engine, p, second, text="  Debt   bondage ").outcome is Outcome.RECORDED
    assert live.my_answer(engine, p, second.id).text == "Debt bondage"
    live.end_session(engine, session.id)
    with pytest.raises(live.LiveError, match="ended"):
        live.launch(engine, session.id, _single(reg))


def test_concurrent_double_submits_count_once(engine: Engine, reg) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, None, "Room")
    people = [live.join(engine, session, f"P{i}")[0] for i in range(8)]
    q = live.launch(engine, session.id, _single(reg))
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def go(p) -> None:  # type: ignore[no-untyped-def]
        result = live.submit(engine, p, q, ["a"])
        with lock:
            outcomes.append(result.outcome)

    threads = [threading.Thread(target=go, args=(p,)) for p in people for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count(Outcome.RECORDED) == 8
    assert outcomes.count(Outcome.DUPLICATE) == 16
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 8


def test_leaderboard_points_and_moderation(engine: Engine, reg) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, None, "Room", leaderboard=True)
    ana, _ = live.join(engine, session, "Ana")
    bo, _ = live.join(engine, session, None)
    q = live.launch(engine, session.id, _single(reg))
    live.submit(engine, ana, q, ["a"])
    live.submit(engine, bo, q, ["b"])
    board = live.leaderboard(engine, session.id)
    assert [(s.rank, s.name, s.points) for s in board] == [(1, "Ana", 1000), (2, f"Anonymous {bo.id}", 0)]
    assert live.set_options(engine, session.id, leaderboard=True, speed_points=True, cohort_id=3)
    q2 = live.launch(engine, session.id, live.spec_adhoc("Word?", "open"))
    live.submit(engine, ana, q2, text="=cmd|' /C calc'!A0")
    live.submit(engine, bo, q2, text="debt")
    answers = live.board(engine, session.id).answers
    assert live.set_answer_hidden(engine, session.id, answers[1].id, True)
    assert [a.text for a in live.visible_open_answers(live.board(engine, session.id).answers)] == ["=cmd|' /C calc'!A0"]
    assert not live.set_answer_hidden(engine, session.id + 999, answers[1].id, False)


def test_timer_and_screens(engine: Engine) -> None:
    session = live.start_session(engine, None, "Room", lesson_id="l-one")
    assert live.start_timer(engine, session.id, 300)
    s = live.board(engine, session.id).session
    assert 295 <= live.timer_left(s) <= 300
    assert live.clock(299) == "04:59"
    assert live.set_slide(engine, session.id, 3)
    s = live.board(engine, session.id).session
    assert (s.screen, s.slide_index) == ("slide", 3)
    with pytest.raises(live.LiveError):
        live.set_screen(engine, session.id, "nowhere")
    assert live.stop_timer(engine, session.id)
    assert live.timer_left(live.board(engine, session.id).session) is None


def test_summaries_and_csv(engine: Engine, reg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, None, "=Room", lesson_id="l-one", cohort_id=12)
    people = [live.join(engine, session, f"P{i}")[0] for i in range(4)]
    q1 = live.launch(engine, session.id, _single(reg))
    for p, pick in zip(people, ["a", "a", "a", "b"], strict=True):
        live.submit(engine, p, q1, [pick])
    q2 = live.launch(engine, session.id, live.spec_adhoc("+Open", "open"))
    live.submit(engine, people[0], q2, text="debt")
    other = live.start_session(engine, None, "Other room")
    live.launch(engine, other.id, _single(reg))

    rows = live.session_summaries(engine, [session.id])
    assert [(r.position, r.responses, r.correct, r.share_correct) for r in rows] == [
        (1, 4, 3, 0.75),
        (2, 1, None, None),
    ]
    assert rows[0].cohort_id == 12 and rows[0].participants == 4
    assert [(c.letter, c.count, c.correct) for c in rows[0].choices] == [("A", 3, True), ("B", 1, False)]
    assert len(live.session_summaries(engine)) == 3
    assert live.session_summaries(engine, []) == []
    frame = live.summaries_frame(rows)
    assert list(frame.columns) == live.SUMMARY_COLUMNS and frame["cohort_id"].tolist() == [12, 12]

    data = live.summary_csv(rows).decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(data)))
    assert parsed[0]["session_title"] == "'=Room"
    assert parsed[1]["prompt"] == "'+Open"
    assert parsed[0]["share_correct"] == "0.75"
    assert "A. The job differs from the one promised.: 3 (right)" in parsed[0]["choices"]


def test_a_server_on_loopback_says_phones_cannot_join() -> None:
    for address in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"):
        reason = live.unreachable_reason(address, env={})
        assert reason is not None and "Phones cannot join" in reason, address
    assert live.unreachable_reason(None, env={}) is None  # every interface: phones on the Wi-Fi reach it
    assert live.unreachable_reason("0.0.0.0", env={}) is None
    assert live.unreachable_reason("192.168.1.20", env={}) is None
    assert live.unreachable_reason("127.0.0.1", env={"PUBLIC_URL": "http://room.example"}) is None


def test_an_advertised_address_phones_cannot_open_is_named() -> None:
    """A replica behind the load balancer must advertise the load balancer, on the room's network."""
    for url in ("http://127.0.0.1:8600", "http://localhost:8600/", "http://[::1]:8600"):
        reason = live.unreachable_reason("127.0.0.1", env={"PUBLIC_URL": url})
        assert reason is not None and url in reason, url
    behind_proxy = live.unreachable_reason("127.0.0.1", env={"TRUST_PROXY_HEADERS": "1"})
    assert behind_proxy is not None and "PUBLIC_URL" in behind_proxy and "load balancer" in behind_proxy
    lb = {"PUBLIC_URL": "http://192.168.1.20:8600", "TRUST_PROXY_HEADERS": "1"}
    assert live.unreachable_reason("127.0.0.1", env=lb) is None


# -- languages (#16) ------------------------------------------------------------------------------------
def test_a_session_keeps_the_facilitators_language(engine: Engine) -> None:
    from modules.i18n import use

    with use("es"):
        session = live.start_session(engine, _facilitator(engine), "Sala 1")
    assert session.language == "es"
    assert live.find_session(engine, session.code).language == "es"  # read back: what the projector shows


def test_a_phone_reads_a_course_question_in_its_own_language_with_the_same_key(engine: Engine, reg) -> None:  # type: ignore[no-untyped-def]
    session = live.start_session(engine, _facilitator(engine), "Room")
    launched = live.launch(engine, session.id, _single(reg))
    source = reg.questions["q-single"]
    worded = source.model_copy(
        update={
            "prompt": "Quel est un signe ?",
            "explanation": "Parce que.",
            "options": [o.model_copy(update={"text": f"Option {o.id}"}) for o in source.options],
        }
    )
    french = dataclasses.replace(reg, questions={**reg.questions, "q-single": worded})
    shown = live.in_reader_language(launched, french)
    assert shown.prompt == "Quel est un signe ?" and shown.explanation == "Parce que."
    assert [t for _oid, t in shown.options] == [f"Option {o.id}" for o in source.options]
    assert shown.correct == launched.correct and [o for o, _t in shown.options] == [o for o, _t in launched.options]
    assert shown.id == launched.id
    adhoc = live.launch(engine, session.id, live.spec_adhoc("Typed here?", "single", "*yes\nno"))
    assert live.in_reader_language(adhoc, french) == adhoc  # typed on the spot: as typed
