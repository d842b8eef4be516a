"""A lesson, one section per screen; the position is saved so a refresh or restart resumes it."""

from __future__ import annotations

import streamlit as st

from modules.content.glossary import glossary_href, link_lesson
from modules.content.registry import Registry
from modules.domain.lesson import Lesson
from modules.i18n import gettext as _
from modules.i18n import ngettext
from modules.services import learner_records as records
from modules.services import programme
from modules.services.course_progress import after_lesson, continue_lesson
from modules.ui import nav, outage, session
from modules.ui.components import focus
from modules.ui.components.blocks import LessonContext, render_blocks
from modules.ui.components.panels import content_problems
from modules.ui.page_title import set_title
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

reg = registry()
learner = session.current_learner()
lesson_id = st.query_params.get("id", "")
lesson = reg.lessons.get(lesson_id)

if lesson is None and not lesson_id and learner is not None:
    # The menu's "Lesson": where the learner left off, or the first lesson still to do.
    record = records.learner(engine(), learner.id)
    lesson = continue_lesson(
        reg, records.progress(engine(), learner.id), learner.track, record.last_lesson_id if record else None
    )
if lesson is None:
    st.title(_("Lesson"))
    if lesson_id:
        st.error(
            # TRANSLATORS: {id} is the lesson id from the page's address.
            _(
                "Lesson '{id}' was not found. It may have been renamed or have content problems.",
                id=escape_markdown(lesson_id[:80]),
            )
        )
    elif learner is not None:
        st.success(_("You have completed every lesson of your track."))
    st.markdown(_("Choose a lesson from the course map."))
    st.page_link(nav.COURSE, label=_("Course map"), icon=":material/map:", query_params=session.learner_link_params())
    content_problems(reg)
    st.stop()

shown: Lesson = lesson  # for the callbacks below: the lesson on screen (never None past this point)
sections = lesson.sections
# This tab's view of the learner's progress and checks in this lesson: read from the database once
# per lesson visit and kept in step with this tab's own writes, so a rerun reads nothing.
_STATE = f"lesson-state:{lesson.id}"
cached: tuple[int, records.LessonProgress | None, dict[str, records.CheckAnswer]] | None = st.session_state.get(_STATE)
if learner is not None and (cached is None or cached[0] != learner.id):
    pending = programme.plan_for(engine(), reg, learner.id, learner.track).pending_pretest
    if pending is not None:  # the programme starts with its pre-test (checked once per lesson visit)
        st.title(lesson.title)
        st.info(
            _("Your programme starts with the pre-test: it measures what you know before the lessons."),
            icon=":material/lock:",
        )
        st.page_link(
            nav.QUIZ,
            # TRANSLATORS: a link; {quiz} is the title of the programme's pre-test.
            label=_("Take the pre-test: {quiz}", quiz=pending.quiz.title),
            icon=":material/quiz:",
            query_params=session.learner_link_params(id=pending.quiz.id),
        )
        st.stop()
    cached = (
        learner.id,
        records.lesson_progress(engine(), learner.id, lesson.id),
        records.checks(engine(), learner.id, lesson.id),
    )
    st.session_state[_STATE] = cached
stored: records.LessonProgress | None = cached[1] if learner is not None and cached is not None else None
checks: dict[str, records.CheckAnswer] = cached[2] if learner is not None and cached is not None else {}
try:
    requested = int(st.query_params.get("s", "0")) - 1
except ValueError:
    requested = -1
index = requested if 0 <= requested < len(sections) else (stored.section_index if stored else 0)
index = min(max(index, 0), len(sections) - 1)


@st.cache_resource(show_spinner=False, max_entries=256)
def _linked(version: str, lesson_id: str, params: tuple[tuple[str, str], ...], _reg: Registry) -> Lesson:
    """The lesson with its glossary links, made once per content version and learner link (a rerun only
    looks it up); `_reg` stays out of the key, `version` stands for it."""
    del version  # only a cache key
    return link_lesson(_reg.lessons[lesson_id], _reg.glossary, lambda term: glossary_href(term, **dict(params)))


