"""Refuse request bodies that carry a NUL character, before any route reads them.

PostgreSQL cannot store NUL in text, so SQLite must not either: the same request has to
succeed or fail alike on both. Checking the body once, as bytes, costs one scan in C; a
check in every model's validation walked each response too (a buyer's product page spent
6% of its time proving that rows just read from the database hold no NUL).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = frozenset({"POST", "PUT", "PATCH"})
# How a NUL can reach us in a JSON or a form body; any hit is then checked exactly.
_SPELLINGS = (b"\\u0000", b"%00", b"\x00")
MESSAGE = "Text may not contain NUL (\\u0000) characters."


def has_nul(value: Any) -> bool:
    """Whether a decoded JSON value holds NUL in any string, key or value."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    return False


def _body_has_nul(body: bytes) -> bool:
    if not any(spelling in body for spelling in _SPELLINGS):
        return False
    try:
        return has_nul(json.loads(body))
    except ValueError:
        # Not JSON: a form (the token endpoint), or a broken body the route will refuse.
        text = body.decode("utf-8", errors="replace")
        return any("\x00" in key + value for key, value in parse_qsl(text))


class RefuseNul:
    """ASGI middleware: a write whose body holds NUL gets 400 ValidationFailure."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        if _body_has_nul(body):
            error = {"ErrorCode": "ValidationFailure", "Message": MESSAGE, "Data": None}
            await JSONResponse({"Errors": [error]}, status_code=400)(scope, receive, send)
            return
        await self.app(scope, _replay(messages, receive), send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed
