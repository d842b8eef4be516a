"""Cohort and certificate repositories on SQLite and PostgreSQL, plus the seeding helpers the other
programme tests import (a programme quiz file for the fixture course, attempts with chosen scores)."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.services import identity
from modules.storage import attempts, certificates, cohorts, learners, progress
from modules.storage.attempts import StoredAnswer
from modules.storage.certificates import CodeClash, NewCertificate
from modules.storage.cohorts import NewMember
from modules.storage.schema import learners as learners_table
from modules.storage.schema_programme import cohort_members
from modules.storage.users import create as create_user_row
from tests.conftest import FIXTURES

# -- helpers shared by the programme tests ---------------------------------------------------------
FORMS = ("pre", "post", "fin")
"""The programme's pre-test, post-test and finals ask twins of the fixture bank's questions (same options,
key, tags and type; id suffixed, prompt marked), so the forms are parallel, the pre-test is met nowhere
else and the finals are held out, as validation requires, while a learner's clicks stay the same."""


def _twins() -> str:
    bank = yaml.safe_load((FIXTURES / "valid" / "quizzes" / "bank.yaml").read_text(encoding="utf-8"))["questions"]
    base = [q for q in bank if q["id"] in ("q-single", "q-multi", "q-tf", "q-spot", "q-match")]
    twins = [
        {**copy.deepcopy(q), "id": f"{q['id']}-{form}", "prompt": f"{q['prompt']} ({form})"}
        for form in FORMS
        for q in base
    ]
    return yaml.safe_dump({"questions": twins}, sort_keys=False, allow_unicode=True)


PROGRAMME_QUIZZES = (
    _twins()
    + """\
quizzes:
  - id: pre
    title: Pre-test
    kind: pre_test
    pass_mark: 0
    questions: [q-single-pre, q-multi-pre, q-tf-pre, q-spot-pre, q-match-pre]
    max_attempts: 1
  - id: post
    title: Post-test
    kind: post_test
    parallel_to: pre
    pass_mark: 0
    questions: [q-single-post, q-multi-post, q-tf-post, q-spot-post, q-match-post]
    max_attempts: 1
  - id: final-inspector
    title: Final assessment for inspectors
    kind: final
    track: labour_inspector
    pass_mark: 60
    questions: [q-single-fin, q-tf-fin, q-multi-fin]
"""
)


def add_programme_quizzes(set_root: Path) -> Path:
    """Add a pre-test, a post-test and an inspectors' final to a copy of the fixture set."""
    (set_root / "quizzes" / "programme.yaml").write_text(PROGRAMME_QUIZZES, encoding="utf-8")
    return set_root


def programme_registry(tmp_path: Path) -> Registry:
    root = tmp_path / "programme-set"
    if not root.exists():
        shutil.copytree(FIXTURES / "valid", root)
        add_programme_quizzes(root)
    registry = load_registry([root / "content", root / "quizzes"])
    assert not registry.problems, registry.problems
    return registry


def new_learner(engine: Engine, name: str = "Ana", track: str = "labour_inspector") -> int:
    return learners.create(engine, identity.code_hash(identity.new_code()), name, track).id


def record_attempt(
    engine: Engine,
    learner_id: int,
    quiz_id: str,
    item_scores: dict[str, float],
    pass_mark: float = 0,
    answers: dict[str, list[str]] | None = None,
) -> int:
    """A submitted attempt whose questions scored as given (score = mean × 100)."""
    attempt = attempts.start(engine, learner_id, quiz_id, list(item_scores), 1, "test", None)
    stored = [
        StoredAnswer(q, i, (answers or {}).get(q, ["a"]), s, s >= 0.999) for i, (q, s) in enumerate(item_scores.items())
    ]
    score = round(100 * sum(item_scores.values()) / len(item_scores), 1)
    assert attempts.submit(engine, attempt.id, learner_id, stored, score, score >= pass_mark)
    return attempt.id


def staff(engine: Engine, username: str, role: str = "facilitator") -> int:
    return create_user_row(engine, username, username.title(), role, "$argon2id$dummy").id


def make_cohort(engine: Engine, owner: int | None, name: str = "North", code: str = "ABCD2345") -> cohorts.Cohort:
    return cohorts.create(
        engine,
        name=name,
        programme="Programme X",
        country="Ruritania",
        organisation="Ministry of Labour",
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 5),
        join_code=code,
        owner_user_id=owner,
        quizzes=[("pre", "pre_test"), ("post", "post_test"), ("final-inspector", "final")],
    )


