"""Parser for OrderCloud list filter values, free of any SQL.

A filter arrives as ``Field=value``. The value grammar:

- ``a|b|c``       any of the alternatives (OR)
- ``!value``      negation of the term that follows
- ``>x`` ``<x`` ``>=x`` ``<=x``  comparisons (``!<x`` reads "not less than")
- ``abc*`` ``*abc`` ``*a*c*``    wildcards
- ``*`` / ``!*``  the field has a value / has none

Repeating a key combines the filters with AND; that happens one level up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Op(StrEnum):
    EQ = "eq"
    LIKE = "like"
    GT = "gt"
    LT = "lt"
    GTE = "gte"
    LTE = "lte"
    PRESENT = "present"


@dataclass(frozen=True)
class Term:
    """One alternative of a filter value: ``negated`` applies to the whole comparison."""

    op: Op
    value: str
    negated: bool = False


@dataclass(frozen=True)
class FilterValue:
    """A parsed filter value: the alternatives are OR-ed together."""

    terms: tuple[Term, ...]


_COMPARISONS = ((">=", Op.GTE), ("<=", Op.LTE), (">", Op.GT), ("<", Op.LT))


def parse_term(raw: str) -> Term:
    negated = raw.startswith("!")
    body = raw[1:] if negated else raw
    for prefix, op in _COMPARISONS:
        if body.startswith(prefix):
            return Term(op, body[len(prefix) :], negated)
    if body == "*":
        return Term(Op.PRESENT, "", negated)
    if "*" in body:
        return Term(Op.LIKE, body, negated)
    return Term(Op.EQ, body, negated)


def parse_filter_value(raw: str) -> FilterValue:
    return FilterValue(tuple(parse_term(part) for part in raw.split("|")))


def like_pattern(value: str) -> str:
    r"""Turn a ``*`` wildcard value into a SQL LIKE pattern with ``\\`` as escape."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")
