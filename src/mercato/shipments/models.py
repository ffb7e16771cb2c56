"""Shipments and the order lines (with quantities) each one carries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.catalog.models import MONEY
from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.orders.models import LineItem, Order
from mercato.organizations.models import Company


class Shipment(TenantScoped, Base):
    """A parcel sent by the marketplace owner or a supplier (its owner) to one buyer."""

    __tablename__ = "shipments"
    __table_args__ = (
        UniqueConstraint("marketplace_pk", "id"),
        Index("ix_shipments_owner", "owner_company_pk", "date_created"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    buyer_pk: Mapped[int | None] = mapped_column(
        ForeignKey("companies.pk", ondelete="SET NULL"), index=True
    )
    shipper: Mapped[str | None] = mapped_column(String(100))
    date_shipped: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_delivered: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tracking_number: Mapped[str | None] = mapped_column(String(3000))
    cost: Mapped[Decimal | None] = mapped_column(MONEY)
    account: Mapped[str | None] = mapped_column(String(100))
    from_address_id: Mapped[str | None] = mapped_column(String(100))
    to_address_id: Mapped[str | None] = mapped_column(String(100))
    # Copies of the addresses as they were when set, like the addresses on orders.
    from_address: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    to_address: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    owner: Mapped[Company] = relationship(foreign_keys=[owner_company_pk], lazy="joined")
    buyer: Mapped[Company | None] = relationship(foreign_keys=[buyer_pk], lazy="joined")
    items: Mapped[list[ShipmentItem]] = relationship(
        back_populates="shipment",
        cascade="all, delete-orphan",
        order_by="ShipmentItem.pk",
        passive_deletes=True,
    )


class ShipmentItem(TenantScoped, Base):
    """Some quantity of one order line, sent in one shipment."""

    __tablename__ = "shipment_items"
    __table_args__ = (UniqueConstraint("shipment_pk", "line_item_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    shipment_pk: Mapped[int] = mapped_column(
        ForeignKey("shipments.pk", ondelete="CASCADE"), index=True
    )
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.pk", ondelete="CASCADE"), index=True)
    line_item_pk: Mapped[int] = mapped_column(
        ForeignKey("line_items.pk", ondelete="CASCADE"), index=True
    )
    quantity_shipped: Mapped[int] = mapped_column(Integer)

    shipment: Mapped[Shipment] = relationship(back_populates="items")
    order: Mapped[Order] = relationship(lazy="joined")
    line_item: Mapped[LineItem] = relationship(lazy="joined")
