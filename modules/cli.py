"""Author tools. Never prints a traceback: an author sees located problems or a plain error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _validate(paths: list[str]) -> int:
    from modules.content.loader import load_registry

    registry = load_registry([Path(p) for p in paths] if paths else None)
    problems = [str(p) for p in registry.problems] + ([] if paths else _data_problems())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(
        f"ok: {len(registry.lessons)} lessons, {len(registry.questions)} questions, "
        f"{len(registry.quizzes)} quizzes, {len(registry.indicators)} indicators",
        file=sys.stderr,
    )
    return 0


def _data_problems() -> list[str]:
    """The shipped data files (enforcement series and global estimates), checked like uploads."""
    from modules.data.enforcement import DataValidationError, load_enforcement
    from modules.data.estimates import load_estimates

    out: list[str] = []
    for load in (load_enforcement, load_estimates):
        try:
            load()
        except DataValidationError as exc:
            out.extend(str(p) for p in exc.problems)
    return out


def _stats(paths: list[str]) -> int:
    from modules.content.loader import load_registry
    from modules.content.stats import inventory

    registry = load_registry([Path(p) for p in paths] if paths else None)
    print(json.dumps(inventory(registry), indent=2, sort_keys=False))
    return 0


def _create_user(args: argparse.Namespace, role: str) -> int:
    import getpass
    import os

    from modules.services import auth
    from modules.storage.db import make_engine

    password = os.environ.get(args.password_env) if args.password_env else None
    if password is None:
        password = getpass.getpass("Password (at least 10 characters): ")
        if password != getpass.getpass("Repeat the password: "):
            print("error: the passwords differ", file=sys.stderr)
            return 1
    try:
        user = auth.create_user(make_engine(), args.username, args.name or args.username, role, password)
    except auth.AuthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {role} '{user.username}'")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m modules", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check content and quiz YAML; exit 1 on any problem")
    v.add_argument("paths", nargs="*", help="files or folders (default: content/ and quizzes/)")
    s = sub.add_parser("stats", help="print a JSON inventory of the content")
    s.add_argument("paths", nargs="*")
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
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.paths)
        if args.command == "create-admin":
            return _create_user(args, "admin")
        if args.command == "create-user":
            return _create_user(args, args.role)
        return _stats(args.paths)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
