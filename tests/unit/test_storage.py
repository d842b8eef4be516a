"""Storage on SQLite and a real PostgreSQL: learners, progress, attempts recorded exactly once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, func, select

from modules.services import identity
from modules.storage import attempts, learners, progress
from modules.storage.attempts import AttemptLimitReached, StoredAnswer
from modules.storage.schema import attempt_answers, quiz_attempts


def _learner(engine: Engine, name: str = "Ana") -> int:
    return learners.create(engine, identity.code_hash(identity.new_code()), name, "police").id


def test_learners_are_found_by_token_hash_only(engine: Engine) -> None:
    code_a, code_b = identity.new_code(), identity.new_code()
    a = learners.create(engine, identity.code_hash(code_a), "Sam", "police")
    b = learners.create(engine, identity.code_hash(code_b), "Sam", "labour_inspector")  # same name, other person
    assert learners.by_token_hash(engine, identity.code_hash(code_a)) == a
    assert learners.by_token_hash(engine, identity.code_hash(code_b)) == b
    assert learners.by_token_hash(engine, identity.code_hash(identity.new_code())) is None
    learners.update_fields(engine, a.id, last_lesson_id="l-one", token_hash="hijack")
    found = learners.by_id(engine, a.id)
    assert found is not None and found.last_lesson_id == "l-one"
    assert learners.by_token_hash(engine, identity.code_hash(code_a)) is not None  # token_hash not updatable


def test_progress_position_and_sticky_completion(engine: Engine) -> None:
    lid = _learner(engine)
    progress.save_position(engine, lid, "l-one", 1, False)
    assert progress.for_learner(engine, lid)["l-one"] == progress.LessonProgress("l-one", 1, False)
    progress.save_position(engine, lid, "l-one", 2, True)
    progress.save_position(engine, lid, "l-one", 0, False)  # revisiting the start
    assert progress.for_learner(engine, lid)["l-one"] == progress.LessonProgress("l-one", 0, True)


def test_check_answers_keep_latest_and_count_tries(engine: Engine) -> None:
    lid = _learner(engine)
    progress.record_check(engine, lid, "l-one", "q1", ["b"], 0.0, False)
    progress.record_check(engine, lid, "l-one", "q1", ["a"], 1.0, True)
    got = progress.checks_for(engine, lid, "l-one")["q1"]
    assert (got.answer, got.correct, got.tries) == (["a"], True, 2)
    other = _learner(engine, "Ben")
    assert progress.checks_for(engine, other) == {}


def test_attempt_lifecycle_and_limit(engine: Engine) -> None:
    lid = _learner(engine)
    first = attempts.start(engine, lid, "quiz", ["q1", "q2"], 7, "v1", max_attempts=2)
    again = attempts.start(engine, lid, "quiz", ["q9"], 8, "v1", max_attempts=2)
    assert again.id == first.id and again.question_ids == ["q1", "q2"]  # the open attempt is resumed
    answers = [StoredAnswer("q1", 0, ["a"], 1.0, True), StoredAnswer("q2", 1, [], 0.0, False)]
    assert attempts.submit(engine, first.id, lid, answers, 50.0, False)
    assert not attempts.submit(engine, first.id, lid, answers, 99.0, True)  # a second submit changes nothing
    stored = attempts.get(engine, first.id, lid)
    assert stored is not None and stored.submitted and stored.score == 50.0
    assert [a.question_id for a in attempts.answers_for(engine, first.id)] == ["q1", "q2"]
    second = attempts.start(engine, lid, "quiz", ["q3"], 9, "v1", max_attempts=2)
    assert second.attempt_no == 2
    assert attempts.submit(engine, second.id, lid, [], 100.0, True)
    with pytest.raises(AttemptLimitReached):
        attempts.start(engine, lid, "quiz", ["q4"], 10, "v1", max_attempts=2)
    assert attempts.questions_seen(engine, lid, "quiz") == {"q1", "q2", "q3"}


def test_attempts_belong_to_their_learner(engine: Engine) -> None:
    owner, intruder = _learner(engine), _learner(engine, "Eve")
    att = attempts.start(engine, owner, "quiz", ["q1"], 1, "v1", None)
    assert attempts.get(engine, att.id, intruder) is None
    assert not attempts.submit(engine, att.id, intruder, [StoredAnswer("q1", 0, ["a"], 1.0, True)], 100.0, True)
    assert attempts.list_for(engine, intruder) == []


def test_concurrent_double_submit_records_once(engine: Engine) -> None:
    lid = _learner(engine)
    att = attempts.start(engine, lid, "quiz", ["q1"], 1, "v1", None)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def click() -> None:
        barrier.wait()
        results.append(attempts.submit(engine, att.id, lid, [StoredAnswer("q1", 0, ["a"], 1.0, True)], 100.0, True))

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(attempt_answers)).scalar_one() == 1


def test_concurrent_start_opens_one_attempt(engine: Engine) -> None:
    lid = _learner(engine)
    ids: list[int] = []
    barrier = threading.Barrier(6)

    def start() -> None:
        barrier.wait()
        ids.append(attempts.start(engine, lid, "quiz", ["q1"], 1, "v1", 3).id)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(quiz_attempts)).scalar_one() == 1


def test_progress_for_one_lesson(engine: Engine) -> None:
    lid = _learner(engine)
    assert progress.for_lesson(engine, lid, "l-one") is None
    progress.save_position(engine, lid, "l-one", 2, False)
    progress.save_position(engine, lid, "l-two", 1, True)
    assert progress.for_lesson(engine, lid, "l-one") == progress.LessonProgress("l-one", 2, False)


def test_answers_of_an_open_attempt_are_kept_as_given_and_moved_on_submit(engine: Engine) -> None:
    lid, other = _learner(engine), _learner(engine, "Ben")
    attempt = attempts.start(engine, lid, "quiz-one", ["q1", "q2"], 7, "v1", None)
    assert attempts.save_response(engine, attempt.id, lid, "q1", ["a"])
    assert attempts.save_response(engine, attempt.id, lid, "q1", ["b"])  # the latest answer wins
    assert attempts.save_response(engine, attempt.id, lid, "q2", ["x", "y"])
    assert not attempts.save_response(engine, attempt.id, other, "q1", ["a"])  # not theirs
    assert attempts.responses_for(engine, attempt.id, lid) == {"q1": ["b"], "q2": ["x", "y"]}
    assert attempts.responses_for(engine, attempt.id, other) == {}
    stored = [StoredAnswer("q1", 0, ["b"], 1.0, True), StoredAnswer("q2", 1, ["x", "y"], 0.5, False)]
    assert attempts.submit(engine, attempt.id, lid, stored, 75.0, True)
    assert attempts.responses_for(engine, attempt.id, lid) == {}  # moved to the scored answers
    assert not attempts.save_response(engine, attempt.id, lid, "q1", ["a"])  # a closed attempt never changes
    assert [a.answer for a in attempts.answers_for(engine, attempt.id)] == [["b"], ["x", "y"]]
