"""Inventory records: stock of a product or variant kept at an address."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.organizations.models import Address, Company, UserGroup


class InventoryRecord(TenantScoped, Base):
    """Stock of a product, or of one of its variants, held at one address of its owner."""

    __tablename__ = "inventory_records"
    __table_args__ = (UniqueConstraint("product_pk", "variant_key", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    product_pk: Mapped[int] = mapped_column(ForeignKey("products.pk", ondelete="CASCADE"))
    variant_pk: Mapped[int | None] = mapped_column(
        ForeignKey("variants.pk", ondelete="CASCADE"), index=True
    )
    # The variant's pk, or 0 for a product-level record: IDs are unique per product or
    # variant, and a unique constraint never sees two NULL variant_pk values as equal.
    variant_key: Mapped[int] = mapped_column(Integer, default=0)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    # Deleting the owner company takes its records along; deleting just the address is
    # refused while a record uses it (organizations.addresses).
    address_pk: Mapped[int] = mapped_column(
        ForeignKey("addresses.pk", ondelete="CASCADE"), index=True
    )
    allow_all_buyers: Mapped[bool] = mapped_column(Boolean, default=True)
    order_can_exceed: Mapped[bool] = mapped_column(Boolean, default=False)
    quantity_available: Mapped[int] = mapped_column(Integer, default=0)
    notification_point: Mapped[int | None] = mapped_column(Integer)
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    address: Mapped[Address] = relationship(lazy="joined", innerjoin=True)


class InventoryRecordAssignment(TenantScoped, Base):
    """A buyer, or one of its user groups, that may use a record not open to all buyers."""

    __tablename__ = "inventory_record_assignments"
    __table_args__ = (Index("ix_inventory_record_assignments_party", "buyer_pk", "group_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    record_pk: Mapped[int] = mapped_column(
        ForeignKey("inventory_records.pk", ondelete="CASCADE"), index=True
    )
    buyer_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    group_pk: Mapped[int | None] = mapped_column(ForeignKey("user_groups.pk", ondelete="CASCADE"))

    record: Mapped[InventoryRecord] = relationship(lazy="joined", innerjoin=True)
    buyer: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[UserGroup | None] = relationship(lazy="joined")
