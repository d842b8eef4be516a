"""A cohort's observed skills, as its facilitator scores them: pick a member and a checklist, choose a
level for each criterion, save; the table below lists every scoring of the cohort. The service checks
the policy and the member; this view only draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from modules.content.registry import Registry
from modules.i18n import format_percent
from modules.i18n import gettext as _
from modules.services import observations as observation_service
from modules.services.cohorts import Cohort, Forbidden, InvalidInput, Member
from modules.storage.users import User

_FLASH = "observation-flash"


def observed_skills(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    if not reg.rubrics:
        st.info(_("The course has no observation checklists (rubrics) yet."))
        return
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
    st.markdown(
        _(
            "Score a learner's role play against its checklist. A later scoring of the same learner and "
            "checklist replaces the earlier one."
        )
    )
    if not members:
        st.info(_("No members yet."))
    else:
        _score_form(eng, reg, user, cohort, members)
    _table(eng, reg, user, cohort, members)


def _score_form(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    by_id = {m.learner_id: m for m in members}
    who = st.selectbox(
        _("Learner"),
        list(by_id),
        format_func=lambda lid: by_id[lid].display_name,
        index=None,
        placeholder=_("Choose a learner"),
        key=f"obs-learner-{cohort.id}",
    )
    if who is None:
        return
    rubrics = observation_service.rubrics_for_track(reg, by_id[who].track)
    if not rubrics:
        st.info(_("No checklist applies to this learner's track."))
        return
    by_rubric = {r.id: r for r in rubrics}
    rubric_id = st.selectbox(
        # TRANSLATORS: an observation checklist (a rubric) to score a learner's role play against.
        _("Checklist"),
        list(by_rubric),
        format_func=lambda r: by_rubric[r].title,
        key=f"obs-rubric-{cohort.id}",
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
        note = st.text_area(
            _("Note for the learner (optional)"),
            max_chars=observation_service.MAX_NOTE,
            key=f"obs-note-{cohort.id}-{who}-{rubric.id}",
        )
        if st.form_submit_button(_("Save the observation"), type="primary"):
            try:
                result = observation_service.record(eng, reg, user, cohort.id, who, rubric.id, chosen, note)
            except (InvalidInput, Forbidden) as exc:
                st.error(str(exc))
            else:
                # TRANSLATORS: the verdict of a scored role play, in "Saved: …" below.
                verdict = _("passed") if result.passed else _("not passed")
                # TRANSLATORS: {learner} is the learner's name, {checklist} the checklist's title, {percent} the
                # score (75%) and {verdict} "passed" or "not passed".
                st.session_state[_FLASH] = _(
                    "Saved: {learner}, {checklist}: {percent} ({verdict}).",
                    learner=by_id[who].display_name,
                    checklist=rubric.title,
                    percent=format_percent(round(result.percent) / 100),
                    verdict=verdict,
                )
                st.rerun()


def _table(eng: Engine, reg: Registry, user: User, cohort: Cohort, members: list[Member]) -> None:
    scored = observation_service.for_cohort(eng, reg, user, cohort.id)
    if not scored:
        st.caption(_("No role play scored yet in this cohort."))
        return
    names = {m.learner_id: m.display_name for m in members}
    # TRANSLATORS: a heading; {n} is how many role plays were scored.
    st.markdown("**" + _("Scored so far ({n})", n=len(scored)) + "**")
    yes, no = _("yes"), _("no")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    # TRANSLATORS: column headers of the table of scored role plays.
                    _("Learner"): names.get(s.observation.learner_id, str(s.observation.learner_id)),
                    _("Checklist"): s.rubric.title,
                    _("Score (%)"): s.result.percent,
                    _("Passed"): yes if s.result.passed else no,
                    _("When (UTC)"): f"{s.observation.scored_at:%Y-%m-%d %H:%M}",
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
        _("Certificates also need the observed role plays of the learner's track passed"),
        value=cohort.observations_required,
        key=f"obs-required-{cohort.id}",
        help=_("Learners see which role plays are still missing on their My programme page."),
    )
    if on != cohort.observations_required:
        observation_service.set_required(eng, user, cohort.id, on)
        st.rerun()
