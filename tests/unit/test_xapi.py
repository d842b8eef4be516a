"""xAPI statements: the shape an LRS accepts (xAPI 1.0.3), ADL verbs, stable ids, no contact data."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from modules.analytics.cohort_reports import CourseFacts, ReportData
from modules.export import xapi
from tests.unit.test_cohorts_repo import programme_registry

BASE = "https://training.example.org"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
ADL = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}


def _is_iri(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc)


def check_statement(s: dict) -> None:  # type: ignore[type-arg]
    """The rules of the xAPI 1.0.3 specification an LRS enforces on these properties."""
    assert set(s) <= {"id", "actor", "verb", "object", "result", "context", "timestamp"}
    uuid.UUID(s["id"])
    actor = s["actor"]
    assert actor["objectType"] == "Agent"
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    assert ifis == ["account"]  # exactly one identifier, and never an e-mail address
    assert _is_iri(actor["account"]["homePage"]) and actor["account"]["name"]
    assert s["verb"]["id"] in ADL.values() and s["verb"]["display"]
    assert s["object"]["objectType"] == "Activity" and _is_iri(s["object"]["id"])
    assert _is_iri(s["object"]["definition"]["type"])
    assert ISO.match(s["timestamp"])
    if "result" in s:
        score = s["result"].get("score", {})
        if score:
            assert -1 <= score["scaled"] <= 1
            assert score["min"] <= score["raw"] <= score["max"]
        if "duration" in s["result"]:
            assert re.match(r"^PT\d+H\d+M\d+(\.\d+)?S$", s["result"]["duration"])
    for key in s.get("context", {}).get("extensions", {}):
        assert _is_iri(key)


@pytest.fixture
def reg(tmp_path: Path):  # type: ignore[no-untyped-def]
    return programme_registry(tmp_path)


ATTEMPT = {
    "attempt_id": 7,
    "learner_id": 42,
    "quiz_id": "pre",
    "score": 62.5,
    "passed": False,
    "started_at": datetime(2025, 3, 3, 10, 0, 0),  # naive: SQLite hands back UTC without a zone
    "submitted_at": datetime(2025, 3, 3, 10, 12, 30, tzinfo=UTC),
}
ANSWERS = [
    {"question_id": "q-single", "answer": ["a"], "score": 1.0, "correct": True},
    {"question_id": "q-multi", "answer": ["a", "c"], "score": 0.0, "correct": False},
    {"question_id": "q-tf", "answer": ["false"], "score": 1.0, "correct": True},
    {"question_id": "q-match", "answer": ["p2", "p1"], "score": 0.0, "correct": False},
]


def test_one_attempt_gives_attempted_answered_outcome_completed(reg) -> None:  # type: ignore[no-untyped-def]
    statements = xapi.attempt_statements(
        ATTEMPT, ANSWERS, base=BASE, quiz_title="Pre-test", course_title="Course", pass_mark=70, questions=reg.questions
    )
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]
    assert verbs == ["attempted", "answered", "answered", "answered", "answered", "failed", "completed"]
    for s in statements:
        check_statement(s)
    attempted, *answered, failed, completed = statements
    assert completed["result"]["completion"] is True
    assert attempted["timestamp"] == "2025-03-03T10:00:00.000Z"
    assert failed["timestamp"] == "2025-03-03T10:12:30.000Z"
    assert failed["result"] == {
        "score": {"scaled": 0.625, "raw": 62.5, "min": 0, "max": 100},
        "success": False,
        "completion": True,
        "duration": "PT0H12M30.00S",
    }
    assert attempted["object"]["id"] == f"{BASE}/quiz/pre"
    assert attempted["object"]["definition"]["type"] == xapi.ASSESSMENT
    single, multi, tf, match = answered
    assert single["object"]["definition"]["interactionType"] == "choice"
    assert single["object"]["definition"]["correctResponsesPattern"] == ["a"]
    assert single["result"]["response"] == "a" and single["result"]["success"] is True
    assert multi["result"]["response"] == "a[,]c"
    assert tf["object"]["definition"]["interactionType"] == "true-false"
    assert match["object"]["definition"]["interactionType"] == "matching"
    assert match["result"]["response"] == "p1[.]p2[,]p2[.]p1"
    assert single["context"]["contextActivities"]["parent"][0]["id"] == f"{BASE}/quiz/pre"
    assert "name" not in single["actor"]  # no name unless asked
    json.dumps(statements)


def test_passed_attempt_and_names_on_request() -> None:
    statements = xapi.attempt_statements(
        {**ATTEMPT, "score": 80.0, "passed": True},
        [],
        base=BASE,
        quiz_title="Q",
        course_title="C",
        pass_mark=70,
        learner_name="L-00042",
    )
    assert [s["verb"]["display"]["en-US"] for s in statements] == ["attempted", "passed", "completed"]
    assert statements[1]["result"]["success"] is True
    assert statements[0]["actor"]["name"] == "L-00042"


def test_ids_are_stable_and_distinct() -> None:
    one = xapi.attempt_statements(ATTEMPT, ANSWERS, base=BASE, quiz_title="Q", course_title="C", pass_mark=70)
    two = xapi.attempt_statements(ATTEMPT, ANSWERS, base=BASE, quiz_title="Q", course_title="C", pass_mark=70)
    assert [s["id"] for s in one] == [s["id"] for s in two]  # re-exporting: the LRS stores each once
    assert len({s["id"] for s in one}) == len(one)
    elsewhere = xapi.attempt_statements(
        ATTEMPT, ANSWERS, base="https://other.example", quiz_title="Q", course_title="C", pass_mark=70
    )
    assert not {s["id"] for s in one} & {s["id"] for s in elsewhere}


def test_report_statements_cover_every_attempt(reg) -> None:  # type: ignore[no-untyped-def]
    facts = CourseFacts.from_registry(reg)
    members = pd.DataFrame(
        [(1, "North", 42, "Ana", "police", "police", None, None)],
        columns=["cohort_id", "cohort", "learner_id", "learner", "track", "organisation_type", "sex", "region"],
    )
    attempts = pd.DataFrame([ATTEMPT, {**ATTEMPT, "attempt_id": 8, "quiz_id": "post", "score": 90.0, "passed": True}])
    answers = pd.DataFrame([{**a, "attempt_id": 7, "position": i} for i, a in enumerate(ANSWERS)])
    data = ReportData(members=members, attempts=attempts, answers=answers)
    statements = xapi.report_statements(data, facts, base=BASE, questions=reg.questions)
    assert len(statements) == 7 + 3
    for s in statements:
        check_statement(s)
    assert statements[-1]["object"]["definition"]["name"]["en"] == "Post-test"
    assert all("name" not in s["actor"] for s in statements)
    named = xapi.report_statements(data, facts, base=BASE, include_names=True)
    assert named[0]["actor"]["name"] == "Ana"
    parsed = json.loads(xapi.to_json_bytes(statements))
    assert isinstance(parsed, list) and parsed[0]["verb"]["id"] == ADL["attempted"]
    assert xapi.report_statements(ReportData(), facts, base=BASE) == []
