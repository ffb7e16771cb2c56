"""Routes of /orders/{direction}/{orderID}/payments."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders.routes.common import ORDER_ADMIN, SHOPPER_READ, SHOPPER_WRITE, DirectionDep
from mercato.payments import payments
from mercato.payments.schemas import (
    PaymentPatch,
    PaymentRead,
    PaymentTransactionWrite,
    PaymentWrite,
)

router = APIRouter(prefix="/orders/{direction}/{orderID}/payments", tags=["Payments"])
ONE = "/{paymentID}"


@router.get("", operation_id="Payments.List", dependencies=[SHOPPER_READ])
def list_payments(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[PaymentRead]:
    """Payments of one order."""
    page = payments.list_payments(session, caller, direction, orderID, args)
    return list_page(page, lambda rows: [payments.to_read(p) for p in rows])


@router.post("", status_code=201, operation_id="Payments.Create", dependencies=[SHOPPER_WRITE])
def create_payment(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: PaymentWrite,
) -> PaymentRead:
    """Add a payment; without Amount it covers what the other payments leave of the total."""
    return payments.to_read(payments.create_payment(session, caller, direction, orderID, body))


@router.get(ONE, operation_id="Payments.Get", dependencies=[SHOPPER_READ])
def get_payment(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, paymentID: str
) -> PaymentRead:
    """Get a payment with its transactions."""
    payment = payments.get_payment(session, caller, direction, orderID, paymentID)
    return payments.to_read(payment)


@router.delete(ONE, status_code=204, operation_id="Payments.Delete", dependencies=[SHOPPER_WRITE])
def delete_payment(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, paymentID: str
) -> Response:
    """Remove a payment."""
    payments.delete_payment(session, caller, direction, orderID, paymentID)
    return no_content()


@router.patch(ONE, operation_id="Payments.Patch", dependencies=[SHOPPER_WRITE])
def patch_payment(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    paymentID: str,
    body: PaymentPatch,
) -> PaymentRead:
    """Change the fields sent; Type, CreditCardID and SpendingAccountID are fixed."""
    payment = payments.patch_payment(
        session, caller, direction, orderID, payment_id=paymentID, data=body
    )
    return payments.to_read(payment)


@router.post(
    ONE + "/transactions",
    status_code=201,
    operation_id="Payments.CreateTransaction",
    dependencies=[ORDER_ADMIN],
)
def create_transaction(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    paymentID: str,
    body: PaymentTransactionWrite,
) -> PaymentRead:
    """Record a processor's transaction on the payment; answers with the payment."""
    payment = payments.create_transaction(
        session, caller, direction, orderID, payment_id=paymentID, data=body
    )
    return payments.to_read(payment)


@router.delete(
    ONE + "/transactions/{transactionID}",
    status_code=204,
    operation_id="Payments.DeleteTransaction",
    dependencies=[ORDER_ADMIN],
)
def delete_transaction(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    paymentID: str,
    transactionID: str,
) -> Response:
    """Remove a transaction from the payment."""
    payments.delete_transaction(
        session, caller, direction, orderID, payment_id=paymentID, transaction_id=transactionID
    )
    return no_content()
