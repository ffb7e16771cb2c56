"""Signing keys for access tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.time import utcnow
from mercato.db import Base, UTCDateTime


class SigningKey(Base):
    """An RS256 key pair; the private half never leaves the database."""

    __tablename__ = "signing_keys"

    pk: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
