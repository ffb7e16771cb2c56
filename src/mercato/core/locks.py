"""Serialising check-then-create paths that no unique constraint can guard.

PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite has no row locks and ignores FOR
UPDATE, and its driver opens the transaction only at the first write, so reads made before
that see other writers' commits but do not hold them off. A no-op UPDATE makes the first
statement a write: it waits for SQLite's single write lock, and everything read after it
sees every transaction that committed before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session


def hold(session: Session, model: type[Any], pk: int) -> None:
    """Block other transactions that hold the same row of ``model`` until this one ends."""
    if session.get_bind().dialect.name == "sqlite":
        no_op = update(model).where(model.pk == pk).values(pk=model.pk)
        session.execute(no_op.execution_options(synchronize_session=False))
    else:
        session.execute(select(model.pk).where(model.pk == pk).with_for_update())
