"""Command line: `python -m modules validate [PATH ...]` and `python -m modules stats`."""

from __future__ import annotations

import sys

from modules.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
