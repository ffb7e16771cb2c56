"""API clients, security profiles and their assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument


class ApiClient(TenantScoped, Base):
    """An OAuth client; its ID is globally unique because it selects the marketplace."""

    __tablename__ = "api_clients"

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100), unique=True)
    app_name: Mapped[str] = mapped_column(String(255))
    # Only a hash is kept; the secret itself is shown once, when it is set.
    client_secret_hash: Mapped[str | None] = mapped_column(String(255))
    access_token_duration: Mapped[int] = mapped_column(Integer, default=600)
    refresh_token_duration: Mapped[int] = mapped_column(Integer, default=0)
    anonymous_token_duration: Mapped[int] = mapped_column(Integer, default=10080)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    default_context_username: Mapped[str | None] = mapped_column(String(100))
    allow_any_buyer: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_any_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_seller: Mapped[bool] = mapped_column(Boolean, default=False)
    is_anon_buyer: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class SecurityProfile(TenantScoped, Base):
    __tablename__ = "security_profiles"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    custom_roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    password_config: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class SecurityProfileAssignment(TenantScoped, Base):
    """A profile granted to a company (or the seller), a user group or a single user."""

    __tablename__ = "security_profile_assignments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    profile_pk: Mapped[int] = mapped_column(
        ForeignKey("security_profiles.pk", ondelete="CASCADE"), index=True
    )
    company_pk: Mapped[int | None] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    group_pk: Mapped[int | None] = mapped_column(
        ForeignKey("user_groups.pk", ondelete="CASCADE"), index=True
    )
    user_pk: Mapped[int | None] = mapped_column(
        ForeignKey("users.pk", ondelete="CASCADE"), index=True
    )

    profile: Mapped[SecurityProfile] = relationship(lazy="joined", innerjoin=True)
