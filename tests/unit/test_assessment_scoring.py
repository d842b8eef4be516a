"""Scoring that trusts sound reasoning and says what a score is worth: acceptable indicators, chance
scores, the standard error of measurement and the gain's caveats, reviews kept as they were scored,
the pre-test's answers held back until the post-test, and lesson checks shuffled per learner."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from modules.analytics.forms import FormFacts, gain_caveats, sem
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.domain.question import MultipleResponse, SpotIndicators, from_snapshot, snapshot
from modules.scoring.chance import chance_score, form_chance
from modules.scoring.draw import option_order
from modules.scoring.questions import score_question
from modules.services import quizzes as quiz_service
from modules.services.quizzes import status_from
from modules.storage import learners
from modules.storage.schema import question_snapshots
from tests.unit.test_cohorts_repo import programme_registry, record_attempt

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "valid"


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry([FIXTURE / "content", FIXTURE / "quizzes"])


def _spot(reg: Registry, acceptable: list[str]) -> SpotIndicators:
    base = reg.questions["q-spot"]
    assert isinstance(base, SpotIndicators)
    return base.model_copy(update={"present": ["deception"], "acceptable": acceptable})


def test_an_acceptable_indicator_neither_earns_nor_costs(reg: Registry) -> None:
    strict = _spot(reg, [])
    lenient = _spot(reg, ["debt_bondage"])
    assert score_question(strict, ["deception", "debt_bondage"]).score == 0.0  # one right minus one wrong
    assert score_question(lenient, ["deception", "debt_bondage"]).score == 1.0
    assert score_question(lenient, ["debt_bondage"]).score == 0.0  # it earns nothing on its own
    review = {o.option_id: o for o in score_question(lenient, ["deception", "debt_bondage"]).options}
    assert review["debt_bondage"].acceptable and not review["debt_bondage"].correct


def _brute_force(question: MultipleResponse) -> float:
    ids = [o.id for o in question.options]
    right = set(question.correct)
    subsets = [set(c) for k in range(len(ids) + 1) for c in combinations(ids, k)]
    return sum(max(0.0, (len(s & right) - len(s - right)) / len(right)) for s in subsets) / len(subsets)


def test_chance_scores_match_a_random_guess(reg: Registry) -> None:
    multi = reg.questions["q-multi"]
    assert isinstance(multi, MultipleResponse)
    assert chance_score(multi) == pytest.approx(_brute_force(multi))
    assert chance_score(reg.questions["q-single"]) == 0.5  # two options
    assert chance_score(reg.questions["q-tf"]) == 0.5
    assert chance_score(reg.questions["q-match"]) == 1 / len(reg.questions["q-match"].options)
    # an acceptable indicator changes nothing for a random guesser: it is neither right nor wrong
    assert chance_score(_spot(reg, ["debt_bondage"])) > chance_score(_spot(reg, []))
    assert form_chance([reg.questions["q-single"], reg.questions["q-tf"]]) == 50.0
    assert form_chance([]) is None


def test_sem_and_the_gain_caveats() -> None:
    assert sem(20.0, 0.75) == pytest.approx(10.0)
    assert sem(20.0, None) is None and sem(20.0, -0.2) is None
    four = FormFacts("pre", 10, 25.0, (("medium", 10),))
    true_false = FormFacts("post", 10, 46.0, (("easy", 10),))
    assert gain_caveats([four], [four], 30) == []
    caveats = gain_caveats([four], [true_false], 4)
    assert caveats[0].startswith("Based on 4 learners with both scores")
    assert "chance score 25% on the pre-test and 46% on the post-test" in caveats[1]
    assert caveats[2] == "The forms differ in their mix of easy, medium and hard questions."


def test_a_question_survives_a_snapshot(reg: Registry) -> None:
    for question in reg.questions.values():
        back = from_snapshot(snapshot(question))
        assert back == question
        assert [o.text for o in back.options] == [o.text for o in question.options]  # spot: the catalogue too
    assert from_snapshot(None) is None and from_snapshot({"type": "nonsense"}) is None


def test_a_review_shows_the_question_as_it_was_scored(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    quiz = reg.quizzes["post"]
    lid = learners.create(sqlite_engine, "h" * 64, "Ana", "labour_inspector").id
    attempt = quiz_service.start(sqlite_engine, reg, quiz, lid)
    answers = {q: ["a"] for q in attempt.question_ids}
    quiz_service.submit(sqlite_engine, reg, quiz, lid, attempt.id, answers)
    before = quiz_service.review_of(sqlite_engine, reg, attempt)
    # the author edits the question and its key afterwards
    edited = reg.questions["q-single-post"].model_copy(update={"prompt": "Edited prompt", "correct": "b"})
    changed = Registry(**{**reg.__dict__, "questions": {**reg.questions, "q-single-post": edited}})
    after = quiz_service.review_of(sqlite_engine, changed, attempt)
    assert after.questions["q-single-post"].prompt == before.questions["q-single-post"].prompt != "Edited prompt"
    assert [r.score for r in after.result.questions] == [r.score for r in before.result.questions]
    # a second learner scored on the same questions adds answers, not copies of the questions
    other = learners.create(sqlite_engine, "i" * 64, "Ben", "labour_inspector").id
    again = quiz_service.start(sqlite_engine, reg, quiz, other)
    quiz_service.submit(sqlite_engine, reg, quiz, other, again.id, answers)
    with sqlite_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(question_snapshots)).scalar_one() == len(answers)


def test_the_pre_test_review_waits_for_the_post_test(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    pre = reg.quizzes["pre"].model_copy(update={"review": "after_post_test"})
    reg = Registry(**{**reg.__dict__, "quizzes": {**reg.quizzes, "pre": pre}})
    lid = learners.create(sqlite_engine, "p" * 64, "Ben", "labour_inspector").id
    record_attempt(sqlite_engine, lid, "pre", {"q-single-pre": 1.0})
    assert not quiz_service.quiz_status(sqlite_engine, pre, lid, reg).review_allowed  # one attempt, used up
    record_attempt(sqlite_engine, lid, "post", {"q-single-post": 1.0})
    assert quiz_service.quiz_status(sqlite_engine, pre, lid, reg).review_allowed
    assert not status_from(pre, []).review_allowed


def test_lesson_check_options_are_shuffled_per_learner_and_stable(reg: Registry) -> None:
    multi = reg.questions["q-multi"]
    orders = {tuple(option_order(multi, learner, shuffle=True)) for learner in range(1, 30)}
    assert len(orders) > 1  # the right options are not always where the author put them
    assert option_order(multi, 7, shuffle=True) == option_order(multi, 7, shuffle=True)
    assert option_order(reg.questions["q-tf"], 7, shuffle=True) == ["true", "false"]
    spot = reg.questions["q-spot"]
    assert option_order(spot, 7, shuffle=True) == [o.id for o in spot.options]  # the catalogue keeps its order


def test_simulated_alpha_grows_with_the_length_of_a_form(reg: Registry) -> None:
    from modules.analytics.forms import simulated_alpha

    item = reg.questions["q-multi"]
    short = simulated_alpha([item] * 4)
    long = simulated_alpha([item] * 24)
    assert short is not None and long is not None and 0 < short < long < 1
    assert simulated_alpha([item]) is None


def test_the_assessment_command_prints_every_quiz(capsys: pytest.CaptureFixture[str]) -> None:
    from modules.cli import main

    assert main(["assessment"]) == 0
    out = capsys.readouterr().out
    shipped = load_registry()
    for quiz_id in shipped.quizzes:
        assert quiz_id in out
    assert "quiz-final-police" in out and "alpha*" in out


def test_an_attempt_keeps_the_language_it_was_opened_in(sqlite_engine: Engine, tmp_path: Path) -> None:
    from modules.i18n import use

    reg = programme_registry(tmp_path)
    quiz = reg.quizzes["post"]
    lid = learners.create(sqlite_engine, "j" * 64, "Ana", "labour_inspector").id
    with use("fr"):
        attempt = quiz_service.start(sqlite_engine, reg, quiz, lid)
    assert attempt.language == "fr"
    with use("es"):  # the learner switches language mid-attempt: the same attempt, still counted as French
        again = quiz_service.start(sqlite_engine, reg, quiz, lid)
    assert again.id == attempt.id and again.language == "fr"
    quiz_service.submit(sqlite_engine, reg, quiz, lid, attempt.id, {q: ["a"] for q in attempt.question_ids})
    from modules.storage import attempts

    (stored,) = attempts.list_for(sqlite_engine, lid, quiz.id)
    assert stored.submitted and stored.language == "fr"
