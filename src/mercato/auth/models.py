"""Signing keys, refresh tokens, password history, reset codes and rate-limit counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime


class SigningKey(Base):
    """An RS256 key pair; the private half never leaves the database."""

    __tablename__ = "signing_keys"

    pk: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RefreshToken(TenantScoped, Base):
    """An opaque refresh token, kept as a hash and replaced each time it is used."""

    __tablename__ = "refresh_tokens"

    pk: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("api_clients.pk", ondelete="CASCADE"))
    # The roles asked for at login (None: all available); re-intersected on every refresh
    # so a role taken away since then is not handed out again.
    requested_roles: Mapped[list[str] | None] = mapped_column(JSONDocument)
    expires: Mapped[datetime] = mapped_column(UTCDateTime)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordHistory(TenantScoped, Base):
    """Earlier password hashes of a user, for PasswordConfig.LimitPasswordReuse."""

    __tablename__ = "password_history"

    pk: Mapped[int] = mapped_column(primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordResetCode(TenantScoped, Base):
    """A verification code sent for ``PUT /password/reset/{code}``; only its hash is kept."""

    __tablename__ = "password_reset_codes"

    pk: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("api_clients.pk", ondelete="CASCADE"))
    expires: Mapped[datetime] = mapped_column(UTCDateTime)


class RateLimitCounter(Base):
    """Requests seen for one key in one fixed window; shared by every server process."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
