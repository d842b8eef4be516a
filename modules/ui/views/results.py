"""My results: only the signed-in learner's own progress and attempts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.services import learner_records as records
from modules.services.course_progress import overall
from modules.ui import nav, session
from modules.ui.components.panels import need_learner
from modules.ui.resources import engine, registry

reg = registry()
learner = session.current_learner()
st.title("My results")
if learner is None:
    need_learner()
    st.stop()

stored = records.progress(engine(), learner.id)
done, total = overall(reg, stored, learner.track)
checks = records.checks(engine(), learner.id)
c1, c2, c3 = st.columns(3)
c1.metric("Lessons completed", f"{done} / {total}")
c2.metric("Knowledge checks answered", len(checks))
c3.metric("Knowledge checks right", sum(1 for c in checks.values() if c.correct))

attempts = [a for a in records.attempts(engine(), learner.id) if a.submitted]
st.header("Quiz attempts")
if not attempts:
    st.markdown("No quiz attempts yet.")
else:
    table = pd.DataFrame(
        [
            {
                "Quiz": reg.quizzes[a.quiz_id].title if a.quiz_id in reg.quizzes else a.quiz_id,
                "Attempt": a.attempt_no,
                "Score (%)": a.score,
                "Passed": "yes" if a.passed else "no",
                "Submitted (UTC)": a.submitted_at.strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            }
            for a in attempts
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    for a in attempts:
        if a.quiz_id in reg.quizzes:
            st.page_link(
                nav.QUIZ,
                label=f"Review {reg.quizzes[a.quiz_id].title}, attempt {a.attempt_no}",
                icon=":material/history:",
                query_params=session.learner_link_params(id=a.quiz_id, a=str(a.id)),
            )
