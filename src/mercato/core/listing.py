"""The one list engine: paging, search, sort and filters for every list route.

A resource declares a ``ListSpec`` (which wire fields exist, which are searchable and
sortable); a route hands the engine a base ``select()`` that already encodes visibility,
and the engine adds the caller's options and pages the result in SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query, Request
from sqlalchemy import (
    Boolean,
    ColumnElement,
    DateTime,
    Integer,
    Numeric,
    Select,
    String,
    and_,
    case,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import KeyedColumnElement

from mercato.core.errors import ApiError
from mercato.core.filter_syntax import FilterValue, Op, Term, like_pattern, parse_filter_value
from mercato.core.memo import Memo
from mercato.core.schemas import ListFacet, ListMeta
from mercato.core.xp import primitive_values, split_xp_path, sqlite_json_path

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
        search_on = tuple(self.search_on) if self.search_on is not None else None
        return (self.search, search_on, self.search_type, tuple(self.sort_by), self.page,
                self.page_size, tuple(self.filters))  # fmt: skip

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


# --- compiling options to SQL -------------------------------------------------------------

_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def _kind(column: ColumnElement[Any]) -> str:
    column_type = column.type
    if isinstance(column_type, Boolean):
        return "bool"
    if isinstance(column_type, Integer):
        return "int"
    if isinstance(column_type, Numeric):
        return "decimal"
    impl = getattr(column_type, "impl", column_type)
    if isinstance(column_type, DateTime) or isinstance(impl, DateTime):
        return "datetime"
    return "text"


def _invalid_value(prop: str, value: str, kind: str) -> ListError:
    return ListError(
        f"'{value}' is not a valid {kind} value for {prop}.",
        code="List.InvalidType",
        data={"Property": prop, "Value": value},
    )


def _parse_datetime(value: str) -> datetime:
    for parse in (
        datetime.fromisoformat,
        lambda v: datetime.strptime(v, "%m/%d/%Y").replace(tzinfo=UTC),
    ):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    raise ValueError(value)


def _coerce(prop: str, kind: str, value: str) -> Any:
    try:
        if kind == "int":
            return int(value)
        if kind == "decimal":
            return Decimal(value)
        if kind == "datetime":
            return _parse_datetime(value)
    except (ValueError, InvalidOperation):
        raise _invalid_value(prop, value, kind) from None
    if kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise _invalid_value(prop, value, "boolean")
    return value


def _column_condition(prop: str, column: SqlExpr, term: Term) -> SqlExpr:
    kind = _kind(column)
    if term.op is Op.PRESENT:
        return column.is_not(None)
    if term.op is Op.LIKE:
        text = column if kind == "text" else func.cast(column, String())
        return text.ilike(like_pattern(term.value), escape="\\")
    value = _coerce(prop, kind, term.value)
    if term.op is Op.EQ:
        return func.lower(column) == value.lower() if kind == "text" else column == value
    return _compare(column, term.op, value)


def _compare(expr: SqlExpr, op: Op, value: Any) -> SqlExpr:
    if op is Op.GT:
        return expr > value
    if op is Op.LT:
        return expr < value
    if op is Op.GTE:
        return expr >= value
    return expr <= value


class _XpPath:
    """SQL expressions for one xp path on the current dialect."""

    def __init__(
        self, column: KeyedColumnElement[Any], path: tuple[str, ...], dialect: str
    ) -> None:
        self.column, self.path, self.dialect = column, path, dialect

    def json_path(self) -> str:
        return sqlite_json_path(self.path)

    def as_text(self) -> SqlExpr:
        return xp_text(self.column, self.path, self.dialect)

    def as_number(self) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            is_number = func.jsonb_typeof(self.column[self.path]) == "number"
            return case((is_number, func.cast(self.column[self.path].as_string(), Numeric())))
        kind = func.json_type(self.column, self.json_path())
        return case(
            (kind.in_(("integer", "real")), func.json_extract(self.column, self.json_path()))
        )

    def any_element(self, condition: Callable[[SqlExpr], SqlExpr]) -> ColumnElement[bool]:
        """The path holds an array with an element for which ``condition(text)`` holds."""
        is_array = xp_is_array(self.column, self.path, self.dialect)
        elements, value = primitive_values(self.column, self.path, self.dialect)
        return and_(is_array, exists(select(1).select_from(elements).where(condition(value))))

    def present(self) -> ColumnElement[bool]:
        # coalesce: a missing path must read as "absent", never as SQL NULL.
        if self.dialect == "postgresql":
            return func.coalesce(func.jsonb_typeof(self.column[self.path]), "null") != "null"
        return func.coalesce(func.json_type(self.column, self.json_path()), "null") != "null"


def xp_text(column: SqlExpr, path: Sequence[str], dialect: str) -> SqlExpr:
    """An xp value as text, the expression that xp filters compare and xp indices index.

    The path and constants are inlined rather than bound: an expression index is used only
    when the query spells the very same expression, and a bound parameter never matches.
    Path keys are restricted to ``core.xp.XP_KEY`` characters, so inlining is safe.
    """
    if dialect == "postgresql":
        array = "{" + ",".join(f'"{segment}"' for segment in path) + "}"
        return column.op("#>>", return_type=String())(literal_column(f"'{array}'", String()))
    # SQLite's json_extract gives 1/0 for booleans; spell them as JSON does.
    json_path = literal_column(f"'{sqlite_json_path(tuple(path))}'", String())
    kind = func.json_type(column, json_path)
    true, false = literal_column("'true'", String()), literal_column("'false'", String())
    return case(
        (kind == true, true),
        (kind == false, false),
        else_=func.cast(func.json_extract(column, json_path), String()),
    )


def xp_is_array(column: SqlExpr, path: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """Whether the xp value is an array; inlined, like ``xp_text``, to match a partial index.

    An equality filter also looks inside arrays (an OR); the database serves that OR from
    two indexes only when the array branch implies a partial index's condition.
    """
    array = literal_column("'array'", String())
    if dialect == "postgresql":
        keys = "{" + ",".join(f'"{key}"' for key in path) + "}"
        found = column.op("#>", return_type=JSONB())(literal_column(f"'{keys}'", String()))
        return func.jsonb_typeof(found) == array
    json_path = literal_column(f"'{sqlite_json_path(tuple(path))}'", String())
    return func.json_type(column, json_path) == array


def _xp_condition(xp: _XpPath, term: Term) -> SqlExpr:
    if term.op is Op.PRESENT:
        return xp.present()
    if term.op in (Op.LIKE, Op.EQ):
        # An array matches when one of its elements does: xp.Colors=red finds ["red", "blue"],
        # as a product facet's values promise.
        def matches(text: SqlExpr) -> SqlExpr:
            if term.op is Op.LIKE:
                return text.ilike(like_pattern(term.value), escape="\\")
            return func.lower(text) == term.value.lower()

        return or_(matches(xp.as_text()), xp.any_element(matches))
    try:
        number = Decimal(term.value)
    except InvalidOperation:
        return _compare(xp.as_text(), term.op, term.value)
    return _compare(xp.as_number(), term.op, number)


def _negate(
    condition: ColumnElement[bool], term: Term, nullable: ColumnElement[Any]
) -> ColumnElement[bool]:
    if not term.negated:
        return condition
    if term.op is Op.PRESENT:
        return not_(condition)
    # "not equal to x" also holds for objects that have no value at all.
    return or_(nullable.is_(None), not_(condition))


_CONDITIONS: Memo[ColumnElement[bool]] = Memo(size=1024)


def _filter_condition(spec: ListSpec, key: str, raw: str, dialect: str) -> ColumnElement[bool]:
    return _CONDITIONS.get(
        (spec, key, raw, dialect), lambda: _build_filter_condition(spec, key, raw, dialect)
    )


def _build_filter_condition(
    spec: ListSpec, key: str, raw: str, dialect: str
) -> ColumnElement[bool]:
    parsed: FilterValue = parse_filter_value(raw)
    if key.lower().startswith("xp.") and spec.xp is not None:
        xp = _XpPath(spec.xp, _xp_path(key), dialect)
        return or_(*(_negate(_xp_condition(xp, t), t, xp.as_text()) for t in parsed.terms))
    column = spec.lookup(key)
    if column is None:
        raise ListError(
            f"{key} is not a property that can be filtered on.",
            code="List.InvalidProperty",
            data={"Property": key},
        )
    return or_(*(_negate(_column_condition(key, column, t), t, column) for t in parsed.terms))


def _xp_path(key: str) -> tuple[str, ...]:
    keys = split_xp_path(key.partition(".")[2])
    if keys is None:
        raise ListError(
            f"{key} is not a valid xp path.", code="List.InvalidProperty", data={"Property": key}
        )
    return keys


def _sortable(spec: ListSpec, name: str, dialect: str) -> SqlExpr:
    if name.lower().startswith("xp.") and spec.xp is not None:
        return _XpPath(spec.xp, _xp_path(name), dialect).as_text()
    if name.lower() in {s.lower() for s in spec.sort}:
        column = spec.lookup(name)
        if column is not None:
            return column
    raise ListError(
        f"{name} is not a sortable property.",
        code="List.InvalidSortProperty",
        data={"Property": name},
    )


def _search_condition(spec: ListSpec, args: ListArgs, dialect: str) -> ColumnElement[bool] | None:
    if not args.search:
        return None
    if not spec.search:
        raise ListError(
            "This list has no searchable properties.",
            code="List.InvalidSearchProperty",
            data={"Property": "search"},
        )
    names = args.search_on or list(spec.search)
    columns: list[ColumnElement[Any]] = []
    for name in names:
        if name.lower().startswith("xp.") and spec.xp is not None:
            columns.append(_XpPath(spec.xp, _xp_path(name), dialect).as_text())
        elif name.lower() in {s.lower() for s in spec.search}:
            columns.append(spec.fields[next(k for k in spec.fields if k.lower() == name.lower())])
        else:
            raise ListError(
                f"{name} is not a searchable property.",
                code="List.InvalidSearchProperty",
                data={"Property": name},
            )
    return _search_expression(columns, args.search, args.search_type)


def _contains(
    column: ColumnElement[Any], text: str, *, prefix: bool = False
) -> ColumnElement[bool]:
    escaped = like_pattern(text.replace("*", ""))
    return column.ilike(f"{escaped}%" if prefix else f"%{escaped}%", escape="\\")


def _search_expression(
    columns: list[ColumnElement[Any]], search: str, mode: SearchType
) -> ColumnElement[bool]:
    terms = search.split() or [search]
    if mode is SearchType.ExactPhrase:
        return or_(*(_contains(c, search) for c in columns))
    if mode is SearchType.ExactPhrasePrefix:
        return or_(*(_contains(c, search, prefix=True) for c in columns))
    if mode is SearchType.AllTermsAnyField:
        return and_(*(or_(*(_contains(c, t) for c in columns)) for t in terms))
    if mode is SearchType.AllTermsSameField:
        return or_(*(and_(*(_contains(c, t) for t in terms)) for c in columns))
    return or_(*(_contains(c, t) for c in columns for t in terms))


def apply_list_options(
    stmt: Select[Any], spec: ListSpec, args: ListArgs, dialect: str
) -> Select[Any]:
    """Add the caller's filters and search to a base query (no ordering, no paging)."""
    for key, raw in args.filters:
        if key.lower() in spec.params:
            continue
        stmt = stmt.where(_filter_condition(spec, key, raw, dialect))
    search = _search_condition(spec, args, dialect)
    return stmt if search is None else stmt.where(search)


