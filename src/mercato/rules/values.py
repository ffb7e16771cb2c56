"""Values an expression computes with, and the operators on them.

Every value is one of: ``None`` (null), ``bool``, ``Decimal``, ``str``, an aware
``datetime``, a list or a mapping. Data read from the order is normalised on the way in:
ints and floats become ``Decimal(str(x))``, naive datetimes are taken as UTC, so no
operator ever sees a float.

Null follows SQL-like rules kept deliberately simple: arithmetic with null is null;
``=`` is true only for two nulls, ``<>`` is true when exactly one side is null, and
ordering comparisons with null are false. Text compares without regard to case, like
OrderCloud's list filters. Where a value cannot take part in an operation (text times a
number, ordering a number against text, division by zero), ``Mismatch`` is raised and
the evaluator turns it into a positioned ``RuleEvaluationError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import lru_cache
from typing import Any

from mercato.rules.tokens import parse_date

# 28 significant digits, like .NET's decimal; anything inexact beyond that rounds, and
# operations that cannot give a number raise instead of producing NaN or Infinity.
DECIMALS = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero])
DECIMALS.traps[Overflow] = True

_NUMBER_TEXT = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")


class Mismatch(Exception):
    """A value cannot take part in an operation; the message says why."""


def normalize(raw: Any) -> Any:
    """Turn data read from the context into an expression value."""
    if raw is None or isinstance(raw, bool | str | Mapping):
        return raw
    if isinstance(raw, Decimal | int | float):
        number = raw if isinstance(raw, Decimal) else Decimal(str(raw))
        return number if number.is_finite() else None
    if isinstance(raw, datetime):
        return raw if raw.tzinfo is not None else raw.replace(tzinfo=UTC)
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day, tzinfo=UTC)
    if isinstance(raw, Sequence):
        return raw
    return str(raw)


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a true/false value"),
    (Decimal, "a number"),
    (str, "text"),
    (datetime, "a date"),
    (Mapping, "an object"),
)


def kind(value: Any) -> str:
    """A word for the value's type in messages."""
    if value is None:
        return "null"
    return next((word for types, word in _KINDS if isinstance(value, types)), "a list")


def lookup(target: Any, name: str) -> Any:
    """Read a property: exact name first, then ignoring case; null when absent."""
    if not isinstance(target, Mapping):
        return None
    if name in target:
        return normalize(target[name])
    folded = name.casefold()
    for key, raw in target.items():
        if isinstance(key, str) and key.casefold() == folded:
            return normalize(raw)
    return None


def elements(value: Any) -> list[Any]:
    """The elements of a list value (null reads as an empty list)."""
    if value is None:
        return []
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [normalize(element) for element in value]
    raise Mismatch(f"Expected a list but found {kind(value)}")


def truth(value: Any) -> bool:
    """Read a condition: true, false, or null (which counts as false)."""
    if value is None or isinstance(value, bool):
        return value is True
    raise Mismatch(f"Expected true or false but found {kind(value)}")


# -- comparison ------------------------------------------------------------------------


def _coerce(left: Any, right: Any) -> tuple[Any, Any]:
    """Read text as a number or date when the other side is one (xp often holds text)."""
    for a, b, swap in ((left, right, False), (right, left, True)):
        if not isinstance(b, str) or isinstance(a, bool):
            continue
        converted: Any = None
        if isinstance(a, Decimal) and _NUMBER_TEXT.fullmatch(b):
            converted = Decimal(b.strip())
        elif isinstance(a, datetime):
            converted = parse_date(b)
        if converted is not None:
            return (converted, a) if swap else (a, converted)
    return left, right


def _same_kind(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool)
    return any(isinstance(left, t) and isinstance(right, t) for t in (Decimal, str, datetime))


def _key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def equal(left: Any, right: Any) -> bool:
    """``=``: values of different kinds are simply unequal."""
    if left is None or right is None:
        return left is None and right is None
    left, right = _coerce(left, right)
    if _same_kind(left, right):
        return bool(_key(left) == _key(right))
    if isinstance(left, Mapping | list | tuple) or isinstance(right, Mapping | list | tuple):
        return bool(_normalized(left) == _normalized(right))
    return False


def _normalized(value: Any) -> Any:
    value = normalize(value)
    if isinstance(value, Mapping):
        return {key: _normalized(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_normalized(item) for item in value]
    return _key(value)


def order(op: str, left: Any, right: Any) -> bool:
    """``<``, ``>``, ``<=``, ``>=`` between two numbers, two texts or two dates."""
    if left is None or right is None:
        return False
    left, right = _coerce(left, right)
    if isinstance(left, bool) or not _same_kind(left, right):
        raise Mismatch(f"Cannot order {kind(left)} against {kind(right)}")
    a, b = _key(left), _key(right)
    if op == "<":
        return bool(a < b)
    if op == ">":
        return bool(a > b)
    if op == "<=":
        return bool(a <= b)
    return bool(a >= b)


def compare(op: str, left: Any, right: Any) -> bool:
    if op == "=":
        return equal(left, right)
    if op == "<>":
        return not equal(left, right)
    return order(op, left, right)


@lru_cache(maxsize=512)
def _pattern(pattern: str) -> re.Pattern[str]:
    body = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(body, re.IGNORECASE | re.DOTALL)


def like(value: Any, pattern: str) -> bool:
    """``value = 'ab*'``: ``*`` stands for any run of characters; numbers match as text."""
    if isinstance(value, Decimal):
        value = format(value, "f")
    if not isinstance(value, str):
        return False
    return _pattern(pattern).fullmatch(value) is not None


# -- arithmetic ------------------------------------------------------------------------


def arithmetic(op: str, left: Any, right: Any) -> Any:
    """``+ - * / %`` on numbers; ``+`` also joins two texts. Null in, null out."""
    if left is None or right is None:
        return None
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        return left + right
    left, right = _coerce(left, right)
    if not (_is_number(left) and _is_number(right)):
        raise Mismatch(f"Cannot apply '{op}' to {kind(left)} and {kind(right)}")
    if op in "/%" and right == 0:
        raise Mismatch("Division by zero")
    operation = {
        "+": DECIMALS.add,
        "-": DECIMALS.subtract,
        "*": DECIMALS.multiply,
        "/": DECIMALS.divide,
        "%": DECIMALS.remainder,
    }[op]
    try:
        return _tidy(operation(left, right))
    except DecimalException as exc:
        raise Mismatch(f"'{op}' gives no number for {left} and {right}") from exc


def negate(value: Any) -> Any:
    if value is None:
        return None
    if not _is_number(value):
        raise Mismatch(f"Cannot negate {kind(value)}")
    return DECIMALS.minus(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal)


def _tidy(number: Decimal) -> Decimal:
    # Division can leave a long exponent form (Decimal('1E+1')); keep plain digits.
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0 and number.adjusted() < DECIMALS.prec:
        return number.quantize(Decimal(1), context=DECIMALS)
    return number