@outage.action
def _go(to: int, finish: bool = False) -> None:
    """Save the position first, then move: the database, not the tab, remembers where you are."""
    if learner is not None:
        records.save_position(engine(), learner.id, shown.id, to, finish)
        completed = finish or (stored is not None and stored.completed)
        st.session_state[_STATE] = (learner.id, records.LessonProgress(shown.id, to, completed), checks)
    st.query_params["s"] = str(to + 1)
    focus.move_to(focus.SECTION)


if learner is not None and st.session_state.get("opened_lesson") != lesson.id:
    # once per lesson visit, not on every rerun
    records.open_lesson(engine(), learner.id, lesson.id)
    if stored is None:
        records.save_position(engine(), learner.id, lesson.id, index, False)
        stored = records.LessonProgress(lesson.id, index, False)
        st.session_state[_STATE] = (learner.id, stored, checks)
    st.session_state["opened_lesson"] = lesson.id
for param, value in (("id", lesson.id), ("s", str(index + 1))):
    if st.query_params.get(param) != value:  # a write sends a message to the browser: only on change
        st.query_params[param] = value

module = reg.module_of(lesson.id)
track = learner.track if learner else None
set_title(lesson.title, _("Lesson"))
st.title(lesson.title)
if learner is None:
    st.info(
        _(
            "You are reading without signing in: your progress and answers are not saved. Start on the home page "
            "to save them."
        )
    )
if index == 0:  # one element: fewer to send and lay out on every rerun
    objectives = "\n".join(f"- {o.text}" for o in lesson.objectives)
    # TRANSLATORS: in bold, before the list of the lesson's learning objectives.
    by_the_end = _("By the end of this lesson you will be able to:")
    st.markdown(f"{lesson.summary}\n\n**{by_the_end}**\n\n{objectives}")

# the first appearance of each glossary term in the lesson's text links to the Glossary page (a new tab)
section = _linked(reg.version, lesson.id, tuple(sorted(session.learner_link_params().items())), reg).sections[index]
where = f"{reg.module_label(module, track)} · " if module else ""
# TRANSLATORS: above a lesson's progress bar, after the module's name: how long the whole lesson takes.
minutes = ngettext("about {n} minute", "about {n} minutes", lesson.minutes)
# TRANSLATORS: above a lesson's progress bar: which section of the lesson is on screen.
position = _("section {number} of {total}", number=index + 1, total=len(sections))
st.progress((index + 1) / len(sections), text=f"{where}{minutes} · {position}")
st.header(section.title)
ctx = LessonContext(reg, lesson.id, learner.id if learner else None, checks)
render_blocks(section.learner_blocks(), ctx)

prev_col, next_col = st.columns(2)
with prev_col:
    if index > 0:
        st.button(_("← Previous section"), key="lesson-previous", on_click=_go, args=(index - 1,), width="stretch")
with next_col:
    if index < len(sections) - 1:
        st.button(
            _("Next section →"), key="lesson-next", on_click=_go, args=(index + 1,), type="primary", width="stretch"
        )
    else:
        st.button(
            _("Finish lesson"),
            key="lesson-finish",
            on_click=_go,
            args=(index, True),
            type="primary",
            width="stretch",
            icon=":material/check:",
        )

done = stored is not None and stored.completed
if index == len(sections) - 1:
    if done:
        st.success(_("Lesson completed."))
        progress = records.progress(engine(), learner.id) if learner is not None else {}
        after = after_lesson(reg, progress, track, lesson.id)
        for quiz in after.module_quizzes:
            st.page_link(
                nav.QUIZ,
                # TRANSLATORS: a link; {quiz} is the title of the module's quiz.
                label=_("Take the module quiz: {quiz}", quiz=quiz.title),
                icon=":material/quiz:",
                query_params=session.learner_link_params(id=quiz.id),
            )
        if after.next_lesson is not None:
            st.page_link(
                nav.LESSON,
                # TRANSLATORS: a link; {lesson} is the title of the next lesson.
                label=_("Next lesson: {lesson}", lesson=after.next_lesson.title),
                icon=":material/arrow_forward:",
                query_params=session.learner_link_params(id=after.next_lesson.id),
            )
    st.page_link(
        nav.COURSE,
        label=_("Back to the course map"),
        icon=":material/map:",
        query_params=session.learner_link_params(),
    )

with st.expander(_("Sources for this lesson")):
    st.markdown("\n".join(f"- [{s.title}]({s.url})" for s in lesson.sources))
