"""A language's translation files: read, checked like any content, and compared with the source text.

Files live in a content folder under translations/<language>/ (for example content/translations/fr/),
with any names and subfolders (best: the source's own layout, translations/fr/lessons/l1-….yaml). Each
file is a mapping from a key (modules.content.translatable) to an entry:

    lesson.l1-global-estimates.title:
      text: Les estimations mondiales
      source: 3fa2b1c9

`source` is the fingerprint of the source text the translation was made from. When the source text
changes, the fingerprint no longer matches: the entry is stale, and the source text is shown until a
translator updates it. Only text has keys: an id, an answer or a tag cannot be given per language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from modules.content.catalogue import TRANSLATIONS_FOLDER, Catalogue, Entry
from modules.content.model_errors import did_you_mean
from modules.content.problems import ContentError, Problem
from modules.content.registry import Registry
from modules.content.translatable import SourceText, source_texts
from modules.content.yaml_source import PathKey, YamlDocument, parse_yaml
from modules.domain.country_profile import CountryProfileFile
from modules.domain.course import CourseFile
from modules.domain.glossary import GlossaryFile
from modules.domain.indicator import IndicatorCatalogue
from modules.domain.lesson import Lesson
from modules.domain.quiz import QuizFile
from modules.domain.rubric import RubricFile
from modules.paths import display_path

LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
"""A language folder's name: a language code such as fr or es, optionally with a region (pt-br)."""
FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")
MAX_BYTES = 2_000_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)")


def translation_files(roots: Iterable[Path]) -> dict[str, list[Path]]:
    """Each language's files, by folder name, from translations/ in every content folder."""
    out: dict[str, list[Path]] = {}
    for root in roots:
        folder = root / TRANSLATIONS_FOLDER
        if not folder.is_dir():
            continue
        for language in sorted(p for p in folder.iterdir() if p.is_dir()):
            files = sorted(f for f in language.rglob("*") if f.suffix in (".yaml", ".yml"))
            out.setdefault(language.name, []).extend(files)
    return out


def is_translation_file(file: Path, roots: Iterable[Path]) -> bool:
    """True for a file under a content folder's translations/: not course content itself."""
    for root in roots:
        try:
            relative = file.relative_to(root)
        except ValueError:
            continue
        if relative.parts and relative.parts[0] == TRANSLATIONS_FOLDER:
            return True
    return False


