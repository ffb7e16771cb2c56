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
    # Unparametrised: the route's response model checks the items, and ListPage[R] would
    # look up the generic class on every call.
    return ListPage(meta=page.meta, items=convert(page.items))


def faceted_page(page: Page[T], convert: Callable[[Iterable[T]], list[R]]) -> FacetedListPage[R]:
    """A list with Meta.Facets: those of a FacetedPage, else none (``[]``, never null)."""
    facets = page.facets if isinstance(page, FacetedPage) else []
    meta = FacetedListMeta.model_validate({**page.meta.model_dump(), "facets": facets})
    return FacetedListPage(meta=meta, items=convert(page.items))


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
        self._index: dict[tuple[int, str | None], list[tuple[int, list[str | None]]]] | None = None

    def _candidates(self, parts: list[str]) -> list[list[str | None]]:
        """The templates that could match ``parts``, in declaration order.

        Indexed by segment count and the resource word (``/v1/{word}/...``), so a request
        compares against a handful of the few hundred templates rather than all of them.
        """
        if self._index is None:
            index: dict[tuple[int, str | None], list[tuple[int, list[str | None]]]] = {}
            for n, template in enumerate(self._templates()):
                pattern = [None if part.startswith("{") else part for part in template.split("/")]
                word = pattern[_key_position(len(pattern))]
                key = (len(pattern), word.lower() if word is not None else None)
                index.setdefault(key, []).append((n, pattern))
            self._index = index
        word = parts[_key_position(len(parts))].lower()
        found = self._index.get((len(parts), word), []) + self._index.get((len(parts), None), [])
        return [pattern for _, pattern in sorted(found, key=lambda entry: entry[0])]

    def canonical(self, parts: list[str]) -> list[str] | None:
        for pattern in self._candidates(parts):
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


def _key_position(segments: int) -> int:
    # "/v1/buyers/..." splits into "", "v1", "buyers", ...: the third segment names the resource.
    return min(2, segments - 1)


def route_templates(app: FastAPI) -> Callable[[], list[str]]:
    return lambda: list(app.openapi()["paths"])
