"""Programme pages through Streamlit's AppTest: the facilitator dashboard, the viewer's aggregate
view, certificates, verification, accounts; and that no page leaks another learner's data, even
when a page's file is opened directly or its query parameters are typed by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from modules.content.loader import load_registry
from modules.services import auth, roster
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.storage import cohorts as cohorts_repo
from modules.storage import users as users_repo
from modules.storage.db import make_engine
from tests.app.conftest import signed_in
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

ROOT = Path(__file__).resolve().parents[2]
REPORTS = "modules/ui/views/reports.py"
COHORTS = "modules/ui/views/cohorts.py"
ACCOUNTS = "modules/ui/views/accounts.py"
VERIFY = "modules/ui/views/verify.py"
MY = "modules/ui/views/my_programme.py"
STAFF_PAGES = (REPORTS, COHORTS, ACCOUNTS)
TRACKS = ["labour_inspector", "police"]
PASSWORD = "a-long-password"


@dataclass
class World:
    engine: Engine
    admin: int
    fac_a: int
    fac_b: int
    viewer: int
    cohort_a: cohort_service.Cohort
    cohort_b: cohort_service.Cohort
    ana: roster.Issued
    ben: roster.Issued
    zed: roster.Issued
    certificate_code: str


@pytest.fixture
def world(app_env: Path, tmp_path: Path) -> World:
    """Two facilitators with a cohort each; Ana and Ben in A, Zed in B; a viewer and an admin."""
    add_programme_quizzes(app_env)
    reg = load_registry([app_env / "content", app_env / "quizzes"])
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    admin = auth.create_user(engine, "admin", "Admin", "admin", PASSWORD)
    fac_a = auth.create_user(engine, "fac-a", "Facilitator A", "facilitator", PASSWORD)
    fac_b = auth.create_user(engine, "fac-b", "Facilitator B", "facilitator", PASSWORD)
    viewer = auth.create_user(engine, "donor", "Donor", "viewer", PASSWORD)
    a = cohort_service.create_cohort(
        engine, reg, fac_a, cohort_service.CohortForm("North", "Programme X", "Ruritania", "MoL")
    )
    b = cohort_service.create_cohort(
        engine, reg, fac_b, cohort_service.CohortForm("South", "Programme X", "Ruritania", "MoL")
    )
    header = "name,email,organisation_type,sex,region,track\n"
    in_a = roster.import_roster(
        engine,
        fac_a,
        a.id,
        (
            header + "Ana Alpha,ana@x.org,labour inspectorate,female,Hills,labour_inspector\n"
            "Ben Beta,ben@x.org,police,male,Coast,police\n"
        ).encode(),
        TRACKS,
        None,
    )
    in_b = roster.import_roster(
        engine, fac_b, b.id, (header + "Zed Zulu,zed@x.org,ngo,male,Coast,labour_inspector\n").encode(), TRACKS, None
    )
    ana, ben = in_a.created
    (zed,) = in_b.created
    items = ("q-single", "q-multi", "q-tf", "q-spot", "q-match")
    record_attempt(engine, ana.learner_id, "pre", dict(zip(items, (1, 1, 0, 0, 0), strict=True)))  # 40
    record_attempt(engine, ana.learner_id, "post", dict(zip(items, (1, 1, 1, 1, 0), strict=True)))  # 80
    record_attempt(engine, ana.learner_id, "final-inspector", {"q-single": 1, "q-tf": 1, "q-multi": 1}, pass_mark=60)
    record_attempt(engine, ben.learner_id, "pre", dict(zip(items, (1, 1, 1, 0, 0), strict=True)))  # 60
    record_attempt(engine, zed.learner_id, "pre", dict(zip(items, (1, 0, 0, 0, 0), strict=True)))  # 20
    cert = certificate_service.issue(engine, reg, ana.learner_id)
    assert cert is not None
    return World(engine, admin.id, fac_a.id, fac_b.id, viewer.id, a, b, ana, ben, zed, cert.code)


def _texts(at: AppTest) -> str:
    """Everything the page shows as text: messages, metrics, tables, and the options of pickers."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success", "code"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value.to_string() for e in at.dataframe]
    for kind in ("selectbox", "multiselect", "radio"):
        for w in getattr(at, kind):
            parts += [str(o) for o in w.options]
    parts += [t.label for t in at.tabs]
    return "\n".join(parts)


