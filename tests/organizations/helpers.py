"""Test-only shortcuts for data whose API arrives with later work (security profiles)."""

from sqlalchemy import select

from mercato.core.tenancy import bind_marketplace
from mercato.db import transaction
from mercato.organizations.models import Company, CompanyKind, Marketplace, User, UserGroup
from mercato.security.models import SecurityProfile, SecurityProfileAssignment
from tests.factories import Tenant, unique


def assign_profile(
    tenant: Tenant,
    roles: list[str],
    *,
    buyer_id: str,
    group_id: str | None = None,
    user_id: str | None = None,
    custom: list[str] | None = None,
) -> None:
    for session in transaction(tenant.app.state.session_factory):
        bind_marketplace(
            session,
            session.scalars(
                select(Marketplace.pk).where(Marketplace.id == tenant.marketplace_id)
            ).one(),
        )
        buyer = session.scalars(
            select(Company).where(Company.kind == CompanyKind.BUYER, Company.id == buyer_id)
        ).one()
        profile = SecurityProfile(id=unique("p"), name="P", roles=roles, custom_roles=custom or [])
        session.add(profile)
        session.flush()
        assignment = SecurityProfileAssignment(profile_pk=profile.pk)
        if user_id:
            assignment.user_pk = session.scalars(
                select(User.pk).where(User.company_pk == buyer.pk, User.id == user_id)
            ).one()
        elif group_id:
            assignment.group_pk = session.scalars(
                select(UserGroup.pk).where(
                    UserGroup.company_pk == buyer.pk, UserGroup.id == group_id
                )
            ).one()
        else:
            assignment.company_pk = buyer.pk
        session.add(assignment)
