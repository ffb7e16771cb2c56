"""List options compiled to SQL: filters (with operators and ``xp.`` paths), search, sort."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

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
from sqlalchemy.sql.elements import KeyedColumnElement

from mercato.core.filter_syntax import FilterValue, Op, Term, like_pattern, parse_filter_value
from mercato.core.list_args import ListArgs, ListError, ListSpec, SearchType, SqlExpr
from mercato.core.memo import Memo
from mercato.core.xp import primitive_values, split_xp_path, sqlite_json_path

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


def order_by(spec: ListSpec, args: ListArgs, dialect: str) -> list[ColumnElement[Any]]:
    default = spec.default_sort or (spec.sort[0] if spec.sort else None)
    names = args.sort_by or ([default] if default else [])
    clauses: list[ColumnElement[Any]] = []
    for raw in names:
        descending = raw.startswith("!")
        column = _sortable(spec, raw.lstrip("!"), dialect)
        clauses.append(column.desc() if descending else column.asc())
    clauses.append(spec.tiebreak.asc())
    return clauses
