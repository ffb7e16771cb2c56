"""Forward and split: hand the lines a supplier sells on to that supplier as its own order.

The marketplace receives a buyer's order; lines whose product has a default supplier are
copied onto one outgoing order per supplier, from the marketplace to that supplier. The
buyer's line and its copy point at each other (OutgoingOrderID / IncomingOrderID), and a
line is never forwarded twice. Split leaves the new orders unsubmitted, for the
marketplace to adjust; forward submits them at once. Copies keep the buyer's unit price:
what the marketplace pays its supplier is the supplier's business, set on the copy.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError, NotFound
from mercato.core.ids import generate_id
from mercato.core.time import utcnow
from mercato.orders.directions import Direction
from mercato.orders.models import LineItem, Order, OrderStatus
from mercato.orders.orders import get_order, recalculate, to_read
from mercato.orders.schemas import OrderSplitResult
from mercato.organizations.companies import SUPPLIERS

COPIED = (
    "product_id", "quantity", "unit_price", "promotion_discount", "line_subtotal", "line_total",
    "cost_center", "date_needed", "shipping_account", "shipping_address_id", "shipping_address",
    "ship_from_address_id", "ship_from_address", "product", "variant", "specs", "supplier_id",
    "inventory_record_id", "price_schedule_id", "is_on_sale", "xp",
)  # fmt: skip


def split(
    session: Session, caller: Caller, direction: Direction, order_id: str, *, submit: bool
) -> OrderSplitResult:
    order = get_order(session, caller, direction, order_id, lock=True)
    if order.to_company_pk != caller.company.pk:
        raise NotFound("Order", order_id)  # only the company that received it forwards it
    if order.status is not OrderStatus.Open:
        raise ApiError(
            f"Order {order.id} is {order.status}; only Open orders are forwarded or split.",
            code="Order.CannotForwardBadStatus",
            data={"Status": str(order.status)},
        )
    by_supplier: dict[str, list[LineItem]] = defaultdict(list)
    for line in order.line_items:
        if line.supplier_id and line.outgoing_order_id is None:
            by_supplier[line.supplier_id].append(line)
    created = [
        _order_to(session, caller, order, supplier_id, lines, submit=submit)
        for supplier_id, lines in sorted(by_supplier.items())
    ]
    session.flush()
    remaining = [line.id for line in order.line_items if line.outgoing_order_id is None]
    return OrderSplitResult.model_validate(
        {"outgoing_orders": [to_read(o) for o in created], "RemainingLineItemIDs": remaining}
    )


def _order_to(
    session: Session,
    caller: Caller,
    incoming: Order,
    supplier_id: str,
    lines: list[LineItem],
    *,
    submit: bool,
) -> Order:
    supplier = SUPPLIERS.get(session, supplier_id)
    now = utcnow()
    outgoing = Order(
        id=generate_id(),
        from_company=caller.company,
        from_user=caller.user,
        to_company=supplier,
        status=OrderStatus.Open if submit else OrderStatus.Unsubmitted,
        is_submitted=submit,
        date_submitted=now if submit else None,
        billing_address_id=incoming.billing_address_id,
        billing_address=incoming.billing_address,
        currency=incoming.currency,
        comments=incoming.comments,
    )
    session.add(outgoing)
    for line in lines:
        copy = LineItem(id=line.id, quantity_shipped=0, incoming_order_id=incoming.id)
        for name in COPIED:
            setattr(copy, name, getattr(line, name))
        outgoing.line_items.append(copy)
        line.outgoing_order_id = outgoing.id
    recalculate(outgoing)
    return outgoing
