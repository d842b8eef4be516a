"""Command line: `python -m modules validate [PATH ...]`, `stats [--json]`, `reference`, and the account tools
(`python -m modules --help` lists them)."""

from __future__ import annotations

import sys

from modules.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