# -- cohorts -------------------------------------------------------------------------------------------
def test_cohort_create_find_and_visibility_by_owner(engine: Engine) -> None:
    fac_a, fac_b = staff(engine, "fac-a"), staff(engine, "fac-b")
    a = make_cohort(engine, fac_a, "North", "AAAA1111")
    b = make_cohort(engine, fac_b, "South", "BBBB2222")
    assert cohorts.get(engine, a.id) == a
    assert a.start_date == date(2025, 3, 1) and a.pseudonymous is False
    assert cohorts.by_join_code(engine, "BBBB2222") == b
    assert cohorts.by_join_code(engine, "ZZZZ9999") is None
    assert [c.id for c in cohorts.list_owned(engine, fac_a)] == [a.id]
    assert {c.id for c in cohorts.list_all(engine)} == {a.id, b.id}
    assert [(q.quiz_id, q.role) for q in cohorts.quizzes_for(engine, [a.id])] == [
        ("pre", "pre_test"),
        ("post", "post_test"),
        ("final-inspector", "final"),
    ]
    cohorts.set_quizzes(engine, a.id, [("post", "post_test")])
    assert [q.quiz_id for q in cohorts.quizzes_for(engine, [a.id])] == ["post"]
    cohorts.update_fields(engine, a.id, pseudonymous=True, join_code="HIJACK00", name="North 2")
    updated = cohorts.get(engine, a.id)
    assert updated is not None and updated.pseudonymous and updated.name == "North 2"
    assert updated.join_code == "AAAA1111"  # not updatable


def test_join_codes_are_unique(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    make_cohort(engine, None, "One", "SAME0000")
    with pytest.raises(IntegrityError):
        make_cohort(engine, None, "Two", "SAME0000")


def test_membership_is_idempotent_and_ordered(engine: Engine) -> None:
    a = make_cohort(engine, None, "North", "AAAA1111")
    b = make_cohort(engine, None, "South", "BBBB2222")
    lid = new_learner(engine)
    assert cohorts.add_member(engine, a.id, lid, "police", "female", "North")
    assert not cohorts.add_member(engine, a.id, lid, "ngo")  # joining twice changes nothing
    assert cohorts.add_member(engine, b.id, lid, "police")
    member = cohorts.membership(engine, a.id, lid)
    assert member is not None and (member.organisation_type, member.sex, member.region) == ("police", "female", "North")
    assert {c.id for c in cohorts.cohorts_of_learner(engine, lid)} == {a.id, b.id}
    cohorts.remove_member(engine, b.id, lid)
    assert [c.id for c in cohorts.cohorts_of_learner(engine, lid)] == [a.id]


def test_roster_rows_are_stored_once(engine: Engine) -> None:
    c = make_cohort(engine, None)

    def row(n: int, email: str | None, staff_id: str | None, name: str = "P") -> NewMember:
        return NewMember(n, f"{name}{n}", "police", identity.code_hash(identity.new_code()), "police", email, staff_id)

    first = cohorts.import_members(
        engine, c.id, [row(2, "a@x.org", None), row(3, None, "S-1"), row(4, "b@x.org", "S-2"), row(5, "a@x.org", None)]
    )
    assert [o.learner_id is not None for o in first] == [True, True, True, False]  # row 5 repeats row 2
    again = cohorts.import_members(
        engine, c.id, [row(2, "a@x.org", None), row(3, None, "S-1"), row(6, "c@x.org", "S-2")]
    )
    assert [o.learner_id for o in again] == [None, None, None]  # same email, same staff id: skipped
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(cohort_members)).scalar_one() == 3
        assert conn.execute(select(func.count()).select_from(learners_table)).scalar_one() == 3
    other = make_cohort(engine, None, "Other", "OTHR0000")
    assert cohorts.import_members(engine, other.id, [row(2, "a@x.org", None)])[0].learner_id is not None


def test_reissuing_a_code_only_for_members_and_recorded(engine: Engine) -> None:
    a = make_cohort(engine, None, "North", "AAAA1111")
    member, stranger = new_learner(engine), new_learner(engine, "Ben")
    cohorts.add_member(engine, a.id, member, "police")
    code = identity.new_code()
    assert cohorts.reissue_token(engine, a.id, member, identity.code_hash(code), None, "consent")
    assert learners.by_token_hash(engine, identity.code_hash(code)) is not None
    assert not cohorts.reissue_token(engine, a.id, stranger, identity.code_hash(identity.new_code()), None, "consent")
    log = cohorts.reissues(engine, a.id)
    assert [(r["learner_id"], r["basis"]) for r in log] == [(member, "consent")]


