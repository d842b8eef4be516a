"""HTTP hardening in front of Streamlit's own server (serve.py): Streamlit's usage metrics
(`/_stcore/metrics`: cache names, hit counts) are not served to the public, and no other site may
frame the app (clickjacking on the staff pages). A plain ASGI middleware: websockets pass through
untouched, so it costs one string check per HTTP request."""

from __future__ import annotations

import posixpath
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADERS = (
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
)


def hidden(path: str) -> bool:
    """Whether a request path reaches the metrics endpoint, however it is spelled
    (`/_STCORE//metrics`, `/_stcore/%6detrics`, `/_stcore/./metrics`)."""
    clean = posixpath.normpath("/" + unquote(unquote(path)).lower().replace("\\", "/"))
    return clean.rstrip("/").endswith("/_stcore/metrics")


class HttpGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        if hidden(str(scope.get("path", ""))):
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return

        async def with_headers(message: Message) -> None:
            if message.get("type") == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)
