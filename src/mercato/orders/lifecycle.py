"""The order lifecycle: submit, approve or decline, cancel, complete.

Unsubmitted → (AwaitingApproval → Declined) → Open → Completed, or Canceled. Every
transition first claims the order with a compare-and-set UPDATE on its status, so two
concurrent submits (or a submit racing a cancel) cannot both succeed on either database.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import update
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import shopping
from mercato.core.errors import ApiError
from mercato.core.time import utcnow
from mercato.orders import approvals, inventory
from mercato.orders.directions import Direction
from mercato.orders.models import ApprovalStatus, Order, OrderStatus
from mercato.orders.orders import as_orderer, get_order, touch
from mercato.orders.schemas import OrderApprovalInfo
from mercato.payments import payments

S = OrderStatus


def _claim(
    session: Session, order: Order, allowed: Collection[OrderStatus], target: OrderStatus, code: str
) -> None:
    """Move ``order`` to ``target`` if its committed status is one of ``allowed``."""
    if order.status in allowed:
        claimed = session.execute(
            update(Order)
            .where(Order.pk == order.pk, Order.status.in_(list(allowed)))
            .values(status=target)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            # Only the status changed; the rest of the order (its lines, payments) stays loaded.
            session.refresh(order, ["status"])
            return
        session.refresh(order)
    raise ApiError(
        f"Order {order.id} is {order.status}; this needs it to be "
        f"{' or '.join(str(s) for s in allowed)}.",
        code=code,
        data={"Status": str(order.status)},
    )


def check_submittable(session: Session, caller: Caller, order: Order) -> None:
    """Everything submit checks before changing anything (also ``validate``)."""
    if order.status is not S.Unsubmitted and not _resubmittable(session, order):
        raise ApiError(
            f"Order {order.id} is {order.status}, not Unsubmitted.",
            code="Order.CannotSubmitBadStatus",
            data={"Status": str(order.status)},
        )
    if all(line.is_bundle for line in order.line_items):
        raise ApiError("An order needs a line item.", code="Order.CannotSubmitWithNoLineItems")
    buyer = as_orderer(caller, order)
    # A bundle's own line is skipped: its products have lines of their own.
    wanted = {line.product_id for line in order.line_items if not line.is_bundle}
    missing = wanted - shopping.visible_product_ids(session, buyer, wanted)
    if missing:
        raise ApiError(
            "Some products are no longer available to this user.",
            code="Order.CannotSubmitWithInactiveProduct",
            data={"ProductIDs": sorted(set(missing))},
        )
    payments.check_submittable(session, order)


def _resubmittable(session: Session, order: Order) -> bool:
    return order.status is S.Declined and approvals.may_resubmit(session, order)


def submit(session: Session, caller: Caller, direction: Direction, order_id: str) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    check_submittable(session, caller, order)
    pending = approvals.required(session, order)
    target = S.AwaitingApproval if pending else S.Open
    _claim(session, order, [order.status], target, "Order.CannotSubmitBadStatus")
    inventory.take(session, order)
    payments.on_submit(session, order)
    now = utcnow()
    order.is_submitted = True
    order.date_submitted = now
    order.date_declined = None
    approvals.open_requests(session, order, pending)
    touch(order)
    session.flush()
    return order


def approve(
    session: Session, caller: Caller, direction: Direction, order_id: str, info: OrderApprovalInfo
) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    if approvals.decide(session, caller, order, ApprovalStatus.Approved, info.comments):
        _claim(session, order, [S.AwaitingApproval], S.Open, "Order.MustBeAwaitingApproval")
        order.date_approved = utcnow()
    touch(order)
    session.flush()
    return order


def decline(
    session: Session, caller: Caller, direction: Direction, order_id: str, info: OrderApprovalInfo
) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    approvals.decide(
        session,
        caller,
        order,
        ApprovalStatus.Declined,
        info.comments,
        allow_resubmit=info.allow_resubmit,
    )
    _claim(session, order, [S.AwaitingApproval], S.Declined, "Order.MustBeAwaitingApproval")
    inventory.give_back(session, order)
    payments.on_release(session, order)
    order.date_declined = utcnow()
    touch(order)
    session.flush()
    return order


def validate(session: Session, caller: Caller, direction: Direction, order_id: str) -> None:
    order = get_order(session, caller, direction, order_id)
    check_submittable(session, caller, order)


def cancel(session: Session, caller: Caller, direction: Direction, order_id: str) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    allowed = [S.Unsubmitted, S.AwaitingApproval, S.Declined]
    was_submitted = order.status is S.AwaitingApproval
    _claim(session, order, allowed, S.Canceled, "Order.CannotCancelInCurrentStatus")
    if was_submitted:
        inventory.give_back(session, order)
        payments.on_release(session, order)
    order.date_canceled = utcnow()
    touch(order)
    session.flush()
    return order


def complete(session: Session, caller: Caller, direction: Direction, order_id: str) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    _claim(session, order, [S.Open], S.Completed, "Order.CannotCompleteBadStatus")
    mark_completed(order)
    session.flush()
    return order


def mark_completed(order: Order) -> None:
    order.date_completed = utcnow()
    touch(order)


def complete_if_shipped(session: Session, order: Order) -> bool:
    """Complete an Open order once every line has shipped in full (shipments call this)."""
    if order.status is not S.Open:
        return False
    products = (line for line in order.line_items if not line.is_bundle)
    if any(line.quantity_shipped < line.quantity for line in products):
        return False
    session.flush()  # the claim refreshes the order; pending line counts must be written first
    _claim(session, order, [S.Open], S.Completed, "Order.CannotCompleteBadStatus")
    mark_completed(order)
    session.flush()
    return True