def _structural_names() -> frozenset[str]:
    """Every field name of the schema that is not text (ids, answers, tags, numbers, paths): a key ending
    in one names structure, which comes from the source in every language."""
    names: set[str] = set()

    def visit(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for tp in _models_in(info.annotation):
                visit(tp, seen)

    seen: set[type[BaseModel]] = set()
    for root in (CourseFile, Lesson, QuizFile, IndicatorCatalogue, GlossaryFile, RubricFile, CountryProfileFile):
        visit(root, seen)
    return frozenset(names)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    out: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out.append(annotation)
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


@dataclass
class _Reading:
    sources: dict[str, SourceText]
    structural: frozenset[str]
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Translations:
    """Every language of a course: its catalogue by language code, and the problems of its files."""

    catalogues: dict[str, Catalogue]
    problems: tuple[Problem, ...]


_CACHE: dict[tuple[str, tuple[Path, ...]], Translations] = {}
_CACHE_SIZE = 4


def translations_of(registry: Registry) -> Translations:
    """The course's translations, read once per content version (an edited translation file changes the
    version: modules.content.loader). A course read in English only never reads them."""
    key = (registry.version, registry.roots)
    found = _CACHE.get(key)
    if found is None:
        catalogues, problems = load_translations(list(registry.roots), registry)
        found = Translations(catalogues, tuple(sorted(set(problems))))
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    return found


def load_translations(roots: list[Path], registry: Registry) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Every language's catalogue, and the problems of its files (each at its file and line). An entry with
    a problem is left out: the source text is shown in its place, and the rest of the language works."""
    files = translation_files(roots)
    if not files:
        return {}, []
    reading = _Reading(source_texts(registry), _structural_names())
    catalogues: dict[str, Catalogue] = {}
    for language, paths in files.items():
        if not LANGUAGE_FOLDER.match(language):
            where = display_path(paths[0].parent) if paths else language
            reading.problems.append(
                Problem(where, 1, f"'{language}' is not a language code: name the folder fr, es, pt-br…")
            )
            continue
        entries: dict[str, Entry] = {}
        for file in paths:
            _read_file(file, roots, language, entries, reading)
        catalogues[language] = Catalogue(language, entries)
    return catalogues, reading.problems


_TOP_KEY = re.compile(r"^([^\s#'\"-][^:\n]*):", re.MULTILINE)


def _fast_document(raw: bytes, name: str) -> YamlDocument | None:
    """The file read by libyaml, with the line of each top-level key found by a scan of the text: a
    translation file is thousands of small entries, and the line-aware reader took seconds for a language.
    None when the file needs that reader (not UTF-8, YAML errors): it then names the line."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader when built)
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    lines: dict[PathKey, int] = {(): 1}
    line, counted = 1, 0
    for match in _TOP_KEY.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.setdefault((match.group(1).strip(),), line)
    return YamlDocument(name, data, lines)


_PARSED: dict[tuple[str, int, int], YamlDocument | None] = {}
"""Files already read, by path, time and size: a change to the course re-checks every entry against the
new source text, but reads again only the translation files that changed."""


def _parsed(file: Path, raw: bytes, name: str) -> YamlDocument | None:
    try:
        st = file.stat()
    except OSError:
        return _fast_document(raw, name)
    key = (str(file), st.st_mtime_ns, st.st_size)
    if key not in _PARSED:
        if len(_PARSED) > 2_000:
            _PARSED.clear()
        _PARSED[key] = _fast_document(raw, name)
    return _PARSED[key]


def _read_file(file: Path, roots: list[Path], language: str, entries: dict[str, Entry], reading: _Reading) -> None:
    name = display_path(file)
    if file.is_symlink() or not any(_inside(file, root) for root in roots):
        reading.problems.append(
            Problem(name, 1, "is a link to a file elsewhere: copy the translation file itself into the folder")
        )
        return
    try:
        raw = file.read_bytes()
        if len(raw) > MAX_BYTES:
            raise ContentError(Problem(name, 1, f"file is too large (the limit is {MAX_BYTES} bytes)"))
        fast = _parsed(file, raw, name)
        if fast is not None:
            found: dict[str, Entry] = {}
            before = len(reading.problems)
            _read_entries(fast, language, found, entries, reading)
            if len(reading.problems) == before:
                entries.update(found)
                return
            del reading.problems[before:]  # read it again with every line known, to name the right ones
        doc = parse_yaml(raw, name)
    except ContentError as exc:
        reading.problems.append(exc.problem)
        return
    except OSError as exc:
        reading.problems.append(Problem(name, 1, f"cannot read file: {exc.strerror or exc}"))
        return
    found = {}
    _read_entries(doc, language, found, entries, reading)
    entries.update(found)


def _read_entries(
    doc: YamlDocument, language: str, found: dict[str, Entry], earlier: dict[str, Entry], reading: _Reading
) -> None:
    if doc.data is None:
        return  # an empty file: nothing translated yet
    if not isinstance(doc.data, dict):
        reading.problems.append(
            Problem(doc.path, 1, "a translation file maps keys to entries (key: then text: and source:)")
        )
        return
    for key, value in doc.data.items():
        entry = _entry(doc, key, value, reading)
        if entry is None:
            continue
        other = earlier.get(entry.key) or found.get(entry.key)
        if other is not None:
            reading.problems.append(
                Problem(
                    doc.path,
                    entry.line,
                    f"'{key}' is translated twice in {language} (also at {other.path}:{other.line})",
                )
            )
            continue
        found[entry.key] = entry


def _inside(file: Path, root: Path) -> bool:
    try:
        file.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _entry(doc: YamlDocument, key: Any, value: Any, reading: _Reading) -> Entry | None:
    line = doc.line_of((key,))
    problems = reading.problems
    if not isinstance(key, str):
        problems.append(Problem(doc.path, line, f"a key is text such as lesson.<id>.title, not {key!r}"))
        return None
    source = reading.sources.get(key)
    if source is None:
        problems.append(Problem(doc.path, line, _unknown(key, reading)))
        return None
    if not isinstance(value, dict) or set(value) - {"text", "source"} or "source" not in value:
        extra = sorted(str(k) for k in value) if isinstance(value, dict) else []
        problems.append(
            Problem(
                doc.path,
                line,
                f"'{key}' needs `text:` (the translation) and `source:` (the fingerprint of the text it "
                f"translates, {source.fingerprint} for today's)" + (f"; found {', '.join(extra)}" if extra else ""),
            )
        )
        return None
    text = value.get("text")
    fp = value.get("source")
    if text is None:
        text = ""
    if not isinstance(text, str):
        problems.append(
            Problem(doc.path, doc.line_of((key, "text")), f"'{key}': the text must be text, in quotes if needed")
        )
        return None
    fp_problem = ""
    if isinstance(fp, int) and not isinstance(fp, bool):
        fp_problem = f'put the fingerprint in quotes (source: "{source.fingerprint}"), or YAML reads it as a number'
    elif not isinstance(fp, str) or not FINGERPRINT.match(fp):
        fp_problem = (
            f"source must be the 8-character fingerprint of the text translated ({source.fingerprint} for today's)"
        )
    if fp_problem or not isinstance(fp, str):
        problems.append(Problem(doc.path, doc.line_of((key, "source")), f"'{key}': {fp_problem}"))
        return None
    text = text.strip()
    limit = source.limit
    if len(text) > limit:
        problems.append(
            Problem(doc.path, doc.line_of((key, "text")), f"'{key}' is {len(text)} characters; at most {limit} here")
        )
        return None
    if text and source.markdown:
        broken = markdown_problem(text, source.text)
        if broken:
            problems.append(Problem(doc.path, doc.line_of((key, "text")), f"'{key}': {broken}"))
            return None
    return Entry(key, text, fp, doc.path, line)


def _unknown(key: str, reading: _Reading) -> str:
    last = key.rsplit(".", 1)[-1]
    parent = key.rsplit(".", 1)[0] if "." in key else ""
    owner_known = any(k.startswith(parent + ".") for k in reading.sources) if parent else False
    if owner_known and last in reading.structural:
        return (
            f"'{key}' is structure ('{last}'), not text: ids, answers, tags and numbers come from the source "
            "in every language, so a score means the same in each. Translate only text"
        )
    return f"'{key}': no such text in the course{did_you_mean(key, reading.sources)}"


def markdown_problem(text: str, source: str) -> str:
    """What is broken in a translation's Markdown, or '' (bold and code marks in pairs, links complete
    and to the same places as the source's)."""
    if text.count("**") % 2 and not source.count("**") % 2:
        return "a ** (bold) is not closed"
    if text.count("`") % 2 and not source.count("`") % 2:
        return "a ` (code) is not closed"
    if text.count("[") != text.count("]") and source.count("[") == source.count("]"):
        return "a [ or ] of a link is missing"
    ours, theirs = sorted(_LINK_TARGET.findall(text)), sorted(_LINK_TARGET.findall(source))
    if ours != theirs:
        return "links must go to the same places as the source's" + (
            f" ({', '.join(theirs)})" if theirs else " (the source has none)"
        )
    return ""


# -- how complete a language is ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """A language against today's source: strings translated and current, missing, and stale."""

    language: str
    total: int
    translated: int
    missing: tuple[SourceText, ...]
    stale: tuple[tuple[Entry, SourceText], ...]

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0

    @property
    def complete(self) -> bool:
        return not self.missing and not self.stale


def current_texts(catalogue: Catalogue, sources: dict[str, SourceText]) -> dict[str, str]:
    """The translations to show: entries with a text whose fingerprint matches today's source. A question
    is shown in the language only when every string of it is (prompt, options, feedback, explanation):
    an option left in English among translated ones would stand out, a cue to the answer or away from it."""
    out = {}
    for key, entry in catalogue.entries.items():
        source = sources.get(key)
        if source is not None and entry.text and entry.source == source.fingerprint:
            out[key] = entry.text
    incomplete = {_question_of(key) for key in sources if key.startswith("question.") and key not in out}
    return {key: text for key, text in out.items() if _question_of(key) not in incomplete}


def _question_of(key: str) -> str:
    """`question.<id>` for a question's key (ids hold no dot), else the key itself."""
    return ".".join(key.split(".", 2)[:2]) if key.startswith("question.") else key


def status(catalogue: Catalogue, sources: dict[str, SourceText]) -> Status:
    missing, stale = [], []
    translated = 0
    for key, source in sources.items():
        entry = catalogue.entries.get(key)
        if entry is None or not entry.text:
            missing.append(source)
        elif entry.source != source.fingerprint:
            stale.append((entry, source))
        else:
            translated += 1
    return Status(catalogue.language, len(sources), translated, tuple(missing), tuple(stale))
