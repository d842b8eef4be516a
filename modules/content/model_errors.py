"""Turn pydantic validation errors into author-friendly located problems."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from modules.content.problems import Problem
from modules.content.yaml_source import PathKey, YamlDocument


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def _message(err: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    kind = err.get("type", "")
    field = _dotted(loc)
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'" + (f" in {_dotted(loc[:-1])}" if len(loc) > 1 else "")
    if kind == "missing":
        return f"missing required key '{loc[-1]}'" + (f" in {_dotted(loc[:-1])}" if len(loc) > 1 else "")
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        prefix = f"{field}: " if field else ""
        return f"{prefix}unknown {_discriminator(err)} {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"missing required key '{_discriminator(err)}'" + (f" in {field}" if field else "")
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{field}: {msg}" if field else msg


def _discriminator(err: Mapping[str, Any]) -> str:
    return str(err.get("ctx", {}).get("discriminator", "kind")).strip("'")


def _clean_loc(loc: tuple[Any, ...], doc: YamlDocument, base: PathKey) -> tuple[Any, ...]:
    """Drop union tags and other steps pydantic adds that are not in the YAML."""
    clean: list[Any] = []
    for step in loc:
        if (*base, *clean, step) in doc.lines or isinstance(step, int):
            clean.append(step)
        elif step in ("[key]",):
            continue
        else:
            # a key that is missing or unknown is still worth naming; a tag name is not
            node_path = (*base, *clean)
            parent = _lookup(doc.data, node_path)
            if isinstance(parent, dict) and not _is_union_tag(parent, step):
                clean.append(step)
    return tuple(clean)


def _is_union_tag(parent: dict[str, Any], step: Any) -> bool:
    return step in (parent.get("kind"), parent.get("type")) and step not in parent


def _lookup(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def problems_from(exc: ValidationError, doc: YamlDocument, base: PathKey = ()) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]), doc, base)
        at = (*loc, _discriminator(err)) if err.get("type") == "union_tag_invalid" else loc
        out.append(Problem(doc.path, doc.line_of((*base, *at)), _message(err, loc)))
    return out
