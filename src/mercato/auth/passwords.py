"""Password hashing (argon2id) and password rules.

The rules are OrderCloud's defaults, made stricter by the PasswordConfig of every
security profile that reaches a user.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mercato.core.errors import ApiError
from mercato.core.schemas import to_wire_name

# OWASP's minimum argon2id profile (t=2, m=19 MiB, p=1): about 20 ms per verify here.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the username is unknown, so the answer takes as long either way.
_DUMMY_HASH = _hasher.hash("no user has this password 0")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class PasswordRules:
    """The effective password and lockout settings of one user.

    Defaults are the platform minimum (10 characters, upper, lower, digit; ten failed
    logins lock the account for two minutes). Profiles can only make them stricter.
    """

    minimum_character_count: int = 10
    upper_case_required: bool = True
    lower_case_required: bool = True
    numeric_required: bool = True
    special_character_required: bool = False
    max_consecutive_dupe_chars: int | None = None
    limit_password_reuse: int | None = None
    maximum_password_age: int | None = None  # days
    minimum_password_age: int | None = None  # minutes
    allowed_failed_attempts: int = 10
    lockout_duration: int = 2  # minutes; 0 = until an administrator unlocks

    def wire(self) -> dict[str, Any]:
        return {to_wire_name(k): v for k, v in asdict(self).items()}

    def tighten(self, config: dict[str, Any] | None) -> PasswordRules:
        """These rules combined with a profile's PasswordConfig: the stricter value wins."""
        if not config:
            return self
        given = {f.name: config.get(to_wire_name(f.name)) for f in fields(self)}
        current = asdict(self)
        merged: dict[str, Any] = dict(current)
        for name in ("minimum_character_count", "limit_password_reuse", "minimum_password_age"):
            merged[name] = _stricter(current[name], given[name], max)
        for name in ("max_consecutive_dupe_chars", "maximum_password_age"):
            merged[name] = _stricter(current[name], given[name], min)
        for name in (
            "upper_case_required",
            "lower_case_required",
            "numeric_required",
            "special_character_required",
        ):
            merged[name] = bool(current[name] or given[name])
        if given["allowed_failed_attempts"]:
            merged["allowed_failed_attempts"] = min(
                current["allowed_failed_attempts"], given["allowed_failed_attempts"]
            )
        duration = given["lockout_duration"]
        if duration is not None:
            merged["lockout_duration"] = (
                0
                if 0 in (duration, self.lockout_duration)
                else max(duration, self.lockout_duration)
            )
        return PasswordRules(**merged)

    def violations(self, password: str) -> list[str]:
        problems = []
        if len(password) < self.minimum_character_count:
            problems.append(f"at least {self.minimum_character_count} characters")
        if self.upper_case_required and not any(c.isupper() for c in password):
            problems.append("an upper-case letter")
        if self.lower_case_required and not any(c.islower() for c in password):
            problems.append("a lower-case letter")
        if self.numeric_required and not any(c.isdigit() for c in password):
            problems.append("a digit")
        if self.special_character_required and not any(not c.isalnum() for c in password):
            problems.append("a special character")
        limit = self.max_consecutive_dupe_chars
        if limit and re.search(rf"(.)\1{{{limit},}}", password):
            problems.append(f"no character repeated more than {limit} times in a row")
        return problems

    def check(self, password: str, *, code: str = "PasswordReset.InsecurePassword") -> None:
        """Refuse a password that breaks these rules; Data carries the rules."""
        problems = self.violations(password)
        if problems:
            raise ApiError(
                "The password does not meet the password rules: it needs "
                + ", ".join(problems)
                + ".",
                code=code,
                data=self.wire(),
            )

    def expired(self, last_set: datetime | None, now: datetime) -> bool:
        if not self.maximum_password_age or last_set is None:
            return False
        return now - last_set > timedelta(days=self.maximum_password_age)

    def too_soon_to_change(self, last_set: datetime | None, now: datetime) -> bool:
        if not self.minimum_password_age or last_set is None:
            return False
        return now - last_set < timedelta(minutes=self.minimum_password_age)


def _stricter(current: Any, given: Any, pick: Any) -> Any:
    if given is None:
        return current
    if current is None:
        return given
    return pick(current, given)


DEFAULT_RULES = PasswordRules()


def check_password_rules(password: str) -> None:
    """Refuse a password that breaks the platform's default rules."""
    DEFAULT_RULES.check(password)


def check_config(config: dict[str, Any] | None) -> None:
    """A PasswordConfig may only make the platform rules stricter."""
    if not config:
        return
    count = config.get("MinimumCharacterCount")
    if count is not None and count < DEFAULT_RULES.minimum_character_count:
        raise ApiError(
            "MinimumCharacterCount may not be below 10.",
            code="SecurityProfile.InvalidPasswordConfiguration",
            data={"Property": "PasswordConfig.MinimumCharacterCount"},
        )