def _order_by(spec: ListSpec, args: ListArgs, dialect: str) -> list[ColumnElement[Any]]:
    default = spec.default_sort or (spec.sort[0] if spec.sort else None)
    names = args.sort_by or ([default] if default else [])
    clauses: list[ColumnElement[Any]] = []
    for raw in names:
        descending = raw.startswith("!")
        column = _sortable(spec, raw.lstrip("!"), dialect)
        clauses.append(column.desc() if descending else column.asc())
    clauses.append(spec.tiebreak.asc())
    return clauses


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


# Keyed by the base statement itself: only a base that its builder memoised too (one
# object for many requests, e.g. a buyer's visible products) hits.
_LIST_STATEMENTS: Memo[tuple[Select[Any], Select[Any]]] = Memo(size=512)


def paginate(session: Session, stmt: Select[Any], args: ListArgs, spec: ListSpec) -> Page[Any]:
    """Run a list query: two statements (count, page) whatever the page size."""
    dialect = session.get_bind().dialect.name
    count, page = _LIST_STATEMENTS.get(
        (stmt, spec, args.key(), dialect), lambda: _list_statements(stmt, spec, args, dialect)
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
        filtered.order_by(*_order_by(spec, args, dialect))
        .offset((args.page - 1) * args.page_size)
        .limit(args.page_size)
    )
    return count, page
