"""Live sessions for a room of 10-60 people: join codes, questions launched one at a time,
answers exactly once, live counts, reveal, leaderboard and per-question summaries.

Everything is read from and written to the database (modules.storage.live), never kept in a
process, so a phone served by another replica, or after a restart, sees the same session. This
module has no Streamlit import: the pages in modules/ui/views/live_*.py call it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import os
import re
import secrets
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from modules.content.registry import Registry
from modules.domain.lesson import (
    Block,
    CaseStudyBlock,
    CheckBlock,
    Lesson,
)
from modules.domain.question import (
    Matching,
    MultipleResponse,
    QuestionModel,
    SpotIndicators,
)
from modules.domain.quiz import draw_pool
from modules.export.safe_cells import neutralise_frame
from modules.i18n import N_, current, ngettext
from modules.i18n import gettext as _
from modules.i18n import gettext as translate  # a msgid marked with N_ where it is defined (_MESSAGES)
from modules.services import policy
from modules.services.policy import Action, CohortFacts
from modules.storage import cohorts as cohorts_repo
from modules.storage import live as repo
from modules.storage.clock import utcnow
from modules.storage.live import (
    CLOSED,
    OPEN,
    REVEALED,
    Board,
    LiveQuestion,
    LiveSession,
    Outcome,
    Participant,
    Phase,
    StoredLiveAnswer,
)
from modules.storage.users import User

__all__ = [
    "Board",
    "LiveQuestion",
    "LiveSession",
    "Outcome",
    "Participant",
    "Phase",
    "StoredLiveAnswer",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: a code read off a projector from the back row is typed right."""
CODE_LENGTH = 5
SESSION_LIFETIME = timedelta(hours=12)
log = logging.getLogger(__name__)

MAX_JOIN_MISSES = 20
JOIN_MISS_WINDOW = timedelta(minutes=10)
MAX_JOINS_PER_DEVICE = 5
"""A join code stops working this long after the facilitator last changed the session."""
MAX_NICKNAME = 30
MAX_OPEN_ANSWER = 120
MAX_OPTIONS = 8
FULL_POINTS = 1000
SPEED_WINDOW_MS = 20_000
"""With speed points on, a right answer earns 1000 at once, falling to 500 after 20 seconds."""
SCREENS = ("join", "slide", "question", "leaderboard")
KINDS = ("single", "multi", "open")
LETTERS = "ABCDEFGHIJKL"


class LiveError(Exception):
    """A problem with a message fit to show the person (participant or facilitator), in the tab's language."""


# -- join codes and tokens --------------------------------------------------------------------
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """What a person types (lower case, spaces, dashes, O for 0 is not possible) -> a code or None."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def new_token() -> str:
    """A participant's private token, kept in the phone's URL (?p=...) so a refresh rejoins."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_nickname(raw: str | None) -> str | None:
    """Collapse whitespace and drop control characters; empty means anonymous."""
    if raw is None:
        return None
    text = "".join(ch for ch in raw if ch.isprintable())
    text = " ".join(text.split())[:MAX_NICKNAME]
    return text or None


def display_name(participant_id: int, nickname: str | None) -> str:
    """The nickname, or "Anonymous 12" in the current language (for the screen that shows it)."""
    # TRANSLATORS: a participant of a live session who gave no nickname; {number} is their number.
    return nickname or _("Anonymous {number}", number=participant_id)


