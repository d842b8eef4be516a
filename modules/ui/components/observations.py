"""A cohort's observed skills, as its facilitator scores them: pick a member and a checklist, choose a
level for each criterion, save; the table below lists every scoring of the cohort. The service checks
the policy and the member; this view only draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.services import observations as observation_service
from modules.services.cohorts import Cohort, Forbidden, InvalidInput, Member
from modules.storage.users import User

_FLASH = "observation-flash"


def observed_skills(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    if not reg.rubrics:
        st.info("The course has no observation checklists (rubrics) yet.")
        return
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
    st.markdown(
        "Score a learner's role play against its checklist. A later scoring of the same learner and "
        "checklist replaces the earlier one."
    )
    if not members:
        st.info("No members yet.")
    else:
        _score_form(eng, reg, user, cohort, members)
    _table(eng, reg, user, cohort, members)


def _score_form(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    by_id = {m.learner_id: m for m in members}
    who = st.selectbox(
        "Learner",
        list(by_id),
        format_func=lambda lid: by_id[lid].display_name,
        index=None,
        placeholder="Choose a learner",
        key=f"obs-learner-{cohort.id}",
    )
    if who is None:
        return
    rubrics = observation_service.rubrics_for_track(reg, by_id[who].track)
    if not rubrics:
        st.info("No checklist applies to this learner's track.")
        return
    by_rubric = {r.id: r for r in rubrics}
    rubric_id = st.selectbox(
        "Checklist", list(by_rubric), format_func=lambda r: by_rubric[r].title, key=f"obs-rubric-{cohort.id}"
    )
    rubric = by_rubric[rubric_id]
    if rubric.description:
        st.caption(rubric.description)
    labels = {lv.id: lv.label for lv in rubric.levels}
    with st.form(f"obs-form-{cohort.id}-{who}-{rubric.id}", clear_on_submit=False):
        chosen: dict[str, str] = {}
        for number, criterion in enumerate(rubric.criteria, start=1):
            level = st.radio(
                f"{number}. {criterion.text}",
                list(labels),
                format_func=labels.__getitem__,
                index=None,
                horizontal=True,
                key=f"obs-{cohort.id}-{who}-{rubric.id}-{criterion.id}",
            )
            if level is not None:
                chosen[criterion.id] = level
        note = st.text_area("Note for the learner (optional)", max_chars=observation_service.MAX_NOTE)
        if st.form_submit_button("Save the observation", type="primary"):
            try:
                result = observation_service.record(eng, reg, user, cohort.id, who, rubric.id, chosen, note)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                verdict = "passed" if result.passed else "not passed"
                st.session_state[_FLASH] = (
                    f"Saved: {by_id[who].display_name}, {rubric.title}: {result.percent:.0f}% ({verdict})."
                )
                st.rerun()


def _table(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    scored = observation_service.for_cohort(eng, reg, user, cohort.id)
    if not scored:
        st.caption("No role play scored yet in this cohort.")
        return
    names = {m.learner_id: m.display_name for m in members}
    st.markdown(f"**Scored so far ({len(scored)})**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Learner": names.get(s.observation.learner_id, str(s.observation.learner_id)),
                    "Checklist": s.rubric.title,
                    "Score (%)": s.result.percent,
                    "Passed": "yes" if s.result.passed else "no",
                    "When (UTC)": f"{s.observation.scored_at:%Y-%m-%d %H:%M}",
                }
                for s in scored
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def required_setting(eng: Engine, user: User, cohort: Cohort) -> None:
    """The cohort setting: certificates need the track's checklists passed."""
    on = st.toggle(
        "Certificates also need the observed role plays of the learner's track passed",
        value=cohort.observations_required,
        key=f"obs-required-{cohort.id}",
        help="Learners see which role plays are still missing on their My programme page.",
    )
    if on != cohort.observations_required:
        observation_service.set_required(eng, user, cohort.id, on)
        st.rerun()
