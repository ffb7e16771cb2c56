"""The syntax tree a rule expression parses into: small immutable nodes.

Every node carries ``pos``, the 1-based column where it starts, for error messages.
Names are resolved while parsing, so the evaluator never guesses what an identifier means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class RootName(StrEnum):
    """The names an expression may start from (matched case-insensitively)."""

    order = "order"
    items = "items"
    item = "item"
    user = "user"


LiteralValue = Decimal | str | bool | datetime | None


@dataclass(frozen=True, slots=True)
class Literal:
    value: LiteralValue
    pos: int


@dataclass(frozen=True, slots=True)
class Root:
    """``order``, ``items``, ``user`` or (line-item promotions) the selected ``item``."""

    name: RootName
    pos: int


@dataclass(frozen=True, slots=True)
class Element:
    """``item`` inside a filter: the line item or array element being tested."""

    pos: int


@dataclass(frozen=True, slots=True)
class Field:
    """A bare name inside a filter, read from the element (``ProductID`` in ``items.any``)."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Member:
    target: Node
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    """A global function such as ``min(a, b)``; ``name`` is lower-case."""

    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Method:
    """A function called on a value, such as ``items.any(...)``; ``name`` is lower-case."""

    target: Node
    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Arith:
    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Compare:
    """``=``, ``<>``, ``<``, ``>``, ``<=`` or ``>=`` (``!=`` and ``==`` are normalised)."""

    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Like:
    """``value = 'ab*'``: a comparison with a wildcard string literal on the right."""

    operand: Node
    pattern: str
    negated: bool
    pos: int


@dataclass(frozen=True, slots=True)
class Logical:
    op: str
    left: Node
    right: Node
    pos: int


Node = (
    Literal
    | Root
    | Element
    | Field
    | Member
    | Call
    | Method
    | Not
    | Negate
    | Arith
    | Compare
    | Like
    | Logical
)
