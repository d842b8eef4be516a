"""Author tools. Never prints a traceback: an author sees located problems or a plain error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modules.content.problems import Problem
    from modules.content.registry import Registry


def _validate(paths: list[str]) -> int:
    """Problems first (causes before their consequences), then warnings, each as `path:line: message`;
    then, on stderr, the folders checked and a count. Only problems make it fail: warnings never do."""
    from modules.content.loader import FOLDER_PROBLEMS, load_registry
    from modules.content.translations import translations_of

    registry = load_registry([Path(p) for p in paths] if paths else None)
    problems = [str(p) for p in registry.problems]
    if not any(p.message.startswith(FOLDER_PROBLEMS) for p in registry.problems):
        problems += [str(p) for p in translations_of(registry).problems]  # translation files, like any content
        problems += _data_problems([Path(p) for p in paths])  # a wrong folder: its one message says it all
        problems += _national_problems(registry, [Path(p) for p in paths])
    warnings = [str(w) for w in registry.warnings]
    for line in problems + warnings:
        print(line)
    print(f"checked {_checked(paths)}", file=sys.stderr)
    counted = f", {len(warnings)} warning(s)" if warnings else ""
    if problems:
        print(f"{len(problems)} problem(s) found{counted}", file=sys.stderr)
        return 1
    print(
        f"ok: {len(registry.lessons)} lessons, {len(registry.questions)} questions, "
        f"{len(registry.quizzes)} quizzes, {len(registry.indicators)} indicators{counted}",
        file=sys.stderr,
    )
    return 0


def _translations(paths: list[str], add: str | None, check: bool, summary: bool) -> int:
    """Per language: the share translated, then each missing string (source path:line) and stale one
    (translation path:line). --add LANG writes the missing strings into LANG's files to fill in; --check
    fails (exit 1) unless every language is complete and its files have no problem."""
    from modules.content.catalogue import TRANSLATIONS_FOLDER
    from modules.content.loader import load_registry
    from modules.content.sources import content_dir, quizzes_dir
    from modules.content.translation_report import add_missing, report_lines, statuses
    from modules.content.translations import translations_of

    roots = [Path(p) for p in paths] if paths else [content_dir(), quizzes_dir()]
    registry = load_registry(roots)
    if add:
        written = add_missing(registry, add, [r for r in roots if r.is_dir()])
        for file in written:
            print(f"wrote {file}")
        print(f"{len(written)} file(s) with strings to translate into {add}", file=sys.stderr)
        return 0
    found = statuses(registry)
    if not found:
        where = roots[0] / TRANSLATIONS_FOLDER
        print(f"no translations: {where}/<language>/ holds a language's files (docs/authoring.md, Adding a language)")
        return 0
    translation_problems = translations_of(registry).problems
    for line in report_lines(found, summary_only=summary) + [str(p) for p in translation_problems]:
        print(line)
    if check and (translation_problems or not all(s.complete for s in found)):
        print("translations incomplete or with problems", file=sys.stderr)
        return 1
    return 0


def _checked(paths: list[str]) -> str:
    """The folders validate read, in full (it works from any current directory, so say where)."""
    from modules.content.sources import content_dir, quizzes_dir

    if paths:
        return " and ".join(str(Path(p).absolute()) for p in paths)
    named = []
    for folder, variable in ((content_dir(), "CONTENT_DIR"), (quizzes_dir(), "QUIZZES_DIR")):
        named.append(f"{folder.absolute()}{f' ({variable})' if os.environ.get(variable) else ''}")
    return " and ".join(named)


def _national_problems(registry: Registry, paths: list[Path]) -> list[str]:
    """The figures course.yaml names in `national_data`, checked like an upload (row and column).
    A missing file is reported by the cross-references; here only a file that is there."""
    from modules.data.enforcement import DataValidationError, load_national, national_file

    wanted = registry.national_data()  # course.yaml's national_data, else the country profile's file
    if wanted is None:
        return []
    folders = [p for p in paths if (p / "course.yaml").exists()]
    path = folders[0] / "data" / wanted.file if folders else national_file(wanted.file)
    if not path.is_file():
        return []
    try:
        load_national(path, wanted.name)
    except DataValidationError as exc:
        return [str(p) for p in exc.problems]
    return []


def _data_problems(paths: list[Path]) -> list[str]:
    """The data files (enforcement series and global estimates), checked like uploads.

    With no paths: the files the app reads, i.e. those of CONTENT_DIR/data when it has them (a
    country team's copy), else the project's content/data. With paths: the data/ folder of each
    folder given, so `validate ../our-content` checks that copy's data too.
    """
    from modules.data.enforcement import ENFORCEMENT_FILE, DataValidationError, load_enforcement
    from modules.data.estimates import ESTIMATES_FILE, load_estimates

    loaders: list[tuple[Callable[[Path | None], object], str]] = [
        (load_enforcement, ENFORCEMENT_FILE),
        (load_estimates, ESTIMATES_FILE),
    ]
    checks: list[tuple[Callable[[Path | None], object], Path | None]] = []
    if not paths:
        checks = [(load, None) for load, _ in loaders]
    for folder in paths:
        checks.extend((load, folder / "data" / name) for load, name in loaders if (folder / "data" / name).exists())
    out: list[str] = []
    for load, path in checks:
        try:
            load(path)
        except DataValidationError as exc:
            out.extend(str(p) for p in exc.problems)
    return out


def _stats(paths: list[str], as_json: bool = False) -> int:
    """A summary for people (gaps first), or with --json the whole inventory for tools."""
    from modules.content.loader import load_registry
    from modules.content.sources import content_dir, quizzes_dir
    from modules.content.stats import inventory, summary

    roots = [Path(p) for p in paths] if paths else [content_dir(), quizzes_dir()]
    registry = load_registry(roots)
    if as_json:
        print(json.dumps(inventory(registry), indent=2, sort_keys=False))
    else:
        print(summary(registry, where=" and ".join(str(r) for r in roots)), end="")
    return 0


def _reference(out: str | None) -> int:
    """The field reference (docs/reference.md), generated from the content schema."""
    from modules.content.reference import generate

    text = generate()
    if out is None:
        print(text, end="")
        return 0
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


class _NoPassword(Exception):
    """No password given and no terminal to ask for one."""


def _ask_password(env_name: str | None) -> str:
    """The password from an environment variable (scripts), or typed twice at a terminal. Its
    length is checked before it is asked a second time."""
    import getpass
    import os

    from modules.services import auth

    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise _NoPassword(f"the environment variable {env_name} is not set")
        return value
    if not sys.stdin.isatty():
        raise _NoPassword(
            "no terminal to ask for a password. Give it in an environment variable instead, for example:\n"
            "  ADMIN_PW='a long password' .venv/bin/python -m modules create-admin --username admin --password-env ADMIN_PW"
        )
    password = getpass.getpass(f"Password (at least {auth.MIN_PASSWORD} characters): ")
    auth.check_password_rules(password)
    if password != getpass.getpass("Repeat the password: "):
        raise auth.AuthError("the two passwords differ")
    return password


def _create_user(args: argparse.Namespace, role: str) -> int:
    from modules.services import auth
    from modules.storage.db import make_engine

    try:
        password = _ask_password(args.password_env)
        user = auth.create_user(make_engine(), args.username, args.name or args.username, role, password)
    except (auth.AuthError, _NoPassword) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {role} '{user.username}'")
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    """Print an Argon2 hash for ADMIN_PASSWORD_HASH (the password itself is never stored)."""
    from modules.services import auth

    try:
        password = _ask_password(args.password_env)
        auth.check_password_rules(password)
    except (auth.AuthError, _NoPassword) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(auth.hash_password(password))
    return 0


def _addresses(args: argparse.Namespace) -> int:
    """What `make run` prints before Streamlit starts: where to open the app, where phones join."""
    from modules.services import live

    print(f"Open the app on this computer at http://localhost:{args.port}")
    problem = live.unreachable_reason(args.address)
    if problem:
        print(problem.replace("`", ""))
    else:
        print(f"Phones on the same network join live sessions at {live.public_base_url(args.port)}/join")
    return 0


def _lint(paths: list[str]) -> int:
    """Item-writing findings as `path:line: lint: message [rule]`, then a count per rule on stderr. Content
    problems elsewhere do not stop it: it checks every question that loaded, and says how many problems
    `validate` will report."""
    from modules.content.item_lint import lint, rule_counts
    from modules.content.loader import load_registry

    registry = load_registry([Path(p) for p in paths] if paths else None)
    if registry.problems:
        print(
            f"note: {len(registry.problems)} content problem(s) (python -m modules validate lists them); "
            "checking the questions that loaded",
            file=sys.stderr,
        )
    findings = lint(registry)
    findings += _translated_findings(registry)
    for f in findings:
        print(f)
    if findings:
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(rule_counts(findings).items()))
        print(f"{len(findings)} finding(s): {by_rule}. The rules: docs/authoring.md", file=sys.stderr)
        return 1
    print(f"ok: {len(registry.questions)} questions follow the item-writing rules", file=sys.stderr)
    return 1 if registry.problems else 0


def _translated_findings(registry: Registry) -> list[Problem]:
    """The length rules checked in each language of the course (its translation files): a right option
    that the translation made the longest is a cue in that language, even when the English has none."""
    from modules.content.item_lint import lint_translated
    from modules.content.translatable import localized, source_texts
    from modules.content.translations import current_texts, translations_of

    catalogues = translations_of(registry).catalogues
    if not catalogues:
        return []
    sources = source_texts(registry)
    out = []
    for language, catalogue in sorted(catalogues.items()):
        out += lint_translated(registry, localized(registry, current_texts(catalogue, sources)), language)
    return out


def _assessment() -> int:
    """What each quiz's score is worth before anyone takes it (the figures item analysis later measures)."""
    from modules.analytics.forms import simulated_alpha
    from modules.content.guesser import cue_score
    from modules.content.loader import load_registry
    from modules.scoring.chance import form_chance

    registry = load_registry()
    print(f"{'quiz':38} {'kind':9} {'items':>5} {'chance':>7} {'cues':>6} {'alpha*':>7}")
    for quiz in registry.quizzes.values():
        pool = registry.pool_of(quiz)
        chance, cues, alpha = form_chance(pool), cue_score(pool), simulated_alpha(pool)
        print(
            f"{quiz.id:38} {quiz.kind:9} {quiz.question_count():>5} "
            f"{chance or 0:>6.1f}% {cues or 0:>5.1f}% {alpha if alpha is not None else float('nan'):>7.2f}"
        )
    print(
        "chance: a random guess; cues: a guesser reading only item-writing cues; alpha*: Cronbach's alpha on "
        "400 simulated learners (modules/analytics/forms.py), a planning figure until real attempts come in"
    )
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m modules", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check content and quiz YAML; exit 1 on any problem")
    v.add_argument("paths", nargs="*", help="files or folders (default: content/ and quizzes/)")
    s = sub.add_parser("stats", help="summarise the content: gaps first, then tracks, draw rules and totals")
    s.add_argument("paths", nargs="*", help="files or folders (default: content/ and quizzes/)")
    s.add_argument("--json", action="store_true", help="print the whole inventory as JSON, for tools")
    lt = sub.add_parser("lint", help="check questions against the item-writing rules; exit 1 on any finding")
    lt.add_argument("paths", nargs="*", help="files or folders (default: content/ and quizzes/)")
    sub.add_parser(
        "assessment", help="per quiz: questions, chance score, a test-wise guesser's score, alpha on simulated learners"
    )
    t = sub.add_parser("translations", help="per language: share translated, missing and stale strings as path:line")
    t.add_argument("paths", nargs="*", help="files or folders (default: content/ and quizzes/)")
    t.add_argument("--add", metavar="LANG", help="write the missing strings of LANG into its files, to fill in")
    t.add_argument("--check", action="store_true", help="exit 1 unless every language is complete")
    t.add_argument("--summary", action="store_true", help="one line per language, without the lists")
    r = sub.add_parser("reference", help="print the field reference generated from the content schema")
    r.add_argument("--out", help="write it to this file instead (make reference: docs/reference.md)")
    for command, help_text in (
        ("create-admin", "create an administrator account (asks for the password)"),
        ("create-user", "create an account with a role (asks for the password)"),
    ):
        c = sub.add_parser(command, help=help_text)
        c.add_argument("--username", required=True)
        c.add_argument("--name", help="display name")
        c.add_argument("--password-env", help="read the password from this environment variable (for scripts)")
        if command == "create-user":
            c.add_argument("--role", required=True, choices=["admin", "facilitator", "viewer", "learner"])
    h = sub.add_parser("hash-password", help="print an Argon2 hash of a password, for ADMIN_PASSWORD_HASH")
    h.add_argument("--password-env", help="read the password from this environment variable (for scripts)")
    a = sub.add_parser("addresses", help="print where the app and its live-session join page can be opened")
    a.add_argument("--port", type=int, default=8501)
    a.add_argument("--address", default=None, help="the address Streamlit listens on (server.address)")
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.paths)
        if args.command == "create-admin":
            return _create_user(args, "admin")
        if args.command == "create-user":
            return _create_user(args, args.role)
        if args.command == "hash-password":
            return _hash_password(args)
        if args.command == "addresses":
            return _addresses(args)
        if args.command == "reference":
            return _reference(args.out)
        if args.command == "lint":
            return _lint(args.paths)
        if args.command == "assessment":
            return _assessment()
        if args.command == "translations":
            return _translations(args.paths, args.add, args.check, args.summary)
        return _stats(args.paths, args.json)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
