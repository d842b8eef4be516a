"""The field reference for authors (docs/reference.md), generated from the content schema so it can
never say something other than what `validate` accepts.

Every object an author writes is a pydantic model in modules/domain/. The reference starts from the
file kinds in FILES and follows every field into the objects it holds, so a model added inside an
existing one (a new block kind, a new key of course.yaml) appears by itself. Any other `Model` subclass
defined in modules/domain/ that no file reaches yet (a new kind of file, say) is listed
under "Other objects", so nothing is ever left out; give it a place of its own by adding its file to
FILES. What a table says comes from the schema:

- Required or optional, and the default: from the field (`Field(default=...)`).
- The value: from the type (`Literal` choices, lists, nested objects, ids) and its limits
  (`min_length`, `max_length`, `ge`, `le`, `pattern`; a pattern is explained by PATTERN_WORDS).
- What it is: the field's `description=`; an object's introduction: its class docstring.

`python -m modules reference --out docs/reference.md` (or `make reference`) rewrites the file, and
tests/content/test_reference.py fails while the file differs from what this module generates.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import AfterValidator, BaseModel, HttpUrl
from pydantic.fields import FieldInfo

import modules.domain
from modules.domain.common import Id, Model
from modules.domain.country_profile import EMAIL_PATTERN, CountryProfileFile
from modules.domain.course import CourseFile
from modules.domain.glossary import GlossaryFile
from modules.domain.indicator import IndicatorCatalogue
from modules.domain.lesson import Lesson
from modules.domain.quiz import QuizFile
from modules.domain.rubric import RubricFile


@dataclass(frozen=True)
class FileKind:
    """Where authors write one kind of object, and the model that reads it."""

    where: str
    key: str
    """The top-level key that marks the file's kind, or '' when the whole file is the object."""
    model: type[BaseModel]
    about: str


FILES: tuple[FileKind, ...] = (
    FileKind(
        "content/course.yaml",
        "course",
        CourseFile,
        "The course outline: tracks, modules and the order of lessons. One file per content set.",
    ),
    FileKind(
        "content/indicators.yaml",
        "indicators",
        IndicatorCatalogue,
        "The catalogue of ILO indicators of forced labour, referred to by id everywhere else.",
    ),
    FileKind(
        "content/lessons/<id>.yaml",
        "",
        Lesson,
        "One lesson a file: the whole file is the lesson (it is recognised by its `sections` key).",
    ),
    FileKind(
        "quizzes/*.yaml",
        "questions, quizzes",
        QuizFile,
        "Questions for the bank and quizzes, in as many files as you like.",
    ),
    FileKind(
        "content/rubrics.yaml",
        "rubrics",
        RubricFile,
        "Optional: observation checklists for role plays, which facilitators score per learner on the cohort "
        "page (Observed skills).",
    ),
    FileKind(
        "content/glossary.yaml",
        "glossary",
        GlossaryFile,
        "Optional: the terms learners meet, explained in plain words. Lessons link the first appearance of "
        "each term to the Glossary page.",
    ),
    FileKind(
        "content/country-profile.yaml",
        "country_profile",
        CountryProfileFile,
        "Optional: the country's offences, mandates and contacts, shown by `national_law` and `contact_card` "
        "blocks. A country team adapts the course here instead of editing lessons.",
    ),
)
"""File kinds in the order an author meets them (the optional ones last). Register a new kind of file
here to give it its own section."""

PATTERN_WORDS: dict[str, str] = {
    r"^[A-Za-z0-9_./-]+$": "only letters A-Z and a-z, digits and `_` `.` `/` `-` (no spaces, no accents)",
    r"^[A-Za-z0-9_.-]+\.csv$": (
        "a file name ending in `.csv`, with only letters A-Z and a-z, digits and `_` `.` `-` "
        "(no spaces, no accents, no folder)"
    ),
    EMAIL_PATTERN: "an e-mail address such as `name@example.org`",
    r"^[A-Za-z0-9_./-]+\.(png|jpg|jpeg|svg)$": (
        "a path in the content folder ending in `.png`, `.jpg`, `.jpeg` or `.svg`, with only letters A-Z and "
        "a-z, digits and `_` `.` `/` `-`"
    ),
    r"^#[0-9A-Fa-f]{6}$": "a colour as `#` and six hexadecimal digits, such as `#0B5394`",
}
"""Plain words for every `pattern=` in the schema (tests/content/test_reference.py checks each one has some)."""

