"""A write sent without a body reads as an empty JSON object.

The community Python SDK drops the body of a request whose payload is empty (an empty
dict, or a model whose fields are all unset), so ``orders.create(direction, {})`` reaches
the server with no body at all. Reading that as ``{}`` lets every route whose fields are
all optional accept it, and a route with required fields name them in its 400, instead of
answering that the whole body is missing.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WRITES = frozenset({"POST", "PUT", "PATCH"})
_EMPTY_OBJECT = b"{}"


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return True
    return False


class EmptyBodyAsObject:
    """ASGI middleware: POST, PUT and PATCH under /v1 without a body get ``{}``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _WRITES
            or not scope["path"].startswith("/v1/")
            or _has_body(scope["headers"])
        ):
            await self.app(scope, receive, send)
            return
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name not in (b"content-type", b"content-length")
        ]
        headers += [(b"content-type", b"application/json"), (b"content-length", b"2")]
        await self.app({**scope, "headers": headers}, _with_empty_object(receive), send)


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
