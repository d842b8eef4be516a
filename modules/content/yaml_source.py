"""A safe, line-aware YAML reader for authored content.

Why not plain `yaml.safe_load`: it keeps the last of duplicate keys, reads `no`/`yes`/`on`/`off`
as booleans, expands alias bombs and recurses without limit, and forgets line numbers. Authors
need each problem with the line of the offending key, so we read the event stream ourselves (bounded)
and build the data from those same events while recording every path's line. The text is parsed once:
composing nodes with PyYAML's composer after checking the events parsed it twice, and that was most of
the cost of loading a large course.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from modules.content.problems import ContentError, Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """Plain data plus the line (1-based) where each path starts."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """Line of the deepest known path along `loc`; unknown steps (such as a union tag) are skipped."""
        best = self.lines.get((), 1)
        current: PathKey = ()
        for step in loc:
            candidate = (*current, step)
            if candidate in self.lines:
                current = candidate
                best = self.lines[candidate]
        return best


class _ScalarConstructor(yaml.constructor.SafeConstructor):
    pass


_BOOL_WORDS = {"true", "false"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")}


def _problem(path: str, line: int, message: str) -> ContentError:
    return ContentError(Problem(path, line, message))


def read_yaml(file: Path, display: str | None = None) -> YamlDocument:
    """Read one YAML file; raise ContentError with a located message on any failure."""
    name = display or str(file)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise _problem(name, 1, f"file is too large ({size} bytes; the limit is {MAX_BYTES})")
        raw = file.read_bytes()
    except OSError as exc:
        raise _problem(name, 1, f"cannot read file: {exc.strerror or exc}") from None
    return parse_yaml(raw, name)


def parse_yaml(raw: bytes, name: str) -> YamlDocument:
    if len(raw) > MAX_BYTES:
        raise _problem(name, 1, f"file is too large ({len(raw)} bytes; the limit is {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(name, line, "file is not valid UTF-8 text (save it as UTF-8)") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Reader(name).read(text)


def _yaml_error(exc: yaml.MarkedYAMLError, name: str, text: str = "") -> ContentError:
    line, message = yaml_error_message(exc, text)
    return _problem(name, line, message)


TAB_MESSAGE = "a tab character: YAML indents with spaces only (replace the tab with spaces)"


def yaml_error_message(exc: yaml.MarkedYAMLError, text: str = "") -> tuple[int, str]:
    """The line and a plain-words message for a YAML syntax error (the parser's own words, such as
    'while scanning a plain scalar', mean nothing to an author: each common mistake is named with its fix)."""
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark.line + 1 if exc.problem_mark else None
    started = exc.context_mark.line + 1 if exc.context_mark else None
    line = at or started or 1
    ran_off = bool(lines) and line > len(lines)
    if ran_off and started:  # the parser ran off the end of the file: name where it started
        line = started
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    if "tab" in problem or "\t" in indent or _char_at(exc, lines) == "\t":
        return line, TAB_MESSAGE
    if "mapping values are not allowed" in problem:
        return line, _colon_message(source)
    if "flow mapping" in context or "flow sequence" in context:
        if "mapping" in context:
            what, closer, example = "a { } group", "}", '{id: a, feedback: "Right: a broken promise."}'
        else:
            what, closer, example = "a [ ] list", "]", '[police, "labour inspector, senior"]'
        next_key = started != line and (not source.strip() or _KEY_VALUE.match(source) or source.endswith(":"))
        if started and (ran_off or next_key):
            # the next key came (or the file ended) before the closing bracket: the fix is where it opens
            return started, (
                f"invalid YAML: {what} that starts on this line is never closed: add the missing '{closer}' (and "
                f"put quotes around any text in it that contains ': ' or ',')"
            )
        return line, (
            f"invalid YAML: {what} is not closed properly: put quotes around any text in it that contains "
            f"': ' or ',' (for example  {example}), or add the missing '{closer}'"
        )
    if "flow node" in context:
        return line, (
            "invalid YAML: a [ ] list or { } group is not finished: add what is missing after the last ',', "
            "and the closing ']' or '}'"
        )
    if "quoted scalar" in context and "end of stream" in problem:
        return (
            started or line,
            "invalid YAML: a quoted text that starts on this line is never closed: add the closing quote",
        )
    if "unknown escape character" in problem:
        return line, (
            "invalid YAML: a backslash (\\) inside double quotes starts an escape: put the text in single quotes "
            "instead, or write \\\\ for one backslash"
        )
    if "alias" in context or "anchor" in context:
        return line, (
            "invalid YAML: a value that starts with '*' or '&' must be in quotes "
            '(for example  body: "*Important* text")'
        )
    if "cannot start any token" in problem:
        char = _char_at(exc, lines)
        what = f"'{char}'" if char.strip() else "this character"
        return line, f"invalid YAML: a value cannot start with {what}: put the value in quotes"
    if "could not find expected ':'" in problem:
        return started or line, (
            "invalid YAML: this line is neither 'key: value' nor the indented continuation of the text above it "
            "(a key needs ': ' after it; a long text goes on indented lines, or after '>-')"
        )
    if "block sequence entries are not allowed" in problem:
        return line, (
            "invalid YAML: a list item ('- ') must start on a line of its own; if the '- ' is part of the text, "
            "put the text in quotes"
        )
    if "expected '-' indicator" in problem:
        return line, "invalid YAML: the items of a list must line up: start each '- ' at the same column"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        if _QUOTED_THEN_TEXT.match(source):
            return line, (
                "invalid YAML: text goes on after the closing quote: put the whole value in quotes, or use the "
                "other kind of quote around it"
            )
        return line, (
            "invalid YAML: this line does not line up with the lines above it: keys of the same group start at "
            "the same column, indented with spaces"
        )
    return line, f"invalid YAML: {problem or 'the file cannot be read'}"


_QUOTED_THEN_TEXT = re.compile(r"""^\s*(?:-\s+)?[^\s:#][^:]*:\s+(["']).*?\1\s*[^\s#]""")
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:]*?):\s+(.*\S)\s*$")


