"""xAPI (Experience API 1.0.3) statements for quiz attempts, as a JSON array an LRS accepts on
POST /statements.

Per submitted attempt:
- `attempted` the quiz (timestamp: when it was started);
- `answered` each question, with the item score and success (timestamp: submission);
- `passed` or `failed` the quiz, with the scaled score (timestamp: submission);
- `completed` the quiz (timestamp: submission).

Verbs are the ADL vocabulary IRIs. The actor is an `account` agent on this app's home page
(PUBLIC_URL) named by the learner's id, never by an e-mail address: an LRS copy then carries no
contact details. Names go into `actor.name` only when asked for (and never for pseudonymous
cohorts: the caller passes the label reports show). Statement ids are UUIDv5 of the attempt,
the verb and the question, so exporting twice yields the same ids and an LRS stores each once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from modules.analytics.cohort_reports import CourseFacts, ReportData
from modules.domain.question import Matching, MultipleResponse, QuestionModel, SpotIndicators, TrueFalse

VERBS: dict[str, str] = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE = "http://adlnet.gov/expapi/activities/course"
_NAMESPACE = uuid.UUID("0f6c6a4e-5b4e-4d8e-9b1e-6a1f3f0c2d11")
LANG = "en"


def iso(ts: datetime) -> str:
    """ISO 8601 in UTC with a Z (stored times are UTC; SQLite hands them back without a zone)."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def duration(start: datetime, end: datetime) -> str:
    """ISO 8601 duration (PT#H#M#S) between two instants, never negative."""
    a = start if start.tzinfo else start.replace(tzinfo=UTC)
    b = end if end.tzinfo else end.replace(tzinfo=UTC)
    seconds = max(0.0, (b - a).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{int(hours)}H{int(minutes)}M{secs:.2f}S"


def statement_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(p) for p in parts)))


def actor(base: str, learner_id: int, name: str | None = None) -> dict[str, Any]:
    agent: dict[str, Any] = {"objectType": "Agent", "account": {"homePage": base, "name": f"learner-{learner_id}"}}
    if name:
        agent["name"] = name
    return agent


def verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {"en-US": name}}


def quiz_activity(base: str, quiz_id: str, title: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{base}/quiz/{quiz_id}",
        "definition": {"type": ASSESSMENT, "name": {LANG: title}},
    }


def _interaction_type(question: QuestionModel | None) -> str:
    if isinstance(question, TrueFalse):
        return "true-false"
    if isinstance(question, Matching):
        return "matching"
    return "choice"


def question_activity(base: str, quiz_id: str, question_id: str, question: QuestionModel | None) -> dict[str, Any]:
    definition: dict[str, Any] = {"type": INTERACTION, "interactionType": _interaction_type(question)}
    if question is not None:
        definition["name"] = {LANG: question.prompt[:200]}
        if isinstance(question, Matching):
            definition["source"] = [{"id": p.id, "description": {LANG: p.left}} for p in question.pairs]
            definition["target"] = [{"id": p.id, "description": {LANG: p.right}} for p in question.pairs]
            definition["correctResponsesPattern"] = ["[,]".join(f"{p.id}[.]{p.id}" for p in question.pairs)]
        elif isinstance(question, TrueFalse):
            definition["correctResponsesPattern"] = ["true" if question.answer else "false"]
        else:
            definition["choices"] = [{"id": o.id, "description": {LANG: o.text[:200]}} for o in question.options]
            definition["correctResponsesPattern"] = ["[,]".join(question.correct_ids())]
    return {"objectType": "Activity", "id": f"{base}/quiz/{quiz_id}/question/{question_id}", "definition": definition}


def _response(question: QuestionModel | None, answer: list[str]) -> str:
    if isinstance(question, Matching):
        return "[,]".join(f"{p.id}[.]{chosen}" for p, chosen in zip(question.pairs, answer, strict=False) if chosen)
    if isinstance(question, MultipleResponse | SpotIndicators):
        return "[,]".join(a for a in answer if a)
    return answer[0] if answer else ""


def _context(base: str, course_title: str, parent: dict[str, Any] | None = None) -> dict[str, Any]:
    activities: dict[str, Any] = {
        "grouping": [
            {
                "objectType": "Activity",
                "id": f"{base}/course",
                "definition": {"type": COURSE, "name": {LANG: course_title}},
            }
        ]
    }
    if parent is not None:
        activities["parent"] = [{"objectType": "Activity", "id": parent["id"]}]
    return {"contextActivities": activities, "platform": "Forced labour training app", "language": LANG}


