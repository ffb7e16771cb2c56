"""Forgotten passwords: a verification code is sent, then exchanged for a new password."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mercato.auth import credentials
from mercato.auth.client_secrets import hash_secret
from mercato.auth.models import PasswordResetCode
from mercato.core.errors import ApiError
from mercato.core.tenancy import bind_marketplace
from mercato.core.time import utcnow
from mercato.organizations.models import User
from mercato.security.models import ApiClient

CODE_LIFETIME = timedelta(minutes=120)
log = logging.getLogger("mercato.password_reset")


class ResetCodeSender(Protocol):
    """Delivers a verification code to a user (e-mail, SMS, a message queue...)."""

    def send(self, *, user: User, code: str, url: str | None) -> None: ...


class LogSender:
    """The default sender: writes the code to the server log.

    Meant for development set-ups without a mail integration; replace it wherever the
    log is not private.
    """

    def send(self, *, user: User, code: str, url: str | None) -> None:
        log.warning(
            "password reset code for user %s: %s%s",
            user.username,
            code,
            f" (reset page {url})" if url else "",
        )


def _client(session: Session, client_id: str | None) -> ApiClient:
    client = (
        session.scalar(select(ApiClient).where(ApiClient.id == client_id)) if client_id else None
    )
    if client is None or not client.active:
        raise ApiError(
            "ClientID is missing or not an active API client.",
            code="PasswordReset.MissingOrInvalidClientID",
        )
    bind_marketplace(session, client.marketplace_pk)
    return client


def request_code(
    session: Session,
    *,
    client_id: str | None,
    username: str | None,
    email: str | None,
    url: str | None,
    sender: ResetCodeSender,
) -> None:
    """Send a code to the matching users; say nothing about whether any matched."""
    client = _client(session, client_id)
    if not username and not email:
        raise ApiError(
            "Either Username or Email is required.", code="PasswordReset.MissingUsernameOrEmail"
        )
    conditions = []
    if username:
        conditions.append(User.username_key == username.lower())
    if email:
        conditions.append(User.email == email)
    for user in session.scalars(select(User).where(or_(*conditions)).limit(10)):
        if not user.active:
            continue
        code = secrets.token_urlsafe(24)
        session.add(
            PasswordResetCode(
                code_hash=hash_secret(code),
                user_pk=user.pk,
                client_pk=client.pk,
                expires=utcnow() + CODE_LIFETIME,
            )
        )
        session.flush()
        sender.send(user=user, code=code, url=url)


def reset_with_code(
    session: Session,
    *,
    code: str,
    client_id: str | None,
    username: str | None,
    password: str | None,
) -> None:
    client = _client(session, client_id)
    if not username:
        raise ApiError("Username is required.", code="PasswordReset.MissingUsername")
    stored = session.scalar(
        select(PasswordResetCode).where(PasswordResetCode.code_hash == hash_secret(code))
    )
    user = session.get(User, stored.user_pk) if stored is not None else None
    if (
        stored is None
        or user is None
        or stored.client_pk != client.pk
        or stored.expires <= utcnow()
        or user.username_key != username.lower()
    ):
        raise ApiError(
            "The verification code is invalid or expired.", code="PasswordReset.InvalidVerification"
        )
    if credentials.is_locked(user):
        raise ApiError("The account is locked.", code="PasswordReset.LockedOut")
    if not password:
        raise ApiError("Password is required.", code="PasswordReset.InsecurePassword")
    credentials.set_password(session, user, password, self_service=True)
    session.delete(stored)
    session.flush()
