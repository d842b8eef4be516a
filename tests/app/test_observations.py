"""Observed skills: a facilitator scores a member's role play on the cohort page (tab "Observed
skills"); only the cohort's managers may, only for its members and with every criterion scored; the
learner sees it on My programme; reports count it without exposing small groups; a cohort that
requires it holds the certificate back until the role play is passed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules.content.loader import load_registry
from modules.services import auth, observations, roster
from modules.services import certificates as certificate_service
from modules.services import cohorts as cohort_service
from modules.services.cohorts import InvalidInput
from modules.services.policy import Forbidden
from modules.storage.db import make_engine
from tests.app.conftest import signed_in, texts
from tests.unit.test_cohorts_repo import add_programme_quizzes, record_attempt

COHORTS = "modules/ui/views/cohorts.py"
MY = "modules/ui/views/my_programme.py"
PASSWORD = "a-long-password"
RUBRIC = """\
rubrics:
  - id: obs-interview
    title: "Role play: a safe worker interview"
    lesson: l-one
    tracks: [labour_inspector]
    objectives: [lo-one]
    levels:
      - {id: not-yet, label: Not yet, points: 0}
      - {id: partly, label: Partly, points: 1}
      - {id: meets, label: Meets the standard, points: 2}
    pass_mark: 75
    criteria:
      - {id: private, text: Moves the interview away from the employer.}
      - {id: interpreter, text: Uses an independent interpreter.}
    source:
      title: ILO handbook for labour inspectors
      url: https://www.ilo.org/
"""


@pytest.fixture
def world(app_env: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    add_programme_quizzes(app_env)
    (app_env / "content" / "rubrics.yaml").write_text(RUBRIC, encoding="utf-8")
    reg = load_registry([app_env / "content", app_env / "quizzes"])
    assert reg.problems == (), reg.problems
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    fac = auth.create_user(engine, "fac", "Facilitator", "facilitator", PASSWORD)
    other = auth.create_user(engine, "other", "Other", "facilitator", PASSWORD)
    cohort = cohort_service.create_cohort(engine, reg, fac, cohort_service.CohortForm("North", "P", "R", "MoL"))
    issued = roster.import_roster(
        engine,
        fac,
        cohort.id,
        b"name,email,organisation_type,track\nAna Alpha,ana@x.org,police,labour_inspector\n",
        ["labour_inspector", "police"],
        None,
    )
    (ana,) = issued.created
    return engine, reg, fac, other, cohort, ana


def test_only_the_cohorts_manager_scores_members_with_every_criterion(world) -> None:  # type: ignore[no-untyped-def]
    engine, reg, fac, other, cohort, ana = world
    with pytest.raises(Forbidden):
        observations.record(engine, reg, other, cohort.id, ana.learner_id, "obs-interview", {})
    with pytest.raises(InvalidInput, match="missing: 2"):
        observations.record(engine, reg, fac, cohort.id, ana.learner_id, "obs-interview", {"private": "meets"})
    with pytest.raises(InvalidInput, match="not a member"):
        observations.record(engine, reg, fac, cohort.id, 9999, "obs-interview", {})
    result = observations.record(
        engine, reg, fac, cohort.id, ana.learner_id, "obs-interview", {"private": "meets", "interpreter": "partly"}
    )
    assert (result.percent, result.passed) == (75.0, True)
    # scoring again replaces the earlier scoring
    observations.record(
        engine, reg, fac, cohort.id, ana.learner_id, "obs-interview", {"private": "partly", "interpreter": "partly"}
    )
    (mine,) = observations.for_learner(engine, reg, ana.learner_id)
    assert (mine.result.percent, mine.result.passed) == (50.0, False)
    summary = observations.summary(reg, [mine.observation], min_cell=3)
    assert summary.to_dict("records") == [
        {"checklist": "Role play: a safe worker interview", "observed": 1, "mean_score": None, "pass_rate": None}
    ]  # one learner: withheld
    assert observations.summary(reg, [mine.observation], min_cell=1)["mean_score"].tolist() == [50.0]


def test_a_cohort_that_requires_it_holds_the_certificate_back(world) -> None:  # type: ignore[no-untyped-def]
    engine, reg, fac, _, cohort, ana = world
    record_attempt(engine, ana.learner_id, "final-inspector", {"q-single-fin": 1, "q-tf-fin": 1}, pass_mark=60)
    observations.set_required(engine, fac, cohort.id, True)
    with pytest.raises(certificate_service.CertificateRefused, match="Role play: a safe worker interview"):
        certificate_service.issue(engine, reg, ana.learner_id)
    observations.record(
        engine, reg, fac, cohort.id, ana.learner_id, "obs-interview", {"private": "meets", "interpreter": "meets"}
    )
    assert certificate_service.issue(engine, reg, ana.learner_id) is not None


def test_the_facilitator_scores_on_the_cohort_page_and_the_learner_sees_it(
    make_app: Callable[..., AppTest], open_page: Callable[..., AppTest], world
) -> None:  # type: ignore[no-untyped-def]
    _, _, fac, _, cohort, ana = world
    at = signed_in(make_app(COHORTS), fac.id).run()
    assert not at.exception, at.exception
    assert "Observed skills" in [t.label for t in at.tabs]
    at.selectbox(key=f"obs-learner-{cohort.id}").select(ana.learner_id).run()
    radios = [r for r in at.radio if r.key and r.key.startswith(f"obs-{cohort.id}-{ana.learner_id}-")]
    assert [r.label for r in radios] == [
        "1. Moves the interview away from the employer.",
        "2. Uses an independent interpreter.",
    ]
    assert radios[0].options == ["Not yet", "Partly", "Meets the standard"]
    radios[0].set_value("meets")
    radios[1].set_value("partly")
    next(b for b in at.button if b.label == "Save the observation").click().run()
    assert not at.exception, at.exception
    assert "Saved: Ana Alpha, Role play: a safe worker interview: 75% (passed)." in [s.value for s in at.success]
    table = next(d.value for d in at.dataframe if "Checklist" in d.value.columns)
    assert table[["Learner", "Score (%)", "Passed"]].values.tolist() == [["Ana Alpha", 75.0, "yes"]]

    mine = open_page(MY, r=ana.code)
    assert not mine.exception, mine.exception
    shown = texts(mine)
    assert "Observed skills" in shown and "Role play\\: a safe worker interview** · 75% · passed" in shown
    levels = mine.table[0].value
    assert levels["Level"].tolist() == ["Meets the standard", "Partly"]
