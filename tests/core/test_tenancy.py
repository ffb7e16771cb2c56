"""The session-level tenant filter: each statement sees the marketplace bound at the time."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from mercato.core.tenancy import bind_marketplace
from mercato.db import transaction
from mercato.organizations.models import Company, Marketplace
from tests.factories import Tenant


def _marketplace_pk(app: FastAPI, tenant: Tenant) -> int:
    with transaction(app.state.session_factory) as session:
        stmt = select(Marketplace.pk).where(Marketplace.id == tenant.marketplace_id)
        return int(session.scalars(stmt).one())


def test_one_cached_statement_sees_whichever_marketplace_is_bound(
    app: FastAPI, tenant: Tenant, other_tenant: Tenant
) -> None:
    tenant.buyer(ID="twin", Name="Mine")
    other_tenant.buyer(ID="twin", Name="Theirs")
    mine, theirs = _marketplace_pk(app, tenant), _marketplace_pk(app, other_tenant)
    twins = select(Company).where(Company.id == "twin")

    with transaction(app.state.session_factory) as session:
        bind_marketplace(session, mine)
        assert [c.name for c in session.scalars(twins)] == ["Mine"]
        # The statement is compiled and cached once; the marketplace is a parameter of
        # each execution, so binding another marketplace changes what it returns.
        bind_marketplace(session, theirs)
        assert [c.name for c in session.scalars(twins)] == ["Theirs"]
        session.expire_all()
        bind_marketplace(session, mine)
        assert [c.name for c in session.scalars(twins)] == ["Mine"]

    with transaction(app.state.session_factory) as unbound:
        # Only a session bound to no marketplace (server-wide work) sees both.
        assert sorted(c.name for c in unbound.scalars(twins)) == ["Mine", "Theirs"]
