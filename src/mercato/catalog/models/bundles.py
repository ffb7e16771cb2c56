"""Bundles: products sold together, with their catalog, category and party assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.catalog.models.catalogs import Catalog, Category, Product
from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument
from mercato.organizations.models import Company, UserGroup


class Bundle(TenantScoped, Base):
    """Products sold together; buyers add all of them to an order in one call."""

    __tablename__ = "bundles"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class BundleProductAssignment(TenantScoped, Base):
    __tablename__ = "bundle_product_assignments"
    __table_args__ = (
        UniqueConstraint("bundle_pk", "product_pk"),
        Index("ix_bundle_product_assignments_product", "product_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    bundle_pk: Mapped[int] = mapped_column(ForeignKey("bundles.pk", ondelete="CASCADE"))
    # Deleting a product in a bundle is refused by the service; the cascade only serves
    # wholesale deletes (a marketplace going away).
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    default_quantity: Mapped[int | None] = mapped_column(Integer)

    bundle: Mapped[Bundle] = relationship(lazy="joined", innerjoin=True)
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)


class BundleAssignment(TenantScoped, Base):
    """A bundle offered to a buyer or one of its user groups."""

    __tablename__ = "bundle_assignments"
    __table_args__ = (Index("ix_bundle_assignments_party", "buyer_pk", "group_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    bundle_pk: Mapped[int] = mapped_column(ForeignKey("bundles.pk", ondelete="CASCADE"), index=True)
    buyer_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    group_pk: Mapped[int | None] = mapped_column(ForeignKey("user_groups.pk", ondelete="CASCADE"))

    bundle: Mapped[Bundle] = relationship(lazy="joined", innerjoin=True)
    buyer: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[UserGroup | None] = relationship(lazy="joined")


class BundleCatalogAssignment(TenantScoped, Base):
    __tablename__ = "bundle_catalog_assignments"
    __table_args__ = (
        UniqueConstraint("catalog_pk", "bundle_pk"),
        Index("ix_bundle_catalog_assignments_bundle", "bundle_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    catalog_pk: Mapped[int] = mapped_column(ForeignKey("catalogs.pk", ondelete="CASCADE"))
    bundle_pk: Mapped[int] = mapped_column(ForeignKey("bundles.pk", ondelete="CASCADE"))

    catalog: Mapped[Catalog] = relationship(lazy="joined", innerjoin=True)
    bundle: Mapped[Bundle] = relationship(lazy="joined", innerjoin=True)


class CategoryBundleAssignment(TenantScoped, Base):
    __tablename__ = "category_bundle_assignments"
    __table_args__ = (
        UniqueConstraint("category_pk", "bundle_pk"),
        Index("ix_category_bundle_assignments_bundle", "bundle_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    category_pk: Mapped[int] = mapped_column(ForeignKey("categories.pk", ondelete="CASCADE"))
    bundle_pk: Mapped[int] = mapped_column(ForeignKey("bundles.pk", ondelete="CASCADE"))
    list_order: Mapped[int | None] = mapped_column(Integer)

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    bundle: Mapped[Bundle] = relationship(lazy="joined", innerjoin=True)
