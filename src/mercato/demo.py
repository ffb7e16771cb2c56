"""The demo marketplace of `mercato serve --demo`.

It is the vendor's "establishing API access" walkthrough, already done: a shared API
client, an admin user, a buyer organization with a buyer user, and two security profiles
assigned at marketplace and buyer level. It is built through the same services the API
uses, acting as the marketplace's first admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato import bootstrap
from mercato.auth.dependencies import Caller
from mercato.auth.roles import Role
from mercato.organizations import companies, users
from mercato.organizations.models import Marketplace, User
from mercato.organizations.schemas import BuyerWrite, UserWrite
from mercato.security import api_clients, profiles
from mercato.security.schemas import (
    ApiClientWrite,
    SecurityProfileAssignment,
    SecurityProfileWrite,
)

MARKETPLACE_ID = "demo"
OWNER = ("admin", "Mercato-Admin-1")
SHARED_CLIENT_ID = "demo-shared-client"
ADMIN = ("admin01", "Admin01-Passw0rd")
BUYER_ID = "BUYER_ORGANIZATION"
BUYER_USER = ("buyer01", "Buyer01-Passw0rd")
ADMIN_ROLES = [
    Role.MeAdmin,
    Role.PasswordReset,
    Role.BuyerReader,
    Role.OrderAdmin,
    Role.CatalogAdmin,
    Role.ProductAdmin,
    Role.ProductAssignmentAdmin,
    Role.PriceScheduleAdmin,
    Role.ShipmentAdmin,
]
BUYER_ROLES = [Role.MeAdmin, Role.PasswordReset, Role.Shopper]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    owner_client_id: str


def seed(session: Session) -> DemoResult:
    """Create the demo marketplace unless it exists; returns whether it was created."""
    result = bootstrap.init_marketplace(
        session,
        admin_username=OWNER[0],
        admin_password=OWNER[1],
        marketplace_id=MARKETPLACE_ID,
        marketplace_name="Demo Marketplace",
        client_id="demo-admin-client",
    )
    if result.created:
        _walkthrough(session, _owner(session))
    return DemoResult(result.created, result.client_id)


def _owner(session: Session) -> Caller:
    marketplace = session.scalars(select(Marketplace).where(Marketplace.id == MARKETPLACE_ID)).one()
    owner = session.scalars(select(User).where(User.username_key == OWNER[0])).one()
    return Caller(
        marketplace=marketplace,
        user=owner,
        company=owner.company,
        roles=frozenset({Role.FullAccess}),
        client_id="demo-admin-client",
    )


def _person(username: str, password: str, first: str) -> UserWrite:
    return UserWrite(
        id=username,
        username=username,
        password=password,
        first_name=first,
        last_name="Demo",
        email=f"{username}@example.com",
        active=True,
    )


def _walkthrough(session: Session, owner: Caller) -> None:
    api_clients.create_client(
        session,
        owner,
        ApiClientWrite(
            id=SHARED_CLIENT_ID,
            app_name="Shared storefront and admin client",
            active=True,
            access_token_duration=600,
            refresh_token_duration=10080,
            allow_seller=True,
            allow_any_buyer=True,
        ),
    )
    seller = companies.seller(session)
    users.create_user(session, caller=owner, company=seller, data=_person(*ADMIN, "Ada"))
    buyer = companies.create_buyer(
        session, caller=owner, data=BuyerWrite(id=BUYER_ID, name="Buyer Organization", active=True)
    )
    users.create_user(session, caller=owner, company=buyer, data=_person(*BUYER_USER, "Bea"))
    for profile_id, roles, buyer_id in (
        ("ADMIN_PROFILE", ADMIN_ROLES, None),
        ("BUYER_PROFILE", BUYER_ROLES, BUYER_ID),
    ):
        profiles.create_profile(
            session, owner, SecurityProfileWrite(id=profile_id, name=profile_id, roles=roles)
        )
        profiles.save_assignment(
            session,
            owner,
            SecurityProfileAssignment(security_profile_id=profile_id, buyer_id=buyer_id),
        )
