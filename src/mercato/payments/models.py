"""Payments on an order and the transactions recorded against them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.catalog.models import MONEY
from mercato.core.tenancy import TenantScoped
from mercato.core.time import utcnow
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.orders.models import Order
from mercato.purchasing.models import SpendingAccount


class PaymentType(StrEnum):
    PurchaseOrder = "PurchaseOrder"
    CreditCard = "CreditCard"
    SpendingAccount = "SpendingAccount"


class Payment(TenantScoped, Base):
    """One way (part of) an order is paid; IDs are unique within the order."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("order_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.pk", ondelete="CASCADE"), index=True)
    id: Mapped[str] = mapped_column(String(100))
    type: Mapped[PaymentType] = mapped_column(Enum(PaymentType, native_enum=False, length=20))
    date_created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Mercato has no credit-card resource yet: the ID is kept as the client sent it.
    credit_card_id: Mapped[str | None] = mapped_column(String(100))
    # The wire ID survives the account's deletion; the key is what spending uses.
    spending_account_id: Mapped[str | None] = mapped_column(String(100))
    spending_account_pk: Mapped[int | None] = mapped_column(
        ForeignKey("spending_accounts.pk", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(String(2000))
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    order_return_id: Mapped[str | None] = mapped_column(String(100))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    order: Mapped[Order] = relationship(lazy="joined", innerjoin=True)
    spending_account: Mapped[SpendingAccount | None] = relationship()
    transactions: Mapped[list[PaymentTransaction]] = relationship(
        back_populates="payment",
        cascade="all, delete-orphan",
        order_by="PaymentTransaction.pk",
        passive_deletes=True,
        lazy="selectin",
    )


class PaymentTransaction(TenantScoped, Base):
    """A record of what a payment processor did with a payment (authorize, capture, ...)."""

    __tablename__ = "payment_transactions"
    __table_args__ = (UniqueConstraint("payment_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    payment_pk: Mapped[int] = mapped_column(
        ForeignKey("payments.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(100))
    date_executed: Mapped[datetime] = mapped_column(UTCDateTime)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    result_code: Mapped[str | None] = mapped_column(String(100))
    result_message: Mapped[str | None] = mapped_column(String(2000))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    payment: Mapped[Payment] = relationship(back_populates="transactions")
