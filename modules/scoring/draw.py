"""Which questions an attempt gets, and in what order: reproducible from a stored seed."""

from __future__ import annotations

import random
from collections.abc import Collection

from modules.domain.question import Matching, QuestionModel, SpotIndicators, TrueFalse
from modules.domain.quiz import Quiz, draw_pool


def draw_questions(
    quiz: Quiz,
    bank: dict[str, QuestionModel],
    seed: int,
    seen_before: Collection[str] = (),
) -> list[str]:
    """Fixed lists are kept (shuffled if asked); draw rules pick unseen questions first,
    falling back to seen ones only where the bank is too small to avoid repeats."""
    rng = random.Random(seed)
    if quiz.questions:
        ids = [q for q in quiz.questions if q in bank]
    else:
        ids = []
        taken: set[str] = set()
        for rule in quiz.draw:
            pool = [q for q in draw_pool(rule, bank) if q not in taken]
            fresh = [q for q in pool if q not in seen_before]
            stale = [q for q in pool if q in seen_before]
            rng.shuffle(fresh)
            rng.shuffle(stale)
            chosen = (fresh + stale)[: rule.count]
            taken.update(chosen)
            ids.extend(chosen)
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    return ids


def option_order(question: QuestionModel, seed: int, shuffle: bool) -> list[str]:
    """Display order of option ids (for matching: of the right-hand items). True/false and the indicator
    catalogue of a spot-the-indicators item keep their fixed order: it carries no cue, and a learner finds
    indicator 7 where indicator 7 always is."""
    ids = [o.id for o in question.options]
    if isinstance(question, TrueFalse | SpotIndicators):
        return ids
    if shuffle or isinstance(question, Matching):
        # matching always shuffles the right-hand column, or the answer is given away
        rng = random.Random(f"{seed}:{question.id}")
        rng.shuffle(ids)
    return ids
