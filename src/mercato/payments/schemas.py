"""Wire models of payments and payment transactions."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from mercato.core.schemas import Amount, ApiModel, UtcDateTime, Xp
from mercato.payments.models import PaymentType

Id = Annotated[str | None, Field(default=None, max_length=100)]
Description = Annotated[str | None, Field(default=None, max_length=2000)]


class _PaymentFields(ApiModel):
    id: Id = None
    credit_card_id: Id = None
    spending_account_id: Id = None
    description: Description = None
    amount: Amount | None = None
    accepted: bool | None = None
    order_return_id: Id = None
    xp: Xp = None


class PaymentWrite(_PaymentFields):
    """A new payment. Amount null means what the other payments leave of the total."""

    type: PaymentType


class PaymentPatch(_PaymentFields):
    """Fields of a payment to change (there is no PUT for payments)."""

    type: PaymentType | None = None


class PaymentTransactionWrite(ApiModel):
    id: Id = None
    type: Annotated[str, Field(min_length=1, max_length=100)]
    date_executed: UtcDateTime
    currency: Annotated[str | None, Field(default=None, max_length=3)] = None
    amount: Amount | None = None
    succeeded: bool = False
    result_code: Id = None
    result_message: Description = None
    xp: Xp = None


class PaymentTransactionRead(PaymentTransactionWrite):
    id: str


class PaymentRead(ApiModel):
    id: str
    type: PaymentType
    date_created: UtcDateTime
    credit_card_id: str | None
    spending_account_id: str | None
    description: str | None
    currency: str | None
    amount: Amount | None
    accepted: bool
    order_return_id: str | None
    xp: dict[str, Any] | None
    transactions: list[PaymentTransactionRead]
