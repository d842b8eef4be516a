"""The package layers hold: read every module under modules/ (and app.py) with `ast`, never import it.

Layers, low to high (a package may import only packages below it, or the same-tier packages the table
below names):

    0  domain, paths, logs,       the content schema, where the project lives, the log format,
       typeface, i18n             the app's typeface (bundled files, which one is in use), the
                                  interface's languages (message catalogues, number and date formats)
    1  storage, content, data,    one concern each; they meet only through the domain
       scoring, analytics,
       charts, export
    2  services                   use cases: rules and permissions over storage and the tier below
    3  ui                         Streamlit pages; talks to storage only through services
    4  cli, app                   entry points

Every import counts, including imports inside functions, so a cycle cannot hide in a function body.
A failing test prints each offending import as `file:line`."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "modules"

LAYER: dict[str, int] = {
    "domain": 0,
    "paths": 0,
    "logs": 0,
    "typeface": 0,
    "i18n": 0,
    "storage": 1,
    "content": 1,
    "data": 1,
    "scoring": 1,
    "analytics": 1,
    "charts": 1,
    "export": 1,
    "services": 2,
    "ui": 3,
    "cli": 4,
    "app": 4,
    "modules": 4,  # modules/__init__.py: the package docstring; nothing imports from it
}

ALLOWED: dict[tuple[str, str], str] = {
    # tier 1 -> tier 0
    ("storage", "paths"): "the default SQLite file and the migrations folder sit under the project root",
    ("content", "domain"): "content files are validated against the domain's pydantic schema",
    ("content", "paths"): "default content folders and problem paths relative to the project root",
    ("data", "paths"): "the shipped CSV files sit under content/data; problem paths are shown project-relative",
    ("scoring", "domain"): "scores and draws are computed from the domain's question and quiz models",
    ("analytics", "domain"): "item analysis reads question types and tags",
    ("charts", "domain"): "the builders check themselves against the chart catalogue lessons may name",
    ("export", "domain"): "exports name questions and their types",
    ("content", "typeface"): "validation checks a programme's font files as the app will use them",
    ("charts", "typeface"): "charts name the typeface in use, draw PNG and SVG with its files",
    ("export", "typeface"): "certificates and reports are set in the typeface in use",
    # tier 1 sideways (acyclic: scoring -> content -> analytics -> export -> charts, data -> charts)
    ("content", "scoring"): "the item-writing check scores a test-wise guesser's answers as a learner's are scored",
    ("analytics", "content"): "cohort reports take the loaded Registry to name lessons and questions",
    ("analytics", "scoring"): "cohort reports grade attempts with the quiz's own grading rule",
    ("export", "analytics"): "the programme report and xAPI statements export the analytics tables",
    ("charts", "data"): "the enforcement charts draw the validated TIP tables and measures",
    ("charts", "export"): "chart CSV downloads go through the one formula-safe cell rule (export.safe_cells)",
    # tier 2 -> below
    ("services", "storage"): "services own the use cases over the repositories",
    ("services", "domain"): "services work on content models",
    ("services", "content"): "services read the loaded Registry",
    ("services", "scoring"): "services score and draw quizzes",
    ("services", "analytics"): "cohort services build report data",
    ("services", "export"): "live summaries use the formula-safe cell rule",
    ("services", "data"): "saving a national dataset applies the same size limit as an upload",
    ("content", "i18n"): "a module's label (Module 3: …) is in the learner's language",
    ("charts", "i18n"): "chart titles, axes, legends and source lines are in the reader's language",
    ("export", "i18n"): "reports and certificates are written in their reader's language",
    ("analytics", "i18n"): "report tables name their columns and flags in the reader's language",
    ("data", "i18n"): "the legal milestones of the timeline chart are named in the reader's language",
    ("services", "i18n"): "a message a person reads (a refused name, a code) is in their language",
    # tier 3 -> below
    ("ui", "services"): "pages call use cases",
    ("ui", "storage"): "type names only (dataclasses, exceptions): test_ui_uses_storage_for_type_names_only",
    ("ui", "domain"): "pages render content models",
    ("ui", "content"): "pages read the loaded Registry",
    ("ui", "scoring"): "question widgets show option order and score results",
    ("ui", "analytics"): "report pages show analytics tables",
    ("ui", "charts"): "pages draw charts",
    ("ui", "export"): "pages offer downloads",
    ("ui", "data"): "the data page validates uploads and loads the shipped tables",
    ("ui", "typeface"): "the programme's identity sets the typeface in use and serves its files to the pages",
    ("ui", "i18n"): "pages show their texts, numbers and dates in the learner's language",
    # tier 4 -> below
    ("app", "ui"): "the entry point builds navigation from the ui page table",
    ("app", "logs"): "the entry point configures logging once per process",
    ("cli", "content"): "`validate` and `stats` load the content",
    ("cli", "analytics"): "`assessment` estimates each quiz's alpha on simulated learners",
    ("cli", "scoring"): "`assessment` prints each quiz's chance score",
    ("cli", "data"): "`validate` checks the shipped CSV files",
    ("cli", "services"): "`create-admin` and the live-session commands are use cases",
    ("cli", "storage"): "`create-admin` opens the database engine",
}

TYPE_NAME = re.compile(r"^_?[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$")
"""CapWords with at least one lower-case letter: a class, not a CONSTANT or a function."""


@dataclass(frozen=True)
class Import:
    source: str  # package of the importing file: "ui", "storage", "cli", "app"...
    target: str  # imported dotted module name
    names: tuple[str, ...]  # for `from x import a, b`: ("a", "b"); empty for `import x`
    where: str  # file:line

    @property
    def target_package(self) -> str | None:
        parts = self.target.split(".")
        if parts[0] != "modules":
            return None
        if len(parts) == 1:  # `from modules import paths`: each name is a module of its own
            return None
        return _package_of(parts[1])


def _package_of(first: str) -> str:
    return "cli" if first == "__main__" else first


def _files() -> list[Path]:
    return [*sorted(MODULES.rglob("*.py")), ROOT / "app.py"]


def _module_name(file: Path) -> str:
    if file == ROOT / "app.py":
        return "app"
    rel = file.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_package(file: Path) -> str:
    if file == ROOT / "app.py":
        return "app"
    parts = file.relative_to(MODULES).parts
    if len(parts) == 1:
        return "modules" if parts[0] == "__init__.py" else _package_of(parts[0][:-3])
    return parts[0]


def _imports() -> list[Import]:
    out: list[Import] = []
    for file in _files():
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        source = _source_package(file)
        module = _module_name(file)
        rel = file.relative_to(ROOT)
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                out.extend(Import(source, a.name, (), where) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    package = module.split(".")
                    if file.name != "__init__.py":
                        package = package[:-1]
                    base = package[: len(package) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = tuple(a.name for a in node.names)
                if target == "modules":  # `from modules import paths, logs`
                    out.extend(Import(source, f"modules.{n}", (), where) for n in names)
                else:
                    out.append(Import(source, target, names, where))
    return out


IMPORTS = _imports()


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for imp in IMPORTS:
        target = imp.target_package
        if target is not None and target != imp.source:
            edges[(imp.source, target)].append(imp.where)
    return edges


def _listing(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items)


def test_every_package_has_a_layer() -> None:
    packages = {_source_package(f) for f in _files()}
    assert packages <= set(LAYER), f"give these packages a layer in LAYER: {sorted(packages - set(LAYER))}"


def test_only_the_ui_imports_streamlit() -> None:
    offenders = [
        f"{imp.where}: imports {imp.target}"
        for imp in IMPORTS
        if imp.target.split(".")[0] == "streamlit" and imp.source not in ("ui", "app")
    ]
    assert not offenders, "Streamlit belongs to modules/ui and app.py only; move this code there:" + _listing(offenders)


def _cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    graph: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted({x for e in edges for x in e}):
        if v not in index:
            visit(v)
    return found


def test_no_cycle_between_packages() -> None:
    edges = _edges()
    cycles = _cycles(set(edges))
    lines = []
    for component in cycles:
        lines.append(" <-> ".join(component))
        for a, b in sorted(edges):
            if a in component and b in component:
                lines.extend(f"    {a} -> {b}: {w}" for w in edges[(a, b)])
    assert not cycles, "packages that import each other (break the cycle with a move to a lower layer):" + _listing(
        lines
    )


def test_no_cycle_between_modules() -> None:
    """Within a package too: a cycle makes import order matter and usually hides a misplaced function."""
    names = {_module_name(f) for f in _files()}
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for imp in IMPORTS:
        source = _module_name(ROOT / imp.where.rsplit(":", 1)[0])
        for target in (imp.target, *(f"{imp.target}.{n}" for n in imp.names)):
            if target in names and target != source:
                edges[(source, target)].append(imp.where)
    cycles = _cycles(set(edges))
    lines = [" <-> ".join(c) for c in cycles]
    assert not cycles, "modules that import each other:" + _listing(lines)


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert _cycles({("a", "b"), ("b", "c")}) == []


def test_every_import_between_packages_is_an_allowed_edge() -> None:
    offenders = [
        f"{where}: {a} -> {b} (not in ALLOWED; layer {LAYER.get(a)} -> {LAYER.get(b)})"
        for (a, b), wheres in sorted(_edges().items())
        if (a, b) not in ALLOWED
        for where in wheres
    ]
    assert not offenders, "imports between packages that the layer table does not allow:" + _listing(offenders)


def test_the_allowed_table_points_down_the_layers_and_has_no_cycle() -> None:
    upward = [f"{a} -> {b}" for a, b in ALLOWED if LAYER[b] > LAYER[a]]
    assert not upward, "an allowed edge goes up the layers:" + _listing(upward)
    assert _cycles(set(ALLOWED)) == []
    tier0 = [f"{a} -> {b}" for a, b in ALLOWED if LAYER[a] == 0]
    assert not tier0, "domain, paths, logs, typeface and i18n import nothing of ours:" + _listing(tier0)


def test_the_allowed_table_has_no_stale_edge() -> None:
    """Once a dependency is gone, drop it from ALLOWED so it cannot come back unnoticed."""
    stale = sorted(f"{a} -> {b}" for a, b in set(ALLOWED) - set(_edges()))
    assert not stale, "edges in ALLOWED that no import uses any more (remove them):" + _listing(stale)


COMPOSITION_ROOT = "modules/ui/resources.py"
"""Builds the one engine per process (storage.db) that every page hands to the services."""


def test_ui_uses_storage_for_type_names_only() -> None:
    """Views call services, never repositories: `from modules.storage.x import SomeClass` is the only form."""
    offenders = []
    for imp in IMPORTS:
        if imp.source not in ("ui", "app") or imp.target_package != "storage":
            continue
        if imp.where.startswith(COMPOSITION_ROOT + ":") and imp.target == "modules.storage.db":
            continue
        if not imp.names:  # `import modules.storage.x`
            offenders.append(f"{imp.where}: imports the module {imp.target}")
            continue
        if imp.target == "modules.storage":  # `from modules.storage import x`: x is a module
            offenders.extend(f"{imp.where}: imports the module modules.storage.{n}" for n in imp.names)
            continue
        bad = [n for n in imp.names if not TYPE_NAME.match(n)]
        if bad:
            offenders.append(f"{imp.where}: from {imp.target} imports {', '.join(bad)}")
    assert not offenders, "modules/ui reaches storage directly; go through a service:" + _listing(offenders)


@pytest.mark.parametrize("name", ["Learner", "DatasetError", "CheckAnswer", "_Row"])
def test_type_name_pattern_accepts_class_names(name: str) -> None:
    assert TYPE_NAME.match(name)


@pytest.mark.parametrize("name", ["MAX_NAME_CHARS", "make_engine", "users", "database_url", "X"])
def test_type_name_pattern_refuses_other_names(name: str) -> None:
    assert not TYPE_NAME.match(name)
