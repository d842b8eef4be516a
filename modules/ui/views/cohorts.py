"""Cohorts: create one and get its join code, import a roster, assign quizzes, manage settings.
Facilitators see only the cohorts they own; administrators see every cohort."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.analytics.cohort_reports import ORGANISATION_TYPES, SEXES
from modules.export.tables import to_csv_bytes
from modules.i18n import gettext as _
from modules.i18n import ngettext
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

st.title(_("Cohorts"))
cohorts = cohort_service.managed_cohorts(eng, user)
not_yours_notice(cohorts)

with st.expander(_("Create a cohort"), expanded=not cohorts, icon=":material/add:"):
    owners = cohort_service.possible_owners(eng, user)
    with st.form("create-cohort"):
        name = st.text_input(
            _("Cohort name"),
            max_chars=120,
            # TRANSLATORS: an example of a cohort's name, shown in the empty box.
            placeholder=_("Inspectors, northern region, March"),
            key="new-name",
        )
        programme = st.text_input(
            _("Programme"),
            max_chars=160,
            # TRANSLATORS: an example of a programme's name, shown in the empty box.
            placeholder=_("Capacity building on forced labour 2025–2026"),
            key="new-programme",
        )
        c1, c2 = st.columns(2)
        country = c1.text_input(_("Country"), max_chars=80, key="new-country")
        organisation = c2.text_input(
            _("Organisation"),
            max_chars=160,
            # TRANSLATORS: an example of an organisation, shown in the empty box.
            placeholder=_("Ministry of Labour"),
            key="new-org",
        )
        d1, d2 = st.columns(2)
        start = d1.date_input(_("Start date"), value=None, key="new-start")
        end = d2.date_input(_("End date"), value=None, key="new-end")
        owner = (
            st.selectbox(_("Facilitator"), list(owners), format_func=owners.__getitem__, key="new-owner")
            if len(owners) > 1
            else user.id
        )
        if st.form_submit_button(_("Create cohort"), type="primary"):
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
    st.info(_("No cohorts yet: create one above. Learners then join it with its code."))
    st.stop()

cohort = pick_cohort(cohorts, key="cohort-pick")
if st.session_state.pop("cohort_created", None) == cohort.id:
    # TRANSLATORS: {cohort} is the new cohort's name.
    st.success(_("Cohort created: {cohort}.", cohort=escape_markdown(cohort.name)))
join_code_panel(cohort)
if cohort.pseudonymous:
    st.info(_("Pseudonymous cohort: reports and exports show learner ids (L-00042), not names."))


members_tab, observed_tab, certificates_tab, import_tab, quizzes_tab, settings_tab = st.tabs(
    # TRANSLATORS: the tabs of a cohort on the Cohorts page.
    [_("Members"), _("Observed skills"), _("Certificates"), _("Import a roster"), _("Quizzes"), _("Settings")]
)

with members_tab:
    members = cohort_service.members_for(eng, user, cohort.id)
    st.markdown(ngettext("**{n}** member.", "**{n}** members.", len(members)))
    if members:
        # TRANSLATORS: how a member joined the cohort: enrolled from the facilitator's roster, or with the join code.
        by_roster, by_code = _("roster"), _("join code")
        table = pd.DataFrame(
            [
                {
                    # TRANSLATORS: column headers of the table of a cohort's members.
                    _("Learner"): m.display_name,
                    _("Id"): m.learner_id,
                    _("Track"): track_titles.get(m.track, m.track),
                    _("Organisation type"): org_label(m.organisation_type),
                    _("Sex"): sex_label(m.sex),
                    _("Region"): m.region or "",
                    _("Email"): m.email or "",
                    _("Staff id"): m.staff_id or "",
                    # TRANSLATORS: column header: the date the learner joined the cohort.
                    _("Joined"): m.joined_at.strftime("%Y-%m-%d") if m.joined_at else "",
                    # TRANSLATORS: column header: how the learner joined (roster or join code).
                    _("How"): by_roster if m.source == "roster" else by_code,
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
        # TRANSLATORS: the words in bold are the file's column names: keep them as they are. {organisation_types}
        # and {sexes} list the values those columns take, in English, as the file must have them.
        _(
            "Upload a CSV with the columns **name**, **email** and/or **staff_id**, **organisation_type** "
            "({organisation_types}), and optionally **sex** ({sexes}), **region** and **track**. Rows already "
            "in the cohort (same email or staff id) are skipped, so importing the same file twice is safe.",
            organisation_types=", ".join(ORGANISATION_TYPES.values()),
            sexes=", ".join(SEXES.values()),
        )
    )
    st.download_button(
        _("Download a blank roster template"),
        roster_service.TEMPLATE.encode("utf-8-sig"),
        "roster-template.csv",
        "text/csv",
        key="roster-template",
    )
    with st.form("roster", clear_on_submit=True):
        upload = st.file_uploader(_("Roster (CSV)"), type=["csv"], key="roster-file")
        default_track = st.selectbox(
            _("Track for rows without one"),
            tracks,
            format_func=lambda t: track_titles.get(t, t),
            key="roster-track",
        )
        # TRANSLATORS: the button that imports the roster file.
        go = st.form_submit_button(_("Import"), type="primary")
    if go:
        if upload is None:
            st.error(_("Roster: choose a CSV file first."))
        else:
            result = roster_service.import_roster(eng, user, cohort.id, upload.getvalue(), tracks, default_track)
            st.session_state["roster_result"] = (cohort.id, result)
    stored = st.session_state.get("roster_result")
    if stored and stored[0] == cohort.id:
        result = stored[1]
        st.markdown(
            # TRANSLATORS: {created}, {already} and {problems} are counts.
            _(
                "Imported **{created}** new learner(s); **{already}** row(s) were already in the cohort; "
                "**{problems}** problem(s).",
                created=len(result.created),
                already=len(result.already_in_cohort),
                problems=len(result.problems),
            )
        )
        if result.ignored_columns:
            st.caption(
                # TRANSLATORS: {columns} lists the file's column names that the import ignored.
                _(
                    "Columns not used: {columns}",
                    columns=", ".join(escape_markdown(c) for c in result.ignored_columns),
                )
            )
        if result.problems:
            st.warning(_("These rows were not imported. Fix them in the file and import it again."))
            # TRANSLATORS: in the Row column of the import's problems, for a problem with the whole file.
            whole_file = _("file")
            st.dataframe(
                pd.DataFrame(
                    [
                        # TRANSLATORS: column headers of the table of the import's problems.
                        {_("Row"): p.row or whole_file, _("Column"): p.column, _("Problem"): p.message}
                        for p in result.problems
                    ]
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
                _(
                    "Resume codes of the new learners, shown **only now**: download them and hand each person "
                    "their own code. Only a one-way hash is stored."
                )
            )
            st.dataframe(codes, hide_index=True, width="stretch")
            st.download_button(
                _("Download the resume codes (CSV)"),
                to_csv_bytes(codes),
                f"resume-codes-cohort-{cohort.id}.csv",
                "text/csv",
                key="roster-codes",
            )
        if st.button(_("I have saved the codes: clear them"), key="roster-clear"):
            st.session_state.pop("roster_result", None)
            st.rerun()

with quizzes_tab:
    st.markdown(_("The pre-test and the post-test measure learning gain; the final assessment leads to a certificate."))
    by_role = cohort_service.assigned_quizzes(eng, user, cohort.id)
    quizzes = reg.quizzes
    all_ids = sorted(quizzes, key=lambda q: quizzes[q].title)
    finals = [q for q in all_ids if quizzes[q].kind == "final"]

    def title(qid: str) -> str:
        q = quizzes.get(qid)
        if q is None:
            return qid
        return f"{q.title} ({track_titles.get(q.track, q.track)})" if q.track else q.title

    none = "(none)"  # the option's value (its words are the label below)
    # TRANSLATORS: the choice of no pre-test (or no post-test) for a cohort.
    quiz_labels = {none: _("(none)"), **{q: title(q) for q in all_ids}}

    with st.form("quizzes"):
        pre_options = [none, *all_ids]
        pre = st.selectbox(
            _("Pre-test"),
            pre_options,
            index=pre_options.index(by_role["pre_test"][0])
            if by_role["pre_test"] and by_role["pre_test"][0] in pre_options
            else 0,
            format_func=lambda q: quiz_labels.get(q, q),
            key=f"quizzes:pre-{cohort.id}",
        )
        modules_ = st.multiselect(
            _("Module quizzes"),
            all_ids,
            default=[q for q in by_role["module"] if q in all_ids],
            format_func=lambda q: quiz_labels.get(q, q),
            key=f"quizzes:module-{cohort.id}",
        )
        post = st.selectbox(
            _("Post-test"),
            pre_options,
            index=pre_options.index(by_role["post_test"][0])
            if by_role["post_test"] and by_role["post_test"][0] in pre_options
            else 0,
            format_func=lambda q: quiz_labels.get(q, q),
            key=f"quizzes:post-{cohort.id}",
        )
        final = st.multiselect(
            _("Final assessments (one per track)"),
            finals,
            default=[q for q in by_role["final"] if q in finals],
            format_func=lambda q: quiz_labels.get(q, q),
            key=f"quizzes:final-{cohort.id}",
        )
        if st.form_submit_button(_("Save quizzes")):
            pairs = ([(pre, "pre_test")] if pre != none else []) + [(q, "module") for q in modules_]
            pairs += ([(post, "post_test")] if post != none else []) + [(q, "final") for q in final]
            try:
                cohort_service.set_quizzes(eng, reg, user, cohort.id, pairs)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.success(_("Quizzes saved."))

with settings_tab:
    with st.form("programme-order"):
        st.markdown(_("**Programme order** (learners outside any cohort always study freely)"))
        pretest_first = st.checkbox(
            _("Learners take the pre-test before the lessons and module quizzes"),
            value=cohort.pretest_first,
            key=f"order:pretest-first-{cohort.id}",
        )
        post_after = st.checkbox(
            _("The post-test and the final open once the learner has finished the lessons of their track"),
            value=cohort.post_after_lessons,
            key=f"order:post-after-{cohort.id}",
        )
        if st.form_submit_button(_("Save the order")):
            cohort_service.set_programme_order(eng, user, cohort.id, pretest_first, post_after)
            st.rerun()
    observations.required_setting(eng, user, cohort)
    with st.form("edit-cohort"):
        name = st.text_input(_("Cohort name"), value=cohort.name, max_chars=120, key=f"edit:name-{cohort.id}")
        programme = st.text_input(
            _("Programme"), value=cohort.programme, max_chars=160, key=f"edit:programme-{cohort.id}"
        )
        c1, c2 = st.columns(2)
        country = c1.text_input(_("Country"), value=cohort.country, max_chars=80, key=f"edit:country-{cohort.id}")
        organisation = c2.text_input(
            _("Organisation"), value=cohort.organisation, max_chars=160, key=f"edit:org-{cohort.id}"
        )
        d1, d2 = st.columns(2)
        start = d1.date_input(_("Start date"), value=cohort.start_date, key=f"edit:start-{cohort.id}")
        end = d2.date_input(_("End date"), value=cohort.end_date, key=f"edit:end-{cohort.id}")
        if st.form_submit_button(_("Save details")):
            try:
                cohort_service.update_cohort(
                    eng, user, cohort.id, CohortForm(name, programme, country, organisation, start, end)
                )
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                st.rerun()
    pseudo = st.toggle(
        _("Pseudonymous mode: reports and exports show learner ids, not names"),
        value=cohort.pseudonymous,
        key=f"pseudo-{cohort.id}",
    )
    if pseudo != cohort.pseudonymous:
        cohort_service.set_pseudonymous(eng, user, cohort.id, pseudo)
        st.rerun()
    with st.form("delete-cohort"):
        st.markdown(
            # TRANSLATORS: {cohort} names the cohort (name · programme (dates)); *Accounts* is the page of that name.
            _(
                "**Delete {cohort}**: removes the cohort and its memberships. Learners keep their accounts and "
                "results (an administrator erases a learner's data on *Accounts*).",
                cohort=escape_markdown(cohort_label(cohort)),
            )
        )
        confirm = st.text_input(_("Type the cohort name to confirm"), key=f"delete:confirm-{cohort.id}")
        if st.form_submit_button(_("Delete the cohort")):
            if confirm.strip() != cohort.name:
                st.error(_("Confirmation: type the cohort name exactly."))
            else:
                cohort_service.delete_cohort(eng, user, cohort.id)
                st.query_params.pop("cohort", None)
                st.rerun()