# -- the join address ---------------------------------------------------------------------------
def local_ip() -> str:
    """The laptop's address on the room's network, found without sending a packet: connect() on a
    UDP socket only picks a route. Falls back to the host's addresses, then 127.0.0.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))  # UDP connect: no traffic, just the route's source address
            ip = str(s.getsockname()[0])
            if ip and not ip.startswith("127.") and ip != "0.0.0.0":  # noqa: S104 - a result, not a bind
                return ip
    except OSError:
        pass
    try:
        for ip in socket.gethostbyname_ex(socket.gethostname())[2]:
            if not ip.startswith("127."):
                return ip
    except OSError:
        pass
    return "127.0.0.1"


def public_base_url(port: int, env: Mapping[str, str] | None = None, ip: str | None = None) -> str:
    """PUBLIC_URL if set (a reverse proxy or a name on the room's Wi-Fi), else http://<laptop ip>:<port>."""
    env = os.environ if env is None else env
    given = env.get("PUBLIC_URL", "").strip()
    if given:
        return given.rstrip("/")
    return f"http://{ip or local_ip()}:{port}"


def unreachable_reason(bind_address: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """Why phones cannot open the join address this app advertises (None when they can, as far as
    this server can tell): a PUBLIC_URL naming this computer only; a replica behind a load balancer
    that would advertise its own port; a server bound to loopback."""
    env = os.environ if env is None else env
    given = env.get("PUBLIC_URL", "").strip()
    if given:
        host = (urlsplit(given).hostname or "").lower()
        if _loopback(host):
            # TRANSLATORS: {address} is a web address; PUBLIC_URL, make cluster and ADDRESS=127.0.0.1 are
            # a setting and a command: keep them as they are.
            return _(
                "Phones cannot join: the join address ({address}) names this computer only. Set PUBLIC_URL to "
                "an address phones on the room's network can open (make cluster without ADDRESS=127.0.0.1 "
                "sets it to the load balancer on this computer's network address).",
                address=given,
            )
        return None
    if env.get("TRUST_PROXY_HEADERS", "").strip():
        # TRANSLATORS: PUBLIC_URL is a setting's name: keep it as it is.
        return _(
            "Phones cannot join: this server sits behind a load balancer but PUBLIC_URL is not set, so it would "
            "advertise its own port, which phones cannot reach. Set PUBLIC_URL to the load balancer's address."
        )
    address = (bind_address or "").strip().strip("[]")
    if _loopback(address):
        # TRANSLATORS: {address} is a network address such as 127.0.0.1; `make run`, ADDRESS=127.0.0.1 and
        # PUBLIC_URL are a command and settings: keep them as they are.
        return _(
            "Phones cannot join: this app listens only on this computer (address "
            "{address}). Restart it with `make run` (without ADDRESS=127.0.0.1) so that phones on the "
            "room's network can reach it, or set PUBLIC_URL to an address they can open.",
            address=address,
        )
    return None


def _loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def join_url(base: str, code: str, token: str | None = None) -> str:
    params = {"code": code} | ({"p": token} if token else {})
    return f"{base.rstrip('/')}/join?{urlencode(params)}"


# -- questions to launch ------------------------------------------------------------------------
@dataclass(frozen=True)
class LaunchSpec:
    """A question as the room sees it: a copy is stored with the launch."""

    kind: str  # single | multi | open
    prompt: str
    options: tuple[tuple[str, str], ...]
    correct: tuple[str, ...]
    explanation: str
    source: str  # bank | adhoc
    question_id: str | None = None


def can_launch(question: QuestionModel) -> bool:
    """Matching needs a screen per pair: not a phone-sized live question."""
    return not isinstance(question, Matching)


def spec_from_bank(question: QuestionModel) -> LaunchSpec:
    if not can_launch(question):
        raise LiveError(_("Matching questions cannot be launched live. Choose another question."))
    kind = "multi" if isinstance(question, MultipleResponse | SpotIndicators) else "single"
    prompt = f"{question.scenario}\n\n{question.prompt}" if question.scenario else question.prompt
    return LaunchSpec(
        kind=kind,
        prompt=prompt,
        options=tuple((o.id, o.text) for o in question.options),
        correct=tuple(question.correct_ids()),
        explanation=question.explanation,
        source="bank",
        question_id=question.id,
    )


def spec_adhoc(prompt: str, kind: str, options_text: str = "", explanation: str = "") -> LaunchSpec:
    """A question typed on the spot. Options one per line; a leading * marks a right one.
    With no * the question is a poll (no right answer)."""
    prompt = " ".join(prompt.split())
    if not prompt:
        raise LiveError(_("Question: type the question first."))
    if len(prompt) > 500:
        raise LiveError(ngettext("Question: at most {n} character.", "Question: at most {n} characters.", 500))
    explanation = " ".join(explanation.split())[:1000]
    if kind == "open":
        return LaunchSpec("open", prompt, (), (), explanation, "adhoc")
    if kind not in ("single", "multi"):
        raise LiveError(_("Question type: multiple choice or open answer."))
    options: list[tuple[str, str]] = []
    correct: list[str] = []
    for line in options_text.splitlines():
        text = line.strip()
        right = text.startswith("*")
        text = " ".join(text.lstrip("*").split())[:200]
        if not text:
            continue
        oid = f"o{len(options) + 1}"
        options.append((oid, text))
        if right:
            correct.append(oid)
    if not 2 <= len(options) <= MAX_OPTIONS:
        # TRANSLATORS: {most} is the largest number of options a question may have (8).
        raise LiveError(_("Options: give 2 to {most} options, one per line.", most=MAX_OPTIONS))
    if kind == "single" and len(correct) > 1:
        kind = "multi"
    return LaunchSpec(kind, prompt, tuple(options), tuple(correct), explanation, "adhoc")


def launchable_questions(registry: Registry, lesson_id: str | None, quiz_id: str | None) -> list[QuestionModel]:
    """The lesson's knowledge checks and case studies, then its quizzes' questions; or the quiz's
    questions (for a drawn quiz, every bank question its rules may draw). Matching is left out."""
    ids: list[str] = []
    if lesson_id and lesson_id in registry.lessons:
        ids += registry.lessons[lesson_id].question_ids()
        module = registry.module_of(lesson_id)
        quizzes = registry.quizzes_for_lesson(lesson_id) + (registry.quizzes_for_module(module.id) if module else [])
        for quiz in quizzes:
            ids += quiz.questions
    if quiz_id and quiz_id in registry.quizzes:
        quiz = registry.quizzes[quiz_id]
        ids += quiz.questions
        for rule in quiz.draw:
            ids += draw_pool(rule, registry.draw_bank(quiz))
    seen: set[str] = set()
    out = []
    for qid in ids:
        q = registry.questions.get(qid)
        if q is not None and qid not in seen and can_launch(q):
            seen.add(qid)
            out.append(q)
    return out


# -- presenter slides ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Slide:
    """One screen of a presented lesson: the title screen (block None) or one block of a section."""

    section_index: int
    section_title: str
    block: Block | None


def lesson_slides(lesson: Lesson) -> list[Slide]:
    """A title slide, then one slide per block. Facilitator notes never become a slide."""
    slides = [Slide(-1, lesson.title, None)]
    for i, section in enumerate(lesson.sections):
        for block in section.learner_blocks():
            slides.append(Slide(i, section.title, block))
    return slides


def notes_for(lesson: Lesson, slide: Slide) -> list[str]:
    """Facilitator notes for the console only: the lesson's own notes on its title slide, a
    section's notes on each slide of that section."""
    if slide.section_index < 0:
        return [lesson.facilitator_notes] if lesson.facilitator_notes else []
    return lesson.sections[slide.section_index].notes()


def slide_question_id(slide: Slide) -> str | None:
    block = slide.block
    return block.question if isinstance(block, CheckBlock | CaseStudyBlock) else None


# -- sessions -----------------------------------------------------------------------------------
def start_session(
    engine: Engine,
    facilitator_id: int | None,
    title: str,
    lesson_id: str | None = None,
    quiz_id: str | None = None,
    leaderboard: bool = False,
    speed_points: bool = False,
    cohort_id: int | None = None,
    screen: str = "join",
) -> LiveSession:
    title = " ".join(title.split())[:300] or "Live session"
    now = utcnow()
    for _attempt in range(20):
        try:
            return repo.create_session(
                engine,
                code=new_code(),
                title=title,
                lesson_id=lesson_id,
                quiz_id=quiz_id,
                facilitator_id=facilitator_id,
                cohort_id=cohort_id,
                status=OPEN,
                screen=screen if screen in SCREENS else "join",
                slide_index=0,
                leaderboard=leaderboard,
                speed_points=speed_points,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
                screen_key=secrets.token_urlsafe(16),
                language=current(),  # the facilitator's: the projector shows it
            )
        except IntegrityError:
            continue  # the code is taken: draw another
    raise LiveError(_("Could not find a free join code. Try again."))


def projector_session(engine: Engine, session_id: int | None, key: str | None) -> LiveSession | None:
    """The session whose projector link carries this key. The projector window is a second
    browser window (its own Streamlit session): the key lets it show the screen, which holds
    nothing secret (no notes, no answer before the reveal), without a sign-in on the projector."""
    session = get_session(engine, session_id)
    if session is None or not key or not hmac.compare_digest(session.screen_key, key):
        return None
    return session


def get_session(engine: Engine, session_id: int | None) -> LiveSession | None:
    return repo.get_session(engine, session_id) if session_id is not None else None


def sessions_for(engine: Engine, user_id: int, role: str) -> list[LiveSession]:
    """Open sessions a facilitator may run (an administrator sees everyone's), newest first."""
    return repo.sessions_for(engine, None if role == "admin" else user_id)


def device_hash(address: str | None, salt: str = "") -> str | None:
    """A one-way stand-in for a phone's network address (never stored as such)."""
    if not address:
        return None
    return hashlib.sha256(f"{salt}|{address}".encode()).hexdigest()


def find_session(engine: Engine, raw_code: str, address: str | None = None) -> LiveSession:
    """The open session for a join code, or LiveError saying plainly what is wrong. A device that
    typed MAX_JOIN_MISSES wrong codes in JOIN_MISS_WINDOW waits: the codes are short enough to type,
    so guessing them must be slow."""
    code = normalise_code(raw_code or "")
    if code is None:
        raise LiveError(
            ngettext(
                "That is not a join code: a code has {n} letter and digit, as shown on the projector.",
                "That is not a join code: a code has {n} letters and digits, as shown on the projector.",
                CODE_LENGTH,
            )
        )
    device = device_hash(address)
    if device is not None and repo.join_misses_since(engine, device, utcnow() - JOIN_MISS_WINDOW) >= MAX_JOIN_MISSES:
        log.info("live join refused: too many wrong codes from one device")
        raise LiveError(
            _("Too many wrong codes from this device. Wait ten minutes, then type the code on the projector.")
        )
    session = repo.session_by_code(engine, code)
    if session is None:
        if device is not None:
            repo.record_join_miss(engine, device)
        # TRANSLATORS: {code} is the join code the person typed, such as "K7MPQ".
        raise LiveError(
            _("No live session has the code {code}. Check the code on the projector and try again.", code=code)
        )
    if session.status != OPEN or session.expires_at <= utcnow():
        # TRANSLATORS: {code} is the join code the person typed, such as "K7MPQ".
        raise LiveError(_("The session with code {code} has ended. Ask the facilitator for the new code.", code=code))
    return session


def is_live(session: LiveSession) -> bool:
    return session.status == OPEN and session.expires_at > utcnow()


def can_run(session: LiveSession, user: User | None) -> bool:
    """The facilitator who started it, or any administrator (services/policy.py decides)."""
    return policy.allowed(user, Action.RUN_LIVE, policy.SessionFacts(session.facilitator_id))


# -- what a facilitator's screens may call: every change goes through the policy ---------------------
def open_session(
    engine: Engine,
    user: User,
    title: str,
    *,
    lesson_id: str | None = None,
    quiz_id: str | None = None,
    leaderboard: bool = False,
    speed_points: bool = False,
    cohort_id: int | None = None,
    screen: str = "join",
) -> LiveSession:
    """Start a session as this account; a cohort only if the account manages it."""
    actor = policy.require(engine, user, Action.START_LIVE)
    _require_attach(engine, actor, cohort_id)
    return start_session(
        engine,
        actor.id,
        title,
        lesson_id=lesson_id,
        quiz_id=quiz_id,
        leaderboard=leaderboard,
        speed_points=speed_points,
        cohort_id=cohort_id,
        screen=screen,
    )


def configure(
    engine: Engine,
    user: User,
    session_id: int,
    *,
    leaderboard: bool,
    speed_points: bool,
    cohort_id: int | None = None,
) -> bool:
    """Leaderboard, speed points and the cohort the session counts for (one the account manages)."""
    actor = _require_run(engine, user, session_id)
    _require_attach(engine, actor, cohort_id)
    return set_options(engine, session_id, leaderboard=leaderboard, speed_points=speed_points, cohort_id=cohort_id)


def _require_attach(engine: Engine, actor: User, cohort_id: int | None) -> None:
    """The cohort's facts come from the database, never from the caller."""
    if cohort_id is None:
        return
    cohort = cohorts_repo.get(engine, cohort_id)
    facts = CohortFacts(cohort.owner_user_id, cohort.pseudonymous) if cohort else CohortFacts(None)
    policy.require(engine, actor, Action.ATTACH_LIVE_TO_COHORT, facts)


def _require_run(engine: Engine, user: User | None, session_id: int) -> User:
    session = get_session(engine, session_id)
    if session is None:
        raise policy.Forbidden(_("This session does not exist or belongs to another facilitator."))
    return policy.require(engine, user, Action.RUN_LIVE, policy.SessionFacts(session.facilitator_id))


def control(engine: Engine, user: User | None, change: Callable[..., Any], session_id: int, *args: Any) -> Any:
    """Run one of CONTROLS on a session as this account, if it may run the session."""
    if change not in CONTROLS:
        raise ValueError(f"{getattr(change, '__name__', change)!r} is not a session control")
    _require_run(engine, user, session_id)
    return change(engine, session_id, *args)


def _touch() -> dict[str, datetime]:
    return {"expires_at": utcnow() + SESSION_LIFETIME}


def set_screen(engine: Engine, session_id: int, screen: str) -> bool:
    if screen not in SCREENS:
        # TRANSLATORS: {screens} lists the screens' ids: join, slide, question, leaderboard.
        raise LiveError(_("Screen: one of {screens}.", screens=", ".join(SCREENS)))
    return repo.update_session(engine, session_id, screen=screen, **_touch())


def set_slide(engine: Engine, session_id: int, index: int, show: bool = True) -> bool:
    values: dict[str, object] = {"slide_index": max(0, int(index)), **_touch()}
    if show:
        values["screen"] = "slide"
    return repo.update_session(engine, session_id, **values)


def set_options(
    engine: Engine, session_id: int, *, leaderboard: bool, speed_points: bool, cohort_id: int | None = None
) -> bool:
    return repo.update_session(
        engine, session_id, leaderboard=leaderboard, speed_points=speed_points, cohort_id=cohort_id, **_touch()
    )


def start_timer(engine: Engine, session_id: int, seconds: int) -> bool:
    """An activity timer: its end time is stored, so every projector shows the same countdown."""
    seconds = max(10, min(int(seconds), 3 * 60 * 60))
    return repo.update_session(
        engine, session_id, timer_ends_at=utcnow() + timedelta(seconds=seconds), timer_seconds=seconds, **_touch()
    )


def stop_timer(engine: Engine, session_id: int) -> bool:
    return repo.update_session(engine, session_id, timer_ends_at=None, timer_seconds=None)


def timer_left(session: LiveSession, now: datetime | None = None) -> int | None:
    """Seconds left (0 when time is up), or None when no timer is set."""
    if session.timer_ends_at is None:
        return None
    return max(0, int((session.timer_ends_at - (now or utcnow())).total_seconds() + 0.999))


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def end_session(engine: Engine, session_id: int) -> bool:
    return repo.end_session(engine, session_id)


def launch(engine: Engine, session_id: int, spec: LaunchSpec) -> LiveQuestion:
    """Put a question on every screen; the one before it stops taking answers."""
    if spec.kind not in KINDS:
        raise LiveError(_("Unknown question type."))
    question = repo.launch_question(
        engine,
        session_id,
        source=spec.source,
        question_id=spec.question_id,
        kind=spec.kind,
        prompt=spec.prompt,
        options=[list(o) for o in spec.options],
        correct=list(spec.correct),
        explanation=spec.explanation,
    )
    if question is None:
        raise LiveError(_("This session has ended: start a new one to ask questions."))
    repo.update_session(engine, session_id, **_touch())
    return question


def get_question(engine: Engine, question_id: int) -> LiveQuestion | None:
    return repo.get_question(engine, question_id)


def close_question(engine: Engine, session_id: int, question_id: int) -> bool:
    return repo.set_question_status(engine, session_id, question_id, CLOSED, (OPEN,))


def reveal_question(engine: Engine, session_id: int, question_id: int) -> bool:
    """Show the right answer and explanation on the projector and on every phone (closes answers)."""
    return repo.set_question_status(engine, session_id, question_id, REVEALED, (OPEN, CLOSED))


# -- participants and answers ----------------------------------------------------------------------
def join(
    engine: Engine, session: LiveSession, nickname: str | None, address: str | None = None
) -> tuple[Participant, str]:
    """A new participant; the token goes into the phone's URL, only its hash into the database.
    One device joins a session at most MAX_JOINS_PER_DEVICE times (a shared phone, a lost tab), so
    nobody can stuff a poll or the leaderboard by joining again and again."""
    if not is_live(session):
        raise LiveError(_("This session has ended."))
    device = device_hash(address, salt=str(session.id))
    if device is not None and repo.joins_from_device(engine, session.id, device) >= MAX_JOINS_PER_DEVICE:
        log.info("live join refused: device limit in session=%s", session.id)
        raise LiveError(
            _(
                "This device has already joined this session several times. Go back to your first tab, "
                "or ask the facilitator."
            )
        )
    token = new_token()
    participant = repo.add_participant(engine, session.id, token_hash(token), clean_nickname(nickname), device)
    return participant, token


def rejoin(engine: Engine, session: LiveSession, token: str | None) -> Participant | None:
    """The participant this token belongs to, if it belongs to this session."""
    if not token or len(token) > 64:
        return None
    found = repo.participant_by_token(engine, token_hash(token))
    return found if found is not None and found.session_id == session.id else None


def _grader(choice: list[str]) -> repo.Grader:
    """Right means exactly the right options. Points count only when the leaderboard is on."""

    def run(question: LiveQuestion, session: LiveSession, elapsed_ms: int) -> tuple[bool | None, int]:
        if question.kind == "open" or not question.correct:
            return None, 0
        right = set(choice) == set(question.correct)
        return right, points_for(right, session, elapsed_ms)

    return run


def points_for(right: bool, session: LiveSession, elapsed_ms: int) -> int:
    if not right or not session.leaderboard:
        return 0
    if not session.speed_points:
        return FULL_POINTS
    late = min(max(elapsed_ms, 0), SPEED_WINDOW_MS) / SPEED_WINDOW_MS
    return round(FULL_POINTS * (1 - late / 2))


def clean_choice(question: LiveQuestion, choice: Iterable[str]) -> list[str]:
    """Drop ids that are not options of this question; one id for single choice."""
    valid = [oid for oid, _text in question.options]
    given = [str(c) for c in choice]
    if question.kind == "single":
        return [c for c in given if c in valid][:1]
    return [c for c in valid if c in set(given)]  # multiple picks in the authored order


def clean_open_answer(raw: str) -> str:
    text = "".join(ch for ch in raw if ch.isprintable())
    return " ".join(text.split())[:MAX_OPEN_ANSWER]


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    message: str

    @property
    def counted(self) -> bool:
        return self.outcome in (Outcome.RECORDED, Outcome.DUPLICATE)


_MESSAGES = {
    Outcome.RECORDED: N_("Answer received."),
    Outcome.DUPLICATE: N_("Your answer was already received: it counts once."),
    Outcome.CLOSED: N_("Answers to this question are closed: your answer was not counted."),
    Outcome.NOT_FOUND: N_("This question is no longer available."),
}
"""What a phone says after an answer (English msgids, translated in `submit`)."""


def submit(
    engine: Engine, participant: Participant, question: LiveQuestion, choice: Iterable[str] = (), text: str = ""
) -> SubmitResult:
    """Record one answer, exactly once, only while the question is open."""
    if question.kind == "open":
        cleaned_text = clean_open_answer(text)
        if not cleaned_text:
            return SubmitResult(Outcome.NOT_FOUND, _("Type an answer first."))
        picked: list[str] = []
        stored_text: str | None = cleaned_text
    else:
        picked = clean_choice(question, choice)
        if not picked:
            return SubmitResult(Outcome.NOT_FOUND, _("Choose an answer first."))
        stored_text = None
    outcome = repo.record_answer(engine, participant.id, question.id, picked, stored_text, _grader(picked))
    return SubmitResult(outcome, translate(_MESSAGES[outcome]))


def my_answer(engine: Engine, participant: Participant, question_id: int) -> StoredLiveAnswer | None:
    return repo.answer_of(engine, participant.id, question_id)


def set_answer_hidden(engine: Engine, session_id: int, answer_id: int, hidden: bool) -> bool:
    """Moderation: a hidden open answer disappears from the projector (it stays in the records)."""
    return repo.set_hidden(engine, session_id, answer_id, hidden)


# -- what the screens show -------------------------------------------------------------------------
def board(engine: Engine, session_id: int) -> Board | None:
    return repo.board(engine, session_id)


def phase(engine: Engine, session_id: int) -> Phase | None:
    return repo.phase(engine, session_id)


@dataclass(frozen=True)
class OptionCount:
    option_id: str
    letter: str
    text: str
    count: int
    correct: bool


def distribution(question: LiveQuestion, answers: Iterable[StoredLiveAnswer]) -> list[OptionCount]:
    counts: Counter[str] = Counter()
    for a in answers:
        counts.update(set(a.choice))
    right = set(question.correct)
    return [
        OptionCount(oid, LETTERS[i] if i < len(LETTERS) else str(i + 1), text, counts[oid], oid in right)
        for i, (oid, text) in enumerate(question.options)
    ]


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have i in is it its of on or so that the their there they this "
    "to was were what when which who will with not no yes".split()
)


def word_counts(texts: Iterable[str], limit: int = 15) -> list[tuple[str, int]]:
    """Most frequent words of the visible open answers (common English words left out)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS and len(w) > 1
        )
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def visible_open_answers(answers: Iterable[StoredLiveAnswer]) -> list[StoredLiveAnswer]:
    return [a for a in answers if a.text and not a.hidden]


@dataclass(frozen=True)
class Standing:
    rank: int
    name: str
    points: int
    correct: int


def leaderboard(engine: Engine, session_id: int, limit: int = 10) -> list[Standing]:
    rows = repo.points_by_participant(engine, session_id)
    out: list[Standing] = []
    last_points, rank = None, 0
    for i, (pid, nickname, points, right) in enumerate(rows[:limit], start=1):
        if points != last_points:
            rank, last_points = i, points
        out.append(Standing(rank, display_name(pid, nickname), points, right))
    return out


# -- summaries for the end of a session and for programme reports ----------------------------------
@dataclass(frozen=True)
class QuestionSummary:
    session_id: int
    session_code: str
    session_title: str
    lesson_id: str | None
    quiz_id: str | None
    cohort_id: int | None
    session_started_at: datetime
    session_ended_at: datetime | None
    participants: int
    position: int
    question_id: str | None
    source: str
    kind: str
    prompt: str
    responses: int
    correct: int | None
    share_correct: float | None
    """Correct responses / responses (None for open questions, polls and unanswered questions)."""
    choices: tuple[OptionCount, ...]

    def choices_text(self) -> str:
        return " | ".join(f"{c.letter}. {c.text}: {c.count}{' (right)' if c.correct else ''}" for c in self.choices)


def session_summaries(engine: Engine, session_ids: Iterable[int] | None = None) -> list[QuestionSummary]:
    """One row per launched question of the given sessions (None: all sessions), in session and
    launch order: response count, share correct, choice distribution. Programme reports call this."""
    ids = None if session_ids is None else sorted({int(i) for i in session_ids})
    if ids == []:
        return []
    sessions = {s.id: s for s in repo.sessions_by_ids(engine, ids)}
    people = repo.participant_counts(engine, ids)
    by_question: dict[int, list[StoredLiveAnswer]] = {}
    for a in repo.answers_in(engine, ids):
        by_question.setdefault(a.question_id, []).append(a)
    out = []
    for q in repo.questions_of(engine, ids):
        s = sessions.get(q.session_id)
        if s is None:
            continue
        answers = by_question.get(q.id, [])
        graded = q.kind != "open" and bool(q.correct)
        right = sum(1 for a in answers if a.correct) if graded else None
        share = round(right / len(answers), 4) if graded and answers and right is not None else None
        out.append(
            QuestionSummary(
                session_id=s.id,
                session_code=s.code,
                session_title=s.title,
                lesson_id=s.lesson_id,
                quiz_id=s.quiz_id,
                cohort_id=s.cohort_id,
                session_started_at=s.created_at,
                session_ended_at=s.ended_at,
                participants=people.get(s.id, 0),
                position=q.position,
                question_id=q.question_id,
                source=q.source,
                kind=q.kind,
                prompt=q.prompt,
                responses=len(answers),
                correct=right,
                share_correct=share,
                choices=tuple(distribution(q, answers)) if q.kind != "open" else (),
            )
        )
    return out


SUMMARY_COLUMNS = [
    "session_id",
    "session_code",
    "session_title",
    "cohort_id",
    "lesson_id",
    "quiz_id",
    "session_started_at",
    "participants",
    "position",
    "question_id",
    "kind",
    "prompt",
    "responses",
    "correct",
    "share_correct",
    "choices",
]


def summaries_frame(summaries: Iterable[QuestionSummary]) -> pd.DataFrame:
    """The summaries as a table (one row per question), for screens, reports and CSV."""
    rows = [
        {
            "session_id": s.session_id,
            "session_code": s.session_code,
            "session_title": s.session_title,
            "cohort_id": s.cohort_id,
            "lesson_id": s.lesson_id,
            "quiz_id": s.quiz_id,
            "session_started_at": s.session_started_at.isoformat(timespec="seconds"),
            "participants": s.participants,
            "position": s.position,
            "question_id": s.question_id,
            "kind": s.kind,
            "prompt": s.prompt,
            "responses": s.responses,
            "correct": s.correct,
            "share_correct": s.share_correct,
            "choices": s.choices_text(),
        }
        for s in summaries
    ]
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    for col in ("cohort_id", "correct"):
        frame[col] = frame[col].astype("Int64")
    return frame


CONTROLS: frozenset[Callable[..., Any]] = frozenset(
    {
        set_screen,
        set_slide,
        start_timer,
        stop_timer,
        end_session,
        launch,
        close_question,
        reveal_question,
        set_answer_hidden,
    }
)
"""Changes to a session that screens make only through `control` (tests/unit/test_policy.py checks
that no page calls them, `start_session` or `set_options` directly)."""


def summary_csv(summaries: Iterable[QuestionSummary]) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets read accents) whose text cells are formula-safe."""
    frame = neutralise_frame(summaries_frame(summaries))
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def in_reader_language(question: LiveQuestion, registry: Registry) -> LiveQuestion:
    """A question from the course as this reader's registry words it (a phone may pick its own language):
    the same ids, options in the same order and the same key, only the words differ. A question typed on
    the spot, or one the course no longer has as it was launched, is shown as it was launched."""
    if question.source != "bank" or question.question_id is None:
        return question
    found = registry.questions.get(question.question_id)
    if found is None or not can_launch(found):
        return question
    spec = spec_from_bank(found)
    if [oid for oid, _text in spec.options] != [oid for oid, _text in question.options]:
        return question
    return replace(question, prompt=spec.prompt, options=spec.options, explanation=spec.explanation)