def _colon_message(source: str) -> str:
    """'mapping values are not allowed': almost always text with ': ' in it, sometimes a key indented too far."""
    match = _KEY_VALUE.match(source)
    if match and ": " in match.group(3) and match.group(3)[0] not in "\"'":
        key, value = match.group(2), match.group(3)
        quote = "'" if '"' in value else '"'
        return (
            f"invalid YAML: the text of '{key}' contains ': ', so put it in quotes, like this: "
            f"{key}: {quote}{value}{quote}"
        )
    if match or source.rstrip().endswith(":"):  # a plain `key: value` (or `key:`) where no key can start
        return (
            "invalid YAML: this line is indented more than the keys above it: keys of the same group start at the "
            "same column (if it continues the text above, that text needs quotes or '>-' because of the ': ')"
        )
    return (
        "invalid YAML: text that contains ': ' must be in quotes (key: \"text: more text\"); if this line is a "
        "key, it is indented more than the keys above it"
    )


def _char_at(exc: yaml.MarkedYAMLError, lines: list[str]) -> str:
    mark = exc.problem_mark
    if mark is None or not 0 <= mark.line < len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_RESOLVER = yaml.resolver.Resolver()
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _resolved(event: Any, kind: type[yaml.Node]) -> str:
    """The tag PyYAML's composer gives a node: its own, else the one Resolver.resolve finds."""
    tag = event.tag
    if tag is not None and tag != "!":
        return str(tag)
    if _RESOLVER.yaml_path_resolvers:
        return str(_RESOLVER.resolve(kind, event.value if kind is yaml.ScalarNode else None, event.implicit))
    if kind is yaml.ScalarNode:
        return _plain(event.value) if event.implicit[0] else _STR  # else quoted or block text
    return _RESOLVER.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode else _RESOLVER.DEFAULT_SEQUENCE_TAG


_RESOLVED_PLAIN: dict[str, str] = {}
"""Tags of short plain scalars already resolved: keys, ids and numbers repeat all over a course."""


def _plain(value: str) -> str:
    """Resolver.resolve for a plain scalar: its table and steps, remembered for short values."""
    tag = _RESOLVED_PLAIN.get(value)
    if tag is not None:
        return tag
    table = _RESOLVER.yaml_implicit_resolvers
    tag = next(
        (
            str(t)
            for t, regexp in (*table.get(value[0] if value else "", ()), *table.get(None, ()))
            if regexp.match(value)
        ),
        _STR,
    )
    if len(value) <= 80 and len(_RESOLVED_PLAIN) < 100_000:
        _RESOLVED_PLAIN[value] = tag
    return tag


