"""The one list engine: paging, search, sort and filters for every list route.

A resource declares a ``ListSpec`` (which wire fields exist, which are searchable and
sortable); a route hands the engine a base ``select()`` that already encodes visibility,
and the engine adds the caller's options (``list_filters``) and pages the result in SQL.
The list vocabulary lives in ``list_args`` and is re-exported here, the engine's one face.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mercato.core.list_args import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ListArgs,
    ListArgsDep,
    ListError,
    ListSpec,
    SearchType,
    SqlExpr,
    parse_list_args,
)
from mercato.core.list_filters import apply_list_options, order_by, xp_is_array, xp_text
from mercato.core.memo import Memo
from mercato.core.schemas import ListFacet, ListMeta

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "FacetedPage",
    "ListArgs",
    "ListArgsDep",
    "ListError",
    "ListSpec",
    "Page",
    "SearchType",
    "SqlExpr",
    "apply_list_options",
    "page_meta",
    "paginate",
    "parse_list_args",
    "where_level",
    "where_linked",
    "xp_is_array",
    "xp_text",
]

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    meta: ListMeta


@dataclass
class FacetedPage(Page[T]):
    """A page of products with the facet value counts of the whole result."""

    facets: list[ListFacet] = field(default_factory=list)


def page_meta(total: int, args: ListArgs, count: int) -> ListMeta:
    start = (args.page - 1) * args.page_size
    return ListMeta(
        page=args.page,
        page_size=args.page_size,
        total_count=total,
        total_pages=math.ceil(total / args.page_size),
        item_range=[start + 1, start + count]
        if count
        else [1, 0]
        if total == 0
        else [start + 1, start],
        next_page_key=None,
    )


S = TypeVar("S", bound=Select[Any])


def where_linked(stmt: S, args: ListArgs, links: Sequence[tuple[str, Any, Any]]) -> S:
    """Apply parameters that name a linked object by its public ID.

    Each link is (parameter, foreign-key column, model with ``pk`` and ``id``), e.g.
    ("buyerID", ProductAssignment.buyer_pk, Company).
    """
    for param, column, model in links:
        value = args.filter_value(param)
        if value:
            stmt = stmt.where(column.in_(select(model.pk).where(model.id == value)))
    return stmt


def where_level(stmt: S, args: ListArgs, group_column: Any, user_column: Any = None) -> S:
    """``level`` on assignments to a company, one of its user groups or one of its users.

    ``level=User`` is offered only where assignments can name a user (``user_column``).
    """
    level = (args.filter_value("level") or "").lower()
    if level == "group":
        return stmt.where(group_column.is_not(None))
    if level == "company":
        stmt = stmt.where(group_column.is_(None))
        return stmt if user_column is None else stmt.where(user_column.is_(None))
    if level == "user" and user_column is not None:
        return stmt.where(user_column.is_not(None))
    if level:
        levels = "Group or Company" if user_column is None else "User, Group or Company"
        raise ListError(f"level must be {levels}.", code="List.InvalidType")
    return stmt


# Under a shared base statement (e.g. a buyer's visible products): see core.memo.
_LIST_STATEMENTS: Memo[tuple[Select[Any], Select[Any]]] = Memo(size=512)


def paginate(session: Session, stmt: Select[Any], args: ListArgs, spec: ListSpec) -> Page[Any]:
    """Run a list query: two statements (count, page) whatever the page size."""
    dialect = session.get_bind().dialect.name
    count, page = _LIST_STATEMENTS.get_on(
        stmt, (spec, args.key(), dialect), lambda: _list_statements(stmt, spec, args, dialect)
    )
    total = session.scalar(count) or 0
    rows = session.scalars(page).all()
    return Page(items=list(rows), meta=page_meta(total, args, len(rows)))


def _list_statements(
    stmt: Select[Any], spec: ListSpec, args: ListArgs, dialect: str
) -> tuple[Select[Any], Select[Any]]:
    filtered = apply_list_options(stmt, spec, args, dialect)
    count = select(func.count()).select_from(filtered.order_by(None).subquery())
    page = (
        filtered.order_by(*order_by(spec, args, dialect))
        .offset((args.page - 1) * args.page_size)
        .limit(args.page_size)
    )
    return count, page
