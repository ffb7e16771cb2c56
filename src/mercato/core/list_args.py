"""What a list route offers (``ListSpec``) and what its caller asks for (``ListArgs``).

OrderCloud's list options arrive as query parameters: search, searchOn, searchType, sortBy,
page, pageSize, and every other name is a filter on a field of the resource (``xp.``
paths included). They are parsed here once; ``list_filters`` turns them into SQL.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from mercato.core.errors import ApiError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_RESERVED = {"search", "searchon", "searchtype", "sortby", "page", "pagesize", "pagekey"}


# Mapped attributes and SQL expressions both qualify; SQLAlchemy's own typing of the two
# does not share a practical common base, so the engine accepts either.
SqlExpr = Any


class ListError(ApiError):
    """A list option the resource does not support; the code names which one."""


class SearchType(StrEnum):
    AnyTerm = "AnyTerm"
    AllTermsAnyField = "AllTermsAnyField"
    AllTermsSameField = "AllTermsSameField"
    ExactPhrase = "ExactPhrase"
    ExactPhrasePrefix = "ExactPhrasePrefix"


# eq=False: a spec is a module-level constant, equal only to itself, and hashable so that
# built statements can be memoised per spec.
@dataclass(frozen=True, eq=False)
class ListSpec:
    """What a list route offers: its filterable fields and the searchable/sortable subset."""

    fields: Mapping[str, SqlExpr]
    search: Sequence[str]
    sort: Sequence[str]
    tiebreak: SqlExpr
    xp: SqlExpr | None = None
    # Operation-specific query parameters (e.g. ``userGroupID``), never treated as filters.
    params: frozenset[str] = frozenset()
    default_sort: str | None = None

    def __post_init__(self) -> None:
        names = {name.lower() for name in self.fields}
        missing = [n for n in (*self.search, *self.sort) if n.lower() not in names]
        if missing:
            raise ValueError(f"search/sort fields not in the spec's fields: {missing}")

    def lookup(self, name: str) -> SqlExpr | None:
        for key, column in self.fields.items():
            if key.lower() == name.lower():
                return column
        return None


@dataclass
class ListArgs:
    """The caller's list options, parsed once from the query string."""

    search: str | None = None
    search_on: list[str] | None = None
    search_type: SearchType = SearchType.AnyTerm
    sort_by: list[str] = field(default_factory=list)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    filters: list[tuple[str, str]] = field(default_factory=list)

    def filter_value(self, name: str) -> str | None:
        """The raw value of an operation parameter that arrived among the filters."""
        return next((v for k, v in self.filters if k.lower() == name.lower()), None)

    def key(self) -> Hashable:
        """Everything that shapes a list's statements, for memoising them."""
        return (self.filter_key(), tuple(self.sort_by), self.page, self.page_size)

    def filter_key(self) -> Hashable:
        """What shapes the filtered set alone (no sorting or paging)."""
        search_on = tuple(self.search_on) if self.search_on is not None else None
        return (self.search, search_on, self.search_type, tuple(self.filters))


def _positive_int(raw: str, name: str, code: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ListError(
            f"{name} must be a whole number.", code=code, data={"Property": name}
        ) from None
    if value < 1:
        raise ListError(f"{name} must be at least 1.", code=code, data={"Property": name})
    return value


def parse_list_args(items: Sequence[tuple[str, str]]) -> ListArgs:
    """Read list options from query items; reserved names match case-insensitively."""
    args = ListArgs()
    for key, value in items:
        name = key.lower()
        if name not in _RESERVED:
            args.filters.append((key, value))
        elif name == "search":
            args.search = value or None
        elif name == "searchon":
            args.search_on = [f.strip() for f in value.split(",") if f.strip()] or None
        elif name == "searchtype":
            args.search_type = _parse_search_type(value)
        elif name == "sortby":
            args.sort_by = [f.strip() for f in value.split(",") if f.strip()]
        elif name == "page":
            args.page = _positive_int(value, "page", "List.InvalidPage")
        elif name == "pagesize":
            args.page_size = _positive_int(value, "pageSize", "List.InvalidPageSize")
            if args.page_size > MAX_PAGE_SIZE:
                raise ListError(
                    f"pageSize may not exceed {MAX_PAGE_SIZE}.",
                    code="List.InvalidPageSize",
                    data={"Property": "pageSize", "Max": MAX_PAGE_SIZE},
                )
    return args


def _parse_search_type(value: str) -> SearchType:
    for member in SearchType:
        if member.value.lower() == value.lower():
            return member
    raise ListError(
        f"searchType must be one of {', '.join(SearchType)}.",
        code="List.InvalidSearchType",
        data={"Property": "searchType"},
    )


# async although it awaits nothing: FastAPI then runs it on the event loop instead of handing
# it to a worker thread, a hop that costs more than the parsing under concurrent requests.
async def list_args_dependency(  # noqa: PLR0917 - FastAPI passes query parameters by name
    request: Request,
    search: Annotated[str | None, Query(description="Free-text search.")] = None,
    search_on: Annotated[
        str | None, Query(alias="searchOn", description="Comma-separated fields.")
    ] = None,
    search_type: Annotated[str | None, Query(alias="searchType")] = None,
    sort_by: Annotated[
        str | None, Query(alias="sortBy", description="Comma-separated fields; '!' = descending.")
    ] = None,
    page: Annotated[str | None, Query(description="1-based page number.")] = None,
    page_size: Annotated[str | None, Query(alias="pageSize", description="1 to 100.")] = None,
) -> ListArgs:
    """Parse list options; the named parameters exist to document them in OpenAPI."""
    return parse_list_args(request.query_params.multi_items())


ListArgsDep = Annotated[ListArgs, Depends(list_args_dependency)]
