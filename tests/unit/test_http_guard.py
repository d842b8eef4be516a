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


def _serve(body: bytes, headers: list[tuple[bytes, bytes]], chunks: int = 1) -> tuple[dict, bytes]:  # type: ignore[type-arg]
    """Run the guard around a fake app that answers `body` (in `chunks` parts) with `headers`."""
    import asyncio

    from modules.ui.http_guard import HttpGuard

    async def app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        size = -(-len(body) // chunks)
        for i in range(chunks):
            part = body[i * size : (i + 1) * size]
            await send({"type": "http.response.body", "body": part, "more_body": i < chunks - 1})

    sent: list[dict] = []  # type: ignore[type-arg]

    async def send(message) -> None:  # type: ignore[no-untyped-def]
        sent.append(message)

    async def receive() -> dict:  # type: ignore[type-arg]
        return {"type": "http.request"}

    asyncio.run(HttpGuard(app)({"type": "http", "path": "/lesson"}, receive, send))
    start = sent[0]
    return dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_the_page_carries_the_apps_stylesheet_plain_or_gzipped() -> None:
    """Focus rings, contrast and reflow rules reach the browser with the page itself (WCAG 2.4.7)."""
    import gzip

    page = b'<html><head><title>x</title><script type="module" src="/static/js/index.js"></script></head><body></body></html>'
    for body, extra in ((page, []), (gzip.compress(page), [(b"content-encoding", b"gzip")])):
        headers, sent = _serve(body, [(b"content-type", b"text/html; charset=utf-8"), (b"etag", b'"abc"'), *extra], 3)
        assert b'<style id="app-styles">' in sent and sent.index(b"app-styles") < sent.index(b"</head>")
        assert b":focus-visible" in sent
        # The tab-session script wraps WebSocket before Streamlit's own script can open the connection.
        assert sent.index(b'id="app-tab-session"') < sent.index(b'type="module"')
        assert b"window.WebSocket = Tabbed" in sent
        assert int(headers[b"content-length"]) == len(sent)
        assert b"content-encoding" not in headers  # sent plain
        assert headers[b"etag"].startswith(b'"abc-') and headers[b"x-frame-options"] == b"SAMEORIGIN"
    headers, sent = _serve(b"body{}", [(b"content-type", b"text/css")])
    assert sent == b"body{}"  # other files pass through untouched
