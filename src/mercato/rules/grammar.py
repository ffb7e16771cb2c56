"""What the parser accepts beyond operators: roots, functions and their argument counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_LENGTH = 400
# Parentheses, calls and unary operators deeper than this are refused; the cap keeps
# parsing and evaluation far from Python's recursion limit.
MAX_NESTING = 40
# Filters inside filters multiply the work (items x array elements); two levels cover
# ``items.any(Product.xp.Tags.contains('x'))``-style rules.
MAX_FILTER_NESTING = 2

KEYWORDS = frozenset({"and", "or", "not", "true", "false", "null"})
COMPARISONS = {"=": "=", "==": "=", "<>": "<>", "!=": "<>", "<": "<", ">": ">"} | {
    "<=": "<=",
    ">=": ">=",
}
ADDITIVE = frozenset({"+", "-"})
MULTIPLICATIVE = frozenset({"*", "/", "%"})


class ItemUse(StrEnum):
    """Whether the selected line item, ``item``, may appear outside filters.

    Line-item promotions require it in ``EligibleExpression`` and allow it in
    ``ValueExpression``; order-level promotions and approval rules forbid it.
    """

    forbidden = "forbidden"
    optional = "optional"
    required = "required"


@dataclass(frozen=True, slots=True)
class Arity:
    least: int
    most: int | None  # None: no upper bound
    odd: bool = False  # ifs(cond, value, ..., default) takes an odd number

    def accepts(self, count: int) -> bool:
        if count < self.least or (self.most is not None and count > self.most):
            return False
        return not self.odd or count % 2 == 1

    def describe(self) -> str:
        if self.odd:
            return f"an odd number of arguments, at least {self.least}"
        if self.most is None:
            return f"at least {self.least} arguments"
        if self.least == self.most:
            return f"{self.least} argument{'s' if self.least != 1 else ''}"
        return f"{self.least} to {self.most} arguments"


FUNCTIONS: dict[str, Arity] = {
    "min": Arity(2, None),
    "max": Arity(2, None),
    "round": Arity(1, 2),
    "ifs": Arity(3, None, odd=True),
    # ``approved('rule')`` alone appears in OrderCloud's own examples; same as order.approved.
    "approved": Arity(1, 1),
}

# Methods whose argument is a filter evaluated once per element.
FILTER_METHODS: dict[str, Arity] = {
    "any": Arity(0, 1),
    "all": Arity(1, 1),
    "count": Arity(0, 1),
    "quantity": Arity(0, 1),
    "total": Arity(0, 1),
}
VALUE_METHODS: dict[str, Arity] = {
    "contains": Arity(1, 1),
    "in": Arity(1, None),
    "incategory": Arity(1, 1),
    "inparentcategory": Arity(1, 1),
    "approved": Arity(1, 1),
}
ITEMS_ONLY_METHODS = frozenset({"quantity", "total"})
CATEGORY_METHODS = frozenset({"incategory", "inparentcategory"})
