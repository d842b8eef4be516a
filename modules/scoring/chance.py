"""What a learner scores by guessing, so a score or a gain can be read against it.

The guesser answers at random: one option of a single-choice item (1/n), True or False (1/2), each option
of a multiple-response or spot-the-indicators item ticked or not with even odds (every subset equally
likely, scored right-minus-wrong as `score_question` scores it), a random one-to-one matching (1/n per
pair on average). A form's chance score is the mean over its items, in percent."""

from __future__ import annotations

from collections.abc import Sequence
from math import comb

from modules.domain.question import Matching, MultipleResponse, QuestionModel, SpotIndicators


def chance_score(question: QuestionModel) -> float:
    """Expected score (0..1) of a random answer to this question."""
    if isinstance(question, Matching):
        return 1.0 / len(question.pairs)
    if isinstance(question, MultipleResponse | SpotIndicators):
        right = len(set(question.correct_ids()))
        neutral = len(question.acceptable) if isinstance(question, SpotIndicators) else 0
        wrong = len(question.options) - right - neutral
        # Every subset is equally likely: count subsets by how many right (r) and wrong (w) options they hold;
        # acceptable options change nothing, so they only multiply the count (and cancel in the mean).
        total = 0.0
        for r in range(right + 1):
            for w in range(wrong + 1):
                total += comb(right, r) * comb(wrong, w) * max(0.0, (r - w) / right)
        return total / (2 ** (right + wrong))
    options = question.options
    return 1.0 / len(options) if options else 0.0


def form_chance(questions: Sequence[QuestionModel]) -> float | None:
    """Chance score of a form (percent): the mean of its items' chance scores."""
    if not questions:
        return None
    return 100.0 * sum(chance_score(q) for q in questions) / len(questions)
