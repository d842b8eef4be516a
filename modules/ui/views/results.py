"""My results: only the signed-in learner's own progress and attempts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.i18n import gettext as _
from modules.services import learner_records as records
from modules.services.course_progress import overall
from modules.ui import nav, session
from modules.ui.components.panels import need_learner
from modules.ui.resources import engine, registry

reg = registry()
learner = session.current_learner()
st.title(_("My results"))
if learner is None:
    need_learner()
    st.stop()

stored = records.progress(engine(), learner.id)
done, total = overall(reg, stored, learner.track)
checks = records.checks(engine(), learner.id)
c1, c2, c3 = st.columns(3)
# TRANSLATORS: the lessons of the learner's track completed so far, done out of all ("3 / 12").
lessons_done = _("{done} / {total}", done=done, total=total)
c1.metric(_("Lessons completed"), lessons_done)
c2.metric(_("Knowledge checks answered"), len(checks))
# TRANSLATORS: how many of the learner's knowledge checks are answered right.
c3.metric(_("Knowledge checks right"), sum(1 for c in checks.values() if c.correct))

attempts = [a for a in records.attempts(engine(), learner.id) if a.submitted]
st.header(_("Quiz attempts"))
if not attempts:
    st.markdown(_("No quiz attempts yet."))
else:
    # TRANSLATORS: the columns of the table of the learner's quiz attempts.
    quiz, attempt, score, passed, submitted = _("Quiz"), _("Attempt"), _("Score (%)"), _("Passed"), _("Submitted (UTC)")
    # TRANSLATORS: in the "Passed" column of the table of quiz attempts.
    yes, no = _("yes"), _("no")
    table = pd.DataFrame(
        [
            {
                quiz: reg.quizzes[a.quiz_id].title if a.quiz_id in reg.quizzes else a.quiz_id,
                attempt: a.attempt_no,
                score: a.score,
                passed: yes if a.passed else no,
                submitted: a.submitted_at.strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            }
            for a in attempts
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    for a in attempts:
        if a.quiz_id in reg.quizzes:
            st.page_link(
                nav.QUIZ,
                # TRANSLATORS: a link to the review of a quiz attempt; {quiz} is the quiz's title.
                label=_("Review {quiz}, attempt {number}", quiz=reg.quizzes[a.quiz_id].title, number=a.attempt_no),
                icon=":material/history:",
                query_params=session.learner_link_params(id=a.quiz_id, a=str(a.id)),
            )
