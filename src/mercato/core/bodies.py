"""The body of every write, settled before any route reads it.

Two rules, one pass over the request:

- A write under /v1 sent without a body reads as an empty JSON object. The community Python
  SDK drops the body of a request whose payload is empty (an empty dict, or a model whose
  fields are all unset), so ``orders.create(direction, {})`` reaches the server with no body
  at all. Reading that as ``{}`` lets every route whose fields are all optional accept it,
  and a route with required fields name them in its 400, instead of answering that the
  whole body is missing.
- A body carrying a NUL character is refused with 400. PostgreSQL cannot store NUL in text,
  so SQLite must not either: the same request has to succeed or fail alike on both.
  Checking the body once, as bytes, costs one scan in C; a check in every model's
  validation walked each response too (a buyer's product page spent 6% of its time proving
  that rows just read from the database hold no NUL).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mercato.core.errors import ApiError

_WRITES = frozenset({"POST", "PUT", "PATCH"})
_EMPTY_OBJECT = b"{}"
# How a NUL can reach us in a JSON or a form body; any hit is then checked exactly.
_NUL_SPELLINGS = (b"\\u0000", b"%00", b"\x00")
NUL_REFUSED = "Text may not contain NUL (\\u0000) characters."


class WriteBodies:
    """ASGI middleware applying both rules to POST, PUT and PATCH."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITES:
            await self.app(scope, receive, send)
        elif not _has_body(scope["headers"]):
            if scope["path"].startswith("/v1/"):
                await self.app(_as_json_object(scope), _with_empty_object(receive), send)
            else:
                await self.app(scope, receive, send)
        else:
            messages = await _read_all(receive)
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
            if _body_has_nul(body):
                response = JSONResponse(ApiError(NUL_REFUSED).body(), status_code=400)
                await response(scope, receive, send)
                return
            await self.app(scope, _replay(messages, receive), send)


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return True
    return False


def _as_json_object(scope: Scope) -> Scope:
    headers = [
        (name, value)
        for name, value in scope["headers"]
        if name not in (b"content-type", b"content-length")
    ]
    headers += [(b"content-type", b"application/json"), (b"content-length", b"2")]
    return {**scope, "headers": headers}


def _with_empty_object(receive: Receive) -> Receive:
    delivered = False

    async def replacement() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        await receive()  # the client's empty request message, consumed in its place
        return {"type": "http.request", "body": _EMPTY_OBJECT, "more_body": False}

    return replacement


async def _read_all(receive: Receive) -> list[Message]:
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


def _has_nul(value: Any) -> bool:
    """Whether a decoded JSON value holds NUL in any string, key or value."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _body_has_nul(body: bytes) -> bool:
    if not any(spelling in body for spelling in _NUL_SPELLINGS):
        return False
    try:
        return _has_nul(json.loads(body))
    except ValueError:
        # Not JSON: a form (the token endpoint), or a broken body the route will refuse.
        text = body.decode("utf-8", errors="replace")
        return any("\x00" in key + value for key, value in parse_qsl(text))
