"""Routing conventions shared by every domain router."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from fastapi import FastAPI, Response
from fastapi.routing import APIRoute

from mercato.core.listing import Page
from mercato.core.schemas import ListPage

T = TypeVar("T")
R = TypeVar("R")


def no_content() -> Response:
    return Response(status_code=204)


def list_page(page: Page[T], convert: Callable[[Iterable[T]], list[R]]) -> ListPage[R]:
    return ListPage[R](meta=page.meta, items=convert(page.items))


def each(model: type[R]) -> Callable[[Iterable[Any]], list[R]]:
    """Convert ORM rows to a response model, one by one."""

    def convert(rows: Iterable[Any]) -> list[R]:
        return [model.model_validate(row) for row in rows]  # type: ignore[attr-defined]

    return convert


def make_routes_case_insensitive(app: FastAPI) -> None:
    """SDKs send mixed-case paths (``/ApiClients/Assignments``); IDs in them keep their case."""
    for route in app.routes:
        if isinstance(route, APIRoute):
            route.path_regex = re.compile(route.path_regex.pattern, re.IGNORECASE)
