"""Lexer for rule expressions: text in, a list of tokens with 1-based positions out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from mercato.rules.errors import ExpressionErrorCode, RuleSyntaxError


class Kind(StrEnum):
    NUMBER = "number"
    STRING = "string"
    DATE = "date"
    NAME = "name"
    OP = "operator"
    LPAREN = "("
    RPAREN = ")"
    COMMA = ","
    DOT = "."
    END = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    pos: int
    value: Decimal | str | datetime | None = None


# Longest operators first so ``<=`` never lexes as ``<`` then ``=``.
_OPERATORS = ("<=", ">=", "<>", "!=", "==", "=", "<", ">", "+", "-", "*", "/", "%")
_PUNCTUATION = {"(": Kind.LPAREN, ")": Kind.RPAREN, ",": Kind.COMMA, ".": Kind.DOT}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
# Kinds after which ``.5`` is member access rather than the number 0.5.
_VALUE_ENDS = {Kind.NAME, Kind.NUMBER, Kind.STRING, Kind.DATE, Kind.RPAREN}

_US_DATE = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?"
)


def _invalid(message: str, pos: int) -> RuleSyntaxError:
    return RuleSyntaxError(ExpressionErrorCode.InvalidToken, message, pos)


def _us_date(text: str) -> datetime | None:
    match = _US_DATE.fullmatch(text)
    if match is None:
        return None
    month, day, year, hour, minute, second, meridiem = match.groups()
    hours = int(hour or 0)
    if meridiem is not None:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem.lower() == "pm" else 0)
    try:
        return datetime(
            int(year), int(month), int(day), hours, int(minute or 0), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    """Read ``6/15/2016``, ``6/15/2016 2:30 PM`` or ISO 8601; no zone means UTC."""
    text = text.strip()
    found = _us_date(text)
    if found is not None:
        return found
    if not text[:4].isdigit():
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        while self.i < len(self.text):
            char = self.text[self.i]
            if char.isspace():
                self.i += 1
            else:
                self.tokens.append(self._token(char))
        self.tokens.append(Token(Kind.END, "", len(self.text) + 1))
        return self.tokens

    def _token(self, char: str) -> Token:
        start = self.i
        if char == "'":
            return self._string()
        if char == "#":
            return self._date()
        if char == '"':
            raise _invalid("Strings must be enclosed in single quotes", start + 1)
        number = _NUMBER.match(self.text, start)
        if number is not None and not (char == "." and self._after_value()):
            self.i = number.end()
            return Token(Kind.NUMBER, number.group(), start + 1, Decimal(number.group()))
        name = _NAME.match(self.text, start)
        if name is not None:
            self.i = name.end()
            return Token(Kind.NAME, name.group(), start + 1)
        return self._symbol(char)

    def _after_value(self) -> bool:
        return bool(self.tokens) and self.tokens[-1].kind in _VALUE_ENDS

    def _symbol(self, char: str) -> Token:
        start = self.i
        if char in _PUNCTUATION:
            self.i += 1
            return Token(_PUNCTUATION[char], char, start + 1)
        for op in _OPERATORS:
            if self.text.startswith(op, start):
                self.i += len(op)
                return Token(Kind.OP, op, start + 1)
        raise _invalid(f"Unexpected character {char!r}", start + 1)

    def _string(self) -> Token:
        # Inside quotes, \' and '' stand for a quote and \\ for a backslash.
        start, out, i = self.i, [], self.i + 1
        while i < len(self.text):
            char = self.text[i]
            pair = self.text[i : i + 2]
            if pair in ("\\'", "\\\\", "''"):
                out.append(pair[1])
                i += 2
            elif char == "'":
                self.i = i + 1
                return Token(Kind.STRING, self.text[start : self.i], start + 1, "".join(out))
            else:
                out.append(char)
                i += 1
        raise _invalid("Unterminated string", start + 1)

    def _date(self) -> Token:
        start = self.i
        end = self.text.find("#", start + 1)
        if end < 0:
            raise _invalid("Unterminated date: dates are written #6/15/2016#", start + 1)
        value = parse_date(self.text[start + 1 : end])
        if value is None:
            raise _invalid(
                f"Invalid date {self.text[start : end + 1]!r}: use #M/D/YYYY# or ISO 8601",
                start + 1,
            )
        self.i = end + 1
        return Token(Kind.DATE, self.text[start : self.i], start + 1, value)


def tokenize(text: str) -> list[Token]:
    """Split an expression into tokens; the last one is always ``Kind.END``."""
    return _Lexer(text).run()
