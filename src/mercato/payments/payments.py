"""Payments on an order and their transactions, plus the checks and debits of submit.

Who may do what:
- a buyer (Shopper without OrderAdmin) adds, changes and removes payments while its order
  is unsubmitted, and may not change ``Accepted`` (``Payment.CannotPatchAccepted``) nor a
  payment an admin has accepted;
- an order admin may also accept payments, and keeps managing payments after submit
  (accepting them, recording transactions), but never on a canceled order;
- spending-account payments are accepted as made: Mercato itself checks the account, and
  the balance is debited when the order is submitted. Once debited they can no longer
  change amount or be removed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.auth.roles import Role
from mercato.core import resources
from mercato.core.errors import ApiError, Forbidden
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import to_wire_name
from mercato.orders.directions import Direction
from mercato.orders.models import ZERO, Order, OrderStatus
from mercato.orders.orders import get_order
from mercato.orders.pricing import money
from mercato.payments import spending
from mercato.payments.models import Payment, PaymentTransaction, PaymentType
from mercato.payments.schemas import (
    PaymentPatch,
    PaymentRead,
    PaymentTransactionWrite,
    PaymentWrite,
)

PAYMENT_LIST = ListSpec(
    fields={
        "ID": Payment.id,
        "Type": Payment.type,
        "DateCreated": Payment.date_created,
        "CreditCardID": Payment.credit_card_id,
        "SpendingAccountID": Payment.spending_account_id,
        "Description": Payment.description,
        "Currency": Payment.currency,
        "Amount": Payment.amount,
        "Accepted": Payment.accepted,
        "OrderReturnID": Payment.order_return_id,
    },
    search=("ID", "Description"),
    sort=("DateCreated", "ID", "Type", "CreditCardID", "SpendingAccountID"),
    tiebreak=Payment.pk,
    xp=Payment.xp,
    default_sort="DateCreated",
)
# What PATCH may never change: how the payment is made.
FIXED = ("type", "credit_card_id", "spending_account_id")


def payments_of(order: Order) -> Scope[Payment]:
    return Scope(Payment, "Payment", (Payment.order_pk == order.pk,))


def transactions_of(payment: Payment) -> Scope[PaymentTransaction]:
    return Scope(
        PaymentTransaction, "PaymentTransaction", (PaymentTransaction.payment_pk == payment.pk,)
    )


def to_read(payment: Payment) -> PaymentRead:
    return PaymentRead.model_validate(payment)


def is_order_admin(caller: Caller) -> bool:
    return bool(caller.roles & {Role.OrderAdmin, Role.FullAccess})


def _not_authorized(message: str) -> Forbidden:
    return Forbidden(message, code="Payment.NotAuthorizedToPatch")


def _check_editable(caller: Caller, order: Order, payment: Payment | None = None) -> None:
    """Whether the caller may add (``payment`` None), change or remove a payment now."""
    if order.status is OrderStatus.Canceled:
        raise ApiError(
            f"Order {order.id} is canceled; its payments can no longer change.",
            code="Payment.CannotEditCancelled",
        )
    if is_order_admin(caller):
        return
    if order.status is not OrderStatus.Unsubmitted:
        raise _not_authorized(
            f"Order {order.id} is {order.status}; only an order admin may change its payments."
        )
    if payment is not None and payment.accepted and payment.type is not PaymentType.SpendingAccount:
        raise _not_authorized(
            f"Payment {payment.id} has been accepted; only an order admin may change it."
        )


def _check_not_settled(order: Order, payment: Payment) -> None:
    """A spending-account payment was debited on submit: its amount is final."""
    if order.is_submitted and payment.type is PaymentType.SpendingAccount:
        raise _not_authorized(
            f"Payment {payment.id} was taken from its spending account when the order was "
            "submitted; its amount and the payment itself are final."
        )


def _check_accepted(caller: Caller, wanted: bool, current: bool) -> None:
    if wanted != current and not is_order_admin(caller):
        raise ApiError(
            "Only an order admin may accept a payment or withdraw its acceptance.",
            code="Payment.CannotPatchAccepted",
        )


def _check_method(values: dict[str, Any]) -> None:
    """CreditCardID only on card payments, SpendingAccountID only (and always) on account ones."""
    kind = values["type"]
    if values.get("credit_card_id") and kind is not PaymentType.CreditCard:
        raise ApiError(
            "CreditCardID may only be set on a payment of Type CreditCard.",
            code="Payment.CannotSetCreditCard",
        )
    if kind is PaymentType.SpendingAccount:
        if not values.get("spending_account_id"):
            raise ApiError(
                "A SpendingAccount payment needs a SpendingAccountID.",
                code="Payment.SpendingAccountIdMissing",
            )
    elif values.get("spending_account_id"):
        raise ApiError(
            "SpendingAccountID may only be set on a payment of Type SpendingAccount.",
            code="Payment.CannotSetSpendingAccount",
        )


def _amount(
    session: Session, order: Order, payment: Payment | None, sent: Decimal | None
) -> Decimal:
    """The payment's amount: as sent, or what the order's other payments leave of its total."""
    if sent is not None and sent <= 0:
        raise ApiError(
            "A payment's Amount must be null or more than zero.",
            code="Payment.AmountGreaterThanZero",
        )
    stmt = payments_of(order).query()
    if payment is not None:
        stmt = stmt.where(Payment.pk != payment.pk)
    others = sum((p.amount or ZERO for p in session.scalars(stmt)), ZERO)
    remaining = money(order.total - others)
    amount = remaining if sent is None else money(sent)
    if amount <= 0 or amount > remaining:
        raise ApiError(
            f"The payments of order {order.id} would exceed its total of {order.total}.",
            code="Payment.AlreadyPaid",
            data={"Total": str(order.total), "Remaining": str(max(remaining, ZERO))},
        )
    return amount


def _check_spending(session: Session, order: Order, payment: Payment) -> None:
    """This order's payments on the payment's account must fit the account's balance."""
    if payment.type is PaymentType.SpendingAccount:
        spending.check_balance(session, order, session.scalars(payments_of(order).query()))


