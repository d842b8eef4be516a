"""Rules that keep the scores meaningful, checked by `validate` on the content that loaded:

- parallel forms: a post-test that names its pre-test (`parallel_to`) matches it slot by slot (type,
  number of options, indicators, objectives, difficulty) and shares no question, so the gain between
  them measures learning, not a change of test;
- the pre-test's questions stay out of lesson checks and other quizzes, so nobody rehearses them;
- held-out finals: a final asks only questions the learner has met nowhere else (no lesson check or case
  study, no module or lesson quiz, no pre- or post-test), so a certificate never rewards recall of answers
  already shown;
- coverage: each final holds at least `CORE_MIN` questions for each core objective of its track."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from modules.content.problems import Problem
from modules.content.registry import SourceRef
from modules.domain.course import Course
from modules.domain.lesson import Lesson
from modules.domain.question import QuestionModel
from modules.domain.quiz import BankIndex, Quiz, draw_shortfalls, quiz_pool

CORE_MIN = 3


RESERVED_KINDS = ("pre_test", "post_test", "final")


def reserved(quizzes: Iterable[Quiz]) -> frozenset[str]:
    """Questions listed by a pre-test, a post-test or a final: other quizzes' draw rules never pick them
    (Registry.draw_bank), so a tag-based draw cannot leak a baseline or a held-out item."""
    return frozenset(qid for quiz in quizzes if quiz.kind in RESERVED_KINDS for qid in quiz.questions)


def exposures(
    lessons: Iterable[Lesson], quizzes: Iterable[Quiz], questions: dict[str, QuestionModel]
) -> dict[str, list[str]]:
    """Where a learner meets each question before a final: 'lesson X' or 'quiz Y', by question id. Draw
    rules of other quizzes count with the questions they may pick (reserved ones excluded)."""
    quizzes = list(quizzes)
    kept = reserved(quizzes)
    open_bank = BankIndex({qid: q for qid, q in questions.items() if qid not in kept})
    seen: dict[str, list[str]] = {}
    for lesson in lessons:
        for qid in lesson.question_ids():
            seen.setdefault(qid, []).append(f"lesson '{lesson.id}'")
    for quiz in quizzes:
        if quiz.kind == "final":
            continue
        for qid in quiz_pool(quiz, open_bank):
            seen.setdefault(qid, []).append(f"quiz '{quiz.id}'")
    return seen


def assessment_problems(
    course: Course | None,
    lessons: dict[str, Lesson],
    questions: dict[str, QuestionModel],
    quizzes: dict[str, Quiz],
    refs: dict[tuple[str, Any], SourceRef],
    seen: dict[str, list[str]] | None = None,
) -> list[Problem]:
    """`seen`: `exposures` of this content, when the caller has it already."""
    out: list[Problem] = []
    if seen is None:
        seen = exposures(lessons.values(), quizzes.values(), questions)
    bank = BankIndex(questions)
    held_out = BankIndex({qid: q for qid, q in questions.items() if qid not in seen})
    """What a final draws from (Registry.draw_bank): made once, not once per final."""
    for quiz in quizzes.values():
        ref = refs[("quiz", quiz.id)]
        if quiz.kind == "final":
            out += _held_out(quiz, ref, held_out, seen)
            if course is not None:
                out += _core_coverage(quiz, ref, course, held_out if quiz.draw else bank)
        if quiz.kind == "pre_test":
            out += _pre_test_apart(quiz, ref, bank, seen)
        if quiz.parallel_to is not None:
            out += _parallel(quiz, ref, quizzes, questions)
        elif quiz.kind == "post_test" and any(q.kind == "pre_test" for q in quizzes.values()):
            out.append(
                ref.problem(
                    "a post-test needs `parallel_to: <the pre-test's id>` so validation can check that the two "
                    "forms are parallel (the learning gain compares them)",
                    "id",
                )
            )
    return out


def _where(index: int, quiz: Quiz) -> tuple[Any, ...]:
    return ("questions", index) if quiz.questions else ("draw",)


def _held_out(quiz: Quiz, ref: SourceRef, held_out: BankIndex, seen: dict[str, list[str]]) -> list[Problem]:
    """A fixed final lists no question met elsewhere; a drawn final draws only held-out questions (see
    Registry.draw_bank), so each rule needs enough of them."""
    out = []
    if quiz.draw:
        for r, available in draw_shortfalls(quiz.draw, held_out):
            out.append(
                ref.problem(
                    f"a final draws only questions learners have not met elsewhere: this rule asks for "
                    f"{quiz.draw[r].count} and {available} such questions match it. Write new questions for the final",
                    "draw",
                    r,
                    "count",
                )
            )
        return out
    for i, qid in enumerate(quiz.questions):
        if qid in seen:
            out.append(
                ref.problem(
                    f"a final may only ask questions learners have not met: '{qid}' is also in "
                    f"{', '.join(seen[qid])}. Write a new question for the final",
                    *_where(i, quiz),
                )
            )
    return out


def _pre_test_apart(quiz: Quiz, ref: SourceRef, bank: BankIndex, seen: dict[str, list[str]]) -> list[Problem]:
    out = []
    for i, qid in enumerate(quiz_pool(quiz, bank)):
        elsewhere = [w for w in seen.get(qid, []) if w != f"quiz '{quiz.id}'"]
        if elsewhere:
            out.append(
                ref.problem(
                    f"pre-test question '{qid}' is also in {', '.join(elsewhere)}: learners would rehearse the "
                    "baseline. Keep pre-test questions out of lessons and other quizzes",
                    *_where(i, quiz),
                )
            )
    return out


def slot_signature(q: QuestionModel) -> tuple[str, int, tuple[str, ...], tuple[str, ...], str]:
    """What two parallel slots must share: type, number of options, indicators, objectives, difficulty."""
    return (q.type, len(q.options), tuple(sorted(q.indicators)), tuple(sorted(q.objectives)), q.difficulty)


_SLOT_PARTS = ("type", "number of options", "indicators", "objectives", "difficulty")


def _parallel(
    quiz: Quiz, ref: SourceRef, quizzes: dict[str, Quiz], questions: dict[str, QuestionModel]
) -> list[Problem]:
    other = quizzes.get(quiz.parallel_to or "")
    if other is None:
        return [ref.problem(f"`parallel_to` names '{quiz.parallel_to}', which is not a quiz", "parallel_to")]
    if not quiz.questions or not other.questions:
        return [ref.problem("parallel forms need fixed `questions` lists in both quizzes, not draws", "parallel_to")]
    if len(quiz.questions) != len(other.questions):
        return [
            ref.problem(
                f"not parallel to '{other.id}': {len(quiz.questions)} questions against {len(other.questions)}",
                "questions",
            )
        ]
    out = []
    shared = sorted(set(quiz.questions) & set(other.questions))
    if shared:
        out.append(ref.problem(f"parallel forms share no question; both ask {', '.join(shared)}", "questions"))
    for slot, (mine, theirs) in enumerate(zip(quiz.questions, other.questions, strict=True)):
        a, b = questions.get(mine), questions.get(theirs)
        if a is None or b is None:
            continue
        diffs = [
            f"{part} {x!r} against {y!r}"
            for part, x, y in zip(_SLOT_PARTS, slot_signature(a), slot_signature(b), strict=True)
            if x != y
        ]
        if diffs:
            out.append(
                ref.problem(
                    f"slot {slot + 1} is not parallel to '{other.id}': '{mine}' and '{theirs}' differ in "
                    + "; ".join(diffs),
                    "questions",
                    slot,
                )
            )
    return out


def _core_coverage(quiz: Quiz, ref: SourceRef, course: Course, bank: BankIndex) -> list[Problem]:
    tracks = [t for t in course.tracks if quiz.track in (None, t.id)]
    questions = bank.bank
    on: Counter[str] = Counter(o for q in quiz_pool(quiz, bank) if q in questions for o in set(questions[q].objectives))
    """Questions of the final on each objective (a drawn final's pool can be most of the bank)."""
    out = []
    for track in tracks:
        for objective in track.core_objectives:
            n = on[objective]
            if n < CORE_MIN:
                out.append(
                    ref.problem(
                        f"the final has {n} question(s) on core objective '{objective}' of track '{track.id}'; "
                        f"it needs at least {CORE_MIN}",
                        "id",
                    )
                )
    return out
