"""Course map: modules and lessons of the learner's track with progress, and the track switch."""

from __future__ import annotations

import streamlit as st

from modules.i18n import format_percent, ngettext
from modules.i18n import gettext as _
from modules.services import learner_records as records
from modules.services import learners as learner_service
from modules.services import programme
from modules.services.course_progress import best_scores, course_map, overall
from modules.ui import nav, session
from modules.ui.components import focus
from modules.ui.components.panels import content_problems, need_learner
from modules.ui.components.programme_steps import step_links
from modules.ui.resources import engine, registry

reg = registry()
learner = session.current_learner()
st.title(_("Course map"))
if learner is None or reg.course is None:
    need_learner()
    content_problems(reg)
    st.stop()

tracks = {t.id: t.title for t in reg.course.tracks}
choice = st.segmented_control(
    _("Track"),
    list(tracks),
    format_func=lambda t: tracks[t],
    default=learner.track if learner.track in tracks else None,
)
if choice and choice != learner.track:
    learner_service.change_track(engine(), learner.id, choice, list(tracks))
    session.update_track(choice)
    focus.move_to(focus.TRACK)  # the switch is redrawn: keep focus on it
    st.rerun()

stored = records.progress(engine(), learner.id)
scores = best_scores(records.attempts(engine(), learner.id))
plan = programme.plan_for(engine(), reg, learner.id, learner.track)
done, total = overall(reg, stored, learner.track)
st.progress(
    done / total if total else 0.0,
    # TRANSLATORS: the learner's progress through their track: {done} lessons completed out of {n}.
    text=ngettext("{done} of {n} lesson completed", "{done} of {n} lessons completed", total, done=done),
)

_STATUS = {
    # TRANSLATORS: a lesson's status on the course map, after its title and length (also "in progress", "not started").
    "completed": (":material/check_circle:", _("completed")),
    "in_progress": (":material/pending:", _("in progress")),
    "not_started": (":material/radio_button_unchecked:", _("not started")),
}


def _steps(title: str, steps: list[programme.Step]) -> None:
    """The cohort's assigned tests at their place in the course (the pre-test first)."""
    if not steps:
        return
    with st.container(border=True):
        st.header(title)
        step_links(steps)


# TRANSLATORS: a heading on the course map, above the tests to take before the first lesson (a pre-test).
_steps(_("Before the course"), plan.before)
for entry in course_map(reg, stored, learner.track):
    with st.container(border=True):
        st.header(reg.module_label(entry.module, learner.track))
        st.caption(
            # TRANSLATORS: under a module's heading; the module's description follows.
            ngettext(
                "{done} of {n} lesson completed.",
                "{done} of {n} lessons completed.",
                len(entry.lessons),
                done=entry.completed,
            )
            + " "
            + entry.module.description
        )
        for item in entry.lessons:
            icon, label = _STATUS[item.status]
            st.page_link(
                nav.LESSON,
                # TRANSLATORS: a link to a lesson: its title, its length in minutes and its status ("completed").
                label=_(
                    "{lesson} · {minutes} min · {status}",
                    lesson=item.lesson.title,
                    minutes=item.lesson.minutes,
                    status=label,
                ),
                icon=icon,
                query_params=session.learner_link_params(id=item.lesson.id),
            )
        for lesson_id in entry.unavailable:
            # TRANSLATORS: {lesson} is the lesson's id in the course files (its content could not be read).
            st.caption(_("Lesson '{lesson}' is unavailable until its content problems are fixed.", lesson=lesson_id))
        for quiz in reg.quizzes_for_module(entry.module.id):
            if quiz.track not in (None, learner.track):
                continue
            best = scores.get(quiz.id)
            # TRANSLATORS: after a quiz's title on the course map; {score} is a percentage, such as "80%".
            suffix = " · " + _("best score {score}", score=format_percent(best / 100)) if best is not None else ""
            locked = plan.lock_for(quiz.id)
            st.page_link(
                nav.QUIZ,
                # TRANSLATORS: after a quiz's title on the course map: it cannot be taken yet.
                label=quiz.title + suffix + (" · " + _("locked") if locked else ""),
                icon=":material/lock:" if locked else ":material/quiz:",
                query_params=session.learner_link_params(id=quiz.id),
            )
# TRANSLATORS: a heading on the course map, above the tests to take after the last lesson (a post-test).
_steps(_("After the lessons"), plan.after)

content_problems(reg)
