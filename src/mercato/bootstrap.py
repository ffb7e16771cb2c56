"""Creating a marketplace from nothing (`mercato init`) and the demo marketplace."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth import passwords
from mercato.auth.client_secrets import hash_secret
from mercato.auth.roles import Role
from mercato.auth.tokens import ensure_signing_key
from mercato.core.errors import ApiError
from mercato.core.ids import check_id
from mercato.core.tenancy import bind_marketplace
from mercato.core.time import utcnow
from mercato.organizations.models import Company, CompanyKind, Marketplace, User
from mercato.security.models import ApiClient, SecurityProfile, SecurityProfileAssignment

FULL_ACCESS_PROFILE = "MercatoFullAccess"


@dataclass(frozen=True)
class InitResult:
    marketplace_id: str
    client_id: str
    admin_username: str
    created: bool


def init_marketplace(
    session: Session,
    *,
    admin_username: str,
    admin_password: str,
    marketplace_id: str = "mercato",
    marketplace_name: str = "Mercato",
    client_id: str | None = None,
    client_secret: str | None = None,
) -> InitResult:
    """Create the marketplace, its first admin, a FullAccess profile and an API client.

    Running it again with the same marketplace ID changes nothing.
    """
    ensure_signing_key(session)
    check_id(marketplace_id, prop="MarketplaceID")
    existing = session.scalar(select(Marketplace).where(Marketplace.id == marketplace_id))
    if existing is not None:
        bind_marketplace(session, existing.pk)
        client = session.scalars(select(ApiClient).order_by(ApiClient.pk)).first()
        admin = session.scalars(select(User).order_by(User.pk)).first()
        return InitResult(
            marketplace_id,
            client.id if client else "",
            admin.username if admin else admin_username,
            False,
        )
    passwords.check_password_rules(admin_password)
    marketplace = Marketplace(id=marketplace_id, name=marketplace_name, active=True)
    session.add(marketplace)
    session.flush()
    bind_marketplace(session, marketplace.pk)
    seller = Company(kind=CompanyKind.SELLER, id=marketplace_id, name=marketplace_name, active=True)
    session.add(seller)
    session.flush()
    admin = User(
        company_pk=seller.pk,
        id=admin_username if _is_id(admin_username) else uuid.uuid4().hex[:22],
        username=admin_username,
        username_key=admin_username.lower(),
        password_hash=passwords.hash_password(admin_password),
        password_last_set_date=utcnow(),
        first_name="Marketplace",
        last_name="Administrator",
        email=f"{admin_username}@localhost",
        active=True,
    )
    profile = SecurityProfile(
        id=FULL_ACCESS_PROFILE, name="Full access", roles=[Role.FullAccess.value], custom_roles=[]
    )
    client = ApiClient(
        id=client_id or str(uuid.uuid4()).upper(),
        app_name="Default Access",
        client_secret_hash=hash_secret(client_secret) if client_secret else None,
        access_token_duration=600,
        refresh_token_duration=10080,
        active=True,
        allow_seller=True,
        default_context_username=admin_username,
    )
    session.add_all([admin, profile, client])
    session.flush()
    # User level only: admins created later hold just what is assigned to them.
    session.add(SecurityProfileAssignment(profile_pk=profile.pk, user_pk=admin.pk))
    session.flush()
    return InitResult(marketplace_id, client.id, admin_username, True)


def _is_id(value: str) -> bool:
    try:
        check_id(value)
    except ApiError:
        return False
    return True