def _as_staff(at: AppTest, user_id: int) -> AppTest:
    return signed_in(at, user_id)


def _page(path: str, **params: str) -> AppTest:
    """A page file run on its own, as if its URL were typed with navigation bypassed."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at


# -- the facilitator dashboard -------------------------------------------------------------------------
def test_facilitator_dashboard_shows_their_cohort(make_app: Callable[..., AppTest], world: World) -> None:
    at = _as_staff(make_app(REPORTS), world.fac_a).run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "Programme reports" in text
    assert "Ana Alpha" in text and "Ben Beta" in text
    assert "Zed Zulu" not in text and "South" not in text  # the other facilitator's cohort
    assert [t.label for t in at.tabs][:2] == ["Cohorts", "Learners"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["People enrolled"] == "2"
    assert metrics["Passed the final"] == "50%"
    assert metrics["Mean pre → post"] == "40 → 80"  # Ana is the only learner with both
    assert metrics["Mean normalised gain"] == "0.67"  # (80 − 40) / 60
    assert len(at.get("vega_lite_chart")) >= 5
    assert len(at.download_button) >= 7  # programme report PDF/XLSX, summaries, learner-level files, xAPI


def test_viewer_sees_aggregates_only(make_app: Callable[..., AppTest], world: World) -> None:
    at = _as_staff(make_app(REPORTS), world.viewer).run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "People enrolled" in text and "South" in text and "North" in text  # every cohort, aggregated
    for name in ("Ana Alpha", "Ben Beta", "Zed Zulu", "ana@x.org"):
        assert name not in text
    assert "Learners" not in [t.label for t in at.tabs]
    labels = [b.label for b in at.download_button]
    assert "Programme report (PDF)" in labels
    assert not any(label.startswith(("Learners", "Attempts", "Answers", "xAPI")) for label in labels)


def test_a_viewer_never_sees_one_persons_result(make_app: Callable[..., AppTest], world: World) -> None:
    """South has one member (Zed, pre-test 20 %): no table, chart or breakdown may show his score or
    whether he passed; groups of one or two (Hills, Coast) show no outcome."""
    at = _as_staff(make_app(REPORTS), world.viewer).run()
    assert not at.exception, at.exception
    frames = [d.value for d in at.dataframe]
    scores = next(f for f in frames if "Learners" in f.columns and "Quiz" in f.columns)
    assert not {"Lowest (%)", "Highest (%)", "Lower quartile (%)", "Median (%)", "Upper quartile (%)"} & set(
        scores.columns
    )
    assert scores[scores["Learners"] < 3]["Mean score (%)"].isna().all()
    for frame in frames:
        if "Group" in frame.columns and "Pass rate" in frame.columns:
            small = frame[frame["Enrolled"] < 3]
            assert small[["Passed", "Pass rate", "Completed"]].isna().all().all(), frame
    for chart in at.get("vega_lite_chart"):
        spec = chart.proto.spec
        if "First-attempt scores" in spec:
            assert '"field": "score"' not in spec  # binned on the server; here every group is too small


def test_pseudonymous_cohort_hides_names_from_its_facilitator(make_app: Callable[..., AppTest], world: World) -> None:
    fac_a = users_repo.by_id(world.engine, world.fac_a)
    assert fac_a is not None
    cohort_service.set_pseudonymous(world.engine, fac_a, world.cohort_a.id, True)
    at = _as_staff(make_app(REPORTS), world.fac_a).run()
    text = _texts(at)
    assert "Ana Alpha" not in text and f"L-{world.ana.learner_id:05d}" in text
    cohorts_page = _as_staff(make_app(COHORTS), world.fac_a).run()
    assert "Ana Alpha" not in _texts(cohorts_page) and "ana@x.org" not in _texts(cohorts_page)


# -- no leaks across cohorts, roles and typed URLs ----------------------------------------------------------
def test_other_facilitator_cannot_open_the_cohort_by_url(make_app: Callable[..., AppTest], world: World) -> None:
    for page in (REPORTS, COHORTS):
        at = _as_staff(make_app(page, cohort=str(world.cohort_a.id)), world.fac_b).run()
        assert not at.exception, at.exception
        text = _texts(at)
        assert "That cohort does not exist or is not yours." in text
        assert "Ana Alpha" not in text and "Ben Beta" not in text and "North" not in text
        assert "Zed Zulu" in text  # their own cohort is what they get


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_learner_cannot_reach_staff_pages(make_app: Callable[..., AppTest], world: World, page: str) -> None:
    # through the app: the page is not in a learner's navigation at all
    at = make_app(page, r=world.zed.code, cohort=str(world.cohort_a.id)).run()
    assert not at.exception, at.exception
    assert "Ana Alpha" not in _texts(at) and "Programme reports" not in _texts(at)
    # the page file itself, navigation bypassed: its own role check stops it
    direct = _page(page, r=world.zed.code, cohort=str(world.cohort_a.id)).run()
    text = _texts(direct)
    assert "This page is for signed-in staff" in text
    assert "Ana Alpha" not in text and "North" not in text
    assert not direct.dataframe


def test_a_facilitator_cannot_open_accounts(world: World) -> None:
    at = _as_staff(_page(ACCOUNTS), world.fac_a).run()
    assert "Your account does not have access to this page." in _texts(at)
    assert not at.dataframe


def test_a_learner_sees_only_their_own_programme(open_page: Callable[..., AppTest], world: World) -> None:
    # typed parameters naming another learner and cohort change nothing
    at = open_page(MY, r=world.ben.code, learner=str(world.ana.learner_id), cohort=str(world.cohort_b.id))
    assert not at.exception, at.exception
    text = _texts(at)
    assert "North" in text and "South" not in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Pre-test"] == "60%" and metrics["Post-test"] == "not yet"
    assert "Ana Alpha" not in text and "40%" not in text
    assert not at.download_button  # Ben has not passed a final: no certificate
    assert any("Your track has no final assessment yet" in i.value for i in at.info)  # Ben is police


def test_certificate_download_for_the_learner_who_passed(open_page: Callable[..., AppTest], world: World) -> None:
    at = open_page(MY, r=world.ana.code)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Pre-test"], metrics["Post-test"], metrics["Learning gain"]) == ("40%", "80%", "0.67")
    assert [b.label for b in at.download_button] == ["Download my certificate (PDF)"]
    assert certificate_service.pretty_code(world.certificate_code) in _texts(at)
    # without PUBLIC_URL the verification link would point at this computer: the page says so
    assert any("no public address (PUBLIC_URL)" in c.value for c in at.caption)


def test_with_a_public_address_the_certificate_page_does_not_warn(
    open_page: Callable[..., AppTest], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://training.example.org")
    at = open_page(MY, r=world.ana.code)
    assert not any("PUBLIC_URL" in c.value for c in at.caption)


def test_joining_a_cohort_with_its_code(open_page: Callable[..., AppTest], new_learner, world: World) -> None:  # type: ignore[no-untyped-def]
    learner_id, code = new_learner("Newcomer", "police")
    at = open_page(MY, r=code)
    at.text_input[0].input(cohort_service.pretty_join_code(world.cohort_b.join_code).lower())
    at.selectbox[0].set_value("judiciary")
    at.selectbox[1].set_value("female")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("You joined" in s.value for s in at.success)
    member = cohorts_repo.membership(world.engine, world.cohort_b.id, learner_id)
    assert member is not None and (member.organisation_type, member.sex) == ("judiciary", "female")
    wrong = open_page(MY, r=code)
    wrong.text_input[0].input("NOPE-NOPE")
    wrong.selectbox[0].set_value("police")
    wrong.button[0].click().run()
    assert any("Join code: not recognised" in e.value for e in wrong.error)


def test_a_signed_in_learner_account_is_adopted(open_page: Callable[..., AppTest], world: World) -> None:
    account = auth.create_user(world.engine, "ana-account", "Ana", "learner", PASSWORD, world.ana.learner_id)
    at = open_page(MY, staff=account.id)
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Post-test"] == "80%"


# -- verification -----------------------------------------------------------------------------------------
def test_verification_page(make_app: Callable[..., AppTest], world: World) -> None:
    ok = make_app(VERIFY, code=certificate_service.pretty_code(world.certificate_code)).run()
    assert not ok.exception, ok.exception
    text = _texts(ok)
    assert "is **valid**" in text and "Ana Alpha (recorded by the programme)" in text and "Labour inspector" in text
    assert (
        "Programme X\\: North" in text
    )  # (Markdown-escaped) a verifier sees which programme and cohort stand behind it
    assert "%" not in text  # the score stays the holder's to share
    unknown = make_app(VERIFY, code="AAAA-BBBB-CCCC").run()
    assert any("No certificate has this code" in e.value for e in unknown.error)
    hostile = make_app(VERIFY, code="**<b>x</b>**").run()
    assert not hostile.exception and any("No certificate" in e.value for e in hostile.error)


# -- cohort management ------------------------------------------------------------------------------------
def test_create_a_cohort_and_import_a_hostile_roster(make_app: Callable[..., AppTest], world: World) -> None:
    at = _as_staff(make_app(COHORTS), world.fac_b).run()
    at.text_input(key="new-name").input("East")
    at.text_input(key="new-programme").input("Programme Y")
    at.text_input(key="new-country").input("Ruritania")
    at.text_input(key="new-org").input("Police academy")
    at.button(key="FormSubmitter:create-cohort-Create cohort").click().run()
    assert not at.exception, at.exception
    assert any("Cohort created" in s.value for s in at.success)
    created = [c for c in cohorts_repo.list_owned(world.engine, world.fac_b) if c.name == "East"]
    assert len(created) == 1
    assert cohort_service.pretty_join_code(created[0].join_code) in _texts(at)

    csv = (
        b"name,email,organisation_type,sex\n"
        b'"=HYPERLINK(""http://evil.example"")",h@x.org,police,female\n'
        b"Good Person,good@x.org,prosecution,\n"
        b"No Org,none@x.org,,\n"
    )
    at.file_uploader[0].upload("roster.csv", csv, "text/csv")
    at.button(key="FormSubmitter:roster-Import").click().run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert "Imported **2** new learner(s)" in text
    assert "organisation_type" in text and "4" in text  # the bad row named by row and column
    assert any(b.label == "Download the resume codes (CSV)" for b in at.download_button)
    members = cohorts_repo.members(world.engine, [created[0].id])
    assert sorted(m.display_name for m in members) == ['=HYPERLINK("http://evil.example")', "Good Person"]


# -- accounts ------------------------------------------------------------------------------------------------
def test_admin_creates_an_account_and_erases_a_learner(make_app: Callable[..., AppTest], world: World) -> None:
    at = _as_staff(make_app(ACCOUNTS), world.admin).run()
    assert not at.exception, at.exception
    fields = {t.label: t for t in at.text_input}
    fields["Username (or the e-mail used with single sign-on)"].input("trainer2")
    fields["Display name"].input("Trainer Two")
    at.radio[0].set_value("facilitator")
    fields["Password (at least 10 characters)"].input(PASSWORD)
    fields["Repeat the password"].input(PASSWORD)
    at.button(key="FormSubmitter:create-account-Create account").click().run()
    assert any("created as Facilitator" in s.value for s in at.success)
    assert auth.authenticate(world.engine, "trainer2", PASSWORD).role == "facilitator"

    erase = _as_staff(make_app(ACCOUNTS), world.admin).run()
    ref = next(t for t in erase.text_input if t.label.startswith("Learner id"))
    ref.input(f"L-{world.zed.learner_id:05d}").run()
    assert "Zed Zulu" in _texts(erase)
    confirm = next(t for t in erase.text_input if t.label.startswith("Type ERASE"))
    confirm.input(f"ERASE {world.zed.learner_id}")
    erase.button(key="FormSubmitter:erase-Erase this learner's data").click().run()
    assert any("Erased learner" in s.value for s in erase.success)
    assert cohorts_repo.members(world.engine, [world.cohort_b.id]) == []
