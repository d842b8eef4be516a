"""The item-writing rules (`python -m modules lint`): each rule flags a cue-giving question and lets a
well-written one through; the shipped bank is clean; every rule is documented in the authoring guide."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from modules.content.item_lint import RULES, lint
from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.paths import PROJECT_ROOT
from tests.conftest import FIXTURES

SOURCE = {"title": "ILO Indicators of Forced Labour", "url": "https://www.ilo.org/"}


def _single(qid: str, options: list[str], key: int, prompt: str = "What do you do next?") -> dict:
    return {
        "id": qid,
        "type": "single_choice",
        "prompt": prompt,
        "options": [{"id": "abcdefgh"[i], "text": t, "feedback": "Because."} for i, t in enumerate(options)],
        "correct": "abcdefgh"[key],
        "explanation": "Why.",
        "source": dict(SOURCE),
    }


def _registry(tmp_path: Path, questions: list[dict], quizzes: list[dict] | None = None) -> Registry:
    root = tmp_path / "set"
    shutil.copytree(FIXTURES / "valid", root)
    data: dict = {"questions": questions}
    if quizzes:
        data["quizzes"] = quizzes
    text = yaml.safe_dump(copy.deepcopy(data), sort_keys=False)  # shared dicts would become YAML aliases
    (root / "quizzes" / "extra.yaml").write_text(text, encoding="utf-8")
    registry = load_registry([root / "content", root / "quizzes"])
    assert registry.problems == (), registry.problems
    return registry


def _rules_for(registry: Registry, qid: str) -> set[str]:
    """Rules flagged on the lines of one question (findings carry `[rule]` at the end)."""
    ref = registry.refs[("question", qid)]
    start = ref.line()
    ends = sorted(r.line() for (kind, _), r in registry.refs.items() if kind == "question" and r.path == ref.path)
    end = next((line for line in ends if line > start), 10**9)
    return {
        p.message.rsplit("[", 1)[1].rstrip("]") for p in lint(registry) if p.path == ref.path and start <= p.line < end
    }


GOOD_ACTIONS = [
    "Give the employer fourteen days to hand the passports back to the crew",
    "Ask the workers to sign a statement about their pay before you leave",
    "Secure the evidence quietly and call the specialised anti-trafficking unit",
    "Order the unpaid overtime paid within a week and close the inspection",
]


def test_a_key_far_longer_than_the_rest_is_flagged_and_a_balanced_item_is_not(tmp_path: Path) -> None:
    long_key = _single(
        "q-long",
        [
            "Fine the employer",
            "Check their permits",
            "Treat the workers as possible victims, secure the evidence, keep them safe and refer the case",
            "Close the file",
        ],
        2,
    )
    balanced = _single("q-balanced", GOOD_ACTIONS, 2)
    reg = _registry(tmp_path, [long_key, balanced])
    assert "key-longest" in _rules_for(reg, "q-long")
    assert _rules_for(reg, "q-balanced") == set()


def test_right_options_listed_first_are_flagged(tmp_path: Path) -> None:
    def multi(qid: str, order: list[tuple[str, bool]]) -> dict:
        return {
            "id": qid,
            "type": "multiple_response",
            "prompt": "Which records help you check real working hours?",
            "options": [{"id": f"o{i}", "text": t, "feedback": "Because."} for i, (t, _) in enumerate(order)],
            "correct": [f"o{i}" for i, (_, right) in enumerate(order) if right],
            "explanation": "Why.",
            "source": dict(SOURCE),
        }

    items = [
        ("Gate entry logs from the security firm", True),
        ("Bus company records of the crew's transport", True),
        ("The employer's printed shift roster", False),
        ("A summary prepared by the site supervisor", False),
    ]
    reg = _registry(tmp_path, [multi("q-first", items), multi("q-mixed", [items[0], items[2], items[1], items[3]])])
    assert "right-first" in _rules_for(reg, "q-first")
    assert "right-first" not in _rules_for(reg, "q-mixed")


@pytest.mark.parametrize(
    ("prompt", "answer", "flagged"),
    [
        ("One indicator alone always proves forced labour.", False, True),  # absolute wording, false
        ("Debt can be part of the debt bondage indicator.", True, True),  # hedge, true
        ("A worker who overstays a visa has no right to unpaid wages.", False, False),  # no cue word
    ],
)
def test_true_false_wording_cues(tmp_path: Path, prompt: str, answer: bool, flagged: bool) -> None:
    item = {
        "id": "q-tf-cue",
        "type": "true_false",
        "prompt": prompt,
        "answer": answer,
        "feedback_if_true": "Because.",
        "feedback_if_false": "Because.",
        "explanation": "Why.",
        "source": dict(SOURCE),
    }
    assert ("tf-wording" in _rules_for(_registry(tmp_path, [item]), "q-tf-cue")) is flagged


def test_absolute_wrong_options_and_all_of_the_above_are_flagged(tmp_path: Path) -> None:
    absolute = _single(
        "q-abs",
        [
            "Forced labour exists only in countries that have no law",
            "Profits are high and the risk of punishment is low",
            "Recruitment fees are banned in every region of the world",
            "Migrants are paid more than nationals in most sectors",
        ],
        1,
        prompt="Why does forced labour persist?",
    )
    above = _single("q-above", ["Deception", "Debt bondage", "Isolation", "All of the above"], 3)
    reg = _registry(tmp_path, [absolute, above])
    assert "absolute-distractor" in _rules_for(reg, "q-abs")
    assert "above" in _rules_for(reg, "q-above")


def test_a_wrong_option_theme_that_recurs_and_is_never_right_is_flagged(tmp_path: Path) -> None:
    items = [
        _single(
            f"q-theme-{n}",
            [
                f"Call the zebra unit to check everyone at site {n}",
                f"Give the employer {n + 10} days to return the passports",
                f"Secure the evidence at site {n} and refer the workers",
                f"Order back pay for site {n} and close the inspection",
            ],
            2,
        )
        for n in range(5)
    ]
    reg = _registry(tmp_path, items)
    found = [p for p in lint(reg) if p.message.endswith("[distractor-theme]")]
    assert any("'zebra'" in p.message for p in found)


def test_two_items_of_one_quiz_with_the_same_key_are_flagged(tmp_path: Path) -> None:
    first = _single("q-fact-1", GOOD_ACTIONS, 2)
    second = _single("q-fact-2", [*GOOD_ACTIONS[:2], GOOD_ACTIONS[2], "Wait for the workers to complain again"], 2)
    quiz = {"id": "quiz-facts", "title": "Facts", "pass_mark": 50, "questions": ["q-fact-1", "q-fact-2"]}
    reg = _registry(tmp_path, [first, second], [quiz])
    found = [p for p in lint(reg) if p.message.endswith("[same-fact]")]
    assert found and "'q-fact-1' and 'q-fact-2'" in found[0].message


def test_a_key_echoing_the_prompt_is_flagged(tmp_path: Path) -> None:
    echo = _single(
        "q-echo",
        [
            "Recruitment debts deducted from wages",
            "Unpaid seasonal bonuses",
            "Night shifts without a break",
            "Shared dormitory rooms",
        ],
        0,
        prompt="Workers repay recruitment debts through deductions from wages. Which is the concern?",
    )
    assert "echo" in _rules_for(_registry(tmp_path, [echo]), "q-echo")


def test_the_shipped_bank_follows_every_rule() -> None:
    registry = load_registry()
    assert registry.problems == ()
    assert [str(p) for p in lint(registry)] == []


def test_lint_prints_path_line_and_rule_and_fails(tmp_path: Path) -> None:
    _registry(tmp_path, [_single("q-above", ["Deception", "Debt bondage", "Isolation", "None of the above"], 3)])
    root = tmp_path / "set"
    out = subprocess.run(
        [sys.executable, "-m", "modules", "lint", str(root / "content"), str(root / "quizzes")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert out.returncode == 1
    assert any(line.endswith("[above]") and "/quizzes/extra.yaml:" in line for line in out.stdout.splitlines())
    assert "finding(s)" in out.stderr


def test_every_rule_is_documented_with_its_threshold() -> None:
    guide = (PROJECT_ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Writing questions that measure learning") :]
    for rule in RULES:
        assert f"`{rule}`" in section, rule
    for threshold in ("1.25", "1.4", "12%–38%", "5+", "60%"):
        assert threshold in section, threshold
