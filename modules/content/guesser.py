"""A learner who knows nothing of forced labour but everything about multiple-choice tests: what do they
score? They pick by the cues item writers leave behind, never by the content:

- single choice: the longest option, unless it has an absolute word (always, only, never…); then the
  option that repeats most of the prompt's words; ties go to the option listed first;
- true/false: absolute wording is false, a hedge (can, may…) is true, otherwise true;
- multiple response: tick every option at least as long as the median option that has no absolute word;
- spot the indicators: tick each indicator whose name shares a word with the scenario;
- matching: pair each left item with the right item sharing most of its words.

`python -m modules lint` removes the cues; this measures what is left, so a test can hold every scored
quiz near its chance score."""

from __future__ import annotations

from statistics import median

from modules.content.cues import ABSOLUTE, HEDGE, content_words
from modules.domain.question import Matching, MultipleResponse, QuestionModel, SingleChoice, SpotIndicators, TrueFalse
from modules.scoring.questions import Answer, score_question


def cue_answer(question: QuestionModel) -> Answer:
    """The answer a test-wise guesser gives, from the question's text alone."""
    if isinstance(question, TrueFalse):
        if ABSOLUTE.search(question.prompt) and not HEDGE.search(question.prompt):
            return ["false"]
        return ["true"]
    if isinstance(question, SingleChoice):
        prompt = content_words(question.prompt + " " + (question.scenario or ""))

        def appeal(i: int) -> tuple[int, int, int, int]:
            text = question.options[i].text
            return (0 if ABSOLUTE.search(text) else 1, len(text), len(content_words(text) & prompt), -i)

        best = max(range(len(question.options)), key=appeal)
        return [question.options[best].id]
    if isinstance(question, MultipleResponse):
        cut = median(len(o.text) for o in question.options)
        return [o.id for o in question.options if len(o.text) >= cut and not ABSOLUTE.search(o.text)]
    if isinstance(question, SpotIndicators):
        story = content_words(question.scenario + " " + question.prompt)
        return [o.id for o in question.options if content_words(o.text) & story]
    if isinstance(question, Matching):
        rights = [(p.id, content_words(p.right)) for p in question.pairs]
        answer = []
        for pair in question.pairs:
            left = content_words(pair.left)
            answer.append(max(rights, key=lambda r: len(r[1] & left))[0])
        return answer
    return []


def cue_score(questions: list[QuestionModel]) -> float | None:
    """The test-wise guesser's mean score over these questions, in percent."""
    if not questions:
        return None
    return 100.0 * sum(score_question(q, cue_answer(q)).score for q in questions) / len(questions)
