"""API clients, security profiles and their assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.organizations.models import Company, User, UserGroup


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
    minimum_required_roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    minimum_required_custom_roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    maximum_granted_roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    maximum_granted_custom_roles: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    # Mercato's extension: networks (CIDR) tokens of this client may be used from; empty = any.
    allowed_networks: Mapped[list[str]] = mapped_column(JSONDocument, default=list)

    # Loaded only by the token endpoint; the database deletes them with the client.
    secrets: Mapped[list[ApiClientSecret]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ApiClientSecret.pk"
    )

    @property
    def requires_secret(self) -> bool:
        """Every grant must present a secret: the inline one or a named one.

        A named secret that has expired still counts: its expiry must not turn a
        confidential client into one anybody may use without a secret.
        """
        return self.client_secret_hash is not None or bool(self.secrets)


class ApiClientSecret(TenantScoped, Base):
    """A named, optionally expiring secret of an API client, besides its inline ClientSecret."""

    __tablename__ = "api_client_secrets"
    __table_args__ = (UniqueConstraint("client_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    client_pk: Mapped[int] = mapped_column(ForeignKey("api_clients.pk", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # Only a hash is kept; the secret itself is shown once, in the create response.
    secret_hash: Mapped[str] = mapped_column(String(255))
    expiration: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiClientAssignment(TenantScoped, Base):
    """A buyer or supplier whose users may log in through a client."""

    __tablename__ = "api_client_assignments"
    __table_args__ = (UniqueConstraint("client_pk", "company_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("api_clients.pk", ondelete="CASCADE"))
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )

    client: Mapped[ApiClient] = relationship(lazy="joined", innerjoin=True)
    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


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
    company: Mapped[Company | None] = relationship(lazy="joined")
    group: Mapped[UserGroup | None] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(lazy="joined")


class ImpersonationConfig(TenantScoped, Base):
    """Who may impersonate whom, through which API client, with which profile's roles.

    The impersonator side (``impersonation_*``) and the impersonated side (``buyer``,
    ``group``, ``user``) are each narrowed by whichever IDs are set; None means any.
    IDs are kept as sent, like OrderCloud, and resolved when a token is requested.
    """

    __tablename__ = "impersonation_configs"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    impersonation_buyer_id: Mapped[str | None] = mapped_column(String(100))
    impersonation_group_id: Mapped[str | None] = mapped_column(String(100))
    impersonation_user_id: Mapped[str | None] = mapped_column(String(100))
    buyer_id: Mapped[str | None] = mapped_column(String(100))
    group_id: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[str | None] = mapped_column(String(100))
    profile_pk: Mapped[int] = mapped_column(ForeignKey("security_profiles.pk"), index=True)
    client_pk: Mapped[int] = mapped_column(ForeignKey("api_clients.pk"), index=True)

    profile: Mapped[SecurityProfile] = relationship(lazy="joined", innerjoin=True)
    client: Mapped[ApiClient] = relationship(lazy="joined", innerjoin=True)
