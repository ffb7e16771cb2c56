"""Walks a parsed expression against an order and its line items.

Filters (``items.any(...)``, ``order.xp.Tags.all(...)``) evaluate their argument once per
element with that element bound: bare names read its properties and ``item`` is the
element itself. ``and``, ``or`` and ``ifs`` stop as soon as the answer is known, so a
later operand that could not be computed is never looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Any

from mercato.rules import values
from mercato.rules.errors import RuleEvaluationError
from mercato.rules.nodes import (
    Arith,
    Call,
    Compare,
    Element,
    Field,
    Like,
    Literal,
    Logical,
    Member,
    Method,
    Negate,
    Node,
    Not,
    Root,
    RootName,
)
from mercato.rules.values import Mismatch

_MAX_ROUND_PLACES = 20


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What an expression can see, all wire-shaped (PascalCase keys, ``xp`` included).

    ``order`` is the order (with ``FromUser``, ``BillingAddress``...); ``items`` its line
    items, each with its ``Product``; ``user`` the ordering user; ``item`` the line item
    a line-item promotion is being evaluated for. ``approved_rules`` holds the IDs of
    approval rules already approved on this order (for ``order.approved('id')``);
    ``product_categories`` maps a product ID to the category IDs it is assigned to and
    ``category_parents`` a category ID to its parent's (for ``incategory`` and
    ``inparentcategory``).
    """

    order: Mapping[str, Any]
    items: Sequence[Mapping[str, Any]] = ()
    user: Mapping[str, Any] | None = None
    item: Mapping[str, Any] | None = None
    approved_rules: Collection[str] = frozenset()
    product_categories: Mapping[str, Collection[str]] = field(default_factory=dict)
    category_parents: Mapping[str, str | None] = field(default_factory=dict)


_Handler = Callable[["Evaluator", Any], Any]
_HANDLERS: dict[type, _Handler] = {}


def _handles(node_type: type) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _HANDLERS[node_type] = handler
        return handler

    return register


class Evaluator:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.element: Any = None

    def run(self, node: Node) -> Any:
        try:
            return _HANDLERS[type(node)](self, node)
        except Mismatch as exc:
            raise _positioned(exc, node) from exc

    def condition(self, node: Node) -> bool:
        value = self.run(node)
        try:
            return values.truth(value)
        except Mismatch as exc:
            raise _positioned(exc, node) from exc

    def passes(self, element: Any, test: Node | None) -> bool:
        """Whether a filter lets an element through (every element, without a filter)."""
        if test is None:
            return True
        with self.bound(element):
            return self.condition(test)

    @contextmanager
    def bound(self, element: Any) -> Iterator[None]:
        outer, self.element = self.element, element
        try:
            yield
        finally:
            self.element = outer


def _positioned(exc: Mismatch, node: Node) -> RuleEvaluationError:
    return RuleEvaluationError(str(exc), node.pos)


# -- plain nodes -----------------------------------------------------------------------


@_handles(Literal)
def _literal(_ev: Evaluator, node: Literal) -> Any:
    return node.value


@_handles(Root)
def _root(ev: Evaluator, node: Root) -> Any:
    if node.name is RootName.order:
        return ev.context.order
    if node.name is RootName.user:
        return ev.context.user
    # ``items`` only ever appears as the target of a method, handled there.
    return ev.context.item


@_handles(Element)
def _element(ev: Evaluator, _node: Element) -> Any:
    return ev.element


@_handles(Field)
def _field(ev: Evaluator, node: Field) -> Any:
    return values.lookup(ev.element, node.name)


@_handles(Member)
def _member(ev: Evaluator, node: Member) -> Any:
    return values.lookup(ev.run(node.target), node.name)


@_handles(Not)
def _not(ev: Evaluator, node: Not) -> Any:
    return not ev.condition(node.operand)


@_handles(Negate)
def _negate(ev: Evaluator, node: Negate) -> Any:
    return values.negate(ev.run(node.operand))


@_handles(Arith)
def _arith(ev: Evaluator, node: Arith) -> Any:
    return values.arithmetic(node.op, ev.run(node.left), ev.run(node.right))


@_handles(Compare)
def _compare(ev: Evaluator, node: Compare) -> Any:
    return values.compare(node.op, ev.run(node.left), ev.run(node.right))


@_handles(Like)
def _like(ev: Evaluator, node: Like) -> Any:
    return values.like(ev.run(node.operand), node.pattern) != node.negated


@_handles(Logical)
def _logical(ev: Evaluator, node: Logical) -> Any:
    left = ev.condition(node.left)
    if left is (node.op == "or"):
        return left
    return ev.condition(node.right)


# -- global functions ------------------------------------------------------------------


@_handles(Call)
def _call(ev: Evaluator, node: Call) -> Any:
    if node.name == "ifs":
        return _ifs(ev, node.args)
    args = [ev.run(arg) for arg in node.args]
    if node.name == "approved":
        return _approved(ev, args[0])
    if node.name == "round":
        return _round(*args)
    return _extreme(node.name, args)


