"""Routing conventions shared by every domain router."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from mercato.core.listing import FacetedPage, Page
from mercato.core.schemas import FacetedListMeta, FacetedListPage, ListPage

T = TypeVar("T")
R = TypeVar("R")


def include(parent: APIRouter, child: APIRouter) -> None:
    """Add ``child``'s routes to ``parent`` as parent's own, in order, under its prefix.

    FastAPI's include_router keeps each included router as a node that a request matches
    through, and then matches again when it hands the request down, level by level: at
    /v1/{domain}/{part} that routing took a fifth of a buyer's product page (and every other
    request's). Copied routes sit in one flat list that a request walks once. Only FastAPI
    routes can be copied; the child's own prefix, tags and dependencies are already part
    of each of them.
    """
    for route in child.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"include() copies API routes only, not {type(route).__name__}")
        parent.add_api_route(
            route.path,
            route.endpoint,
            response_model=route.response_model,
            status_code=route.status_code,
            tags=route.tags,
            dependencies=route.dependencies,
            summary=route.summary,
            description=route.description,
            response_description=route.response_description,
            responses=route.responses,
            deprecated=route.deprecated,
            methods=route.methods,
            operation_id=route.operation_id,
            response_model_include=route.response_model_include,
            response_model_exclude=route.response_model_exclude,
            response_model_by_alias=route.response_model_by_alias,
            response_model_exclude_unset=route.response_model_exclude_unset,
            response_model_exclude_defaults=route.response_model_exclude_defaults,
            response_model_exclude_none=route.response_model_exclude_none,
            include_in_schema=route.include_in_schema,
            response_class=route.response_class,
            name=route.name,
            callbacks=route.callbacks,
            openapi_extra=route.openapi_extra,
            generate_unique_id_function=route.generate_unique_id_function,
            strict_content_type=route.strict_content_type,
        )


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
