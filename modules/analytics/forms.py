"""How far a pre/post gain can be trusted: the two forms' chance scores and difficulty mix, the number of
learners behind it, and the standard error of measurement of a form.

A gain between forms that are not parallel partly measures the change of test (a post-test of true/false
items is easier to guess than a pre-test of four-option items), so the reports print each caveat next to
the gain instead of a bare number."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from modules.analytics.item_analysis import cronbach_alpha
from modules.domain.question import QuestionModel
from modules.domain.quiz import Quiz, quiz_pool
from modules.i18n import format_percent, ngettext
from modules.i18n import gettext as _
from modules.scoring.chance import chance_score, form_chance

CHANCE_GAP = 2.0
"""Percentage points between two forms' chance scores above which the gain is flagged."""
FEW_PAIRS = 10
"""Fewer learners with both scores than this: the gain is flagged as resting on few people."""


@dataclass(frozen=True)
class FormFacts:
    quiz_id: str
    items: int
    chance: float | None
    """Percent a random guesser scores (for a drawn quiz: over the questions it may draw)."""
    difficulty: tuple[tuple[str, int], ...]
    """How many items of each authored difficulty, sorted by label."""


def form_facts(quiz: Quiz, questions: Mapping[str, QuestionModel]) -> FormFacts:
    items = [questions[q] for q in quiz_pool(quiz, questions) if q in questions]
    mix = Counter(q.difficulty for q in items)
    return FormFacts(quiz.id, quiz.question_count(), form_chance(items), tuple(sorted(mix.items())))


def sem(sd: float | None, alpha: float | None) -> float | None:
    """Standard error of measurement, in the units of `sd`: SD × √(1 − α). None when either is unknown
    or alpha is negative (the form then measures nothing consistent)."""
    if sd is None or alpha is None or alpha < 0 or math.isnan(sd) or math.isnan(alpha):
        return None
    return sd * math.sqrt(1.0 - min(alpha, 1.0))


def gain_caveats(pre: Sequence[FormFacts], post: Sequence[FormFacts], n_pairs: int) -> list[str]:
    """Plain sentences on why a gain between these forms may mislead, in the reader's language; empty when
    none applies."""
    out: list[str] = []
    if n_pairs < FEW_PAIRS:
        out.append(
            ngettext(
                "Based on {n} learner with both scores: too few to generalise.",
                "Based on {n} learners with both scores: too few to generalise.",
                n_pairs,
            )
        )
    pre_chance = [f.chance for f in pre if f.chance is not None]
    post_chance = [f.chance for f in post if f.chance is not None]
    if pre_chance and post_chance:
        a, b = sum(pre_chance) / len(pre_chance), sum(post_chance) / len(post_chance)
        if abs(a - b) > CHANCE_GAP:
            out.append(
                # TRANSLATORS: a caution beside a pre/post learning gain; {pre} and {post} are percentages (25%).
                _(
                    "The forms differ in how easy they are to guess: chance score {pre} on the pre-test and "
                    "{post} on the post-test, so part of the gain is the change of test.",
                    pre=format_percent(round(a) / 100),
                    post=format_percent(round(b) / 100),
                )
            )
    if pre and post and {f.difficulty for f in pre} != {f.difficulty for f in post}:
        out.append(_("The forms differ in their mix of easy, medium and hard questions."))
    return out


DIFFICULTY_LOGIT = {"easy": -1.0, "medium": 0.0, "hard": 1.0}


def simulated_alpha(questions: Sequence[QuestionModel], learners: int = 400, seed: int = 1) -> float | None:
    """Cronbach's alpha of a form on simulated responses, before any learner has taken it: each simulated
    learner has an ability drawn from a standard normal; they know an item with probability
    1 / (1 + e^-(ability − difficulty)) (easy −1, medium 0, hard +1, the author's label) and score 1 on
    it, else they guess and score the item's chance score on average (drawn as 1 with that
    probability). A planning figure: the real alpha comes from real attempts (item analysis)."""
    if len(questions) < 2:
        return None
    rng = random.Random(seed)
    guess = [chance_score(q) for q in questions]
    rows = []
    for _learner in range(learners):
        ability = rng.gauss(0.0, 1.0)
        row = []
        for q, g in zip(questions, guess, strict=True):
            knows = rng.random() < 1.0 / (1.0 + math.exp(-(ability - DIFFICULTY_LOGIT[q.difficulty])))
            row.append(1.0 if knows or rng.random() < g else 0.0)
        rows.append(row)
    return cronbach_alpha(pd.DataFrame(rows))
