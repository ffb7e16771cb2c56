"""Catalogs, categories, products, price schedules, specs, variants and their assignments."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.organizations.models import Company, UserGroup

MONEY = Numeric(18, 4)


class Catalog(TenantScoped, Base):
    __tablename__ = "catalogs"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class CatalogAssignment(TenantScoped, Base):
    """A buyer that may shop a catalog."""

    __tablename__ = "catalog_assignments"
    __table_args__ = (UniqueConstraint("catalog_pk", "buyer_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    catalog_pk: Mapped[int] = mapped_column(ForeignKey("catalogs.pk", ondelete="CASCADE"))
    buyer_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    view_all_categories: Mapped[bool] = mapped_column(Boolean, default=False)
    view_all_products: Mapped[bool] = mapped_column(Boolean, default=False)

    catalog: Mapped[Catalog] = relationship(lazy="joined", innerjoin=True)
    buyer: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


class Category(TenantScoped, Base):
    """A node of a catalog's category tree.

    ``path`` ("/1/7/12/", the pks from the root) and ``depth`` (1 for a root) make
    subtree and depth queries plain indexed comparisons; both are kept up to date when a
    category moves.
    """

    __tablename__ = "categories"
    __table_args__ = (
        UniqueConstraint("catalog_pk", "id"),
        Index("ix_categories_path", "catalog_pk", "path"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    catalog_pk: Mapped[int] = mapped_column(ForeignKey("catalogs.pk", ondelete="CASCADE"))
    parent_pk: Mapped[int | None] = mapped_column(
        ForeignKey("categories.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    list_order: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    path: Mapped[str] = mapped_column(String(2000), default="/")
    depth: Mapped[int] = mapped_column(Integer, default=1)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    parent: Mapped[Category | None] = relationship(remote_side=[pk], lazy="joined")


class CategoryAssignment(TenantScoped, Base):
    """What a buyer (or one of its groups) sees of a category; None inherits."""

    __tablename__ = "category_assignments"
    __table_args__ = (Index("ix_category_assignments_party", "buyer_pk", "group_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    category_pk: Mapped[int] = mapped_column(
        ForeignKey("categories.pk", ondelete="CASCADE"), index=True
    )
    buyer_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    group_pk: Mapped[int | None] = mapped_column(ForeignKey("user_groups.pk", ondelete="CASCADE"))
    visible: Mapped[bool | None] = mapped_column(Boolean)
    view_all_products: Mapped[bool | None] = mapped_column(Boolean)

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    buyer: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[UserGroup | None] = relationship(lazy="joined")


class CategoryProductAssignment(TenantScoped, Base):
    __tablename__ = "category_product_assignments"
    __table_args__ = (
        UniqueConstraint("category_pk", "product_pk"),
        Index("ix_category_product_assignments_product", "product_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    category_pk: Mapped[int] = mapped_column(ForeignKey("categories.pk", ondelete="CASCADE"))
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    list_order: Mapped[int | None] = mapped_column(Integer)

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)


class PriceSchedule(TenantScoped, Base):
    __tablename__ = "price_schedules"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    apply_tax: Mapped[bool] = mapped_column(Boolean, default=False)
    apply_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    min_quantity: Mapped[int | None] = mapped_column(Integer, default=1)
    max_quantity: Mapped[int | None] = mapped_column(Integer)
    use_cumulative_quantity: Mapped[bool] = mapped_column(Boolean, default=False)
    restricted_quantity: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str | None] = mapped_column(String(3))
    sale_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sale_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    price_breaks: Mapped[list[PriceBreak]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="PriceBreak.quantity",
    )


class PriceBreak(TenantScoped, Base):
    __tablename__ = "price_breaks"
    __table_args__ = (UniqueConstraint("schedule_pk", "quantity"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    schedule_pk: Mapped[int] = mapped_column(ForeignKey("price_schedules.pk", ondelete="CASCADE"))
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(MONEY)
    sale_price: Mapped[Decimal | None] = mapped_column(MONEY)
    subscription_price: Mapped[Decimal | None] = mapped_column(MONEY)
    bundle_price: Mapped[Decimal | None] = mapped_column(MONEY)


class Product(TenantScoped, Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    default_price_schedule_pk: Mapped[int | None] = mapped_column(
        ForeignKey("price_schedules.pk", ondelete="SET NULL"), index=True
    )
    auto_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[str | None] = mapped_column(String(100))
    is_parent: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    quantity_multiplier: Mapped[int | None] = mapped_column(Integer, default=1)
    ship_weight: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_height: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_width: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_length: Mapped[Decimal | None] = mapped_column(MONEY)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    ship_from_address_id: Mapped[str | None] = mapped_column(String(100))
    inventory: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    default_supplier_id: Mapped[str | None] = mapped_column(String(100))
    all_suppliers_can_sell: Mapped[bool] = mapped_column(Boolean, default=False)
    returnable: Mapped[bool] = mapped_column(Boolean, default=False)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    default_price_schedule: Mapped[PriceSchedule | None] = relationship(lazy="joined")


class ProductCatalogAssignment(TenantScoped, Base):
    __tablename__ = "product_catalog_assignments"
    __table_args__ = (
        UniqueConstraint("catalog_pk", "product_pk"),
        Index("ix_product_catalog_assignments_product", "product_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    catalog_pk: Mapped[int] = mapped_column(ForeignKey("catalogs.pk", ondelete="CASCADE"))
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))

    catalog: Mapped[Catalog] = relationship(lazy="joined", innerjoin=True)
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)


class ProductAssignment(TenantScoped, Base):
    """A product made visible to a buyer or one of its user groups, maybe at a price."""

    __tablename__ = "product_assignments"
    __table_args__ = (
        Index("ix_product_assignments_party", "buyer_pk", "group_pk", "product_pk"),
        Index("ix_product_assignments_product", "product_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    buyer_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    group_pk: Mapped[int | None] = mapped_column(ForeignKey("user_groups.pk", ondelete="CASCADE"))
    price_schedule_pk: Mapped[int | None] = mapped_column(
        ForeignKey("price_schedules.pk", ondelete="CASCADE"), index=True
    )

    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)
    buyer: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[UserGroup | None] = relationship(lazy="joined")
    price_schedule: Mapped[PriceSchedule | None] = relationship(lazy="joined")


class Spec(TenantScoped, Base):
    """A choice a buyer makes about a product (size, colour, engraving text)."""

    __tablename__ = "specs"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    list_order: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    default_value: Mapped[str | None] = mapped_column(String(2000))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_open_text: Mapped[bool] = mapped_column(Boolean, default=False)
    default_option_id: Mapped[str | None] = mapped_column(String(100))
    defines_variant: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    options: Mapped[list[SpecOption]] = relationship(
        lazy="selectin", order_by="(SpecOption.list_order, SpecOption.pk)", viewonly=True
    )


class SpecOption(TenantScoped, Base):
    __tablename__ = "spec_options"
    __table_args__ = (UniqueConstraint("spec_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    spec_pk: Mapped[int] = mapped_column(ForeignKey("specs.pk", ondelete="CASCADE"))
    id: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(2000))
    list_order: Mapped[int] = mapped_column(Integer, default=0)
    is_open_text: Mapped[bool] = mapped_column(Boolean, default=False)
    price_markup_type: Mapped[str | None] = mapped_column(String(32))
    price_markup: Mapped[Decimal | None] = mapped_column(MONEY)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class SpecProductAssignment(TenantScoped, Base):
    __tablename__ = "spec_product_assignments"
    __table_args__ = (
        UniqueConstraint("spec_pk", "product_pk"),
        Index("ix_spec_product_assignments_product", "product_pk"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    spec_pk: Mapped[int] = mapped_column(ForeignKey("specs.pk", ondelete="CASCADE"))
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    default_value: Mapped[str | None] = mapped_column(String(2000))
    default_option_id: Mapped[str | None] = mapped_column(String(100))

    spec: Mapped[Spec] = relationship(lazy="joined", innerjoin=True)
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)


class Variant(TenantScoped, Base):
    """One combination of a product's variant-defining spec options."""

    __tablename__ = "variants"
    __table_args__ = (
        UniqueConstraint("product_pk", "id"),
        UniqueConstraint("product_pk", "combination"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    id: Mapped[str] = mapped_column(String(100))
    # The option pks of the combination, sorted and joined: "3-8-12".
    combination: Mapped[str] = mapped_column(String(500))
    name: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    ship_weight: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_height: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_width: Mapped[Decimal | None] = mapped_column(MONEY)
    ship_length: Mapped[Decimal | None] = mapped_column(MONEY)
    inventory: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    # What the variant is made of, as shown on the wire (SpecID, Name, OptionID, Value...).
    specs: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class ProductSupplier(TenantScoped, Base):
    """A supplier that sells a marketplace product, maybe at its own default price."""

    __tablename__ = "product_suppliers"
    __table_args__ = (UniqueConstraint("product_pk", "supplier_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    supplier_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    default_price_schedule_pk: Mapped[int | None] = mapped_column(
        ForeignKey("price_schedules.pk", ondelete="SET NULL")
    )

    supplier: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    default_price_schedule: Mapped[PriceSchedule | None] = relationship(lazy="joined")
