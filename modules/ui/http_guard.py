"""HTTP hardening in front of Streamlit's own server (serve.py): Streamlit's usage metrics
(`/_stcore/metrics`: cache names, hit counts) are not served to the public, and no other site may
frame the app (clickjacking on the staff pages). It also puts the app's stylesheet
(modules/ui/styles.css: visible focus, contrast, reflow; what Streamlit's theme settings cannot say)
into the one HTML page Streamlit serves, so it applies from the first paint and costs no element on
any script run, with the small script that hands a staff tab's session to the server on each
connection (modules/ui/tab_session.js). A plain ASGI middleware: websockets pass through untouched, so it costs one string
check per HTTP request, and a string replacement per page load."""

from __future__ import annotations

import gzip
import hashlib
import posixpath
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
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


STYLESHEET = (Path(__file__).with_name("styles.css")).read_text(encoding="utf-8")
TAB_SCRIPT = (Path(__file__).with_name("tab_session.js")).read_text(encoding="utf-8")
_STYLE_TAG = f'<style id="app-styles">{STYLESHEET}</style>'.encode()
_SCRIPT_TAG = f'<script id="app-tab-session">{TAB_SCRIPT}</script>'.encode()
_STYLE_HASH = hashlib.sha256(_STYLE_TAG + _SCRIPT_TAG).hexdigest()[:12].encode()


def with_stylesheet(html: bytes) -> bytes:
    """The page with the app's tab script first in its <head> (before Streamlit's scripts open the
    connection) and its stylesheet last (unchanged if it has no <head>)."""
    if b"</head>" not in html:
        return html
    html = html.replace(b"<head>", b"<head>" + _SCRIPT_TAG, 1)
    return html.replace(b"</head>", _STYLE_TAG + b"</head>", 1)


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

        held: list[Message] = []
        body = bytearray()

        async def with_headers(message: Message) -> None:
            if message.get("type") == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
                if message.get("status") == 200 and _is_html(message):
                    held.append(message)  # the page: sent once its body is complete
                    return
            elif held and message.get("type") == "http.response.body":
                body.extend(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = with_stylesheet(_decoded(held[0], bytes(body)))
                await send(_restamp(held[0], len(page)))
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_html(start: Message) -> bool:
    headers = dict(start.get("headers", []))
    encoding = headers.get(b"content-encoding", b"identity")
    return headers.get(b"content-type", b"").startswith(b"text/html") and encoding in (b"identity", b"gzip")


def _decoded(start: Message, body: bytes) -> bytes:
    """The page as text: Streamlit gzips it for browsers that accept it (about 10 kB; sent plain)."""
    if dict(start.get("headers", [])).get(b"content-encoding") == b"gzip":
        return gzip.decompress(body)
    return body


def _restamp(start: Message, length: int) -> Message:
    """The start of the response with the new length, plain (not gzipped), and an ETag that changes
    with the stylesheet."""
    headers = [(b"content-length", str(length).encode())]
    for name, value in start.get("headers", []):
        if name in (b"content-encoding", b"content-length"):
            continue
        if name == b"etag":
            value = value.rstrip(b'"') + b"-" + _STYLE_HASH + b'"'
        headers.append((name, value))
    return {**start, "headers": headers}
