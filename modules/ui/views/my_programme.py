"""My programme: join a cohort with a code, see my own pre- and post-test scores and learning
gain, and download my certificate. Only the learner of this tab (resume code or learner account)
is ever shown: no query parameter can name another learner."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from modules.analytics.cohort_reports import ORGANISATION_TYPES, SEXES, vocabulary_label
from modules.analytics.learning_gain import first_scores, normalised_gain
from modules.export.certificate_pdf import CertificateContent, certificate_pdf
from modules.i18n import LANGUAGES, current, format_date, format_percent, use
from modules.i18n import gettext as _
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

st.title(_("My programme"))
if learner is None:
    need_learner()
    st.stop()

with st.expander(
    _("Join a cohort"), expanded=not cohort_service.learner_cohorts(eng, learner.id), icon=":material/group_add:"
):
    with st.form("join-cohort"):
        code = st.text_input(
            _("Join code from your facilitator"),
            value=st.query_params.get("code", "")[:20],
            placeholder="XXXX-XXXX",
            max_chars=20,
            key="join-code",
        )
        # the codes are stored; their words are in the reader's language (made here, in the page's run)
        org_words = {c: vocabulary_label("organisation_type", c) for c in ORGANISATION_TYPES}
        sex_words = {c: vocabulary_label("sex", c) for c in SEXES}
        org = st.selectbox(
            _("Your organisation"),
            list(ORGANISATION_TYPES),
            format_func=org_words.__getitem__,
            index=None,
            # TRANSLATORS: in an empty drop-down list, before the learner picks an answer.
            placeholder=_("Choose"),
            key="join-organisation",
        )
        c1, c2 = st.columns(2)
        sex = c1.selectbox(
            _("Sex (optional, for disaggregated programme statistics)"),
            list(SEXES),
            format_func=sex_words.__getitem__,
            index=None,
            # TRANSLATORS: in an optional drop-down list that has no answer yet.
            placeholder=_("Leave empty"),
            key="join-sex",
        )
        region = c2.text_input(_("Region (optional)"), max_chars=80, key="join-region")
        # TRANSLATORS: the button that joins the cohort whose code the learner typed.
        if st.form_submit_button(_("Join"), type="primary", key="join-cohort-submit"):
            try:
                joined, added = cohort_service.join(eng, learner.id, code, org or "", sex, region)
            except InvalidInput as exc:
                st.error(str(exc))
            else:
                cohort_name, cohort_programme = escape_markdown(joined.name), escape_markdown(joined.programme)
                if added:
                    # TRANSLATORS: {cohort} is the name of a cohort (a group of learners), {programme} its programme's.
                    st.success(
                        _("You joined **{cohort}** ({programme}).", cohort=cohort_name, programme=cohort_programme)
                    )
                else:
                    st.success(
                        _(
                            "You are already in **{cohort}** ({programme}).",
                            cohort=cohort_name,
                            programme=cohort_programme,
                        )
                    )
    st.caption(_("Your facilitator sees your progress and results in this cohort; other learners never do."))


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
            _(
                "Your facilitator enrolled you from the roster: "
                "if you lose your resume code, they can give you a new one."
            )
        )
        return
    key = f"reissue-consent:{cohort_id}"
    st.checkbox(
        _("If I lose my resume code, this cohort's facilitator may issue me a new one"),
        value=member.reissue_consent,
        key=key,
        on_change=_consent,
        args=(cohort_id, key),
        help=_("A new code replaces your old one and opens your whole record. Without this, only you hold your code."),
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
        st.markdown("**" + _("Your programme, in order") + "**")
        step_links(cp.before)
        st.page_link(
            nav.COURSE,
            # TRANSLATORS: a link to the course's lessons: {done} of the track's {total} lessons are done.
            label=_("The lessons of your track · {done} of {total} done", done=cp.lessons_done, total=cp.lessons_total),
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
    # TRANSLATORS: in place of a test's score, when the learner has not taken the test yet.
    not_yet = _("not yet")
    c[0].metric(_("Pre-test"), format_percent(round(pre_v) / 100) if pre_v is not None else not_yet)
    c[1].metric(_("Post-test"), format_percent(round(post_v) / 100) if post_v is not None else not_yet)
    c[2].metric(
        _("Learning gain"),
        f"{gain:.2f}" if gain is not None else "–",
        # TRANSLATORS: how the learning gain is computed; "post" and "pre" are the post- and pre-test scores.
        help=_("(post − pre) / (100 − pre): the share of what you did not know that you learned."),
    )
    _code_help(cohort.id)

observed = observations.for_learner(eng, reg, learner.id)
if observed:
    st.header(_("Observed skills"))
    st.caption(_("Your facilitator watched you in these role plays and scored each point on the checklist."))
    # TRANSLATORS: the columns of the table of an observed role play: each point of its checklist, and its level.
    what, level_column = _("What was observed"), _("Level")
    for item in observed:
        rubric, cohort_name = escape_markdown(item.rubric.title), escape_markdown(item.cohort_name)
        percent = format_percent(round(item.result.percent) / 100)
        pass_mark = format_percent(item.rubric.pass_mark / 100)
        with st.container(border=True):
            if item.result.passed:
                # TRANSLATORS: the result of an observed role play: {rubric} is its title, {percent} the learner's
                # score and {pass_mark} the score needed (percentages, such as "80%"), {cohort} the cohort's name.
                line = _(
                    "**{rubric}** · {percent} · passed (pass mark {pass_mark}) · {cohort}",
                    rubric=rubric,
                    percent=percent,
                    pass_mark=pass_mark,
                    cohort=cohort_name,
                )
            else:
                line = _(
                    "**{rubric}** · {percent} · not passed yet (pass mark {pass_mark}) · {cohort}",
                    rubric=rubric,
                    percent=percent,
                    pass_mark=pass_mark,
                    cohort=cohort_name,
                )
            st.markdown(line)
            st.table(
                pd.DataFrame([{what: text, level_column: level} for text, level in item.level_labels()]).set_index(what)
            )
            if item.observation.note:
                # TRANSLATORS: {note} is what the facilitator wrote about the learner's role play.
                st.caption(_("Facilitator's note: {note}", note=escape_markdown(item.observation.note)))

st.header(_("My certificate"))
earned = certificate_service.earned(eng, reg, learner.id)
if not earned:
    finals = certificate_service.finals_for_track(reg, learner.track)
    if finals:
        names = ", ".join(escape_markdown(q.title) for q in finals)
        # TRANSLATORS: {names} lists the titles of the final assessments of the learner's track.
        st.info(_("Pass the final assessment of your track ({names}) to earn your certificate.", names=names))
    else:
        st.info(_("Your track has no final assessment yet."))
for e in earned:
    try:
        cert = certificate_service.issue_for(eng, reg, learner.id, e)
    except certificate_service.CertificateRefused as refused:
        st.warning(str(refused), icon=":material/block:")
        continue
    if cert is None:
        continue
    pretty_code = certificate_service.pretty_code(cert.code)
    completed_on = format_date(cert.completed_on, format="d MMMM y")  # 7 March 2025, as the certificate writes it
    st.success(
        # TRANSLATORS: {quiz} is the final assessment's title, {date} when it was passed, {score} a percentage
        # such as "85%", {code} the certificate's verification code.
        _(
            "You passed **{quiz}** on {date} with {score}. Verification code: **{code}**.",
            quiz=escape_markdown(e.quiz.title),
            date=completed_on,
            score=format_percent(round(cert.score) / 100),
            code=pretty_code,
        )
    )
    if cert.basis != "programme":
        st.caption(
            _(
                "Your name on this certificate is self-declared: it says so, and so does its verification page. "
                "If you study in a programme, your facilitator can confirm your name and re-issue it."
            )
        )
    if not certificate_service.public_address_set():
        st.caption(
            _(
                "This server has no public address (PUBLIC_URL), so the certificate's verification link points at "
                "this computer: others cannot check it online. The administrator can set PUBLIC_URL (see README)."
            )
        )
    # The certificate is written in the language it was issued in (its course and track titles are frozen
    # in it), so a reprint matches the first print and its verification page, whatever the tab's language.
    with use(cert.language):
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
    if cert.language != current():
        st.caption(
            # TRANSLATORS: {language} is the name of a language in itself ("English", "Español").
            _(
                "Your certificate is in {language}, the language it was issued in, so that every copy and its "
                "verification page say the same.",
                language=LANGUAGES.get(cert.language, cert.language),
            )
        )
    st.download_button(
        _("Download my certificate (PDF)"),
        partial(certificate_pdf, content, lang=cert.language),
        f"certificate-{cert.code}.pdf",
        "application/pdf",
        type="primary",
        icon=":material/workspace_premium:",
        on_click="ignore",
        key=f"certificate-{cert.id}",
    )
