"""Complete erasure of a learner on both databases, pseudonyms, and account administration."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select

from modules.services import auth, identity
from modules.services import data_protection as dp
from modules.storage import certificates, cohorts, learners, progress, users
from modules.storage.certificates import NewCertificate
from modules.storage.schema import (
    attempt_answers,
    check_answers,
    lesson_progress,
    login_failures,
    metadata,
    quiz_attempts,
)
from modules.storage.schema import users as users_table
from modules.storage.schema_programme import certificates as certificates_table
from modules.storage.schema_programme import cohort_members, data_deletions
from tests.unit.test_cohorts_repo import make_cohort, record_attempt


def _everything_about(engine: Engine, name: str, cohort_ids: list[int]) -> int:
    """A learner with every kind of row: progress, checks, attempts, answers, memberships, a
    certificate, a learner account and failed sign-ins."""
    lid = learners.create(engine, identity.code_hash(identity.new_code()), name, "labour_inspector").id
    progress.save_position(engine, lid, "l-one", 2, True)
    progress.record_check(engine, lid, "l-one", "q-single", ["a"], 1.0, True)
    attempt = record_attempt(engine, lid, "final-inspector", {"q-single": 1.0, "q-tf": 1.0})
    record_attempt(engine, lid, "pre", {"q-single": 0.0})
    for cid in cohort_ids:
        cohorts.add_member(engine, cid, lid, "police", "female", "North")
    certificates.insert_or_get(
        engine,
        NewCertificate(
            f"{lid:012d}",
            lid,
            cohort_ids[0],
            "final-inspector",
            attempt,
            name,
            "Course",
            "labour_inspector",
            "Labour inspector",
            "P",
            100.0,
            10,
            date(2025, 3, 7),
        ),
    )
    user = users.create(engine, f"{name.lower()}@example.org", name, "learner", "$argon2id$x", lid)
    users.record_failure(engine, user.username)
    return lid


def _count(engine: Engine, table, where) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(where)).scalar_one())


def test_erasure_is_complete_and_touches_nobody_else(engine: Engine) -> None:
    fac = users.create(engine, "fac", "Fac", "facilitator", "$argon2id$x")
    a = make_cohort(engine, fac.id, "North", "AAAA1111")
    b = make_cohort(engine, fac.id, "South", "BBBB2222")
    gone = _everything_about(engine, "Ana", [a.id, b.id])
    kept = _everything_about(engine, "Ben", [a.id])
    before = dp.rows_about(engine, gone)
    assert before["learners"] == 1 and before["quiz_attempts"] == 2 and before["attempt_answers"] == 3
    assert before["cohort_members"] == 2 and before["certificates"] == 1 and before["users"] == 1

    erasure = dp.delete_learner(engine, gone, by_user_id=fac.id)

    assert dp.rows_about(engine, gone) == {}
    assert erasure.rows_deleted == {
        "attempt_answers": 3,
        "certificates": 1,
        "check_answers": 1,
        "cohort_members": 2,
        "learners": 1,
        "lesson_progress": 1,
        "login_failures": 1,
        "quiz_attempts": 2,
        "users": 1,
    }
    assert _count(engine, users_table, users_table.c.username == "ana@example.org") == 0
    assert _count(engine, login_failures, login_failures.c.username == "ana@example.org") == 0
    assert _count(engine, certificates_table, certificates_table.c.learner_id == gone) == 0
    # the other learner, the facilitator and the cohorts are untouched
    assert dp.rows_about(engine, kept) == {k: before[k] - (1 if k == "cohort_members" else 0) for k in before}
    assert _count(engine, login_failures, login_failures.c.username == "ben@example.org") == 1
    assert users.by_id(engine, fac.id) is not None and cohorts.get(engine, a.id) is not None
    assert {m.learner_id for m in cohorts.members(engine, [a.id, b.id])} == {kept}
    # the log keeps counts and ids, nothing that names the person
    with engine.connect() as conn:
        log = conn.execute(select(data_deletions)).one()
    assert (log.learner_id, log.by_user_id) == (gone, fac.id)
    assert "Ana" not in str(log.rows_deleted)
    with pytest.raises(dp.NotFound):
        dp.delete_learner(engine, gone)


def test_every_table_that_refers_to_learners_is_covered() -> None:
    # If a feature adds a table pointing at learners (directly or through attempts), the erasure
    # walks to it through the foreign keys; this lists what is reached today.
    reached: set[str] = set()

    def walk(table) -> None:  # type: ignore[no-untyped-def]
        for child, _column, ondelete in dp._referencing(table):
            if ondelete == "SET NULL" or child.name in reached:
                continue
            reached.add(child.name)
            walk(child)

    walk(metadata.tables["learners"])
    assert {
        "lesson_progress",
        "check_answers",
        "quiz_attempts",
        "attempt_answers",
        "cohort_members",
        "certificates",
    } <= reached
    for table in (lesson_progress, check_answers, quiz_attempts, attempt_answers, cohort_members):
        assert table.name in reached


def test_staff_account_linked_to_a_learner_is_unlinked_not_deleted(engine: Engine) -> None:
    lid = learners.create(engine, identity.code_hash(identity.new_code()), "Ana", "police").id
    staff = users.create(engine, "trainer", "Trainer", "facilitator", "$argon2id$x", lid)
    dp.delete_learner(engine, lid)
    kept = users.by_id(engine, staff.id)
    assert kept is not None and kept.learner_id is None


def test_pseudonyms_and_learner_references() -> None:
    assert dp.pseudonym(42) == "L-00042"
    assert dp.parse_learner_ref("42") == 42
    assert dp.parse_learner_ref(" L-00042 ") == 42
    assert dp.parse_learner_ref("l00042") == 42
    assert dp.parse_learner_ref("x42") is None and dp.parse_learner_ref("") is None
    assert dp.parse_learner_ref("1; DROP TABLE learners") is None


def test_pseudonymous_cohorts_hide_names_in_report_rows(sqlite_engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from modules.services import cohorts as cohort_service
    from tests.unit.test_cohorts_repo import programme_registry

    reg = programme_registry(tmp_path)
    fac = auth.create_user(sqlite_engine, "fac", "Fac", "facilitator", "a-long-password")
    viewer = auth.create_user(sqlite_engine, "donor", "Donor", "viewer", "a-long-password")
    cohort = cohort_service.create_cohort(sqlite_engine, reg, fac, cohort_service.CohortForm("N", "P", "C", "O"))
    lid = learners.create(sqlite_engine, identity.code_hash(identity.new_code()), "Ana Secret", "police").id
    cohort_service.join(sqlite_engine, lid, cohort.join_code, "police")
    named = cohort_service.load_report_data(sqlite_engine, fac, [cohort])
    assert list(named.members["learner"]) == ["Ana Secret"]
    assert list(cohort_service.load_report_data(sqlite_engine, viewer, [cohort]).members["learner"]) == [f"L-{lid:05d}"]
    cohort_service.set_pseudonymous(sqlite_engine, fac, cohort.id, True)
    cohort = cohort_service.cohort_for(sqlite_engine, fac, cohort.id)
    assert list(cohort_service.load_report_data(sqlite_engine, fac, [cohort]).members["learner"]) == [f"L-{lid:05d}"]
    members = cohort_service.members_for(sqlite_engine, fac, cohort.id)
    assert members[0].display_name == f"L-{lid:05d}" and members[0].email is None


# -- account administration ------------------------------------------------------------------------
