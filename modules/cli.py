"""Author tools. Never prints a traceback: an author sees located problems or a plain error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path


def _validate(paths: list[str]) -> int:
    from modules.content.loader import load_registry

    registry = load_registry([Path(p) for p in paths] if paths else None)
    problems = [str(p) for p in registry.problems] + _data_problems([Path(p) for p in paths])
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


def _stats(paths: list[str]) -> int:
    from modules.content.loader import load_registry
    from modules.content.stats import inventory

    registry = load_registry([Path(p) for p in paths] if paths else None)
    print(json.dumps(inventory(registry), indent=2, sort_keys=False))
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
        return _stats(args.paths)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
