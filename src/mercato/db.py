"""Engine, session factory and the declarative base shared by every domain."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from mercato.core import locks

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use mercato.core.time.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# JSONB on PostgreSQL so xp paths can be indexed; plain JSON (text) on SQLite.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


log = logging.getLogger("mercato.db")


_MMAP_BYTES = 1 << 30


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed during a write; FULL makes an acknowledged commit durable
    # across power loss, which an order store has to promise.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Read pages through a shared memory map rather than each connection's 2 MB page cache:
    # a buyer's page visits a few hundred product rows on as many pages, and copying them
    # in through that cache took half the time of its statements at 100,000 products.
    # Address space only; the memory is the operating system's file cache, shared.
    cursor.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    cursor.close()


# How often a pooled SQLite connection refreshes the planner's statistics.
_OPTIMIZE_EVERY_SECONDS = 300.0


def _refresh_sqlite_statistics(dbapi_connection: Any, record: Any) -> None:
    # Without statistics SQLite's planner takes any one-column index to be as selective as
    # any other, and picks the marketplace index over, say, a catalog index: at 100,000
    # products a buyer's page went from 2 ms to 50 ms per statement. PRAGMA optimize runs
    # ANALYZE only on tables this connection queried whose statistics are missing or stale,
    # so it costs nothing most of the time.
    now = time.monotonic()
    if now - record.info.get("optimized_at", -_OPTIMIZE_EVERY_SECONDS) < _OPTIMIZE_EVERY_SECONDS:
        return
    record.info["optimized_at"] = now
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA optimize")
    except Exception:
        log.debug("PRAGMA optimize skipped", exc_info=True)
    finally:
        cursor.close()


def refresh_statistics(engine: Engine) -> None:
    """Gather planner statistics for every table (SQLite; PostgreSQL's autovacuum does it)."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine with Mercato's per-backend connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "checkin", _refresh_sqlite_statistics)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)


def default_concurrency(engine: Engine) -> int:
    """How many requests may hold a session at once unless configured (core.slots).

    SQLite requests are CPU-bound, and two already overlap one's SQL with the other's
    Python; PostgreSQL requests also wait on the network and on row locks.
    """
    return 2 if engine.dialect.name == "sqlite" else 8


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    if engine.dialect.name == "sqlite":
        locks.lock_sqlite_for_update(factory)
    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session and one transaction: committed on success, rolled back on any error.

    A context manager, so that returning from inside the block commits like falling off
    its end does.
    """
    with factory() as session, session.begin():
        yield session


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Collect (SQL, parameters) of every statement ``engine`` runs inside the block.

    For tests and benchmarks that count statements or read their query plans.
    """
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
