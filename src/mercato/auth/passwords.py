"""Password hashing (argon2id) and OrderCloud's default password rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mercato.core.errors import ApiError

# OWASP's minimum argon2id profile (t=2, m=19 MiB, p=1): about 20 ms per verify here.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

DEFAULT_RULES = {
    "MinimumCharacterCount": 10,
    "UpperCaseRequired": True,
    "LowerCaseRequired": True,
    "NumericRequired": True,
    "SpecialCharacterRequired": False,
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    """Refuse a password that breaks the platform's default rules."""
    ok = (
        len(password) >= DEFAULT_RULES["MinimumCharacterCount"]
        and any(c.isupper() for c in password)
        and any(c.islower() for c in password)
        and any(c.isdigit() for c in password)
    )
    if not ok:
        raise ApiError(
            "The password must have at least 10 characters, an upper-case letter, a "
            "lower-case letter and a digit.",
            code="PasswordReset.InsecurePassword",
            data=DEFAULT_RULES,
        )
