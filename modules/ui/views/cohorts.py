"""Cohorts: create one and get its join code, import a roster, assign quizzes, manage settings.
Facilitators see only the cohorts they own; administrators see every cohort."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.analytics.cohort_reports import ORGANISATION_TYPES, SEXES
from modules.export.tables import to_csv_bytes
from modules.services import cohorts as cohort_service
from modules.services import roster as roster_service
from modules.services.cohorts import CohortForm, InvalidInput
from modules.ui.auth import require_role
from modules.ui.components import cohort_members, observations
from modules.ui.components.programme_common import (
    cohort_label,
    join_code_panel,
    not_yours_notice,
    org_label,
    pick_cohort,
    sex_label,
)
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

user = require_role("admin", "facilitator")
reg = registry()
eng = engine()
tracks = reg.track_ids()
track_titles = {t.id: t.title for t in reg.course.tracks} if reg.course else {}

st.title("Cohorts")
cohorts = cohort_service.managed_cohorts(eng, user)
not_yours_notice(cohorts)

with st.expander("Create a cohort", expanded=not cohorts, icon=":material/add:"):
    owners = cohort_service.possible_owners(eng, user)
    with st.form("create-cohort"):
        name = st.text_input(
            "Cohort name", max_chars=120, placeholder="Inspectors, northern region, March", key="new-name"
        )
        programme = st.text_input(
            "Programme", max_chars=160, placeholder="Capacity building on forced labour 2025–2026", key="new-programme"
        )
        c1, c2 = st.columns(2)
        country = c1.text_input("Country", max_chars=80, key="new-country")
        organisation = c2.text_input("Organisation", max_chars=160, placeholder="Ministry of Labour", key="new-org")
        d1, d2 = st.columns(2)
        start = d1.date_input("Start date", value=None, key="new-start")
        end = d2.date_input("End date", value=None, key="new-end")
        owner = (
            st.selectbox("Facilitator", list(owners), format_func=owners.__getitem__) if len(owners) > 1 else user.id
        )
        if st.form_submit_button("Create cohort", type="primary"):
            try:
                created = cohort_service.create_cohort(
                    eng, reg, user, CohortForm(name, programme, country, organisation, start, end), owner_user_id=owner
                )
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.query_params["cohort"] = str(created.id)
                st.session_state["cohort_created"] = created.id
                st.rerun()

if not cohorts:
    st.info("No cohorts yet: create one above. Learners then join it with its code.")
    st.stop()

cohort = pick_cohort(cohorts, key="cohort-pick")
if st.session_state.pop("cohort_created", None) == cohort.id:
    st.success(f"Cohort created: {escape_markdown(cohort.name)}.")
join_code_panel(cohort)
if cohort.pseudonymous:
    st.info("Pseudonymous cohort: reports and exports show learner ids (L-00042), not names.")


members_tab, observed_tab, certificates_tab, import_tab, quizzes_tab, settings_tab = st.tabs(
    ["Members", "Observed skills", "Certificates", "Import a roster", "Quizzes", "Settings"]
)

with members_tab:
    members = cohort_service.members_for(eng, user, cohort.id)
    st.markdown(f"**{len(members)}** member(s).")
    if members:
        table = pd.DataFrame(
            [
                {
                    "Learner": m.display_name,
                    "Id": m.learner_id,
                    "Track": track_titles.get(m.track, m.track),
                    "Organisation type": org_label(m.organisation_type),
                    "Sex": sex_label(m.sex),
                    "Region": m.region or "",
                    "Email": m.email or "",
                    "Staff id": m.staff_id or "",
                    "Joined": m.joined_at.strftime("%Y-%m-%d") if m.joined_at else "",
                    "How": "roster" if m.source == "roster" else "join code",
                }
                for m in members
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
        cohort_members.reissue_form(eng, user, cohort, members)
        cohort_members.confirm_names_form(eng, user, cohort, members)

with observed_tab:
    observations.observed_skills(eng, reg, user, cohort, members)

with certificates_tab:
    cohort_members.certificates(eng, reg, user, cohort, {m.learner_id: m.display_name for m in members})

with import_tab:
    st.markdown(
        "Upload a CSV with the columns **name**, **email** and/or **staff_id**, **organisation_type** "
        f"({', '.join(ORGANISATION_TYPES.values())}), and optionally **sex** ({', '.join(SEXES.values())}), "
        "**region** and **track**. Rows already in the cohort (same email or staff id) are skipped, so "
        "importing the same file twice is safe."
    )
    st.download_button(
        "Download a blank roster template",
        roster_service.TEMPLATE.encode("utf-8-sig"),
        "roster-template.csv",
        "text/csv",
    )
    with st.form("roster", clear_on_submit=True):
        upload = st.file_uploader("Roster (CSV)", type=["csv"])
        default_track = st.selectbox("Track for rows without one", tracks, format_func=lambda t: track_titles.get(t, t))
        go = st.form_submit_button("Import", type="primary")
    if go:
        if upload is None:
            st.error("Roster: choose a CSV file first.")
        else:
            result = roster_service.import_roster(eng, user, cohort.id, upload.getvalue(), tracks, default_track)
            st.session_state["roster_result"] = (cohort.id, result)
    stored = st.session_state.get("roster_result")
    if stored and stored[0] == cohort.id:
        result = stored[1]
        st.markdown(
            f"Imported **{len(result.created)}** new learner(s); **{len(result.already_in_cohort)}** row(s) were "
            f"already in the cohort; **{len(result.problems)}** problem(s)."
        )
        if result.ignored_columns:
            st.caption("Columns not used: " + ", ".join(escape_markdown(c) for c in result.ignored_columns))
        if result.problems:
            st.warning("These rows were not imported. Fix them in the file and import it again.")
            st.dataframe(
                pd.DataFrame(
                    [{"Row": p.row or "file", "Column": p.column, "Problem": p.message} for p in result.problems]
                ),
                hide_index=True,
                width="stretch",
            )
        if result.created:
            codes = pd.DataFrame(
                [
                    {"name": i.name, "email": i.email or "", "staff_id": i.staff_id or "", "resume_code": i.pretty_code}
                    for i in result.created
                ]
            )
            st.info(
                "Resume codes of the new learners, shown **only now**: download them and hand each person "
                "their own code. Only a one-way hash is stored."
            )
            st.dataframe(codes, hide_index=True, width="stretch")
            st.download_button(
                "Download the resume codes (CSV)",
                to_csv_bytes(codes),
                f"resume-codes-cohort-{cohort.id}.csv",
                "text/csv",
            )
        if st.button("I have saved the codes: clear them"):
            st.session_state.pop("roster_result", None)
            st.rerun()

with quizzes_tab:
    st.markdown("The pre-test and the post-test measure learning gain; the final assessment leads to a certificate.")
    by_role = cohort_service.assigned_quizzes(eng, user, cohort.id)
    quizzes = reg.quizzes
    all_ids = sorted(quizzes, key=lambda q: quizzes[q].title)
    finals = [q for q in all_ids if quizzes[q].kind == "final"]

    def title(qid: str) -> str:
        q = quizzes.get(qid)
        if q is None:
            return qid
        return f"{q.title} ({track_titles.get(q.track, q.track)})" if q.track else q.title

    with st.form("quizzes"):
        none = "(none)"
        pre_options = [none, *all_ids]
        pre = st.selectbox(
            "Pre-test",
            pre_options,
            index=pre_options.index(by_role["pre_test"][0])
            if by_role["pre_test"] and by_role["pre_test"][0] in pre_options
            else 0,
            format_func=lambda q: q if q == none else title(q),
        )
        modules_ = st.multiselect(
            "Module quizzes", all_ids, default=[q for q in by_role["module"] if q in all_ids], format_func=title
        )
        post = st.selectbox(
            "Post-test",
            pre_options,
            index=pre_options.index(by_role["post_test"][0])
            if by_role["post_test"] and by_role["post_test"][0] in pre_options
            else 0,
            format_func=lambda q: q if q == none else title(q),
        )
        final = st.multiselect(
            "Final assessments (one per track)",
            finals,
            default=[q for q in by_role["final"] if q in finals],
            format_func=title,
        )
        if st.form_submit_button("Save quizzes"):
            pairs = ([(pre, "pre_test")] if pre != none else []) + [(q, "module") for q in modules_]
            pairs += ([(post, "post_test")] if post != none else []) + [(q, "final") for q in final]
            try:
                cohort_service.set_quizzes(eng, reg, user, cohort.id, pairs)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.success("Quizzes saved.")

with settings_tab:
    with st.form("programme-order"):
        st.markdown("**Programme order** (learners outside any cohort always study freely)")
        pretest_first = st.checkbox(
            "Learners take the pre-test before the lessons and module quizzes", value=cohort.pretest_first
        )
        post_after = st.checkbox(
            "The post-test and the final open once the learner has finished the lessons of their track",
            value=cohort.post_after_lessons,
        )
        if st.form_submit_button("Save the order"):
            cohort_service.set_programme_order(eng, user, cohort.id, pretest_first, post_after)
            st.rerun()
    observations.required_setting(eng, user, cohort)
    with st.form("edit-cohort"):
        name = st.text_input("Cohort name", value=cohort.name, max_chars=120)
        programme = st.text_input("Programme", value=cohort.programme, max_chars=160)
        c1, c2 = st.columns(2)
        country = c1.text_input("Country", value=cohort.country, max_chars=80)
        organisation = c2.text_input("Organisation", value=cohort.organisation, max_chars=160)
        d1, d2 = st.columns(2)
        start = d1.date_input("Start date", value=cohort.start_date)
        end = d2.date_input("End date", value=cohort.end_date)
        if st.form_submit_button("Save details"):
            try:
                cohort_service.update_cohort(
                    eng, user, cohort.id, CohortForm(name, programme, country, organisation, start, end)
                )
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.rerun()
    pseudo = st.toggle(
        "Pseudonymous mode: reports and exports show learner ids, not names",
        value=cohort.pseudonymous,
        key=f"pseudo-{cohort.id}",
    )
    if pseudo != cohort.pseudonymous:
        cohort_service.set_pseudonymous(eng, user, cohort.id, pseudo)
        st.rerun()
    with st.form("delete-cohort"):
        st.markdown(
            f"**Delete {escape_markdown(cohort_label(cohort))}**: removes the cohort and its memberships. "
            "Learners keep their accounts and results (an administrator erases a learner's data on *Accounts*)."
        )
        confirm = st.text_input("Type the cohort name to confirm")
        if st.form_submit_button("Delete the cohort"):
            if confirm.strip() != cohort.name:
                st.error("Confirmation: type the cohort name exactly.")
            else:
                cohort_service.delete_cohort(eng, user, cohort.id)
                st.query_params.pop("cohort", None)
                st.rerun()
