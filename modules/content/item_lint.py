"""Item-writing rules: cues that let a test-wise learner score without the knowledge.

`python -m modules lint` prints one `path:line: lint: message [rule]` per finding, and `make test` fails on
any. Each rule, its threshold and a bad and a good example are in docs/authoring.md ("Writing questions
that measure learning"). The thresholds sit in `RULES` so the guide and the check cannot drift apart."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass
from itertools import combinations

from modules.content.cues import ABOVE, ABSOLUTE, HEDGE, content_words
from modules.content.guesser import cue_answer, cue_score
from modules.content.problems import Problem
from modules.content.registry import DrawBanks, Registry, SourceRef
from modules.domain.question import MultipleResponse, QuestionModel, SingleChoice, TrueFalse
from modules.scoring.chance import form_chance
from modules.scoring.questions import score_question

PREFIX = "lint: "

KEY_LONGER = 1.25
"""Single choice: the key may be at most this many times the mean length of the wrong options."""
RIGHT_LONGER = 1.4
"""Multiple response: the mean right option may be at most this many times the mean wrong option."""
SENTENCE_CHARS = 20
"""Length rules apply when options average at least this many characters (short options such as numbers
or indicator names are naturally uneven)."""
POSITION_SHARE = (0.12, 0.38)
"""Across the bank, each of the four positions of a four-option single-choice item holds between these
shares of the keys (25% each by chance)."""
POSITION_MIN_ITEMS = 12
THEME_ITEMS = 5
"""A word in the wrong options of this many items, and in the right options of at most a quarter as many,
teaches "avoid that word"."""
SAME_FACT = 0.6
"""Two items of one quiz whose keys (or prompts) share this share of their content words test one fact."""
TEST_WISE_MARGIN = 12.0
"""A quiz fails when a test-wise guesser (content.guesser) scores more than this many percentage points
above its chance score."""
ECHO_WORDS = 2
"""The key may share at most this many more of the prompt's content words than the closest wrong option."""

RULES: dict[str, str] = {
    "key-longest": f"the right option is noticeably the longest (over {KEY_LONGER}x the mean wrong option)",
    "right-longer": f"right options are longer than wrong ones (over {RIGHT_LONGER}x on average)",
    "key-position": f"keys sit unevenly across positions (each of a-d should hold {POSITION_SHARE[0]:.0%}-"
    f"{POSITION_SHARE[1]:.0%})",
    "right-first": "every right option is listed before every wrong one",
    "tf-wording": "the wording of a true/false statement gives its answer away",
    "absolute-distractor": "a wrong option uses absolute wording that the right one does not",
    "above": '"all/none of the above" lets a learner answer from two options',
    "distractor-theme": f"the same wrong-option theme recurs in {THEME_ITEMS}+ items and rarely in a key",
    "repeated-distractor": "the same wrong option appears in another item",
    "same-fact": "two items of one quiz test the same fact",
    "echo": "the right option repeats the prompt's words that no wrong option shares",
    "test-wise": f"a guesser using only these cues scores over {TEST_WISE_MARGIN:.0f} points above chance on a quiz",
}


@dataclass(frozen=True)
class _Item:
    question: QuestionModel
    ref: SourceRef


