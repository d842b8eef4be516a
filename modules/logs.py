"""One log format for the app, set up once by the entry point (`configure()`).

Modules log through `logging.getLogger(__name__)`, one line per event, naming ids only: never a name, an
email address, an answer's text or a password. Without `configure()` (tests, a library user) Python's own
defaults apply: warnings and errors reach stderr, nothing else."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""Timestamp, level, the module that logged, the event: one line a grep or a log collector can split."""

_HANDLER_NAME = "modules.logs"


def configure(level: int | str = logging.INFO) -> logging.Logger:
    """Send the app's log lines (the `modules` logger and its children) to stderr in FORMAT.

    Safe to call on every Streamlit rerun: the handler is added once. Other libraries' loggers (Streamlit,
    SQLAlchemy) keep their own settings, and the app's lines are not repeated through the root logger."""
    logger = logging.getLogger("modules")
    if not any(h.get_name() == _HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(level)
    return logger