def _ifs(ev: Evaluator, args: tuple[Node, ...]) -> Any:
    # ifs(condition, value, condition, value, ..., default)
    for i in range(0, len(args) - 1, 2):
        if ev.condition(args[i]):
            return ev.run(args[i + 1])
    return ev.run(args[-1])


def _extreme(name: str, args: list[Any]) -> Any:
    if any(arg is None for arg in args):
        return None
    best = args[0]
    for arg in args[1:]:
        if values.order("<" if name == "min" else ">", arg, best):
            best = arg
    return best


def _round(number: Any, places: Any = Decimal(0)) -> Any:
    if number is None:
        return None
    if not isinstance(number, Decimal):
        raise Mismatch(f"The value to round must be a number, not {values.kind(number)}")
    if not isinstance(places, Decimal) or places != places.to_integral_value():
        raise Mismatch("The decimal places for round() must be a whole number")
    if not 0 <= places <= _MAX_ROUND_PLACES:
        raise Mismatch(f"The decimal places for round() must be 0 to {_MAX_ROUND_PLACES}")
    try:
        return number.quantize(
            Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP, context=values.DECIMALS
        )
    except DecimalException as exc:
        raise Mismatch(f"Cannot round {number} to {places} places") from exc


def _approved(ev: Evaluator, rule_id: Any) -> bool:
    if not isinstance(rule_id, str):
        raise Mismatch(f"The rule ID for approved() must be text, not {values.kind(rule_id)}")
    wanted = rule_id.casefold()
    return any(approved.casefold() == wanted for approved in ev.context.approved_rules)


# -- methods ---------------------------------------------------------------------------


@_handles(Method)
def _method(ev: Evaluator, node: Method) -> Any:
    target = node.target
    if isinstance(target, Root) and target.name is RootName.items:
        items = [values.normalize(line) for line in ev.context.items]
        return _filter_method(ev, node, items)
    if node.name in ("any", "all", "count"):
        return _filter_method(ev, node, values.elements(ev.run(target)))
    subject = ev.run(target)
    if node.name == "approved":
        return _approved(ev, ev.run(node.args[0]))
    if node.name in ("incategory", "inparentcategory"):
        return _in_category(ev, subject, ev.run(node.args[0]), node.name == "inparentcategory")
    args = [ev.run(arg) for arg in node.args]
    if node.name == "contains":
        return _contains(subject, args[0])
    return _in(subject, args)


def _filter_method(ev: Evaluator, node: Method, elements: list[Any]) -> Any:
    test = node.args[0] if node.args else None
    if node.name == "any":
        return any(ev.passes(element, test) for element in elements)
    if node.name == "all":
        return all(ev.passes(element, test) for element in elements)
    kept = [element for element in elements if ev.passes(element, test)]
    if node.name == "count":
        return Decimal(len(kept))
    name = "Quantity" if node.name == "quantity" else "LineTotal"
    return _sum(values.lookup(element, name) for element in kept)


def _sum(numbers: Iterator[Any]) -> Decimal:
    total = Decimal(0)
    for number in numbers:
        if number is not None:
            total = values.arithmetic("+", total, number)
    return total


def _contains(subject: Any, wanted: Any) -> bool:
    if subject is None:
        return False
    if isinstance(subject, str):
        needle = format(wanted, "f") if isinstance(wanted, Decimal) else wanted
        if not isinstance(needle, str):
            raise Mismatch(f"Cannot look for {values.kind(wanted)} in text")
        return needle.casefold() in subject.casefold()
    return any(values.equal(element, wanted) for element in values.elements(subject))


def _in(subject: Any, options: list[Any]) -> bool:
    # in('a', 'b') lists the options; a single text argument may list them with commas.
    if len(options) == 1 and isinstance(options[0], str):
        options = [option.strip() for option in options[0].split(",")]
    return any(values.equal(subject, option) for option in options)


def _in_category(ev: Evaluator, product: Any, category: Any, with_children: bool) -> bool:
    if not isinstance(category, str):
        raise Mismatch(f"A category ID must be text, not {values.kind(category)}")
    product_id = values.lookup(product, "ID")
    if not isinstance(product_id, str):
        return False
    assigned = _folded(ev.context.product_categories).get(product_id.casefold(), ())
    wanted = category.casefold()
    if not with_children:
        return any(found.casefold() == wanted for found in assigned)
    parents = {
        child.casefold(): parent.casefold()
        for child, parent in ev.context.category_parents.items()
        if parent is not None
    }
    return any(wanted in _lineage(found.casefold(), parents) for found in assigned)


def _folded(mapping: Mapping[str, Collection[str]]) -> dict[str, Collection[str]]:
    return {key.casefold(): found for key, found in mapping.items()}


def _lineage(category: str, parents: Mapping[str, str]) -> set[str]:
    """A category and all its ancestors (a cycle in the data ends the walk)."""
    seen: set[str] = set()
    current: str | None = category
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen
