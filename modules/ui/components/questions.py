"""Question widgets and reviews. Widgets show prompts and option texts only: correct answers and
feedback are computed on the server after submission and never sent to the browser before."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from modules.content.registry import Registry
from modules.domain.question import Matching, MultipleResponse, QuestionModel, SpotIndicators
from modules.i18n import format_percent
from modules.i18n import gettext as _
from modules.scoring.draw import option_order
from modules.scoring.questions import Answer, QuestionResult
from modules.ui.components import aria


def _type_hint(kind: str) -> str:
    """How to answer a question of this type, in the language of this run (under its prompt)."""
    if kind == "true_false":
        # TRANSLATORS: how to answer a question, shown under its prompt (one such hint per type of question).
        return _("True or false?")
    if kind == "multiple_response":
        return _("Choose all that apply. Wrong picks cancel right ones.")
    if kind == "spot_indicators":
        return _("Pick every indicator of forced labour present in the scenario. Wrong picks cancel right ones.")
    if kind == "matching":
        return _("Match each item on the left with one on the right.")
    if kind == "single_choice":
        return _("Choose one answer.")
    raise KeyError(kind)


def question_prompt(question: QuestionModel, number: int | None = None, show_scenario: bool = True) -> None:
    if show_scenario and question.scenario:
        with st.container(border=True):
            st.markdown(question.scenario)
    label = f"**{number}.** " if number is not None else ""
    st.markdown(f"{label}{question.prompt}")
    st.caption(_type_hint(question.type))


def _widget_keys(question: QuestionModel, key: str, order: list[str]) -> dict[str, str]:
    """Session-state key of each input of a question (pair id, option id, or "" for a radio)."""
    if isinstance(question, Matching):
        return {p.id: f"{key}:m:{p.id}" for p in question.pairs}
    if isinstance(question, MultipleResponse | SpotIndicators):
        return {oid: f"{key}:c:{oid}" for oid in order}
    return {"": f"{key}:r"}


def seed_answer(question: QuestionModel, key: str, answer: Answer) -> None:
    """Put a saved answer into the inputs' session state (only where the tab has none yet), so
    the inputs drawn next show it: after a refresh, on another device, after a reconnect."""
    order = [o.id for o in question.options]
    keys = _widget_keys(question, key, order)
    if any(k in st.session_state for k in keys.values()):
        return
    if isinstance(question, Matching):
        for i, pair in enumerate(question.pairs):
            chosen = answer[i] if i < len(answer) else ""
            st.session_state[keys[pair.id]] = chosen or None
    elif isinstance(question, MultipleResponse | SpotIndicators):
        for oid, k in keys.items():
            st.session_state[k] = oid in answer
    else:
        st.session_state[keys[""]] = answer[0] if answer else None


def current_answer(question: QuestionModel, key: str) -> Answer:
    """The answer the inputs hold now, read from session state (in an on_change callback)."""
    order = [o.id for o in question.options]
    keys = _widget_keys(question, key, order)
    if isinstance(question, Matching):
        return [st.session_state.get(keys[p.id]) or "" for p in question.pairs]
    if isinstance(question, MultipleResponse | SpotIndicators):
        return [oid for oid, k in keys.items() if st.session_state.get(k)]
    chosen = st.session_state.get(keys[""])
    return [chosen] if chosen else []


def answer_widgets(
    question: QuestionModel,
    key: str,
    seed: int,
    shuffle: bool,
    previous: Answer | None = None,
    disabled: bool = False,
    on_change: Callable[..., None] | None = None,
    args: tuple[object, ...] = (),
    number: int | None = None,
) -> Answer:
    """Draw the input for one question and return the current answer as option ids. Inputs hold
    option ids (shown through their text), so two options with the same words stay distinct. A
    radio group is named by its question (its label is hidden: the prompt is drawn above it), so a
    screen reader tells eight groups on one quiz apart (WCAG 1.3.1)."""
    order = option_order(question, seed, shuffle)
    by_id = {o.id: o for o in question.options}
    previous = previous or []
    keys = _widget_keys(question, key, order)
    if isinstance(question, Matching):
        answer: Answer = []
        for i, pair in enumerate(question.pairs):
            prev = previous[i] if i < len(previous) else ""
            choice = st.selectbox(
                pair.left,
                order,
                index=order.index(prev) if prev in order else None,
                format_func=lambda oid: by_id[oid].text,
                key=keys[pair.id],
                # TRANSLATORS: in a matching question's empty drop-down, before the learner picks a match.
                placeholder=_("Choose…"),
                disabled=disabled,
                on_change=on_change,
                args=args,
            )
            answer.append(choice or "")
        return answer
    if isinstance(question, MultipleResponse | SpotIndicators):
        if isinstance(question, SpotIndicators):
            order = [o.id for o in question.options]  # catalogue order: the learner knows it
        picked: Answer = []
        box = aria.group_key(key)
        aria.name_group(box, f"{number}. {question.prompt}" if number is not None else question.prompt)
        with st.container(key=box):  # one group of checkboxes, named by its question
            for oid in order:
                if st.checkbox(
                    by_id[oid].text,
                    value=oid in previous,
                    key=keys[oid],
                    disabled=disabled,
                    on_change=on_change,
                    args=args,
                ):
                    picked.append(oid)
        return picked
    if question.type == "true_false":
        order = [o.id for o in question.options]  # always True, then False
    choice = st.radio(
        f"{number}. {question.prompt}" if number is not None else question.prompt,  # the group's name
        order,
        index=order.index(previous[0]) if previous and previous[0] in order else None,
        format_func=lambda oid: by_id[oid].text,
        key=keys[""],
        label_visibility="collapsed",
        disabled=disabled,
        on_change=on_change,
        args=args,
    )
    return [choice] if choice is not None else []


def review(result: QuestionResult, question: QuestionModel, show_answers: bool) -> None:
    """After submission: the learner's answer, and (if the review policy allows) the right one,
    per-option feedback and the explanation. The verdict is one element and the details another (a
    lesson's check redraws them on each answer: fewer elements, a lighter rerun)."""
    if show_answers:
        # An alert box (role=alert), so a screen reader announces the verdict as it appears (WCAG 4.1.3).
        percent = format_percent(round(result.score * 100) / 100)
        # TRANSLATORS: after the verdict; {percent} is a share of the question's marks, such as "50%".
        marks = _("{percent} of the marks", percent=percent)
        if result.correct:
            # TRANSLATORS: the verdicts on an answer (in bold), before its share of the marks.
            st.success(_bold(_("Correct")) + f" — {marks}", icon=":material/check_circle:")
        elif result.score > 0:
            st.warning(_bold(_("Partly correct")) + f" — {marks}", icon=":material/rule:")
        else:
            st.error(_bold(_("Not correct")) + f" — {marks}", icon=":material/cancel:")
    if isinstance(question, Matching):
        lines = _review_matching(question, result, show_answers)
    elif not show_answers:
        # TRANSLATORS: {choice} is the text of an option the learner picked.
        lines = ["- " + _("You chose: {choice}", choice=_bold(opt.text)) for opt in result.options if opt.selected]
    else:
        lines = []
        for opt in result.options:
            if opt.selected or opt.correct or opt.acceptable:
                tags = (
                    # TRANSLATORS: labels in brackets after an option's text, joined by commas.
                    ([_("your choice")] if opt.selected else [])
                    + ([_("right answer")] if opt.correct else [])
                    + ([_("defensible, not required: no marks either way")] if opt.acceptable else [])
                )
                lines.append(f"- **{opt.text}** ({', '.join(tags)}): {opt.feedback}")
    if show_answers:
        # TRANSLATORS: in bold, before the explanation of the right answer.
        why = _("Why:")
        lines.append(f"\n**{why}** {result.explanation}")
    if lines:
        st.markdown("\n".join(lines))


def _bold(text: str) -> str:
    return f"**{text}**"


def _review_matching(question: Matching, result: QuestionResult, show_answers: bool) -> list[str]:
    rights = {p.id: p.right for p in question.pairs}
    lines = []
    for i, pair in enumerate(question.pairs):
        chosen = rights.get(result.answer[i] if i < len(result.answer) else "", "")
        # TRANSLATORS: what a matching question's learner paired with nothing.
        match = "*" + (chosen or _("none")) + "*"
        # TRANSLATORS: {item} is a left-hand item of a matching question; {match}, what the learner paired with it.
        line = "- " + _("{item} → your match: {match}", item=pair.left, match=match)
        if show_answers:
            # TRANSLATORS: "right" or "wrong": whether the learner's match is the correct one.
            mark = ":material/check: " + _("right") if chosen == pair.right else ":material/close: " + _("wrong")
            # TRANSLATORS: {answer} is the correct match.
            right = _("right: {answer}", answer="*" + pair.right + "*")
            line += f" {mark} ({right}). {pair.feedback}"
        lines.append(line)
    return lines


def source_line(question: QuestionModel) -> None:
    link = f"[{question.source.title}]({question.source.url})"
    # TRANSLATORS: {link} is the title of the source document, linked to it.
    st.caption(_("Source: {link}", link=link))


def indicator_names(registry: Registry, ids: list[str]) -> str:
    return ", ".join(registry.indicators[i].name for i in ids if i in registry.indicators)
