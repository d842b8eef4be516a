"""The HTTP guard recognises the metrics path however it is spelled (the server test is in
tests/e2e/test_http_guard.py)."""

from __future__ import annotations

import pytest

from modules.ui.http_guard import hidden as is_hidden


@pytest.mark.parametrize(
    ("path", "hidden"),
    [
        ("/_stcore/metrics", True),
        ("/_STCORE//metrics/", True),
        ("/_stcore/%6detrics", True),
        ("/_stcore/%256detrics", True),
        ("/app/_stcore/./metrics", True),
        ("/_stcore/health", False),
        ("/metrics", False),
    ],
)
def test_the_metrics_path_is_recognised_however_spelled(path: str, hidden: bool) -> None:
    assert is_hidden(path) is hidden
