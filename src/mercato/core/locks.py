"""Row locks that mean the same on SQLite as on PostgreSQL.

Code locks rows the PostgreSQL way, ``SELECT ... FOR UPDATE``, and PostgreSQL reads the
locked rows as last committed. SQLite has no row locks, drops FOR UPDATE, and its driver
opens a transaction only at the first write: reads before that each see the database of
their moment, and hold nobody off. So on SQLite, a locking read first takes the database's
single write lock (a write that changes nothing), which waits for the current writer to
commit; everything this transaction reads afterwards is current and stays so until it ends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

# Takes SQLite's write lock, and begins the transaction, without touching a row.
_TAKE_WRITE_LOCK = "UPDATE marketplaces SET pk = pk WHERE 0"


def hold(session: Session, model: type[Any], pk: int) -> None:
    """Block other transactions that hold the same row of ``model`` until this one ends."""
    session.execute(select(model.pk).where(model.pk == pk).with_for_update())


def lock_sqlite_for_update(factory: sessionmaker[Session]) -> None:
    """Make the SELECT ... FOR UPDATE of ``factory``'s sessions lock on SQLite too."""
    event.listen(factory, "do_orm_execute", _write_lock_before_locking_read)


def _write_lock_before_locking_read(state: ORMExecuteState) -> None:
    # _for_update_arg is how SQLAlchemy marks a locking select, refresh(with_for_update=...)
    # included; there is no public accessor.
    if not state.is_select or getattr(state.statement, "_for_update_arg", None) is None:
        return
    connection = state.session.connection()
    if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql(_TAKE_WRITE_LOCK)
