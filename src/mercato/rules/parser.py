"""Recursive-descent parser from tokens to the syntax tree in ``nodes``.

Precedence, loosest first: ``or``; ``and``; ``not``; comparisons (not chainable);
``+ -``; ``* / %``; unary ``-``; member access and calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from mercato.rules import grammar
from mercato.rules.errors import ExpressionErrorCode, RuleSyntaxError
from mercato.rules.grammar import ItemUse
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
from mercato.rules.tokens import Kind, Token, tokenize

_CONSTANTS = {"true": True, "false": False, "null": None}
_ROOTS = "order, items, item or user"
_ITEMS_USE = "'items' can only be used as items.any/all/count/quantity/total(...)"


def _syntax(message: str, pos: int) -> RuleSyntaxError:
    return RuleSyntaxError(ExpressionErrorCode.InvalidSyntax, message, pos)


def _describe(token: Token) -> str:
    return "end of expression" if token.kind is Kind.END else repr(token.text)


class Parser:
    def __init__(self, tokens: list[Token], item_use: ItemUse) -> None:
        self.tokens = tokens
        self.i = 0
        self.item_use = item_use
        self.nesting = 0
        self.filter_nesting = 0
        self.uses_item = False
        self.uses_categories = False
        self.approvals: set[str] = set()

    # -- token helpers -------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.i += 1
        return token

    def at_keyword(self, word: str) -> bool:
        token = self.peek()
        return token.kind is Kind.NAME and token.text.lower() == word

    def at_op(self, ops: frozenset[str] | dict[str, str]) -> bool:
        token = self.peek()
        return token.kind is Kind.OP and token.text in ops

    def expect(self, kind: Kind, what: str) -> Token:
        token = self.peek()
        if token.kind is not kind:
            raise _syntax(f"Expected {what} but found {_describe(token)}", token.pos)
        return self.advance()

    @contextmanager
    def nested(self, pos: int) -> Iterator[None]:
        self.nesting += 1
        if self.nesting > grammar.MAX_NESTING:
            raise _syntax("Expression is nested too deeply", pos)
        try:
            yield
        finally:
            self.nesting -= 1

    # -- grammar -------------------------------------------------------------------------

    def parse(self) -> Node:
        if self.peek().kind is Kind.END:
            raise _syntax("Expression is empty", self.peek().pos)
        node = self.or_expr()
        token = self.peek()
        if token.kind is not Kind.END:
            raise _syntax(f"Unexpected {_describe(token)}", token.pos)
        return node

    def _logical(self, word: str, operand: Callable[[], Node]) -> Node:
        left = operand()
        while self.at_keyword(word):
            pos = self.advance().pos
            left = Logical(word, left, operand(), pos)
        return left

    def or_expr(self) -> Node:
        return self._logical("or", self.and_expr)

    def and_expr(self) -> Node:
        return self._logical("and", self.not_expr)

    def not_expr(self) -> Node:
        if not self.at_keyword("not"):
            return self.comparison()
        pos = self.advance().pos
        with self.nested(pos):
            return Not(self.not_expr(), pos)

    def comparison(self) -> Node:
        left = self.additive()
        if not self.at_op(grammar.COMPARISONS):
            return left
        token = self.advance()
        op = grammar.COMPARISONS[token.text]
        right = self.additive()
        if self.at_op(grammar.COMPARISONS):
            raise _syntax("Comparisons cannot be chained; combine them with 'and'", self.peek().pos)
        if op in ("=", "<>") and isinstance(right, Literal):
            pattern = right.value
            if isinstance(pattern, str) and "*" in pattern:
                return Like(left, pattern, op == "<>", token.pos)
        return Compare(op, left, right, token.pos)

    def _binary(self, ops: frozenset[str], operand: Callable[[], Node]) -> Node:
        left = operand()
        while self.at_op(ops):
            token = self.advance()
            left = Arith(token.text, left, operand(), token.pos)
        return left

    def additive(self) -> Node:
        return self._binary(grammar.ADDITIVE, self.multiplicative)

    def multiplicative(self) -> Node:
        return self._binary(grammar.MULTIPLICATIVE, self.unary)

    def unary(self) -> Node:
        if not self.at_op(grammar.ADDITIVE):
            return self.postfix()
        token = self.advance()
        with self.nested(token.pos):
            operand = self.unary()
        return Negate(operand, token.pos) if token.text == "-" else operand

    def postfix(self) -> Node:
        node = self.primary()
        while self.peek().kind is Kind.DOT:
            self.advance()
            name = self.expect(Kind.NAME, "a property or function name after '.'")
            if self.peek().kind is Kind.LPAREN:
                node = self.method(node, name)
            elif _is_items(node):
                raise _syntax(_ITEMS_USE, name.pos)
            else:
                node = Member(node, name.text, name.pos)
        if _is_items(node):
            raise _syntax(_ITEMS_USE, node.pos)
        return node

    def primary(self) -> Node:
        token = self.peek()
        if token.kind in (Kind.NUMBER, Kind.STRING, Kind.DATE):
            self.advance()
            return Literal(token.value, token.pos)
        if token.kind is Kind.LPAREN:
            self.advance()
            with self.nested(token.pos):
                node = self.or_expr()
            self.expect(Kind.RPAREN, "')'")
            return node
        if token.kind is Kind.NAME:
            return self.name()
        raise _syntax(f"Unexpected {_describe(token)}", token.pos)

    def name(self) -> Node:
        token = self.advance()
        word = token.text.lower()
        if word in _CONSTANTS:
            return Literal(_CONSTANTS[word], token.pos)
        if word in grammar.KEYWORDS:
            raise _syntax(f"Unexpected {token.text!r}", token.pos)
        if self.peek().kind is Kind.LPAREN:
            return self.function(token)
        return self.resolve(token)

    # -- names and calls -----------------------------------------------------------------

    def resolve(self, token: Token) -> Node:
        word = token.text.lower()
        if word == RootName.item and self.filter_nesting:
            return Element(token.pos)
        if word == RootName.item:
            return self.selected_item(token)
        if word in RootName.__members__:
            return Root(RootName(word), token.pos)
        if self.filter_nesting:
            return Field(token.text, token.pos)
        raise RuleSyntaxError(
            ExpressionErrorCode.InvalidToken,
            f"Unknown name {token.text!r}: expressions start from {_ROOTS}",
            token.pos,
        )

    def selected_item(self, token: Token) -> Node:
        if self.item_use is ItemUse.forbidden:
            raise RuleSyntaxError(
                ExpressionErrorCode.ItemNotAllowed,
                "'item' can only be used in line-item promotion expressions",
                token.pos,
            )
        self.uses_item = True
        return Root(RootName.item, token.pos)

    def function(self, token: Token) -> Node:
        word = token.text.lower()
        arity = grammar.FUNCTIONS.get(word)
        if arity is None:
            raise RuleSyntaxError(
                ExpressionErrorCode.InvalidFunction, f"Unknown function {token.text!r}", token.pos
            )
        args = self.arguments(token, arity, is_filter=False)
        self.note_approval(word, args)
        return Call(word, args, token.pos)

    def method(self, target: Node, token: Token) -> Node:
        word = token.text.lower()
        arity = grammar.FILTER_METHODS.get(word) or grammar.VALUE_METHODS.get(word)
        if arity is None:
            raise RuleSyntaxError(
                ExpressionErrorCode.InvalidFunction, f"Unknown function {token.text!r}", token.pos
            )
        _check_target(target, word, token)
        self.uses_categories |= word in grammar.CATEGORY_METHODS
        args = self.arguments(token, arity, is_filter=word in grammar.FILTER_METHODS)
        self.note_approval(word, args)
        return Method(target, word, args, token.pos)

    def note_approval(self, word: str, args: tuple[Node, ...]) -> None:
        # Remember which other rules ``approved('...')`` waits for, so callers can chain them.
        if word == "approved" and isinstance(args[0], Literal) and isinstance(args[0].value, str):
            self.approvals.add(args[0].value)

    def arguments(self, name: Token, arity: grammar.Arity, *, is_filter: bool) -> tuple[Node, ...]:
        opening = self.expect(Kind.LPAREN, "'('")
        self.filter_nesting += is_filter
        if self.filter_nesting > grammar.MAX_FILTER_NESTING:
            raise _syntax("Filters can be nested at most two levels deep", name.pos)
        args: list[Node] = []
        with self.nested(opening.pos):
            if self.peek().kind is not Kind.RPAREN:
                args.append(self.or_expr())
                while self.peek().kind is Kind.COMMA:
                    self.advance()
                    args.append(self.or_expr())
        self.filter_nesting -= is_filter
        self.expect(Kind.RPAREN, "',' or ')'")
        if not arity.accepts(len(args)):
            raise RuleSyntaxError(
                ExpressionErrorCode.InvalidArguments,
                f"{name.text}() takes {arity.describe()}, not {len(args)}",
                name.pos,
            )
        return tuple(args)


def _is_items(node: Node) -> bool:
    return isinstance(node, Root) and node.name is RootName.items


def _check_target(target: Node, word: str, token: Token) -> None:
    if word in grammar.ITEMS_ONLY_METHODS and not _is_items(target):
        raise RuleSyntaxError(
            ExpressionErrorCode.InvalidArguments,
            f"{token.text}() is only available on items",
            token.pos,
        )
    if _is_items(target) and word not in grammar.FILTER_METHODS:
        raise _syntax(_ITEMS_USE, token.pos)
    is_order = isinstance(target, Root) and target.name is RootName.order
    if word == "approved" and not is_order:
        raise RuleSyntaxError(
            ExpressionErrorCode.InvalidFunction, "approved() is only available on order", token.pos
        )


@dataclass(frozen=True, slots=True)
class ParsedRule:
    """A checked expression: its tree and what evaluating it will need."""

    tree: Node
    uses_item: bool  # refers to the selected line item, ``item``
    uses_categories: bool  # calls incategory/inparentcategory
    approvals: frozenset[str]  # rule IDs named in approved('...')


def parse(expression: str, *, item: ItemUse = ItemUse.optional) -> ParsedRule:
    """Parse an expression or raise ``RuleSyntaxError``; results are cached."""
    if not isinstance(expression, str):
        raise TypeError("a rule expression is a string")
    return _parse(expression, item)


@lru_cache(maxsize=2048)
def _parse(expression: str, item: ItemUse) -> ParsedRule:
    if len(expression) > grammar.MAX_LENGTH:
        raise _syntax(
            f"Expression is longer than {grammar.MAX_LENGTH} characters", grammar.MAX_LENGTH + 1
        )
    parser = Parser(tokenize(expression), item)
    tree = parser.parse()
    if item is ItemUse.required and not parser.uses_item:
        raise RuleSyntaxError(
            ExpressionErrorCode.ItemRequired,
            "A line-item promotion's expression must refer to the line item as 'item'",
            1,
        )
    return ParsedRule(tree, parser.uses_item, parser.uses_categories, frozenset(parser.approvals))