def _jaccard(a: Set[str], b: Set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _mean(xs: Iterable[float]) -> float:
    values = list(xs)
    return sum(values) / len(values) if values else 0.0


def _finding(ref: SourceRef, rule: str, detail: str, *sub: object) -> Problem:
    return ref.problem(f"{PREFIX}{detail} [{rule}]", *sub)


def lint(registry: Registry) -> list[Problem]:
    """Every finding for the bank's questions, sorted by file and line."""
    items = [_Item(q, registry.refs[("question", q.id)]) for q in registry.questions.values()]
    out: list[Problem] = []
    for item in items:
        out += _item_findings(item)
    out += _position_findings(items)
    names = {i.name.lower() for i in registry.indicators.values()}
    out += _theme_findings(items, names)
    out += _repeated_findings(items, names)
    out += _same_fact_findings(registry)
    out += _test_wise_findings(registry)
    return sorted(set(out))


LENGTH_RULES = frozenset({"key-longest", "right-longer"})
"""The rules that hold in any language (they measure lengths, not English words): a translation is checked
against them too, as a translated right option often grows longer than the wrong ones."""


def lint_translated(registry: Registry, translated: Registry, language: str) -> list[Problem]:
    """The length findings the translation brings that the English does not have, at the English question's
    line and named with the language (`translated` is `registry` with a language's text in place)."""
    english = {(p.path, p.line, p.message) for p in lint(registry)}
    names = {i.name for i in translated.indicators.values()}
    out = []
    for item in (_Item(q, translated.refs[("question", q.id)]) for q in translated.questions.values()):
        if all(o.text in names for o in item.question.options):
            continue  # the options are the ILO's own indicator names: their lengths are not the translator's to even
        for found in _item_findings(item):
            rule = found.message.rsplit("[", 1)[-1].rstrip("]")
            if rule in LENGTH_RULES and (found.path, found.line, found.message) not in english:
                out.append(
                    Problem(found.path, found.line, found.message.replace(PREFIX, f"{PREFIX}in {language}: ", 1))
                )
    return sorted(set(out))


def _item_findings(item: _Item) -> list[Problem]:
    q, ref = item.question, item.ref
    out: list[Problem] = []
    if isinstance(q, SingleChoice | MultipleResponse):
        for i, option in enumerate(q.options):
            if ABOVE.search(option.text):
                out.append(_finding(ref, "above", f"option '{option.id}' is '{option.text}'", "options", i))
    if isinstance(q, SingleChoice):
        key = next((o for o in q.options if o.id == q.correct), None)
        wrong = [o for o in q.options if o.id != q.correct]
        if key is None or not wrong:
            return out
        mean_wrong = _mean(len(o.text) for o in wrong)
        mean_all = _mean(len(o.text) for o in q.options)
        if (
            mean_all >= SENTENCE_CHARS
            and len(key.text) > KEY_LONGER * mean_wrong
            and all(len(key.text) > len(o.text) for o in wrong)
        ):
            out.append(
                _finding(
                    ref,
                    "key-longest",
                    f"the right option '{key.id}' has {len(key.text)} characters, {len(key.text) / mean_wrong:.2f}x "
                    f"the wrong options' mean of {mean_wrong:.0f}: trim it or make the others as full",
                    "correct",
                )
            )
        if not ABSOLUTE.search(key.text):
            for i, option in enumerate(q.options):
                if option.id != q.correct and (match := ABSOLUTE.search(option.text)):
                    out.append(
                        _finding(
                            ref,
                            "absolute-distractor",
                            f"wrong option '{option.id}' says '{match.group(0)}' and the right one has no such word: "
                            "test-wise learners strike it out",
                            "options",
                            i,
                        )
                    )
        prompt_words = content_words(q.prompt)
        key_echo = len(content_words(key.text) & prompt_words)
        best_wrong = max(len(content_words(o.text) & prompt_words) for o in wrong)
        if key_echo - best_wrong >= ECHO_WORDS:
            shared = sorted(content_words(key.text) & prompt_words)
            out.append(
                _finding(
                    ref,
                    "echo",
                    f"the right option repeats the prompt's words ({', '.join(shared)}) more than any wrong option",
                    "correct",
                )
            )
    elif isinstance(q, MultipleResponse):
        right = [o for o in q.options if o.id in q.correct]
        wrong = [o for o in q.options if o.id not in q.correct]
        if wrong and len(right) >= 2:
            positions = [i for i, o in enumerate(q.options) if o.id in q.correct]
            if positions == list(range(len(right))):
                out.append(
                    _finding(
                        ref,
                        "right-first",
                        f"the {len(right)} right options are the first {len(right)}: mix them with the wrong ones",
                        "options",
                    )
                )
        if wrong and right and _mean(len(o.text) for o in q.options) >= SENTENCE_CHARS:
            ratio = _mean(len(o.text) for o in right) / _mean(len(o.text) for o in wrong)
            if ratio > RIGHT_LONGER:
                out.append(
                    _finding(
                        ref,
                        "right-longer",
                        f"right options average {ratio:.2f}x the length of wrong ones",
                        "options",
                    )
                )
    elif isinstance(q, TrueFalse):
        absolute = ABSOLUTE.search(q.prompt)
        hedge = HEDGE.search(q.prompt)
        if not q.answer and absolute:
            out.append(
                _finding(
                    ref,
                    "tf-wording",
                    f"a false statement that hinges on '{absolute.group(0)}': test-wise learners mark absolute "
                    "statements false. Rewrite as a scenario question",
                    "prompt",
                )
            )
        elif q.answer and hedge:
            out.append(
                _finding(
                    ref,
                    "tf-wording",
                    f"a true statement that hinges on '{hedge.group(0)}': test-wise learners mark hedged "
                    "statements true. Rewrite as a scenario question",
                    "prompt",
                )
            )
    return out


def _position_findings(items: list[_Item]) -> list[Problem]:
    four = [i for i in items if isinstance(i.question, SingleChoice) and len(i.question.options) == 4]
    if len(four) < POSITION_MIN_ITEMS:
        return []
    at: dict[int, list[_Item]] = defaultdict(list)
    for item in four:
        q = item.question
        assert isinstance(q, SingleChoice)
        at[[o.id for o in q.options].index(q.correct)].append(item)
    shares = {p: len(at[p]) / len(four) for p in range(4)}
    low, high = POSITION_SHARE
    counts = ", ".join(f"{'abcd'[p]}={len(at[p])}" for p in range(4))
    out = []
    for p in range(4):
        if shares[p] > high:
            first = min(at[p], key=lambda i: (i.ref.path, i.ref.line()))
            out.append(
                _finding(
                    first.ref,
                    "key-position",
                    f"across the bank's {len(four)} four-option single-choice items the keys sit at {counts}: "
                    f"position {'abcd'[p]} holds {shares[p]:.0%}; move some keys elsewhere",
                    "correct",
                )
            )
        elif shares[p] < low:
            first = min(four, key=lambda i: (i.ref.path, i.ref.line()))
            out.append(
                _finding(
                    first.ref,
                    "key-position",
                    f"across the bank's {len(four)} four-option single-choice items the keys sit at {counts}: "
                    f"position {'abcd'[p]} holds only {shares[p]:.0%}",
                    "correct",
                )
            )
    return out


def _options_by_role(q: QuestionModel) -> tuple[list[str], list[str]] | None:
    if isinstance(q, SingleChoice | MultipleResponse):
        right = set(q.correct_ids())
        return [o.text for o in q.options if o.id in right], [o.text for o in q.options if o.id not in right]
    return None


def _theme_findings(items: list[_Item], exempt: set[str]) -> list[Problem]:
    """Options that name an indicator (`exempt`) are a fixed vocabulary: that an indicator is the wrong
    answer of many classification items teaches nothing about which one is right."""
    in_wrong: dict[str, list[_Item]] = defaultdict(list)
    in_right: Counter[str] = Counter()
    for item in items:
        roles = _options_by_role(item.question)
        if roles is None:
            continue
        right, wrong = roles
        wrong = [t for t in wrong if t.strip().lower() not in exempt]
        in_right.update(set().union(*(content_words(t) for t in right)) if right else set())
        for word in set().union(*(content_words(t) for t in wrong)) if wrong else set():
            in_wrong[word].append(item)
    out = []
    for word, carriers in sorted(in_wrong.items()):
        if len(carriers) >= THEME_ITEMS and 4 * in_right[word] <= len(carriers):
            ids = ", ".join(sorted(i.question.id for i in carriers))
            first = min(carriers, key=lambda i: (i.ref.path, i.ref.line()))
            out.append(
                _finding(
                    first.ref,
                    "distractor-theme",
                    f"'{word}' is in a wrong option of {len(carriers)} items ({ids}) and in a right option of "
                    f"{in_right[word]}: "
                    "learners learn to avoid the word, not the mistake",
                    "options",
                )
            )
    return out


def _repeated_findings(items: list[_Item], exempt: set[str]) -> list[Problem]:
    """Options that name an indicator (`exempt`) are a fixed vocabulary, not a repeated distractor."""
    texts: list[tuple[_Item, str, frozenset[str]]] = []
    for item in sorted(items, key=lambda i: (i.ref.path, i.ref.line())):
        roles = _options_by_role(item.question)
        if roles is None:
            continue
        for text in roles[1]:
            if text.strip().lower() in exempt:
                continue
            words = frozenset(content_words(text))
            if len(words) >= 3:
                texts.append((item, text, words))
    near = _NearSets(Counter(w for _, _, words in texts for w in words))
    out = []
    for item, text, words in texts:
        twin = next(
            (qid for other, qid in near.candidates(words) if qid != item.question.id and _jaccard(words, other) >= 0.8),
            None,
        )
        if twin is not None:
            out.append(
                _finding(
                    item.ref,
                    "repeated-distractor",
                    f"the wrong option '{text}' is also a wrong option of {twin}",
                    "options",
                )
            )
        near.add(words, item.question.id)
    return out


class _NearSets:
    """The word sets seen so far (the first question of each), indexed so that a new set is compared only
    with those that could share 80% of their words, not with every wrong option of the bank.

    Why it misses none: a Jaccard of at least 0.8 (4/5) means the two sets share at least 4/5 of the larger
    one, and two sets that share k words, with their words in one fixed order, have a word in common among
    the first len - k + 1 of each (the prefix filter of set-similarity joins). So each set is listed under
    the words of its prefix, and a new set looks only under the words of its own."""

    def __init__(self, frequency: Counter[str]) -> None:
        self._rank = frequency  # rare words first: short candidate lists
        self._order: list[tuple[frozenset[str], str]] = []
        self._known: set[frozenset[str]] = set()
        self._under: dict[str, list[int]] = defaultdict(list)

    def _prefix(self, words: frozenset[str]) -> list[str]:
        shared = -(-4 * len(words) // 5)  # ceil(0.8 * len): the fewest words a near twin shares
        return sorted(words, key=lambda w: (self._rank[w], w))[: len(words) - shared + 1]

    def candidates(self, words: frozenset[str]) -> list[tuple[frozenset[str], str]]:
        """The earlier sets that may be near twins, in the order they were first seen."""
        found = sorted({n for w in self._prefix(words) for n in self._under.get(w, ())})
        return [self._order[n] for n in found]

    def add(self, words: frozenset[str], qid: str) -> None:
        if words in self._known:
            return  # the first question with these words stays the one named
        self._known.add(words)
        for w in self._prefix(words):
            self._under[w].append(len(self._order))
        self._order.append((words, qid))


def _key_text(q: QuestionModel) -> str:
    roles = _options_by_role(q)
    return " ".join(roles[0]) if roles else ""


def _same_fact_findings(registry: Registry) -> list[Problem]:
    words: dict[str, tuple[set[str], set[str]]] = {}
    """Each question's key words and prompt words, read once: a quiz compares every pair of its questions."""

    def of(qid: str) -> tuple[set[str], set[str]]:
        if qid not in words:
            q = registry.questions[qid]
            words[qid] = (content_words(_key_text(q)), content_words(q.prompt + " " + (q.scenario or "")))
        return words[qid]

    out = []
    for quiz in registry.quizzes.values():
        ids = [qid for qid in quiz.questions if qid in registry.questions]
        for a, b in combinations(ids, 2):
            (key_a, prompt_a), (key_b, prompt_b) = of(a), of(b)
            keys = _jaccard(key_a, key_b)
            prompts = _jaccard(prompt_a, prompt_b)
            if keys >= SAME_FACT or prompts >= SAME_FACT:
                out.append(
                    _finding(
                        registry.refs[("quiz", quiz.id)],
                        "same-fact",
                        f"'{a}' and '{b}' in quiz '{quiz.id}' share {max(keys, prompts):.0%} of their "
                        f"{'keys' if keys >= prompts else 'prompts'}' words: keep one",
                        "questions",
                        quiz.questions.index(b),
                    )
                )
    return out


def rule_counts(findings: list[Problem]) -> Counter[str]:
    """How many findings each rule has (for a summary line)."""
    return Counter(re.sub(r".*\[([a-z-]+)\]$", r"\1", f.message) for f in findings)


def _test_wise_findings(registry: Registry) -> list[Problem]:
    """The rules above, checked together as a learner meets them: per quiz, what a guesser who reads only
    cues scores against what a random guess scores, naming the items the cues answer."""
    out = []
    banks = DrawBanks(registry)
    for quiz in registry.quizzes.values():
        pool = banks.pool_of(quiz)
        cue, chance = cue_score(pool), form_chance(pool)
        if cue is None or chance is None or cue <= chance + TEST_WISE_MARGIN:
            continue
        given = [q.id for q in pool if score_question(q, cue_answer(q)).score >= 0.999]
        out.append(
            _finding(
                registry.refs[("quiz", quiz.id)],
                "test-wise",
                f"a guesser reading only cues scores {cue:.0f}% on quiz '{quiz.id}' (chance {chance:.0f}%): the "
                f"cues answer {', '.join(given)}. Make the right option not the longest in more of them",
                "id",
            )
        )
    return out
