"""Object IDs: caller-chosen IDs are validated, missing ones are generated."""

import re
import secrets

from mercato.core.errors import ValidationFailure

MAX_ID_LENGTH = 100
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def generate_id() -> str:
    """A 22-character URL-safe random ID (128 bits), the shape OrderCloud generates."""
    return secrets.token_urlsafe(16)


def check_id(value: str, *, prop: str = "ID") -> str:
    if not _ID_PATTERN.fullmatch(value):
        raise ValidationFailure(
            prop,
            f"{prop} may only contain letters, digits, '-' and '_', and be 1 to "
            f"{MAX_ID_LENGTH} characters long.",
            code="InvalidIDCharacters" if len(value) <= MAX_ID_LENGTH else "ValidationFailure",
        )
    return value


def resolve_id(value: str | None) -> str:
    """The ID a new object gets: the caller's, validated, or a generated one."""
    return generate_id() if value is None or value == "" else check_id(value)