HEADER = """\
# Field reference

<!-- Generated from the content schema (modules/domain/) by `python -m modules reference`.
     Do not edit by hand: run `make reference` after changing the schema. -->

Every key you can write in the course's YAML files, object by object: whether you must write it,
what it is when you leave it out, what you may write and the limits. A key that is not in these
tables is an error, so a misspelt key is caught by `validate` instead of being silently ignored.
How to follow the steps of authoring is in the [authoring guide](authoring.md).

**Required** keys must be written. **Optional** keys may be left out; the app then uses the default.

## Kinds of value

- **id**: lower-case letters `a-z`, digits, `-` and `_`; it starts with a letter or a digit and has
  at most 80 characters, for example `l2-national-law`. Learners' progress and results are kept under
  ids: never change one that learners have used.
- **text**: any text; spaces at its start and end are dropped, and it may not be empty. Where a key
  says "in Markdown", you can use paragraphs (a blank line), lists (`- item`), `**bold**`, `*italics*`
  and links; HTML is shown as text, never run, and images go in an image block, never in text.
- **web address**: starts with `http://` or `https://`.
- **whole number**: digits only, such as `10`.
- **`true` or `false`**: write one of these two words.
- **list**: `[a, b]` on one line, or one `- item` per line.
- **object**: keys indented under the key that holds it, or `{key: value, key: value}` on one line.
"""

_NONE = type(None)
_ID_CHECK = next(m.func for m in get_args(Id)[1:] if isinstance(m, AfterValidator))
"""The validator that makes a text an id (see `Id` in modules/domain/common.py)."""


def generate(models: list[type[BaseModel]] | None = None) -> str:
    """The whole reference as Markdown, ending with a newline."""
    return build(models)[0]


def build(models: list[type[BaseModel]] | None = None) -> tuple[str, list[type[BaseModel]]]:
    """The reference and the models it documents, in order. `models` (default: every model of
    modules/domain/) are those that must appear: any no file of FILES reaches goes under "Other objects"."""
    walker = _Walker()
    out = [HEADER, "## Files\n", _files_table()]
    for kind in FILES:
        walker.queue(kind.model, _humanise(kind.model.__name__))
        sections = walker.drain()
        out.append(f"## {kind.where}\n\n{kind.about}\n")
        out.extend(sections)
    others = [m for m in (domain_models() if models is None else models) if m not in walker.done]
    if others:
        out.append(
            "## Other objects\n\nDefined in the schema but not read from any file listed above yet "
            "(add its file to `FILES` in modules/content/reference.py).\n"
        )
        for model in others:
            walker.queue(model, _humanise(model.__name__))
        out.extend(walker.drain())
    return "\n".join(part.rstrip("\n") + "\n" for part in out), list(walker.order)


def domain_models() -> list[type[BaseModel]]:
    """Every public `Model` subclass defined in modules/domain/, by module then name."""
    for info in pkgutil.iter_modules(modules.domain.__path__):
        importlib.import_module(f"modules.domain.{info.name}")
    found: list[type[BaseModel]] = []
    stack: list[type[BaseModel]] = [Model]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("modules.domain.") and not sub.__name__.startswith("_"):
                found.append(sub)
    return sorted(set(found), key=lambda m: (m.__module__, m.__name__))


def documented_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """The keys an author writes, in reference order: the `kind`/`type` that names the object first,
    then the required keys, then the optional ones (each in the order the schema declares them).
    Fields excluded from output are filled in by the app, never written, and are left out."""
    fields = [(name, f) for name, f in model.model_fields.items() if not f.exclude]
    tag = [(n, f) for n, f in fields if len(_literal_values(f.annotation) or ()) == 1]
    rest = [(n, f) for n, f in fields if (n, f) not in tag]
    return tag + [(n, f) for n, f in rest if f.is_required()] + [(n, f) for n, f in rest if not f.is_required()]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


# -- walking the schema -------------------------------------------------------------------------


