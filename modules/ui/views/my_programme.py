"""My programme: join a cohort with a code, see my own pre- and post-test scores and learning
gain, and download my certificate. Only the learner of this tab (resume code or learner account)
is ever shown: no query parameter can name another learner."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from modules.analytics.cohort_reports import ORGANISATION_TYPES, SEXES
from modules.analytics.learning_gain import first_scores, normalised_gain
from modules.export.certificate_pdf import CertificateContent, certificate_pdf, long_date
from modules.services import accounts, observations, programme
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.services import learner_records as records
from modules.services.cohorts import InvalidInput
from modules.ui import auth, nav, outage, programme_identity, session
from modules.ui.components.panels import need_learner
from modules.ui.components.programme_steps import step_links
from modules.ui.resources import engine, registry
from modules.ui.text import escape_markdown

reg = registry()
eng = engine()
learner = session.current_learner()
if learner is None:
    record = accounts.learner_for_account(eng, auth.current_user())
    if record is not None:
        learner = session.adopt_learner(record)

st.title("My programme")
if learner is None:
    need_learner()
    st.stop()

with st.expander(
    "Join a cohort", expanded=not cohort_service.learner_cohorts(eng, learner.id), icon=":material/group_add:"
):
    with st.form("join-cohort"):
        code = st.text_input(
            "Join code from your facilitator",
            value=st.query_params.get("code", "")[:20],
            placeholder="XXXX-XXXX",
            max_chars=20,
        )
        org = st.selectbox(
            "Your organisation",
            list(ORGANISATION_TYPES),
            format_func=ORGANISATION_TYPES.__getitem__,
            index=None,
            placeholder="Choose",
        )
        c1, c2 = st.columns(2)
        sex = c1.selectbox(
            "Sex (optional, for disaggregated programme statistics)",
            list(SEXES),
            format_func=SEXES.__getitem__,
            index=None,
            placeholder="Leave empty",
        )
        region = c2.text_input("Region (optional)", max_chars=80)
        if st.form_submit_button("Join", type="primary"):
            try:
                joined, added = cohort_service.join(eng, learner.id, code, org or "", sex, region)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                what = "You joined" if added else "You are already in"
                st.success(f"{what} **{escape_markdown(joined.name)}** ({escape_markdown(joined.programme)}).")
    st.caption("Your facilitator sees your progress and results in this cohort; other learners never do.")


learner_id = learner.id  # for the callbacks below (never None past this point)


@outage.action
def _consent(cohort_id: int, key: str) -> None:
    cohort_service.set_reissue_consent(eng, learner_id, cohort_id, bool(st.session_state[key]))


def _code_help(cohort_id: int) -> None:
    """Who may issue this learner a new resume code: their choice, unless the roster enrolled them."""
    member = cohort_service.my_membership(eng, learner_id, cohort_id)
    if member is None:
        return
    if member.source == "roster":
        st.caption(
            "Your facilitator enrolled you from the roster: if you lose your resume code, they can give you a new one."
        )
        return
    key = f"reissue-consent:{cohort_id}"
    st.checkbox(
        "If I lose my resume code, this cohort's facilitator may issue me a new one",
        value=member.reissue_consent,
        key=key,
        on_change=_consent,
        args=(cohort_id, key),
        help="A new code replaces your old one and opens your whole record. Without this, only you hold your code.",
    )


plan = programme.plan_for(eng, reg, learner.id, learner.track)
attempts = records.attempts(eng, learner.id)
submitted = [
    {
        "learner_id": a.learner_id,
        "quiz_id": a.quiz_id,
        "attempt_no": a.attempt_no,
        "score": a.score,
        "submitted_at": a.submitted_at,
    }
    for a in attempts
    if a.submitted and a.score is not None
]
frame = pd.DataFrame(submitted, columns=["learner_id", "quiz_id", "attempt_no", "score", "submitted_at"])

for cp in plan.cohorts:
    cohort = cp.cohort
    st.header(escape_markdown(cohort.name))
    st.caption(escape_markdown(f"{cohort.programme} · {cohort.organisation}, {cohort.country}"))
    with st.container(border=True):
        st.markdown("**Your programme, in order**")
        step_links(cp.before)
        st.page_link(
            nav.COURSE,
            label=f"The lessons of your track · {cp.lessons_done} of {cp.lessons_total} done",
            icon=":material/menu_book:",
            query_params=session.learner_link_params(),
        )
        step_links(cp.modules)
        step_links(cp.after)
    pre = first_scores(frame, [step.quiz.id for step in cp.before])
    post = first_scores(frame, [step.quiz.id for step in cp.after if step.role == "post_test"])
    pre_v = float(pre.iloc[0]) if len(pre) else None
    post_v = float(post.iloc[0]) if len(post) else None
    gain = normalised_gain(pre_v, post_v)
    c = st.columns(3)
    c[0].metric("Pre-test", f"{pre_v:.0f}%" if pre_v is not None else "not yet")
    c[1].metric("Post-test", f"{post_v:.0f}%" if post_v is not None else "not yet")
    c[2].metric(
        "Learning gain",
        f"{gain:.2f}" if gain is not None else "–",
        help="(post − pre) / (100 − pre): the share of what you did not know that you learned.",
    )
    _code_help(cohort.id)

observed = observations.for_learner(eng, reg, learner.id)
if observed:
    st.header("Observed skills")
    st.caption("Your facilitator watched you in these role plays and scored each point on the checklist.")
    for item in observed:
        verdict = "passed" if item.result.passed else "not passed yet"
        with st.container(border=True):
            st.markdown(
                f"**{escape_markdown(item.rubric.title)}** · {item.result.percent:.0f}% · {verdict} "
                f"(pass mark {item.rubric.pass_mark}%) · {escape_markdown(item.cohort_name)}"
            )
            st.table(
                pd.DataFrame(
                    [{"What was observed": text, "Level": level} for text, level in item.level_labels()]
                ).set_index("What was observed")
            )
            if item.observation.note:
                st.caption(f"Facilitator's note: {escape_markdown(item.observation.note)}")

st.header("My certificate")
earned = certificate_service.earned(eng, reg, learner.id)
if not earned:
    finals = certificate_service.finals_for_track(reg, learner.track)
    if finals:
        names = ", ".join(escape_markdown(q.title) for q in finals)
        st.info(f"Pass the final assessment of your track ({names}) to earn your certificate.")
    else:
        st.info("Your track has no final assessment yet.")
for e in earned:
    try:
        cert = certificate_service.issue_for(eng, reg, learner.id, e)
    except certificate_service.CertificateRefused as refused:
        st.warning(str(refused), icon=":material/block:")
        continue
    if cert is None:
        continue
    pretty_code = certificate_service.pretty_code(cert.code)
    st.success(
        f"You passed **{escape_markdown(e.quiz.title)}** on {long_date(cert.completed_on)} "
        f"with {cert.score:.0f}%. Verification code: **{pretty_code}**."
    )
    if cert.basis != "programme":
        st.caption(
            "Your name on this certificate is self-declared: it says so, and so does its verification page. "
            "If you study in a programme, your facilitator can confirm your name and re-issue it."
        )
    if not certificate_service.public_address_set():
        st.caption(
            "This server has no public address (PUBLIC_URL), so the certificate's verification link points at "
            "this computer: others cannot check it online. The administrator can set PUBLIC_URL (see README)."
        )
    content = CertificateContent(
        learner_name=cert.learner_name,
        course_title=cert.course_title,
        track_title=cert.track_title,
        programme=cert.programme,
        completed_on=cert.completed_on,
        hours=certificate_service.format_hours(cert.minutes),
        score=cert.score,
        code=pretty_code,
        verify_url=certificate_service.verification_url(cert.code),
        name_note=certificate_service.name_note(cert),
        branding=programme_identity.branding(),
    )
    st.download_button(
        "Download my certificate (PDF)",
        partial(certificate_pdf, content),
        f"certificate-{cert.code}.pdf",
        "application/pdf",
        type="primary",
        icon=":material/workspace_premium:",
        on_click="ignore",
        key=f"certificate-{cert.id}",
    )
