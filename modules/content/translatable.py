"""The course's translatable text, each string under a key built from ids, and a registry with some of
those strings replaced: what a language's translation file gives and how it is applied.

A key names an object by kind and id, then the field path inside it, list items by their id when they
have one and by their place (from 1) when not: `lesson.l1-global-estimates.sections.intro.blocks.2.body`,
`question.q-debt-1.options.b.feedback`, `course.tracks.police.title`. Only fields marked translatable
in the schema (modules.domain.common.Translatable) have keys; ids, answers, tags and numbers never do,
so a translation cannot change what is scored."""

from __future__ import annotations

import hashlib
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from modules.content.crossref import with_catalogue
from modules.content.registry import Registry, SourceRef
from modules.domain.common import Translatable
from modules.domain.question import SpotIndicators

Emit = Callable[[str, str, tuple[Any, ...], int], None]


@dataclass(frozen=True)
class SourceText:
    """One translatable string of the source language, and where it is written."""

    key: str
    text: str
    path: str
    line: int
    limit: int
    """The field's length limit, which its translation must keep to."""

    @property
    def markdown(self) -> bool:
        """A long text (`Text` in the schema), which lessons and questions render as Markdown."""
        return self.limit >= LONG

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def fingerprint(text: str) -> str:
    """What a translation records of the source text it translates: 8 hex digits of its SHA-256, spaces
    and line breaks folded, so re-wrapping a paragraph in YAML does not mark its translations stale."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def _marked(annotation: Any) -> bool:
    """True for an annotation that is, or (in an Optional) holds, a translatable str."""
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(m, Translatable) for m in typing.get_args(annotation)[1:])
    return any(_marked(a) for a in typing.get_args(annotation) if typing.get_origin(annotation) is not list)


def _field_translatable(info: FieldInfo) -> bool:
    return any(isinstance(m, Translatable) for m in info.metadata) or _marked(info.annotation)


def _items_translatable(info: FieldInfo) -> bool:
    """A list of translatable strings (an indicator's signs)."""
    annotation = info.annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is list:
            return any(_marked(a) for a in typing.get_args(candidate))
    return False


def _raw_index(raw: Any, item: Any, position: int) -> tuple[Any, int]:
    """The YAML item an object came from: by id when it has one (items with errors are left out of the
    registry, so places shift), else by place."""
    if isinstance(raw, list):
        oid = getattr(item, "id", None)
        if isinstance(oid, str):
            for i, candidate in enumerate(raw):
                if isinstance(candidate, dict) and candidate.get("id") == oid:
                    return candidate, i
        if position < len(raw):
            return raw[position], position
    return None, position


def _fields(model: BaseModel) -> Iterator[tuple[str, FieldInfo, Any]]:
    """A model's fields that hold something and are part of what was authored (not derived ones)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if not info.exclude and value is not None:
            yield name, info, value


def _walk(model: BaseModel, raw: Any, key: str, at: tuple[Any, ...], emit: Emit) -> None:
    for name, info, value in _fields(model):
        raw_value = raw.get(name) if isinstance(raw, dict) else None
        here = (*at, name)
        if isinstance(value, str):
            if _field_translatable(info):
                emit(f"{key}.{name}", value, here, _max_length(info))
        elif isinstance(value, BaseModel):
            _walk(value, raw_value, f"{key}.{name}", here, emit)
        elif isinstance(value, list):
            strings = _items_translatable(info)
            for position, item in enumerate(value):
                raw_item, index = _raw_index(raw_value, item, position)
                oid = getattr(item, "id", None)
                segment = oid if isinstance(oid, str) else str(position + 1)
                if isinstance(item, BaseModel):
                    _walk(item, raw_item, f"{key}.{name}.{segment}", (*here, index), emit)
                elif isinstance(item, str) and strings:
                    emit(f"{key}.{name}.{segment}", item, (*here, index), LONG)


def _max_length(info: FieldInfo) -> int:
    """The field's own length limit (a translation is held to it too): 300 for `ShortText`, 500 for a
    picture's description, 20,000 for `Text`."""
    limits = [getattr(m, "max_length", None) for m in info.metadata]
    for arg in typing.get_args(info.annotation):
        if typing.get_origin(arg) is typing.Annotated:
            for meta in typing.get_args(arg)[1:]:
                limits.append(getattr(meta, "max_length", None))
                limits.extend(getattr(m, "max_length", None) for m in getattr(meta, "metadata", []))
    found = [limit for limit in limits if isinstance(limit, int)]
    return max(found) if found else LONG


LONG = 20_000
"""`Text`: long enough for Markdown paragraphs (lessons and questions render it as Markdown)."""


def _objects(registry: Registry) -> Iterator[tuple[str, BaseModel, SourceRef | None, tuple[Any, ...]]]:
    """Every object with translatable text: its key prefix, the object, where it was read and the path of
    the object inside its file (for lines)."""
    refs = registry.refs
    if registry.course is not None:
        yield "course", registry.course, refs.get(("course", "")), ()
    for kind, objects in (
        ("indicator", registry.indicators),
        ("lesson", registry.lessons),
        ("question", registry.questions),
        ("quiz", registry.quizzes),
        ("rubric", registry.rubrics),
    ):
        for oid, obj in objects.items():
            yield f"{kind}.{oid}", obj, refs.get((kind, oid)), ()
    glossary_ref = refs.get(("glossary", ""))
    raw_terms = _raw_at(glossary_ref)
    for position, term in enumerate(registry.glossary):
        _raw, index = _raw_index(raw_terms, term, position)
        yield f"glossary.{term.id}", term, glossary_ref, ("glossary", index)
    if registry.country_profile is not None:
        yield "country_profile", registry.country_profile, refs.get(("country_profile", "")), ()


def _raw_at(ref: SourceRef | None, sub: tuple[Any, ...] = ()) -> Any:
    if ref is None:
        return None
    data = ref.doc.data
    for step in (*ref.base, *sub):
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def source_texts(registry: Registry) -> dict[str, SourceText]:
    """Every translatable string of the course, by key, with the file and line it is written at."""
    out: dict[str, SourceText] = {}
    for prefix, obj, ref, sub in _objects(registry):
        raw = _raw_at(ref, sub)

        def emit(
            key: str, text: str, at: tuple[Any, ...], limit: int, ref: SourceRef | None = ref, sub: Any = sub
        ) -> None:
            path, line = (ref.path, ref.line(*sub, *at)) if ref is not None else ("", 1)
            out[key] = SourceText(key, text, path, line, limit)

        _walk(obj, raw, prefix, (), emit)
    return out


def _replaced(model: BaseModel, key: str, texts: Mapping[str, str]) -> BaseModel:
    """The model with each of its translatable strings that `texts` holds replaced (a copy; the source
    registry is never changed). Unchanged parts are shared, not copied."""
    update: dict[str, Any] = {}
    for name, info, value in _fields(model):
        if isinstance(value, str):
            new = texts.get(f"{key}.{name}")
            if new is not None and _field_translatable(info):
                update[name] = new
        elif isinstance(value, BaseModel):
            copied = _replaced(value, f"{key}.{name}", texts)
            if copied is not value:
                update[name] = copied
        elif isinstance(value, list):
            strings = _items_translatable(info)
            items = []
            changed = False
            for position, item in enumerate(value):
                oid = getattr(item, "id", None)
                sub = f"{key}.{name}.{oid if isinstance(oid, str) else position + 1}"
                if isinstance(item, BaseModel):
                    new_item: Any = _replaced(item, sub, texts)
                elif isinstance(item, str) and strings:
                    new_item = texts.get(sub, item)
                else:
                    new_item = item
                changed = changed or new_item is not item
                items.append(new_item)
            if changed:
                update[name] = items
    return model.model_copy(update=update) if update else model


def localized(registry: Registry, texts: Mapping[str, str]) -> Registry:
    """The registry with the given strings (key -> text in the language) in place of the source's; a key
    with no text keeps the source's string. Spot-the-indicator options are rebuilt from the translated
    indicator names. Everything structural is the source's own objects."""
    if not texts:
        return registry

    def each(kind: str, objects: Mapping[str, Any]) -> dict[str, Any]:
        return {oid: _replaced(obj, f"{kind}.{oid}", texts) for oid, obj in objects.items()}

    indicators = each("indicator", registry.indicators)
    questions = each("question", registry.questions)
    for qid, q in questions.items():
        if isinstance(q, SpotIndicators) and q.catalogue_options:  # its options are the indicators' names
            questions[qid] = with_catalogue(q, indicators)
    course = registry.course
    profile = registry.country_profile
    return replace(
        registry,
        course=_replaced(course, "course", texts) if course is not None else None,  # type: ignore[arg-type]
        indicators=indicators,
        lessons=each("lesson", registry.lessons),
        questions=questions,
        quizzes=each("quiz", registry.quizzes),
        rubrics=each("rubric", registry.rubrics),
        glossary=tuple(_replaced(t, f"glossary.{t.id}", texts) for t in registry.glossary),  # type: ignore[misc]
        country_profile=_replaced(profile, "country_profile", texts) if profile else None,  # type: ignore[arg-type]
    )