class _Walker:
    """Documents each model once, at its first appearance, depth first in field order."""

    def __init__(self) -> None:
        self.titles: dict[type[BaseModel], str] = {}
        self.done: set[type[BaseModel]] = set()
        self.order: list[type[BaseModel]] = []
        self._pending: list[type[BaseModel]] = []

    def queue(self, model: type[BaseModel], title: str) -> str:
        """Note `model` for documenting and return the link to its section."""
        if model not in self.titles:
            self.titles[model] = title
            self._pending.append(model)
        name = self.titles[model]
        return f"[{name}](#{slug(_plain(name))})"

    def drain(self) -> list[str]:
        sections: list[str] = []
        while self._pending:
            model = self._pending.pop(0)
            if model in self.done:
                continue
            self.done.add(model)
            self.order.append(model)
            before = len(self._pending)
            sections.append(self._section(model))
            # the objects this one holds come right after it, in field order
            new = self._pending[before:]
            del self._pending[before:]
            self._pending[:0] = new
        return sections

    def _section(self, model: type[BaseModel]) -> str:
        title = self.titles[model]
        lines = [f"### {title}\n"]
        intro = _docstring(model)
        if intro:
            lines.append(intro + "\n")
        lines.append("| Key | Required | Default | Value | What it is |")
        lines.append("|---|---|---|---|---|")
        for name, field in documented_fields(model):
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        f"`{name}`",
                        "**required**" if field.is_required() else "optional",
                        _default(field),
                        self._value(field.annotation, list(field.metadata), name),
                        field.description or "",
                    )
                )
                + " |"
            )
        return "\n".join(lines) + "\n"

    # -- values --------------------------------------------------------------------------------

    def _value(self, tp: Any, meta: list[Any], name: str) -> str:
        tp, meta = _unwrap(tp, meta)
        limits = _limits(meta)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not _NONE]
            if len(args) == 1:
                return self._value(args[0], meta, name)
            return self._union(args, limits.get("discriminator"), name)
        if origin is list:
            (item,) = get_args(tp)
            return self._list(item, limits, name)
        literal = _literal_values(tp)
        if literal is not None:
            if len(literal) == 1:
                return f"`{literal[0]}`"
            return "one of " + ", ".join(f"`{v}`" for v in literal)
        if inspect.isclass(tp) and issubclass(tp, BaseModel):
            return "a " + self.queue(tp, _humanise(tp.__name__)) + " object"
        if tp is bool:
            return "`true` or `false`"
        if tp is int:
            return "a whole number" + _number_limits(limits)
        if tp is HttpUrl:
            return "a web address"
        if tp is str:
            if limits.get("id"):
                return "an id"
            return "text" + _text_limits(limits)
        return f"`{getattr(tp, '__name__', tp)}`"

    def _list(self, item: Any, limits: dict[str, Any], name: str) -> str:
        count = _count_limits(limits)
        item_tp, item_meta = _unwrap(item, [])
        item_limits = _limits(item_meta)
        if get_origin(item_tp) in (Union, types.UnionType):
            args = [a for a in get_args(item_tp) if a is not _NONE]
            return f"a list{count}; each item {self._union(args, item_limits.get('discriminator'), name)}"
        literal = _literal_values(item_tp)
        if literal is not None:
            return "a list of any of " + ", ".join(f"`{v}`" for v in literal) + count
        if inspect.isclass(item_tp) and issubclass(item_tp, BaseModel):
            return f"a list of {self.queue(item_tp, _humanise(item_tp.__name__))} objects{count}"
        if item_tp is str and item_limits.get("id"):
            return f"a list of ids{count}"
        word = self._value(item, [], name)
        return f"a list{count}; each item {word}"

    def _union(self, members: list[Any], discriminator: str | None, name: str) -> str:
        noun = _singular(name).capitalize()
        links = []
        for member in members:
            if discriminator and inspect.isclass(member) and issubclass(member, BaseModel):
                values = _literal_values(member.model_fields[discriminator].annotation) or ("?",)
                links.append(self.queue(member, f"{noun} `{discriminator}: {values[0]}`"))
            else:
                links.append(self._value(member, [], name))
        lead = f"one of these, chosen by its `{discriminator}`: " if discriminator else "one of: "
        return lead + ", ".join(links)


