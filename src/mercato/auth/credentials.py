"""Setting, checking and locking user passwords under the user's effective rules."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mercato.auth import passwords
from mercato.auth.models import PasswordHistory, RefreshToken
from mercato.core.errors import ApiError
from mercato.core.time import utcnow
from mercato.organizations.models import User
from mercato.security import service as security_service

# An account locked "until an administrator unlocks it" is locked until this far ahead.
_INDEFINITELY = timedelta(days=365 * 100)


def set_password(session: Session, user: User, password: str, *, self_service: bool) -> None:
    """Give ``user`` a new password after checking the rules, reuse and minimum age.

    ``self_service`` is a user changing its own password, which the minimum password age
    limits; an administrator may always set one.
    """
    rules = security_service.password_rules(session, user)
    rules.check(password)
    now = utcnow()
    if self_service and rules.too_soon_to_change(user.password_last_set_date, now):
        raise ApiError(
            "The password was changed too recently to change it again.",
            code="PasswordReset.TooSoonToChange",
            data=rules.wire(),
        )
    if rules.limit_password_reuse:
        recent = session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_pk == user.pk)
            .order_by(PasswordHistory.pk.desc())
            .limit(rules.limit_password_reuse)
        ).all()
        if any(passwords.verify_password(h, password) for h in recent):
            raise ApiError(
                f"The password may not be one of the last {rules.limit_password_reuse} used.",
                code="PasswordReset.CannotReusePassword",
                data=rules.wire(),
            )
    user.password_hash = passwords.hash_password(password)
    user.password_last_set_date = now
    session.add(PasswordHistory(user_pk=user.pk, password_hash=user.password_hash))
    session.flush()


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def record_failed_login(session: Session, user: User) -> None:
    """Count a failed login; lock the account once the allowed attempts are used up."""
    rules = security_service.password_rules(session, user)
    user.failed_login_attempts += 1
    if user.failed_login_attempts >= rules.allowed_failed_attempts:
        duration = rules.lockout_duration
        user.locked_until = utcnow() + (timedelta(minutes=duration) if duration else _INDEFINITELY)
    session.flush()


def record_successful_login(user: User) -> None:
    user.failed_login_attempts = 0
    user.locked_until = None
    user.last_active = utcnow()


def unlock(session: Session, user: User) -> None:
    user.failed_login_attempts = 0
    user.locked_until = None
    session.flush()


def revoke_tokens(session: Session, user: User) -> None:
    """Revoke every access and refresh token issued to ``user`` until now."""
    user.tokens_valid_after = utcnow()
    session.execute(delete(RefreshToken).where(RefreshToken.user_pk == user.pk))
    session.flush()
