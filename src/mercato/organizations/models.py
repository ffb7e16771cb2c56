"""Marketplaces and the parties in them: companies, users, user groups and addresses."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime


class CompanyKind(StrEnum):
    """Which side of the marketplace a company is on; also the JWT ``usrtype``."""

    SELLER = "admin"
    BUYER = "buyer"
    SUPPLIER = "supplier"


class Marketplace(Base):
    """A tenant: one seller organization with its buyers and suppliers."""

    __tablename__ = "marketplaces"

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kept by the product facet service: a product list of a marketplace without facets, the
    # usual case, then costs no query to find that out (the row is loaded for every caller).
    product_facet_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Company(TenantScoped, Base):
    """The marketplace owner (seller), a buyer or a supplier organization."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("marketplace_pk", "kind", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CompanyKind] = mapped_column(
        Enum(
            CompanyKind,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    default_catalog_id: Mapped[str | None] = mapped_column(String(100))
    all_buyers_can_order: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(TenantScoped, Base):
    """An admin, buyer or supplier user; ``company`` says which."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("company_pk", "id"),
        # Usernames are unique across the whole marketplace, ignoring case.
        UniqueConstraint("marketplace_pk", "username_key"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    username: Mapped[str] = mapped_column(String(100))
    username_key: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(100))
    terms_accepted: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    failed_login_attempts: Mapped[int] = mapped_column(Integer, default=0)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_active: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_last_set_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by too many failed logins; None when the account is not locked.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Tokens issued before this instant are revoked (``DELETE /me/tokens`` and friends).
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


class UserGroup(TenantScoped, Base):
    __tablename__ = "user_groups"
    __table_args__ = (UniqueConstraint("company_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


class UserGroupMember(TenantScoped, Base):
    __tablename__ = "user_group_members"
    __table_args__ = (UniqueConstraint("group_pk", "user_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    group_pk: Mapped[int] = mapped_column(ForeignKey("user_groups.pk", ondelete="CASCADE"))
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.pk", ondelete="CASCADE"), index=True)

    group: Mapped[UserGroup] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class Address(TenantScoped, Base):
    __tablename__ = "addresses"
    __table_args__ = (UniqueConstraint("company_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    address_name: Mapped[str | None] = mapped_column(String(100))
    company_name: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    street1: Mapped[str] = mapped_column(String(100))
    street2: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(100))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set on a buyer user's private address (``POST /me/addresses``): only that user may
    # edit it through /me, and it goes when the user does.
    owner_user_pk: Mapped[int | None] = mapped_column(
        ForeignKey("users.pk", ondelete="CASCADE"), index=True
    )


class AddressAssignment(TenantScoped, Base):
    """A buyer address made available to the whole buyer, one group or one user."""

    __tablename__ = "address_assignments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    address_pk: Mapped[int] = mapped_column(
        ForeignKey("addresses.pk", ondelete="CASCADE"), index=True
    )
    user_pk: Mapped[int | None] = mapped_column(
        ForeignKey("users.pk", ondelete="CASCADE"), index=True
    )
    group_pk: Mapped[int | None] = mapped_column(
        ForeignKey("user_groups.pk", ondelete="CASCADE"), index=True
    )
    is_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    is_billing: Mapped[bool] = mapped_column(Boolean, default=False)

    address: Mapped[Address] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User | None] = relationship(lazy="joined")
    group: Mapped[UserGroup | None] = relationship(lazy="joined")


class SupplierBuyer(TenantScoped, Base):
    """A buyer a supplier sells to (``/suppliers/{s}/buyers/{b}``)."""

    __tablename__ = "supplier_buyers"
    __table_args__ = (UniqueConstraint("supplier_pk", "buyer_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    supplier_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    buyer_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
