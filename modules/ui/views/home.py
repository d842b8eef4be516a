"""Landing page: what the course is, for whom, what we store; start or resume."""

from __future__ import annotations

import streamlit as st

from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import learner_records as records
from modules.services import learners as learner_service
from modules.services import programme
from modules.services.course_progress import continue_lesson
from modules.ui import language, nav, session
from modules.ui.components import focus
from modules.ui.components.panels import content_problems
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

reg = registry()
course = reg.course
st.title(course.title if course else _("Forced labour and human trafficking: training"))
language.picker("home")

if course is None:
    st.error(_("The course outline could not be loaded. The problems below name the file and line to fix."))
    content_problems(reg)
    st.stop()

tracks = {t.id: t for t in course.tracks}
learner = session.current_learner()


def _welcome_back(learner: session.SessionLearner) -> None:
    """A returning learner's next step comes first: the pre-test their programme starts with, or
    the lesson where they left off."""
    # TRANSLATORS: the page's heading for a returning learner; {name} is the name they chose.
    st.header(_("Welcome back, {name}", name=escape_markdown(learner.display_name)))
    stored = records.progress(engine(), learner.id)
    pending = programme.plan_for(engine(), reg, learner.id, learner.track).pending_pretest
    if pending is not None:
        with st.container(key="continue"):
            st.page_link(
                nav.QUIZ,
                # TRANSLATORS: a button-like link; {quiz} is the pre-test's title.
                label=_("Start with the pre-test: {quiz}", quiz=pending.quiz.title),
                icon=":material/play_arrow:",
                query_params=session.learner_link_params(id=pending.quiz.id),
            )
    else:
        record = records.learner(engine(), learner.id)
        target = continue_lesson(reg, stored, learner.track, record.last_lesson_id if record else None)
        if target is not None:
            with st.container(key="continue"):  # drawn as the page's main button (styles.css)
                st.page_link(
                    nav.LESSON,
                    # TRANSLATORS: a button-like link to the lesson where the learner left off; {lesson} is its title.
                    label=_("Continue: {lesson}", lesson=target.title),
                    icon=":material/play_arrow:",
                    query_params=session.learner_link_params(id=target.id),
                )
        else:
            st.success(_("You have completed every lesson of your track."))
    st.page_link(nav.COURSE, label=_("Course map"), icon=":material/map:", query_params=session.learner_link_params())
    track_title = tracks[learner.track].title if learner.track in tracks else learner.track
    st.markdown(
        # TRANSLATORS: {track} is the name of the learner's track (their job's path through the course).
        _("Your track: {track}.", track="**" + escape_markdown(track_title) + "**")
        + " "
        + _(
            "Your private resume code is {code}: write it down to continue on another device. This page's "
            "address contains it too, so bookmark it and do not share it.",
            code="**`" + learner.pretty_code + "`**",
        )
    )
    if st.button(_("Sign out of this browser"), key="home:sign-out"):
        session.sign_out()
        st.rerun()


if learner is not None:
    _welcome_back(learner)

st.markdown(course.description)
# TRANSLATORS: {audience} is the course's own description of its audience.
st.markdown(_("**Who it is for:** {audience}", audience=course.audience))

minutes = {t: sum(lesson.minutes for lesson in reg.lessons_in_order(t)) for t in tracks}
cols = st.columns(len(tracks))
for col, track in zip(cols, course.tracks, strict=True):
    with col, st.container(border=True, height="stretch"):
        st.markdown(f"**{track.title}**")
        st.markdown(track.description)
        st.caption(
            # TRANSLATORS: under a track's description: how many lessons it has and how long they take.
            ngettext(
                "{n} lesson, about {hours} h {minutes} min",
                "{n} lessons, about {hours} h {minutes} min",
                len(reg.lessons_in_order(track.id)),
                hours=minutes[track.id] // 60,
                minutes=minutes[track.id] % 60,
            )
        )

if learner is None:
    start, resume = st.columns(2)
    with start, st.form("start"):
        st.header(_("Start the course"))
        name = st.text_input(
            _("Display name"),
            max_chars=learner_service.MAX_NAME,
            help=_(
                "Shown to you and, if you join a cohort, to its facilitator. A certificate prints it marked as "
                "self-declared until your programme confirms it."
            ),
            key="home:name",
        )
        track_id = st.radio(
            _("Your track"),
            list(tracks),
            format_func=lambda t: tracks[t].title,
            index=None,
            horizontal=True,
            key="home:track",
        )
        # TRANSLATORS: the button that registers a new learner and starts the course.
        if st.form_submit_button(_("Start"), type="primary", key="home:start"):
            if track_id is None:
                st.error(_("Track: choose the track that fits your job."))
            else:
                try:
                    new, code = learner_service.register(engine(), name, track_id, list(tracks), language.current())
                except learner_service.InvalidInput as exc:
                    st.error(str(exc))
                else:
                    session.sign_in(new, code)
                    focus.move_to(focus.SECTION)  # "Welcome back", with the resume code below it
                    st.rerun()
    with resume, st.form("resume"):
        st.header(_("Continue on this or another device"))
        raw = st.text_input(_("Resume code"), placeholder="XXXX-XXXX-XXXX-XXXX", max_chars=40, key="home:code")
        # TRANSLATORS: the button that signs a learner back in with their resume code.
        if st.form_submit_button(_("Resume"), key="home:resume"):
            found = learner_service.resume(engine(), raw)
            if found is None:
                st.error(_("Resume code: not recognised. Check the 16 letters and digits and try again."))
            else:
                session.sign_in(*found)
                st.rerun()

with st.expander(_("What this app stores about you")):
    st.markdown(
        "- "
        + _("The **display name** you type (it need not be your real name) and your **track**.")
        + "\n- "
        + _(
            "Which lessons you opened and finished, your answers to knowledge checks, and your quiz attempts "
            "with their answers and scores."
        )
        + "\n- "
        + _(
            "A **resume code**, stored only as a one-way hash. Anyone with the code can see your progress, so "
            "keep it private."
        )
        + "\n\n"
        + _(
            "Everything stays in this app's own database on the server that runs it. The app sends no usage "
            "statistics anywhere and loads nothing from the internet."
        )
    )
content_problems(reg)