# --- CRUD ----------------------------------------------------------------------------------


def _locked(
    session: Session, caller: Caller, direction: Direction, order_id: str, payment_id: str
) -> tuple[Order, Payment]:
    """The order (locked for writing) the caller reaches, and one of its payments."""
    order = get_order(session, caller, direction, order_id, lock=True)
    return order, payments_of(order).get(session, payment_id)


def list_payments(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[Payment]:
    order = get_order(session, caller, direction, order_id)
    return paginate(session, payments_of(order).query(), args, PAYMENT_LIST)


def get_payment(
    session: Session, caller: Caller, direction: Direction, order_id: str, payment_id: str
) -> Payment:
    order = get_order(session, caller, direction, order_id)
    return payments_of(order).get(session, payment_id)


def create_payment(
    session: Session, caller: Caller, direction: Direction, order_id: str, data: PaymentWrite
) -> Payment:
    order = get_order(session, caller, direction, order_id, lock=True)
    _check_editable(caller, order)
    values = data.model_dump(by_alias=False)
    _check_method(values)
    auto_accepted = data.type is PaymentType.SpendingAccount
    if data.accepted is not None:
        _check_accepted(caller, data.accepted, auto_accepted)
    account = None
    if data.type is PaymentType.SpendingAccount:
        if order.is_submitted:
            raise _not_authorized("Spending-account payments can only be added before submit.")
        account = spending.usable_account(session, caller, order, values["spending_account_id"])
    values["amount"] = _amount(session, order, None, data.amount)
    values["accepted"] = auto_accepted if data.accepted is None else data.accepted
    payment = resources.create(
        session,
        payments_of(order),
        values,
        order_pk=order.pk,
        currency=order.currency,
        spending_account=account,
    )
    _check_spending(session, order, payment)
    session.refresh(payment)
    return payment


def patch_payment(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    payment_id: str,
    data: PaymentPatch,
) -> Payment:
    order, payment = _locked(session, caller, direction, order_id, payment_id)
    _check_editable(caller, order, payment)
    values = data.model_dump(by_alias=False, exclude_unset=True)
    for name in FIXED:
        if name in values and values.pop(name) != getattr(payment, name):
            raise ApiError(
                "Type, CreditCardID and SpendingAccountID cannot change; "
                "delete the payment and add another.",
                code="Payment.CannotPatchProperty",
                data={"Property": to_wire_name(name)},
            )
    if "accepted" in values:
        values["accepted"] = bool(values["accepted"])
        _check_accepted(caller, values["accepted"], payment.accepted)
    if "amount" in values:
        _check_not_settled(order, payment)
        values["amount"] = _amount(session, order, payment, values["amount"])
    resources.patch(session, payments_of(order), payment, values)
    _check_spending(session, order, payment)
    return payment


def delete_payment(
    session: Session, caller: Caller, direction: Direction, order_id: str, payment_id: str
) -> None:
    order, payment = _locked(session, caller, direction, order_id, payment_id)
    _check_editable(caller, order, payment)
    _check_not_settled(order, payment)
    session.delete(payment)
    session.flush()


# --- transactions (order admins only, by route) --------------------------------------------


def create_transaction(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    payment_id: str,
    data: PaymentTransactionWrite,
) -> Payment:
    """Record what a processor did with the payment; answers with the whole payment."""
    _, payment = _locked(session, caller, direction, order_id, payment_id)
    resources.create(
        session,
        transactions_of(payment),
        data.model_dump(by_alias=False),
        payment=payment,
    )
    return payment


def delete_transaction(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    payment_id: str,
    transaction_id: str,
) -> None:
    _, payment = _locked(session, caller, direction, order_id, payment_id)
    transaction = transactions_of(payment).get(session, transaction_id)
    payment.transactions.remove(transaction)
    session.flush()


# --- submit hooks (called by mercato.orders.lifecycle) -------------------------------------


def _all(session: Session, order: Order) -> list[Payment]:
    return list(session.scalars(payments_of(order).query().order_by(Payment.pk)))


def check_submittable(session: Session, order: Order) -> None:
    """Payments, if any, are all accepted, and the spending accounts they use still serve."""
    payments = _all(session, order)
    waiting = [p.id for p in payments if not p.accepted]
    if waiting:
        raise ApiError(
            "Every payment must be accepted before the order is submitted.",
            code="Order.CannotSubmitWithUnaccceptedPayments",
            data={"PaymentIDs": waiting},
        )
    spending.check_accounts(session, order, payments)


def on_submit(session: Session, order: Order) -> None:
    """Debit the spending accounts the order is paid with, once, in submit's transaction."""
    spending.debit(session, order, _all(session, order))


def on_release(session: Session, order: Order) -> None:
    """Undo on_submit for a submitted order that was declined or canceled."""
    spending.credit_back(session, _all(session, order))