def test_report_queries_return_only_members_and_submitted_attempts(engine: Engine) -> None:
    a = make_cohort(engine, None, "North", "AAAA1111")
    inside, outside = new_learner(engine), new_learner(engine, "Out")
    cohorts.add_member(engine, a.id, inside, "police")
    record_attempt(engine, inside, "pre", {"q-single": 1.0, "q-tf": 0.0})
    record_attempt(engine, outside, "pre", {"q-single": 1.0})
    attempts.start(engine, inside, "post", ["q-single"], 1, "test", None)  # open, not submitted
    progress.save_position(engine, inside, "l-one", 1, True)
    progress.save_position(engine, outside, "l-one", 1, True)
    rows = cohorts.submitted_attempts(engine, [a.id])
    assert [(r["learner_id"], r["quiz_id"], r["score"]) for r in rows] == [(inside, "pre", 50.0)]
    answers = cohorts.submitted_answers(engine, [a.id])
    assert [(r["question_id"], r["score"]) for r in answers] == [("q-single", 1.0), ("q-tf", 0.0)]
    assert cohorts.lesson_completion(engine, [a.id]) == [
        {"learner_id": inside, "lesson_id": "l-one", "completed": True}
    ]
    assert cohorts.submitted_attempts(engine, []) == []
    assert cohorts.live_session_ids(engine, [a.id]) == []


def test_deleting_a_cohort_keeps_learners(engine: Engine) -> None:
    a = make_cohort(engine, None)
    lid = new_learner(engine)
    cohorts.add_member(engine, a.id, lid, "police")
    cohorts.delete_cohort(engine, a.id)
    assert cohorts.get(engine, a.id) is None
    assert learners.by_id(engine, lid) is not None
    assert cohorts.cohorts_of_learner(engine, lid) == []


# -- certificates ----------------------------------------------------------------------------------
def _new_cert(learner_id: int, code: str, quiz: str = "final-inspector") -> NewCertificate:
    return NewCertificate(
        code=code,
        learner_id=learner_id,
        cohort_id=None,
        quiz_id=quiz,
        attempt_id=None,
        learner_name="Никита",
        course_title="Course",
        track="labour_inspector",
        track_title="Labour inspector",
        programme=None,
        score=80.0,
        minutes=90,
        completed_on=date(2025, 3, 7),
    )


def test_certificates_issue_once_and_refuse_a_taken_code(engine: Engine) -> None:
    lid, other = new_learner(engine), new_learner(engine, "Ben")
    first = certificates.insert_or_get(engine, _new_cert(lid, "AAAABBBBCCCC"))
    again = certificates.insert_or_get(engine, _new_cert(lid, "DDDDEEEEFFFF"))
    assert again == first and first.code == "AAAABBBBCCCC"
    assert first.learner_name == "Никита" and first.completed_on == date(2025, 3, 7) and first.valid
    with pytest.raises(CodeClash):
        certificates.insert_or_get(engine, _new_cert(other, "AAAABBBBCCCC"))
    assert certificates.by_code(engine, "AAAABBBBCCCC") == first
    assert certificates.by_code(engine, "ZZZZZZZZZZZZ") is None
    assert certificates.revoke(engine, first.id, None, "issued in error")
    assert not certificates.revoke(engine, first.id, None, "twice")  # already revoked: nothing changes
    revoked = certificates.by_code(engine, "AAAABBBBCCCC")
    assert revoked is not None and not revoked.valid and revoked.status == "revoked"
    assert revoked.revoked_reason == "issued in error"


def test_a_superseded_certificate_keeps_its_code_and_points_to_the_new_one(engine: Engine) -> None:
    lid = new_learner(engine)
    first = certificates.insert_or_get(engine, _new_cert(lid, "AAAABBBBCCCC"))
    second = certificates.supersede(engine, first.id, _new_cert(lid, "DDDDEEEEFFFF"), None, "name corrected")
    old = certificates.by_code(engine, "AAAABBBBCCCC")
    assert old is not None and old.status == "superseded" and old.superseded_by == second.id
    assert certificates.for_learner_quiz(engine, lid, first.quiz_id) == second
    with pytest.raises(LookupError):  # a second re-issue of the old one is refused, not doubled
        certificates.supersede(engine, first.id, _new_cert(lid, "GGGGHHHHJJJJ"), None, "again")
    assert len(certificates.for_learner(engine, lid)) == 2


def test_certificates_for_cohorts_only_cover_members(engine: Engine) -> None:
    a = make_cohort(engine, None)
    inside, outside = new_learner(engine), new_learner(engine, "Out")
    cohorts.add_member(engine, a.id, inside, "police")
    certificates.insert_or_get(engine, _new_cert(inside, "AAAABBBBCCCC"))
    certificates.insert_or_get(engine, _new_cert(outside, "DDDDEEEEFFFF"))
    assert [c.learner_id for c in certificates.for_cohorts(engine, [a.id])] == [inside]
    assert [c.code for c in certificates.for_learner(engine, outside)] == ["DDDDEEEEFFFF"]
