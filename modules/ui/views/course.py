"""Course map: modules and lessons of the learner's track with progress, and the track switch."""

from __future__ import annotations

import streamlit as st

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
st.title("Course map")
if learner is None or reg.course is None:
    need_learner()
    content_problems(reg)
    st.stop()

tracks = {t.id: t.title for t in reg.course.tracks}
choice = st.segmented_control(
    "Track", list(tracks), format_func=lambda t: tracks[t], default=learner.track if learner.track in tracks else None
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
st.progress(done / total if total else 0.0, text=f"{done} of {total} lessons completed")

_STATUS = {
    "completed": (":material/check_circle:", "completed"),
    "in_progress": (":material/pending:", "in progress"),
    "not_started": (":material/radio_button_unchecked:", "not started"),
}


def _steps(title: str, steps: list[programme.Step]) -> None:
    """The cohort's assigned tests at their place in the course (the pre-test first)."""
    if not steps:
        return
    with st.container(border=True):
        st.header(title)
        step_links(steps)


_steps("Before the course", plan.before)
for entry in course_map(reg, stored, learner.track):
    with st.container(border=True):
        st.header(reg.module_label(entry.module, learner.track))
        st.caption(f"{entry.completed} of {len(entry.lessons)} lessons completed. {entry.module.description}")
        for item in entry.lessons:
            icon, label = _STATUS[item.status]
            st.page_link(
                nav.LESSON,
                label=f"{item.lesson.title} · {item.lesson.minutes} min · {label}",
                icon=icon,
                query_params=session.learner_link_params(id=item.lesson.id),
            )
        for lesson_id in entry.unavailable:
            st.caption(f"Lesson '{lesson_id}' is unavailable until its content problems are fixed.")
        for quiz in reg.quizzes_for_module(entry.module.id):
            if quiz.track not in (None, learner.track):
                continue
            best = scores.get(quiz.id)
            suffix = f" · best score {best:.0f}%" if best is not None else ""
            locked = plan.lock_for(quiz.id)
            st.page_link(
                nav.QUIZ,
                label=f"{quiz.title}{suffix}" + (" · locked" if locked else ""),
                icon=":material/lock:" if locked else ":material/quiz:",
                query_params=session.learner_link_params(id=quiz.id),
            )
_steps("After the lessons", plan.after)

content_problems(reg)
