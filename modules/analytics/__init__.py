"""Programme statistics with pandas: learning gain, item analysis, cohort reports, mastery.

Pure functions over plain DataFrames (built by services/cohorts.py from the database), so every
formula runs under plain pytest on hand-computed data. No Streamlit, no SQL here.
"""

from __future__ import annotations

import pandas as pd


def first_attempts(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of each learner's first submitted attempt per quiz.

    Statistics default to first attempts (as Moodle's quiz statistics do): a second try at the same
    questions measures memory of the first try's feedback, not what the learner knew."""
    if frame.empty:
        return frame
    first = frame.groupby(["learner_id", "quiz_id"])["attempt_no"].transform("min")
    return frame[frame["attempt_no"] == first]
