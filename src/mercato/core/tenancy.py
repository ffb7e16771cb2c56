"""Marketplace isolation enforced by the session, not by each query.

Every tenant-owned table carries ``marketplace_pk``. A session bound to a marketplace
(``bind_marketplace``) adds ``marketplace_pk = :current`` to every ORM SELECT of a tenant
entity and stamps it on every new row, so no service can forget it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ForeignKey, bindparam, event
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

_KEY = "marketplace_pk"
ALL_MARKETPLACES = "all_marketplaces"


class TenantScoped:
    """Mixin for rows that belong to one marketplace."""

    @declared_attr
    def marketplace_pk(cls) -> Mapped[int]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(ForeignKey("marketplaces.pk", ondelete="CASCADE"), index=True)


def bind_marketplace(session: Session, marketplace_pk: int) -> None:
    session.info[_KEY] = marketplace_pk


@event.listens_for(Session, "do_orm_execute")
def _scope_selects(state: ORMExecuteState) -> None:
    marketplace_pk = state.session.info.get(_KEY)
    if marketplace_pk is None:
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    parameters = state.parameters
    if parameters is None or isinstance(parameters, Mapping):
        # Given even where no criteria are added below: the criteria travel with loaded
        # objects into the statements that refresh them or load their relationships.
        state.parameters = {**(parameters or {}), _PARAMETER: marketplace_pk}
    if state.is_column_load:
        return
    # The one sanctioned escape: server-wide uniqueness checks (API client IDs).
    if state.execution_options.get(ALL_MARKETPLACES):
        return
    if isinstance(state.parameters, Mapping):
        state.statement = state.statement.options(_SCOPED_TO_BOUND_PARAMETER)
        return
    # Several parameter sets (executemany): the marketplace goes into the criteria itself.
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.marketplace_pk == marketplace_pk,
            include_aliases=True,
        )
    )


# The criteria take the marketplace from a named parameter rather than from a closure, so
# SQLAlchemy builds and caches them once: a closure's value has to be traced anew on every
# statement, which cost 50 to 100 us a statement, more than running a small one on SQLite.
_PARAMETER = "tenant_marketplace_pk"
_SCOPED_TO_BOUND_PARAMETER = with_loader_criteria(
    TenantScoped,
    # The name is spelled out: SQLAlchemy would trace a global name in the lambda as a value.
    lambda cls: cls.marketplace_pk == bindparam("tenant_marketplace_pk"),
    include_aliases=True,
)


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context: Any, _instances: Any) -> None:
    marketplace_pk = session.info.get(_KEY)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            if getattr(obj, _KEY, None) is None:
                if marketplace_pk is None:
                    raise RuntimeError(f"{type(obj).__name__} written outside a marketplace")
                setattr(obj, _KEY, marketplace_pk)
            elif marketplace_pk is not None and obj.marketplace_pk != marketplace_pk:
                raise RuntimeError("row stamped with another marketplace")
