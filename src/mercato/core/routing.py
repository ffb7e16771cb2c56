"""Routing conventions shared by every domain router."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import FastAPI, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mercato.core.listing import FacetedPage, Page
from mercato.core.schemas import FacetedListMeta, FacetedListPage, ListPage

T = TypeVar("T")
R = TypeVar("R")


def no_content() -> Response:
    return Response(status_code=204)


def list_page(page: Page[T], convert: Callable[[Iterable[T]], list[R]]) -> ListPage[R]:
    return ListPage[R](meta=page.meta, items=convert(page.items))


def faceted_page(page: Page[T], convert: Callable[[Iterable[T]], list[R]]) -> FacetedListPage[R]:
    """A list with Meta.Facets: those of a FacetedPage, else none (``[]``, never null)."""
    facets = page.facets if isinstance(page, FacetedPage) else []
    meta = FacetedListMeta.model_validate({**page.meta.model_dump(), "facets": facets})
    return FacetedListPage[R](meta=meta, items=convert(page.items))


def each(model: type[R]) -> Callable[[Iterable[Any]], list[R]]:
    """Convert ORM rows to a response model, one by one."""

    def convert(rows: Iterable[Any]) -> list[R]:
        return [model.model_validate(row) for row in rows]  # type: ignore[attr-defined]

    return convert


class CaseInsensitivePaths:
    """Match route templates case-insensitively, leaving path parameters untouched.

    SDKs send mixed-case paths (``/buyers/{id}/ApiClients/Assignments/{id}``). The fixed
    words of a matching template are rewritten to their declared case before routing;
    IDs keep theirs, even an ID that happens to spell a route word.
    """

    def __init__(self, app: ASGIApp, templates: Callable[[], Iterable[str]]) -> None:
        self.app = app
        self._templates = templates
        self._compiled: list[list[str | None]] | None = None

    def _patterns(self) -> list[list[str | None]]:
        if self._compiled is None:
            self._compiled = [
                [None if part.startswith("{") else part for part in template.split("/")]
                for template in self._templates()
            ]
        return self._compiled

    def canonical(self, parts: list[str]) -> list[str] | None:
        for pattern in self._patterns():
            if len(pattern) != len(parts):
                continue
            if all(
                p is None or p.lower() == s.lower() for p, s in zip(pattern, parts, strict=True)
            ):
                return [s if p is None else p for p, s in zip(pattern, parts, strict=True)]
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            raw_parts = raw.decode("latin-1").split("/")
            fixed = self.canonical(scope["path"].split("/"))
            if fixed is not None and len(raw_parts) == len(fixed):
                raw_fixed = [
                    f if f != p else r
                    for f, p, r in zip(fixed, scope["path"].split("/"), raw_parts, strict=True)
                ]
                scope = {
                    **scope,
                    "path": "/".join(fixed),
                    "raw_path": "/".join(raw_fixed).encode("latin-1"),
                }
        await self.app(scope, receive, send)


def route_templates(app: FastAPI) -> Callable[[], list[str]]:
    return lambda: list(app.openapi()["paths"])