def attempt_statements(
    attempt: Mapping[str, Any],
    answers: Iterable[Mapping[str, Any]],
    *,
    base: str,
    quiz_title: str,
    course_title: str,
    pass_mark: float,
    questions: Mapping[str, QuestionModel] | None = None,
    learner_name: str | None = None,
) -> list[dict[str, Any]]:
    """Statements for one submitted attempt.

    `attempt`: attempt_id, learner_id, quiz_id, score (0..100), passed, started_at, submitted_at.
    `answers`: question_id, answer (option ids), score (0..1), correct."""
    questions = questions or {}
    aid = attempt["attempt_id"]
    who = actor(base, int(attempt["learner_id"]), learner_name)
    quiz = quiz_activity(base, str(attempt["quiz_id"]), quiz_title)
    started: datetime = attempt["started_at"]
    submitted: datetime = attempt["submitted_at"] or started
    score = float(attempt["score"] or 0.0)
    passed = bool(attempt["passed"])
    out: list[dict[str, Any]] = [
        {
            "id": statement_id(base, aid, "attempted"),
            "actor": who,
            "verb": verb("attempted"),
            "object": quiz,
            "context": _context(base, course_title),
            "timestamp": iso(started),
        }
    ]
    for a in answers:
        qid = str(a["question_id"])
        q = questions.get(qid)
        item = question_activity(base, str(attempt["quiz_id"]), qid, q)
        item_score = float(a["score"])
        out.append(
            {
                "id": statement_id(base, aid, "answered", qid),
                "actor": who,
                "verb": verb("answered"),
                "object": item,
                "result": {
                    "score": {"scaled": round(item_score, 4), "raw": round(item_score, 4), "min": 0, "max": 1},
                    "success": bool(a["correct"]),
                    "response": _response(q, [str(x) for x in (a["answer"] or [])]),
                },
                "context": _context(base, course_title, quiz),
                "timestamp": iso(submitted),
            }
        )
    result = {
        "score": {"scaled": round(score / 100.0, 4), "raw": round(score, 1), "min": 0, "max": 100},
        "success": passed,
        "completion": True,
        "duration": duration(started, submitted),
    }
    outcome = "passed" if passed else "failed"
    out.append(
        {
            "id": statement_id(base, aid, outcome),
            "actor": who,
            "verb": verb(outcome),
            "object": quiz,
            "result": result,
            "context": _context(base, course_title) | {"extensions": {f"{base}/xapi/pass-mark": pass_mark}},
            "timestamp": iso(submitted),
        }
    )
    out.append(
        {
            "id": statement_id(base, aid, "completed"),
            "actor": who,
            "verb": verb("completed"),
            "object": quiz,
            "result": result,
            "context": _context(base, course_title),
            "timestamp": iso(submitted),
        }
    )
    return out


def report_statements(
    data: ReportData,
    facts: CourseFacts,
    *,
    base: str,
    questions: Mapping[str, QuestionModel] | None = None,
    include_names: bool = False,
) -> list[dict[str, Any]]:
    """Statements for every submitted attempt in a report's rows, oldest first. Each learner once,
    even if they belong to two of the cohorts; `include_names` adds the label reports show (a
    pseudonym where names are not allowed)."""
    if data.attempts.empty:
        return []
    labels = dict(zip(data.members["learner_id"], data.members["learner"], strict=False))
    by_attempt: dict[int, list[dict[str, Any]]] = {}
    for a in data.answers.sort_values(["attempt_id", "position"]).to_dict("records") if not data.answers.empty else []:
        by_attempt.setdefault(int(a["attempt_id"]), []).append(a)
    out: list[dict[str, Any]] = []
    for attempt in data.attempts.sort_values(["submitted_at", "attempt_id"]).to_dict("records"):
        quiz = facts.quizzes.get(str(attempt["quiz_id"]))
        out += attempt_statements(
            attempt,
            by_attempt.get(int(attempt["attempt_id"]), []),
            base=base,
            quiz_title=quiz.title if quiz else str(attempt["quiz_id"]),
            course_title=facts.course_title,
            pass_mark=float(quiz.pass_mark) if quiz else 0.0,
            questions=questions,
            learner_name=str(labels.get(attempt["learner_id"])) if include_names else None,
        )
    return out


def to_json_bytes(statements: list[dict[str, Any]]) -> bytes:
    return json.dumps(statements, ensure_ascii=False, indent=1).encode("utf-8")
