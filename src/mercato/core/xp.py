"""Extended properties (xp): size limit, PATCH merge, and paths into xp on each database."""

import re
from typing import Any

import orjson
from sqlalchemy import ColumnElement, FromClause, String, case, cast, func, literal_column

from mercato.core.errors import ValidationFailure

MAX_XP_CHARACTERS = 8000
# Keys a path into xp may name; anything else could not be spelled safely in a JSON path.
XP_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


def check_xp(xp: Any) -> dict[str, Any] | None:
    if xp is None:
        return None
    if not isinstance(xp, dict):
        raise ValidationFailure("xp", "xp must be a JSON object.")
    try:
        serialized = orjson.dumps(xp).decode()
    except (TypeError, orjson.JSONEncodeError):
        # orjson refuses integers beyond 64 bits; no database stores them as JSON numbers.
        raise ValidationFailure("xp", "xp numbers must fit in 64-bit integers.") from None
    if len(serialized) > MAX_XP_CHARACTERS:
        raise ValidationFailure(
            "xp", f"xp may not exceed {MAX_XP_CHARACTERS} characters when serialized."
        )
    return xp


def merge_xp(current: dict[str, Any] | None, patch: dict[str, Any] | None) -> dict[str, Any] | None:
    """Merge a PATCH's xp into the stored one: nested objects merge, other values replace.

    A key set to null keeps the key with a null value; removing a key takes a PUT.
    """
    if patch is None:
        return None
    merged = dict(current or {})
    for key, value in patch.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_xp(old, value)
        else:
            merged[key] = value
    return merged


def split_xp_path(path: str) -> tuple[str, ...] | None:
    """The keys of a dotted path under xp (``Facets.Color``); None if one is not a plain key."""
    keys = tuple(path.split("."))
    return keys if all(XP_KEY.fullmatch(key) for key in keys) else None


def sqlite_json_path(keys: tuple[str, ...]) -> str:
    return "$" + "".join(f'."{key}"' for key in keys)


def primitive_values(
    column: Any, keys: tuple[str, ...], dialect: str
) -> tuple[FromClause, ColumnElement[Any]]:
    """The values found at ``keys`` in ``column``: the value itself, or each array element.

    Returns a table to join (``ON true``) to the rows that hold ``column``, and the value as
    text, spelled as JSON spells it (``true``, ``12``). The text is NULL for what is no
    single value (objects, nested arrays, JSON null), so callers filter on it.
    """
    if dialect == "postgresql":
        found = column[keys]
        as_array = case(
            (func.jsonb_typeof(found) == "array", found), else_=func.jsonb_build_array(found)
        )
        # AS alias(value): name the column rather than rely on the function's OUT name.
        elements = func.jsonb_array_elements(as_array).table_valued("value").render_derived()
        text = elements.c.value.op("#>>", return_type=String())(literal_column("'{}'"))
        primitive = func.jsonb_typeof(elements.c.value).in_(("string", "number", "boolean"))
        return elements, case((primitive, text))
    elements = func.json_each(column, sqlite_json_path(keys)).table_valued("key", "value", "type")
    kind = elements.c.type
    # json_each walks an object's members too, which have text keys (array elements have
    # numbers, a lone value none); an object is not a value.
    member = func.typeof(elements.c.key) == "text"
    return elements, case(
        (member, None),
        (kind.in_(("text", "integer", "real")), cast(elements.c.value, String())),
        (kind == "true", "true"),
        (kind == "false", "false"),
    )
