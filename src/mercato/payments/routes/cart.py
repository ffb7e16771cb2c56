"""Routes of /cart/payments: the payments of the caller's cart (see orders/cart.py).

Each resolves the cart's order, then calls the service /orders/Outgoing/{cartID}/payments
calls. Without a cart the list is empty and everything else is a 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import false, select

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep, paginate
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders import cart
from mercato.orders.routes.common import ORDER_ADMIN, SHOPPER_READ, SHOPPER_WRITE
from mercato.payments import payments
from mercato.payments.models import Payment
from mercato.payments.schemas import (
    PaymentPatch,
    PaymentRead,
    PaymentTransactionWrite,
    PaymentWrite,
)

router = APIRouter(prefix="/cart/payments", tags=["Cart"])
OUT = cart.OUTGOING
ONE = "/{paymentID}"


@router.get("", operation_id="Cart.ListPayments", dependencies=[SHOPPER_READ])
def list_payments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[PaymentRead]:
    """The cart's payments; an empty list without a cart."""
    order = cart.current(session, caller)
    page = (
        payments.list_payments(session, caller, OUT, order.id, args)
        if order is not None
        else paginate(session, select(Payment).where(false()), args, payments.PAYMENT_LIST)
    )
    return list_page(page, lambda rows: [payments.to_read(p) for p in rows])


@router.post("", status_code=201, operation_id="Cart.CreatePayment", dependencies=[SHOPPER_WRITE])
def create_payment(session: SessionDep, caller: CallerDep, body: PaymentWrite) -> PaymentRead:
    """Add a payment to the cart."""
    order_id = cart.require(session, caller)
    return payments.to_read(payments.create_payment(session, caller, OUT, order_id, body))


@router.get(ONE, operation_id="Cart.GetPayment", dependencies=[SHOPPER_READ])
def get_payment(session: SessionDep, caller: CallerDep, paymentID: str) -> PaymentRead:
    """Get a payment of the cart."""
    order_id = cart.require(session, caller, "Payment", paymentID)
    return payments.to_read(payments.get_payment(session, caller, OUT, order_id, paymentID))


@router.delete(
    ONE, status_code=204, operation_id="Cart.DeletePayment", dependencies=[SHOPPER_WRITE]
)
def delete_payment(session: SessionDep, caller: CallerDep, paymentID: str) -> Response:
    """Remove a payment from the cart."""
    order_id = cart.require(session, caller, "Payment", paymentID)
    payments.delete_payment(session, caller, OUT, order_id, paymentID)
    return no_content()


@router.patch(ONE, operation_id="Cart.PatchPayment", dependencies=[SHOPPER_WRITE])
def patch_payment(
    session: SessionDep, caller: CallerDep, paymentID: str, body: PaymentPatch
) -> PaymentRead:
    """Change the fields sent of a payment of the cart."""
    order_id = cart.require(session, caller, "Payment", paymentID)
    payment = payments.patch_payment(
        session, caller, OUT, order_id, payment_id=paymentID, data=body
    )
    return payments.to_read(payment)


@router.post(
    ONE + "/transactions",
    status_code=201,
    operation_id="Cart.CreatePaymentTransaction",
    dependencies=[ORDER_ADMIN],
)
def create_transaction(
    session: SessionDep, caller: CallerDep, paymentID: str, body: PaymentTransactionWrite
) -> PaymentRead:
    """Record a transaction on a payment of the cart."""
    order_id = cart.require(session, caller, "Payment", paymentID)
    payment = payments.create_transaction(
        session, caller, OUT, order_id, payment_id=paymentID, data=body
    )
    return payments.to_read(payment)


@router.delete(
    ONE + "/transactions/{transactionID}",
    status_code=204,
    operation_id="Cart.DeletePaymentTransaction",
    dependencies=[ORDER_ADMIN],
)
def delete_transaction(
    session: SessionDep, caller: CallerDep, paymentID: str, transactionID: str
) -> Response:
    """Remove a transaction from a payment of the cart."""
    order_id = cart.require(session, caller, "Payment", paymentID)
    payments.delete_transaction(
        session, caller, OUT, order_id, payment_id=paymentID, transaction_id=transactionID
    )
    return no_content()
