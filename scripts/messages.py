"""The interface's message catalogues: extract the marked strings, merge them into each language's .po file,
or check that the committed template is up to date with the code.

    python scripts/messages.py update    # `make messages`
    python scripts/messages.py check     # `make messages-check`; also tests/unit/test_i18n.py

`update` runs `pybabel extract` over app.py, serve.py and modules/ (babel.cfg says how) into
modules/i18n/messages.pot, then `pybabel update` for each language of modules.i18n.LANGUAGES that has a
.po file and `pybabel init` for one that has none. Locations are file names without line numbers, and the
.pot is rewritten only when more than its creation date changed, so an edit that marks no new string leaves
the catalogues untouched (no diff, no merge conflict between translators).

`check` extracts into a temporary file and compares the msgids with the committed .pot."""

from __future__ import annotations

import configparser
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's modules, whatever is installed

from modules.i18n import LANGUAGES, SOURCE_LANGUAGE
from modules.i18n.catalogue import DOMAIN, LOCALE_DIR, po_path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "babel.cfg"
TEMPLATE = ROOT / "modules" / "i18n" / f"{DOMAIN}.pot"
SOURCES = ("app.py", "serve.py", "modules")
"""What is searched for marked strings, relative to the repository root (the .pot names files this way)."""

HEADER = (
    "# The interface's messages in English, extracted from the code by `make messages` (do not edit).\n"
    "# Each language's translations: modules/i18n/locale/<lang>/LC_MESSAGES/messages.po."
)


def _config_options() -> list[str]:
    """babel.cfg's keywords and comment tag as pybabel options: Babel before 2.18 reads only the mapping
    from that file, so they are passed on the command line too (one place says what is extracted)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(CONFIG, encoding="utf-8")
    section = parser["python: **.py"]
    options = ["--no-default-keywords"]
    for keyword in section.get("keywords", "").split():
        options += ["-k", keyword]
    for tag in section.get("add_comments", "").split():
        options += ["-c", tag]
    return options


def pybabel(*args: str) -> None:
    """Run one pybabel command from the repository root (the paths it records are relative to it)."""
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", *args]
    subprocess.run(command, cwd=ROOT, check=True)


def extract(output: Path) -> None:
    pybabel(
        "extract",
        "-F",
        str(CONFIG),
        *_config_options(),
        "--add-location=file",
        "--sort-by-file",
        "--project=forced-labour-training",
        f"--header-comment={HEADER}",
        "-o",
        str(output),
        *SOURCES,
    )


def msgids(pot: Path) -> set[tuple[str | tuple[str, ...], str | None]]:
    """The messages of a template: (msgid, or (singular, plural), and context)."""
    with pot.open("rb") as fileobj:
        catalog = read_po(fileobj)
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def _without_date(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:')]


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TEMPLATE.name
        extract(fresh)
        old = TEMPLATE.read_text(encoding="utf-8") if TEMPLATE.exists() else ""
        new = fresh.read_text(encoding="utf-8")
        if _without_date(old) != _without_date(new):
            TEMPLATE.write_text(new, encoding="utf-8")
            print(f"{TEMPLATE.relative_to(ROOT)} updated")
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        command = "update" if po_path(lang).exists() else "init"
        pybabel(command, "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", lang)


def check() -> list[str]:
    """What `make messages` would add to or remove from the committed template (empty: up to date)."""
    if not TEMPLATE.exists():
        return [f"{TEMPLATE.relative_to(ROOT)} is missing"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TEMPLATE.name
        extract(fresh)
        code, committed = msgids(fresh), msgids(TEMPLATE)
    return [f"new in the code: {m[0]!r}" for m in sorted(code - committed, key=repr)] + [
        f"gone from the code: {m[0]!r}" for m in sorted(committed - code, key=repr)
    ]


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["check"]:
        problems = check()
        if problems:
            print(f"{TEMPLATE.relative_to(ROOT)} is out of date with the code; run `make messages`:")
            print("\n".join(f"  {p}" for p in problems))
            return 1
        print(f"{TEMPLATE.relative_to(ROOT)} is up to date")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
