"""A safe, line-aware YAML reader for authored content.

Why not plain `yaml.safe_load`: it keeps the last of duplicate keys, reads `no`/`yes`/`on`/`off`
as booleans, expands alias bombs and recurses without limit, and forgets line numbers. Authors
need each problem with the line of the offending key, so we parse events ourselves (bounded),
compose nodes with PyYAML's safe composer and convert them while recording every path's line.
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
    _check_events(text, name)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, name, text) from None
    except yaml.YAMLError as exc:
        raise _problem(name, 1, f"invalid YAML: {exc}") from None
    doc = YamlDocument(path=name, data=None)
    if node is None:
        raise _problem(name, 1, "file is empty")
    converter = _Converter(doc)
    doc.data = converter.convert(node, ())
    return doc


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


def _check_events(text: str, name: str) -> None:
    """Reject anchors/aliases and deep nesting from the event stream, before any recursion."""
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            count += 1
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _problem(name, line, "YAML anchors and aliases (& and *) are not allowed in content files")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _problem(name, line, f"nesting is too deep (more than {MAX_DEPTH} levels)")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.DocumentStartEvent) and count > 2:
                raise _problem(name, line, "a content file holds one YAML document only (remove '---')")
            if count > MAX_NODES:
                raise _problem(name, line, f"file has too many YAML nodes (more than {MAX_NODES})")
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, name, text) from None
    except yaml.YAMLError as exc:
        raise _problem(name, 1, f"invalid YAML: {exc}") from None


class _Converter:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.constructor = _ScalarConstructor()

    def convert(self, node: yaml.Node, path: PathKey) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise _problem(self.doc.path, node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _problem(self.doc.path, line, "a mapping key must be plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _problem(self.doc.path, line, "merge keys (<<) are not allowed in content files")
                key = str(key_node.value)
                if key in result:
                    first = self.doc.lines.get((*path, key), line)
                    raise _problem(self.doc.path, line, f"duplicate key '{key}' (first given on line {first})")
                self.doc.lines[(*path, key)] = line
                result[key] = self.convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in _BOOL_WORDS:
            return node.value  # yes/no/on/off stay text: only true/false are booleans
        if node.tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
            return node.value
        if node.tag not in _PLAIN_TAGS:
            raise _problem(self.doc.path, node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise _problem(self.doc.path, node.start_mark.line + 1, f"invalid value: {exc}") from None