# -- helpers --------------------------------------------------------------------------------------


def _files_table() -> str:
    rows = ["| File | Top-level keys | Holds |", "|---|---|---|"]
    for kind in FILES:
        keys = (
            ", ".join(f"`{k.strip()}`" for k in kind.key.split(",")) if kind.key else "(none: the file is the object)"
        )
        title = _humanise(kind.model.__name__)
        rows.append(f"| `{kind.where}` | {keys} | [{title}](#{slug(title)}) |")
    rows.append("")
    rows.append(
        "The app tells a file's kind from its top-level keys, not from its name or folder; the table gives the "
        "usual places. Every `.yaml` file under the content and quiz folders is read."
    )
    return "\n".join(rows) + "\n"


def _unwrap(tp: Any, meta: list[Any]) -> tuple[Any, list[Any]]:
    """Strip `Annotated[...]` layers, collecting their metadata (a nested FieldInfo gives its own)."""
    meta = list(meta)
    while get_origin(tp) is Annotated:
        base, *extras = get_args(tp)
        meta.extend(extras)
        tp = base
    return tp, meta


def _flatten(meta: list[Any]) -> Iterator[Any]:
    for item in meta:
        if isinstance(item, FieldInfo):
            yield from _flatten(list(item.metadata))
            if item.discriminator:
                yield ("discriminator", item.discriminator)
        else:
            yield item


def _limits(meta: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in _flatten(meta):
        if isinstance(item, tuple) and item[0] == "discriminator":
            out["discriminator"] = item[1]
        elif isinstance(item, annotated_types.MinLen):
            out["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            out["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            out["ge"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            out["gt"] = item.gt
        elif isinstance(item, annotated_types.Le):
            out["le"] = item.le
        elif isinstance(item, annotated_types.Lt):
            out["lt"] = item.lt
        elif isinstance(item, AfterValidator) and item.func is _ID_CHECK:
            out["id"] = True
        elif getattr(item, "pattern", None):
            out["pattern"] = item.pattern
    return out


def _literal_values(tp: Any) -> tuple[Any, ...] | None:
    tp, _ = _unwrap(tp, [])
    return get_args(tp) if get_origin(tp) is Literal else None


def _n(value: int) -> str:
    return f"{value:,}"


def _text_limits(limits: dict[str, Any]) -> str:
    low, high = limits.get("min_length", 0), limits.get("max_length")
    if high is not None and low > 1:
        words = f" of {_n(low)} to {_n(high)} characters"
    elif high is not None:
        words = f", at most {_n(high)} characters"
    elif low > 1:
        words = f", at least {_n(low)} characters"
    else:
        words = ""
    pattern = limits.get("pattern")
    if pattern:
        words += ": " + pattern_words(pattern)
    return words


def pattern_words(pattern: str) -> str:
    return PATTERN_WORDS.get(pattern, f"matching the pattern `{pattern}`")


def _number_limits(limits: dict[str, Any]) -> str:
    low = limits["ge"] if "ge" in limits else (limits["gt"] + 1 if "gt" in limits else None)
    high = limits["le"] if "le" in limits else (limits["lt"] - 1 if "lt" in limits else None)
    if low is not None and high is not None:
        return f" from {_n(low)} to {_n(high)}"
    if low is not None:
        return f", at least {_n(low)}"
    if high is not None:
        return f", at most {_n(high)}"
    return ""


def _count_limits(limits: dict[str, Any]) -> str:
    low, high = limits.get("min_length", 0), limits.get("max_length")
    if high is not None and low:
        return f", {_n(low)} to {_n(high)} of them"
    if high is not None:
        return f", at most {_n(high)}"
    if low:
        return f", at least {_n(low)}"
    return ""


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "—"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
        return "`[]` (none)" if value == [] else f"`{value}`"
    value = field.default
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value}`"


def _docstring(model: type[BaseModel]) -> str:
    doc = model.__dict__.get("__doc__")
    if not doc:
        return ""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _humanise(name: str) -> str:
    """`CourseModule` -> 'Course module'."""
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def _plain(heading: str) -> str:
    return heading.replace("`", "")


def _cell(text: str) -> str:
    """A table cell on one line, with `|` escaped."""
    return " ".join(text.split()).replace("|", "\\|")
