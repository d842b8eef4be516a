"""Turn pydantic validation errors into author-friendly located problems.

An author reads "section 2 ('s-more'), block 3 (image), src: a file name may use only letters (A-Z, a-z),
digits and - _ . /, with no spaces or other characters: rename the file (got 'images/my diagram.svg')"
rather than the library's `sections[1].blocks[2].src: String should match pattern '^[A-Za-z0-9_./-]+$'`:
places are numbered from 1 and named by their id, the library's sentences are put in plain words, and an
unknown key or kind comes with the nearest valid one ("did you mean 'caption'?")."""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from modules.content.problems import Problem
from modules.content.yaml_source import PathKey, YamlDocument
from modules.domain.country_profile import EMAIL_PATTERN

_ITEM_NAMES = {
    "sections": "section",
    "blocks": "block",
    "objectives": "objective",
    "options": "option",
    "pairs": "pair",
    "sources": "source",
    "tracks": "track",
    "modules": "module",
    "lessons": "lesson",
    "questions": "question",
    "quizzes": "quiz",
    "indicators": "indicator",
    "draw": "draw rule",
    "any_indicators": "indicator",
    "any_objectives": "objective",
    "feedback": "feedback entry",
    "present": "indicator",
    "correct": "correct answer",
    "types": "type",
    "signs": "sign",
    "questions_to_ask": "question to ask",
    "evidence_to_record": "item of evidence_to_record",
    "glossary": "term",
    "aliases": "alias",
    "offences": "offence",
    "contacts": "contact",
}
"""How an author calls one item of a list: `sections[1]` is "section 2"."""

IMAGE_SRC_PATTERN = "^[A-Za-z0-9_./-]+$"


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' when a known name is close to `value`, else ''."""
    if not isinstance(value, str) or not known:
        return ""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# -- walking the schema alongside an error's location ------------------------------------------------------


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _union_members(tp: Any) -> list[Any] | None:
    if get_origin(tp) in (Union, types.UnionType):
        return [_unwrap(a) for a in get_args(tp) if a is not type(None)]
    return None


def _tag_values(model: Any) -> dict[str, str]:
    """{'kind': 'chart'} for a member of a union told apart by a literal `kind` or `type` key."""
    out = {}
    for key in ("kind", "type"):
        field = model.model_fields.get(key) if _is_model(model) else None
        if field is not None and get_origin(_unwrap(field.annotation)) is Literal:
            values = get_args(_unwrap(field.annotation))
            if len(values) == 1:
                out[key] = str(values[0])
    return out


def _tagged_member(members: list[Any], step: Any) -> Any:
    return next((m for m in members if step in _tag_values(m).values()), None)


def _single(members: list[Any]) -> Any:
    """`X | None` is X; a union of several types has no single type."""
    return members[0] if len(members) == 1 else None


def _clean_loc(loc: tuple[Any, ...], root: Any) -> tuple[Any, ...]:
    """Drop the steps pydantic adds that are not in the YAML: the tag of a union member, such as the
    `chart` in `blocks.3.chart.caption`.

    The schema is walked alongside the location, so a block of kind `chart`, which also has a key `chart`,
    keeps its real unknown key (the old guess from the data named `chart` instead)."""
    tp: Any = _unwrap(root)
    clean: list[Any] = []
    for step in loc:
        if step == "[key]":
            continue
        members = _union_members(tp)
        if members is not None:
            tagged = _tagged_member(members, step)
            if tagged is not None:
                tp = tagged
                continue
            tp = _single(members)
        if isinstance(step, int):
            tp = _unwrap(get_args(tp)[0]) if get_origin(tp) is list and get_args(tp) else None
        elif _is_model(tp) and step in tp.model_fields:
            tp = _unwrap(tp.model_fields[step].annotation)
        else:
            tp = None
        clean.append(step)
    return tuple(clean)


def _model_at(root: Any, loc: tuple[Any, ...], data: Any) -> Any:
    """The model class at a clean location (unions resolved by the item's own `kind` or `type`)."""
    tp: Any = _unwrap(root)
    for step in (*loc, None):
        members = _union_members(tp)
        if members is not None:
            tag = {k: data.get(k) for k in ("kind", "type")} if isinstance(data, dict) else {}
            match = [m for m in members if any(tag.get(k) == v for k, v in _tag_values(m).items())]
            tp = match[0] if match else _single(members)
        if step is None:
            break
        if isinstance(step, int):
            tp = _unwrap(get_args(tp)[0]) if get_origin(tp) is list and get_args(tp) else None
        elif _is_model(tp) and step in tp.model_fields:
            tp = _unwrap(tp.model_fields[step].annotation)
        else:
            return None
        data = _lookup(data, (step,))
    return tp if _is_model(tp) else None


