"""The server as `make run` starts it (serve.py): Streamlit's metrics stay private however the
path is spelled, the app refuses to be framed by another site, and the app itself still works."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def _status(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_STCORE//metrics", "/_stcore/%6detrics", "/_stcore/./metrics"])
def test_metrics_are_not_public(fixture_server: Server, path: str) -> None:
    assert _status(fixture_server.url + path)[0] == 404


def test_pages_refuse_to_be_framed_and_health_still_answers(fixture_server: Server) -> None:
    status, headers = _status(fixture_server.url + "/")
    assert status == 200
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert _status(fixture_server.url + "/_stcore/health")[0] == 200
