"""Orders and their line items, with the snapshots taken when lines are priced."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.catalog.models import MONEY
from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.organizations.models import Company, User


class OrderStatus(StrEnum):
    Unsubmitted = "Unsubmitted"
    AwaitingApproval = "AwaitingApproval"
    Declined = "Declined"
    Open = "Open"
    Completed = "Completed"
    Canceled = "Canceled"


ZERO = Decimal("0")


class Order(TenantScoped, Base):
    """One order from a buyer user to the marketplace owner or a supplier."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("marketplace_pk", "id"),
        # Outgoing lists (a buyer's, a user's) and incoming lists (a seller's) page by date.
        Index("ix_orders_from_company", "from_company_pk", "date_created"),
        Index("ix_orders_from_user", "from_user_pk", "status"),
        Index("ix_orders_to_company", "to_company_pk", "is_submitted", "date_created"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    from_company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    to_company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"))
    from_user_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk", ondelete="SET NULL"))
    # Who the order was from when the user row is gone (or anonymous): the wire FromUser.
    from_user_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    billing_address_id: Mapped[str | None] = mapped_column(String(100))
    # The ship-to address common to every line (None when lines differ or have none).
    shipping_address_id: Mapped[str | None] = mapped_column(String(100))
    billing_address: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    comments: Mapped[str | None] = mapped_column(String(2000))
    line_item_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[OrderStatus] = mapped_column(
        Enum(OrderStatus, native_enum=False, length=20), default=OrderStatus.Unsubmitted
    )
    is_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Placed with a guest (anonymous) token. Every guest of an API client shares its template
    # user, so the flag keeps guests' orders away from a sign-in as that user.
    guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    date_submitted: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_approved: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_declined: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_canceled: Mapped[datetime | None] = mapped_column(UTCDateTime)
    date_completed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subtotal: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    shipping_cost: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    tax_cost: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    gratuity: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    fees: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    promotion_discount: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    total: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    currency: Mapped[str | None] = mapped_column(String(3))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    # When the user made this order its cart with PUT /cart/{orderID} (see orders/cart.py).
    cart_selected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    from_company: Mapped[Company] = relationship(foreign_keys=[from_company_pk], lazy="joined")
    to_company: Mapped[Company] = relationship(foreign_keys=[to_company_pk], lazy="joined")
    from_user: Mapped[User | None] = relationship(lazy="joined")
    line_items: Mapped[list[LineItem]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="LineItem.pk",
        passive_deletes=True,
    )


class LineItem(TenantScoped, Base):
    """A product on an order, priced and described as it was when added."""

    __tablename__ = "line_items"
    __table_args__ = (UniqueConstraint("order_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.pk", ondelete="CASCADE"), index=True)
    id: Mapped[str] = mapped_column(String(100))
    product_id: Mapped[str] = mapped_column(String(100), index=True)
    # A bundle added to an order is one line standing for the bundle (is_bundle, priced 0,
    # its product_id the bundle's ID) and one line per product; all carry the bundle line's
    # ID here (see orders/bundle_lines.py).
    bundle_item_id: Mapped[str | None] = mapped_column(String(100))
    is_bundle: Mapped[bool] = mapped_column(Boolean, default=False)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    quantity_shipped: Mapped[int] = mapped_column(Integer, default=0)
    unit_price: Mapped[Decimal | None] = mapped_column(MONEY)
    promotion_discount: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    line_subtotal: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    line_total: Mapped[Decimal] = mapped_column(MONEY, default=ZERO)
    cost_center: Mapped[str | None] = mapped_column(String(100))
    date_needed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipping_account: Mapped[str | None] = mapped_column(String(100))
    shipping_address_id: Mapped[str | None] = mapped_column(String(100))
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    ship_from_address_id: Mapped[str | None] = mapped_column(String(100))
    ship_from_address: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    product: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    variant: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    specs: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument, default=list)
    supplier_id: Mapped[str | None] = mapped_column(String(100))
    inventory_record_id: Mapped[str | None] = mapped_column(String(100))
    price_schedule_id: Mapped[str | None] = mapped_column(String(100))
    is_on_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    price_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    # Forwarding links a buyer's line to its copy on the supplier's order, both ways.
    incoming_order_id: Mapped[str | None] = mapped_column(String(100))
    outgoing_order_id: Mapped[str | None] = mapped_column(String(100))
    date_added: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    order: Mapped[Order] = relationship(back_populates="line_items")


class ApprovalStatus(StrEnum):
    Pending = "Pending"
    Approved = "Approved"
    Declined = "Declined"


class OrderApproval(TenantScoped, Base):
    """One approval an order needs: from a group, because a rule matched on submit."""

    __tablename__ = "order_approvals"

    pk: Mapped[int] = mapped_column(primary_key=True)
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.pk", ondelete="CASCADE"), index=True)
    approval_rule_id: Mapped[str | None] = mapped_column(String(100))
    approving_group_pk: Mapped[int | None] = mapped_column(
        ForeignKey("user_groups.pk", ondelete="SET NULL"), index=True
    )
    approving_group_id: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[ApprovalStatus] = mapped_column(
        Enum(ApprovalStatus, native_enum=False, length=16), default=ApprovalStatus.Pending
    )
    allow_resubmit: Mapped[bool] = mapped_column(Boolean, default=False)
    comments: Mapped[str | None] = mapped_column(String(2000))
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    date_completed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approver_pk: Mapped[int | None] = mapped_column(ForeignKey("users.pk", ondelete="SET NULL"))

    approver: Mapped[User | None] = relationship(lazy="joined")
