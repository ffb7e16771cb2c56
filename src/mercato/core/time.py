"""Clock helpers: every timestamp Mercato stores or emits is UTC."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