def _lookup(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# -- naming a place ---------------------------------------------------------------------------------------


def human_place(loc: tuple[Any, ...], data: Any, kinds: bool = True) -> list[str]:
    """`('sections', 1, 'blocks', 2, 'src')` as ["section 2 ('s-more')", "block 3 (image)", "src"]
    (without the kind in brackets when `kinds` is false: when the kind is what is wrong)."""
    parts: list[str] = []
    node = data
    for i, step in enumerate(loc):
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        child = _lookup(node, (step,))
        if isinstance(step, int):
            node = child
            continue
        if isinstance(nxt, int):
            item = _lookup(child, (nxt,))
            label = f"{_ITEM_NAMES.get(step, f'item of {step}')} {nxt + 1}"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" ('{item['id']}')"
            elif kinds and isinstance(item, dict) and isinstance(item.get("kind"), str):
                label += f" ({item['kind']})"
            parts.append(label)
        else:
            parts.append(str(step))
        node = child
    return parts


def _in(parts: list[str]) -> str:
    return f" in {', '.join(parts)}" if parts else ""


# -- plain words for the library's messages ----------------------------------------------------------------


def _got(value: Any) -> str:
    if isinstance(value, str):
        short = value if len(value) <= 60 else value[:57] + "..."
        return f" (got '{short}')"
    if isinstance(value, bool | int | float):
        return f" (got {value})"
    return ""


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "keys and values"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the text '{value}'" if isinstance(value, str) else f"the value {value}"


def _keys_of(model: Any) -> str:
    if not _is_model(model):
        return ""
    required = [name for name, f in model.model_fields.items() if f.is_required()]
    return f" ({', '.join(k + ':' for k in required)})" if required else ""


def plain(err: Mapping[str, Any], model: Any = None) -> str:
    """The library's sentence for one error, in words an author can act on."""
    kind = str(err.get("type", ""))
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    if value is None and kind.endswith("_type") and kind != "model_type":
        return "has no value: write it after the colon"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == IMAGE_SRC_PATTERN:
        return (
            "a file name may use only letters (A-Z, a-z), digits and - _ . /, with no spaces or other "
            f"characters: rename the file{_got(value)}"
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == EMAIL_PATTERN:
        return f"must be an e-mail address such as name@example.org{_got(value)}"
    if kind == "string_pattern_mismatch":
        return f"has characters that are not allowed here{_got(value)}"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "is empty: give a text" if least == 1 else f"is too short: at least {least} characters{_got(value)}"
    if kind == "string_too_long":
        length = f" (this one has {len(value)})" if isinstance(value, str) else ""
        return f"is too long: at most {ctx.get('max_length')} characters{length}"
    if kind == "string_type":
        return f"must be a text, not {_shape(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number such as 10{_got(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false{_got(value)}"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {ctx.get(key)}{_got(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        allowed = re.findall(r"'([^']*)'", expected)
        return f"must be one of {expected}{_got(value)}{did_you_mean(value, allowed)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s) (it has {ctx.get('actual_length')})"
    if kind == "too_long":
        return f"has too many items: at most {ctx.get('max_length')} (it has {ctx.get('actual_length')})"
    if kind == "list_type":
        return f"must be a list: one '- item' per line, or [a, b]; here it is {_shape(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be keys and values{_keys_of(model)}, not {_shape(value)}"
    if kind.startswith("url_"):
        return f"must be a web address that starts with https:// or http://{_got(value)}"
    return str(err.get("msg", "invalid value")).removeprefix("Value error, ")


def _discriminator(err: Mapping[str, Any]) -> str:
    return str((err.get("ctx") or {}).get("discriminator", "kind")).strip("'")


def _message(err: Mapping[str, Any], loc: tuple[Any, ...], root: Any, data: Any) -> str:
    kind = err.get("type", "")
    parts = human_place(loc, data, kinds=kind not in ("union_tag_invalid", "union_tag_not_found"))
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1], data)
        allowed = list(model.model_fields) if model is not None else []
        hint = did_you_mean(loc[-1], allowed)
        if not hint and allowed:
            hint = f"; the keys here are {', '.join(allowed)}"
        return f"unknown key '{loc[-1]}'{_in(parts[:-1])}{hint}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'{_in(parts[:-1])}"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        hint = did_you_mean(ctx.get("tag"), allowed)
        where = f"{', '.join(parts)}: " if parts else ""
        expected = f"expected one of {ctx.get('expected_tags')}"
        told = f"{hint.replace(';', ':', 1)} ({expected})" if hint else f"; {expected}"
        return f"{where}unknown {_discriminator(err)} {ctx.get('tag')!r}{told}"
    if kind == "union_tag_not_found":
        return f"missing required key '{_discriminator(err)}'{_in(parts)}"
    model = _model_at(root, loc, data)
    text = plain(err, model)
    return f"{', '.join(parts)}: {text}" if parts else text


def problems_from(exc: ValidationError, doc: YamlDocument, root: Any, base: PathKey = ()) -> list[Problem]:
    """One located problem per error; `root` is the type validated (a model class or an annotated union),
    used to name the valid keys and to tell a union's tag from a key of the same name."""
    data = _lookup(doc.data, base)
    errors = [(err, _clean_loc(tuple(err["loc"]), root)) for err in exc.errors()]
    misspelt = _misspelt_keys(errors, root, data)
    out = []
    for err, loc in errors:
        if err.get("type") == "missing" and loc in misspelt:
            continue  # "unknown key 'minuts'; did you mean 'minutes'?" says it: not also "missing 'minutes'"
        at = (*loc, _discriminator(err)) if err.get("type") == "union_tag_invalid" else loc
        out.append(Problem(doc.path, doc.line_of((*base, *at)), _message(err, loc, root, data)))
    return out


def _misspelt_keys(
    errors: Sequence[tuple[Mapping[str, Any], tuple[Any, ...]]], root: Any, data: Any
) -> set[tuple[Any, ...]]:
    """Locations of required keys that are missing only because an unknown key next to them is their typo."""
    out = set()
    for err, loc in errors:
        if err.get("type") == "extra_forbidden" and loc:
            model = _model_at(root, loc[:-1], data)
            close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields) if model else [], n=1, cutoff=0.6)
            if close:
                out.add((*loc[:-1], close[0]))
    return out
