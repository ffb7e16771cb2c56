"""OrderCloud's rule expressions: approval rules and promotion expressions.

``check`` validates an expression when a rule or promotion is saved; ``evaluate`` computes
one against an order (``RuleContext``) and ``matches`` reads the answer as a condition.

The language: roots ``order``, ``user``, ``item`` (line-item promotions) and the ``items``
functions ``any all count quantity total`` taking a filter over line-item fields; property
access by dots, matched exactly and then ignoring case (``order.xp.Tier``, ``Product.xp.X``);
``= <> < > <= >=`` (``'ab*'`` on the right of ``=``/``<>`` matches with wildcards),
``and or not``, ``+ - * / %``, parentheses; literals ``'text'``, numbers, ``true``,
``false``, ``null`` and dates ``#6/15/2016#``; functions ``min max round ifs approved``;
on values ``contains in any all count``, on products ``incategory inparentcategory``,
on the order ``approved('ruleID')``. Numbers are ``Decimal`` throughout. See ``values``
for how null, text and mismatched types compare.
"""

from __future__ import annotations

from mercato.rules.errors import ExpressionErrorCode, RuleEvaluationError, RuleSyntaxError
from mercato.rules.evaluator import Evaluator, RuleContext
from mercato.rules.grammar import ItemUse
from mercato.rules.parser import ParsedRule, parse

__all__ = [
    "ExpressionErrorCode",
    "ItemUse",
    "ParsedRule",
    "RuleContext",
    "RuleEvaluationError",
    "RuleSyntaxError",
    "check",
    "evaluate",
    "matches",
    "parse",
]


def check(expression: str, *, item: ItemUse = ItemUse.forbidden) -> None:
    """Raise ``RuleSyntaxError`` unless the expression can be saved.

    ``item`` says whether the selected line item may (``optional``) or must
    (``required``) appear: required for a line-item promotion's EligibleExpression,
    optional for its ValueExpression, forbidden elsewhere.
    """
    parse(expression, item=item)


def evaluate(expression: str, context: RuleContext) -> object:
    """Compute an expression: a ``bool``, ``Decimal``, ``str``, date, list, mapping or None.

    Raises ``RuleSyntaxError`` for an invalid expression and ``RuleEvaluationError`` when
    this data cannot be computed with (text times a number, division by zero...).
    Missing properties are null rather than errors.
    """
    tree = parse(expression, item=ItemUse.optional).tree
    return Evaluator(context).run(tree)


def matches(expression: str, context: RuleContext) -> bool:
    """Whether the expression is ``true`` for this context.

    Anything but ``true`` does not match: ``false``, null, a number... An expression that
    cannot be computed for this data does not match either (its ``RuleEvaluationError``
    is swallowed), so a rule broken by unexpected xp neither blocks checkout nor grants
    a promotion. Invalid syntax still raises ``RuleSyntaxError``.
    """
    try:
        return evaluate(expression, context) is True
    except RuleEvaluationError:
        return False
