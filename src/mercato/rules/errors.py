"""Errors of the rule expression language, with OrderCloud's ``Expression.*`` codes.

Both errors are ``ApiError``s, so one that escapes a route renders as a 400 in the
OrderCloud envelope; ``Data.Position`` is the 1-based column the problem starts at.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from mercato.core.errors import ApiError


class ExpressionErrorCode(StrEnum):
    # OrderCloud's own codes for rule expressions (error catalogue, ``Expression`` area).
    InvalidSyntax = "Expression.InvalidSyntax"
    InvalidToken = "Expression.InvalidToken"
    InvalidFunction = "Expression.InvalidFunction"
    InvalidArguments = "Expression.InvalidArguments"
    ItemNotAllowed = "Expression.ItemNotAllowed"
    ItemRequired = "Expression.ItemRequired"


class _PositionedError(ApiError):
    def __init__(self, code: ExpressionErrorCode, message: str, position: int) -> None:
        super().__init__(
            f"{message} (position {position}).",
            code=code,
            data={"Property": None, "Position": position},
        )
        self.position = position
        self.reason = message

    def for_property(self, prop: str | None) -> Self:
        """Name the request property that held the expression in ``Data.Property``."""
        if prop is not None:
            self.data = {"Property": prop, "Position": self.position}
            self.message = f"{prop}: {self.message}"
            self.args = (self.message,)
        return self


class RuleSyntaxError(_PositionedError):
    """An expression that cannot be used at all: bad syntax, unknown name or function."""


class RuleEvaluationError(_PositionedError):
    """A valid expression that cannot be computed for this data (type mismatch, x / 0)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(ExpressionErrorCode.InvalidArguments, message, position)
