"""Participant's phone: join with a code (no account), answer the question on screen, see the reveal.

Kept deliberately light, because sixty phones rerun it: no content loading, no charts, cached
session reads. The URL carries the code and the participant's private token (/join?code=K7WQM&p=...),
so a refresh, a sleeping phone or another replica finds the same participant and their answers.
A tiny fragment polls every two seconds and redraws the page only when the question changes.
"""

from __future__ import annotations

import streamlit as st

from modules.i18n import gettext as _
from modules.services import live
from modules.ui import client, outage
from modules.ui.components import live_data, live_panels
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

_ME = "live_participant"  # (session id, token, Participant): ids only
_SEEN = "live_seen_phase"
_FLASH = "live_flash"


def _code_form(message: str | None = None) -> None:
    st.title(_("Join a live session"))
    if message:
        st.error(message)
    with st.form("live-code"):
        raw = st.text_input(
            _("Join code"),
            max_chars=12,
            # TRANSLATORS: K7WQM is a made-up join code (five capital letters and digits): keep it as it is.
            placeholder=_("The code on the projector, e.g. K7WQM"),
            key="live-code-input",
        )
        go = st.form_submit_button(_("Continue"), type="primary", key="live-code-continue")
    if go:
        code = live.normalise_code(raw)
        if code is None:
            st.error(
                # TRANSLATORS: {length} is the number of characters of every join code (5).
                _(
                    "A join code has {length} letters and digits. Check the projector and try again.",
                    length=live.CODE_LENGTH,
                )
            )
        else:
            st.query_params.clear()
            st.query_params["code"] = code
            st.rerun()
    st.stop()


def _participant(session: live.LiveSession) -> live.Participant | None:
    token = st.query_params.get("p", "")
    known = st.session_state.get(_ME)
    if known is not None and known[0] == session.id and known[1] == token:
        return known[2]
    found = live.rejoin(engine(), session, token)
    if found is not None:
        st.session_state[_ME] = (session.id, token, found)
    return found


def _session_caption(session: live.LiveSession) -> None:
    # TRANSLATORS: above the session's title on a phone; {code} is the session's join code, such as K7WQM.
    st.caption(_("Live session · code {code}", code=session.code))


def _join_form(session: live.LiveSession) -> None:
    _session_caption(session)
    st.title(escape_markdown(session.title))
    st.markdown(_("Choose a nickname for the leaderboard, or leave it empty to stay anonymous. No account is needed."))
    with st.form("live-join"):
        nickname = st.text_input(_("Nickname (optional)"), max_chars=live.MAX_NICKNAME, key="live-nickname")
        # TRANSLATORS: the button that joins a live session with the nickname typed above it.
        go = st.form_submit_button(_("Join"), type="primary", key="live-join-submit")
    if go:
        try:
            participant, token = live.join(engine(), session, nickname, client.address())
        except live.LiveError as exc:
            st.error(str(exc))
            st.stop()
        st.session_state[_ME] = (session.id, token, participant)
        st.query_params["code"] = session.code
        st.query_params["p"] = token
        st.rerun()
    st.stop()


@outage.action
def _submit(participant: live.Participant, question: live.LiveQuestion) -> None:
    """Form callback: runs before the page is drawn, so the page shows the stored answer."""
    key = f"live-{question.id}"
    if question.kind == "open":
        result = live.submit(engine(), participant, question, text=st.session_state.get(f"{key}-text") or "")
    elif question.kind == "single":
        picked = st.session_state.get(f"{key}-one")
        result = live.submit(engine(), participant, question, [picked] if picked else [])
    else:
        picked_many = [oid for oid, _text in question.options if st.session_state.get(f"{key}-{oid}")]
        result = live.submit(engine(), participant, question, picked_many)
    st.session_state[_FLASH] = (question.id, result.counted, result.message)


def _answer_form(participant: live.Participant, question: live.LiveQuestion) -> None:
    key = f"live-{question.id}"
    labels = {oid: live_panels.option_label(question, i) for i, (oid, _text) in enumerate(question.options)}
    with st.form(key, border=False):
        if question.kind == "open":
            st.text_input(_("Your answer"), max_chars=live.MAX_OPEN_ANSWER, key=f"{key}-text")
        elif question.kind == "single":
            st.radio(_("Your answer"), list(labels), format_func=labels.__getitem__, index=None, key=f"{key}-one")
        else:
            st.caption(_("Choose all that apply."))
            for oid, label in labels.items():
                st.checkbox(label, key=f"{key}-{oid}")
        # No key: the tests find this button by the key Streamlit derives from its English label.
        st.form_submit_button(_("Send my answer"), type="primary", on_click=_submit, args=(participant, question))


def _my_answer_text(question: live.LiveQuestion, mine: live.StoredLiveAnswer) -> str:
    if question.kind == "open":
        return mine.text or ""
    texts = dict(question.options)
    return "; ".join(texts.get(oid, oid) for oid in mine.choice)


def _question(participant: live.Participant, phase: live.Phase) -> None:
    assert phase.question_id is not None
    launched = live_data.question(phase.question_id)
    if launched is None:
        st.info(_("Waiting for the next question…"))
        return
    question = live.in_reader_language(launched, registry())  # this phone's language, the same key
    live_panels.prompt(question)
    flash = st.session_state.pop(_FLASH, None)
    if flash is not None and flash[0] == question.id and not flash[1]:
        st.error(flash[2])
    mine = live.my_answer(engine(), participant, question.id)
    if phase.question_status == "open" and mine is None:
        _answer_form(participant, question)
        return
    if mine is not None:
        # TRANSLATORS: on a phone, above the participant's own answer as they sent it.
        st.success(_("Answer received:"), icon=":material/check:")
        st.text(_my_answer_text(question, mine))  # plain text, whatever was typed
    elif phase.question_status != "open":
        st.warning(_("Answers to this question are closed."))
    if phase.question_status == "revealed":
        if mine is not None and mine.correct is not None:
            st.markdown(
                # TRANSLATORS: on a phone, after the reveal: the participant's answer was right, or was not.
                "### :material/check_circle: " + _("You got it right")
                if mine.correct
                else "### :material/cancel: " + _("Not this time")
            )
        live_panels.reveal(question)
    else:
        st.caption(_("Waiting for the facilitator to reveal the answer…"))


@st.fragment(run_every=live_data.PARTICIPANT_POLL)
@outage.fragment
def _poll(session_id: int) -> None:
    """Draws nothing: asks the cached phase and reruns the page only when it changed."""
    if live_data.phase(session_id) != st.session_state.get(_SEEN):
        st.rerun(scope="app")


code = st.query_params.get("code", "")
if not code:
    _code_form()
session, problem = live_data.session_for_code(code, client.address())
if session is None:
    _code_form(problem)
    raise AssertionError("unreachable")  # _code_form stops the run
me = _participant(session)
if me is None:
    _join_form(session)
    raise AssertionError("unreachable")

current = live_data.phase(session.id)
st.session_state[_SEEN] = current
_session_caption(session)
st.header(escape_markdown(session.title))
# TRANSLATORS: on a phone, under the title; {name} is the participant's nickname, or "Anonymous" and a number.
st.text(_("You: {name}", name=live.display_name(me.id, me.nickname)))
if current is None or current.session_status != "open":
    st.info(_("This session has ended. Thank you for taking part."))
    st.stop()
if current.question_id is None:
    st.info(_("You are in. Wait for the first question: it appears here by itself."), icon=":material/hourglass_top:")
else:
    _question(me, current)
_poll(session.id)