class _Reader:
    """One pass over the event stream: each event is checked (anchors, depth, documents, size), and the
    data is built from it in document order. A problem building the data is kept until every event has
    been checked, so a file reports what it did when the checks and the conversion were two passes: a
    stream problem anywhere first, else the first conversion problem, at the same line."""

    def __init__(self, name: str) -> None:
        self.doc = YamlDocument(path=name, data=None)
        self.constructor = _ScalarConstructor()
        self.stack: list[list[Any]] = []
        """Open mappings and sequences, innermost last: [the dict or list, its path, the key whose value
        comes next (mappings; None while a key is due)]."""
        self.documents = 0

    def read(self, text: str) -> YamlDocument:
        name = self.doc.path
        depth = 0
        count = 0
        deferred: Exception | None = None
        loader = _LOADER(text)
        try:
            while loader.check_event():
                event = loader.get_event()
                count += 1
                kind = type(event)
                if kind is yaml.AliasEvent or ((kind in _STARTS or kind is yaml.ScalarEvent) and event.anchor):
                    raise _problem(
                        name, _line(event), "YAML anchors and aliases (& and *) are not allowed in content files"
                    )
                if kind in _STARTS:
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _problem(name, _line(event), f"nesting is too deep (more than {MAX_DEPTH} levels)")
                elif kind in _ENDS:
                    depth -= 1
                elif kind is yaml.DocumentStartEvent:
                    self.documents += 1
                    if count > 2:
                        raise _problem(name, _line(event), "a content file holds one YAML document only (remove '---')")
                if count > MAX_NODES:
                    raise _problem(name, _line(event), f"file has too many YAML nodes (more than {MAX_NODES})")
                if deferred is None:
                    try:
                        self._build(event, kind)
                    except Exception as exc:  # raised once the whole stream is checked
                        deferred = exc
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(exc, name, text) from None
        except yaml.YAMLError as exc:
            raise _problem(name, 1, f"invalid YAML: {exc}") from None
        finally:
            loader.dispose()
        if deferred is not None:
            raise deferred
        if not self.documents:
            raise _problem(name, 1, "file is empty")
        return self.doc

    def _build(self, event: Any, kind: type) -> None:
        if kind is yaml.ScalarEvent:
            start = False
        elif kind in _STARTS:
            start = True
        else:
            if kind in _ENDS:
                self.stack.pop()
            return  # otherwise the stream's or the document's start or end
        line = event.start_mark.line + 1
        stack = self.stack
        if not stack:
            top = None
            path: PathKey = ()
        else:
            top = stack[-1]
            container = top[0]
            if type(container) is list:
                path = (*top[1], len(container))
            elif top[2] is None:
                top[2] = self._key(event, kind, top, line)
                return
            elif not start:  # a mapping's text or number: its path has its key's line already
                container[top[2]] = self._scalar(event, line)
                top[2] = None
                return
            else:
                path = (*top[1], top[2])
        self.doc.lines.setdefault(path, line)
        value: Any
        if not start:
            value = self._scalar(event, line)
        else:
            node = yaml.MappingNode if kind is yaml.MappingStartEvent else yaml.SequenceNode
            tag = _resolved(event, node)
            if tag not in _COLLECTION_TAGS:
                raise _problem(self.doc.path, line, f"unsupported YAML tag {tag}")
            value = {} if node is yaml.MappingNode else []
            stack.append([value, path, None])
        if top is None:
            self.doc.data = value
        elif type(container) is list:
            container.append(value)
        else:
            container[top[2]] = value
            top[2] = None

    def _key(self, event: Any, kind: type, top: list[Any], line: int) -> str:
        if kind is not yaml.ScalarEvent:
            raise _problem(self.doc.path, line, "a mapping key must be plain text")
        if _resolved(event, yaml.ScalarNode) == _MERGE:
            raise _problem(self.doc.path, line, "merge keys (<<) are not allowed in content files")
        key = str(event.value)
        if key in top[0]:
            first = self.doc.lines.get((*top[1], key), line)
            raise _problem(self.doc.path, line, f"duplicate key '{key}' (first given on line {first})")
        self.doc.lines[(*top[1], key)] = line
        return key

    def _scalar(self, event: Any, line: int) -> Any:
        value = event.value
        tag = _resolved(event, yaml.ScalarNode)
        if tag == _STR:
            return value  # what the str constructor returns
        if tag == "tag:yaml.org,2002:bool" and value.lower() not in _BOOL_WORDS:
            return value  # yes/no/on/off stay text: only true/false are booleans
        if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return value
        if tag not in _PLAIN_TAGS:
            raise _problem(self.doc.path, line, f"unsupported YAML tag {tag}")
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise _problem(self.doc.path, line, f"invalid value: {exc}") from None


def _line(event: Any) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1
