"""A safe, line-aware YAML reader for authored content.

Why not plain `yaml.safe_load`: it keeps the last of duplicate keys, reads `no`/`yes`/`on`/`off`
as booleans, expands alias bombs and recurses without limit, and forgets line numbers. Authors
need each problem with the line of the offending key, so we parse events ourselves (bounded),
compose nodes with PyYAML's safe composer and convert them while recording every path's line.
"""

from __future__ import annotations

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
        raise _yaml_error(exc, name) from None
    except yaml.YAMLError as exc:
        raise _problem(name, 1, f"invalid YAML: {exc}") from None
    doc = YamlDocument(path=name, data=None)
    if node is None:
        raise _problem(name, 1, "file is empty")
    converter = _Converter(doc)
    doc.data = converter.convert(node, ())
    return doc


def _yaml_error(exc: yaml.MarkedYAMLError, name: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return _problem(name, line, f"invalid YAML: {what}{context}")


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
        raise _yaml_error(exc, name) from None
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
