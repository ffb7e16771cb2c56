"""Shipment items: how much of which order line a shipment holds, and what follows.

A line's ``QuantityShipped`` is the sum of its items over every shipment, recounted
whenever an item is saved or removed; nothing ships beyond the quantity ordered. When every
line of an Open order has shipped in full, the order is Completed. Writers lock the order
first (PostgreSQL), so two shipments of the same line cannot both take its last units.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.access import check_manager
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.orders import lifecycle
from mercato.orders.directions import Direction, outgoing
from mercato.orders.line_items import lines_of
from mercato.orders.models import ZERO, LineItem, Order, OrderStatus
from mercato.orders.orders import get_order, touch
from mercato.shipments import shipments
from mercato.shipments.models import Shipment, ShipmentItem
from mercato.shipments.schemas import ShipmentItemRead, ShipmentItemWrite, ShipmentWrite

ITEM_LIST = ListSpec(
    fields={
        "OrderID": Order.id,
        "LineItemID": LineItem.id,
        "QuantityShipped": ShipmentItem.quantity_shipped,
    },
    search=(),
    sort=("OrderID", "LineItemID"),
    tiebreak=ShipmentItem.pk,
)


def to_read(item: ShipmentItem) -> ShipmentItemRead:
    line = item.line_item
    return ShipmentItemRead.model_validate(
        {
            "order_id": item.order.id,
            "line_item_id": line.id,
            "quantity_shipped": item.quantity_shipped,
            "unit_price": line.unit_price if line.unit_price is not None else ZERO,
            "cost_center": line.cost_center,
            "date_needed": line.date_needed,
            "product": line.product,
            "variant": line.variant,
            "specs": line.specs,
            "xp": line.xp,
        }
    )


def _items_of(shipment: Shipment) -> Select[ShipmentItem]:
    return (
        select(ShipmentItem)
        .join(Order, Order.pk == ShipmentItem.order_pk)
        .join(LineItem, LineItem.pk == ShipmentItem.line_item_pk)
        .where(ShipmentItem.shipment_pk == shipment.pk)
    )


def list_items(
    session: Session, caller: Caller, shipment_id: str, args: ListArgs
) -> Page[ShipmentItem]:
    shipment = shipments.get_shipment(session, caller, shipment_id)
    return paginate(session, _items_of(shipment), args, ITEM_LIST)


def list_my_items(
    session: Session, caller: Caller, shipment_id: str, args: ListArgs
) -> Page[ShipmentItem]:
    """Items of one of the caller's shipments, on orders the caller sees."""
    shipment = shipments.get_my_shipment(session, caller, shipment_id)
    return paginate(session, _items_of(shipment).where(outgoing(caller)), args, ITEM_LIST)


def _find_item(session: Session, shipment: Shipment, order_id: str, line_id: str) -> ShipmentItem:
    stmt = _items_of(shipment).where(Order.id == order_id, LineItem.id == line_id)
    item = session.scalars(stmt).first()
    if item is None:
        raise NotFound("ShipmentItem", f"{order_id}/{line_id}")
    return item


def get_item(
    session: Session, caller: Caller, shipment_id: str, order_id: str, line_id: str
) -> ShipmentItem:
    shipment = shipments.get_shipment(session, caller, shipment_id)
    return _find_item(session, shipment, order_id, line_id)


# --- quantities -------------------------------------------------------------------------------


def _check_open(order: Order) -> None:
    if order.status is not OrderStatus.Open:
        raise ApiError(
            f"Order {order.id} is {order.status}; only Open orders ship.",
            code="Order.CannotShipBadStatus",
            data={"Status": str(order.status)},
        )


def _shipped(session: Session, line: LineItem, *, besides: Shipment | None = None) -> int:
    """Units of ``line`` in shipments (other than ``besides``)."""
    stmt = select(func.coalesce(func.sum(ShipmentItem.quantity_shipped), 0)).where(
        ShipmentItem.line_item_pk == line.pk
    )
    if besides is not None:
        stmt = stmt.where(ShipmentItem.shipment_pk != besides.pk)
    return int(session.scalar(stmt) or 0)


def _recount(session: Session, orders: Iterable[Order]) -> None:
    """Set every line's QuantityShipped from its items, then complete what shipped in full."""
    session.flush()
    for order in orders:
        for line in order.line_items:
            line.quantity_shipped = _shipped(session, line)
        touch(order)
        lifecycle.complete_if_shipped(session, order)
    session.flush()


def _lock_orders(session: Session, order_pks: Iterable[int]) -> list[Order]:
    """The orders, locked in pk order so that concurrent writers cannot deadlock."""
    stmt = select(Order).where(Order.pk.in_(sorted(set(order_pks)))).order_by(Order.pk)
    return list(session.scalars(stmt.with_for_update(of=Order)).unique())


def save_item(
    session: Session, caller: Caller, shipment_id: str, data: ShipmentItemWrite
) -> ShipmentItem:
    """Put some of an order line in the shipment; saving the same line again sets its quantity."""
    shipment = shipments.get_shipment(session, caller, shipment_id)
    order = get_order(session, caller, Direction.Incoming, data.order_id, lock=True)
    _check_open(order)
    line = lines_of(order).get(session, data.line_item_id)
    if line.is_bundle:
        raise ApiError(
            f"Line {line.id} stands for a bundle; ship the bundle's product lines instead.",
            code="ShipmentItem.CannotBeBundle",
            data={"OrderID": order.id, "LineItemID": line.id},
        )
    shipments.claim_buyer(shipment, order)
    remaining = line.quantity - _shipped(session, line, besides=shipment)
    if data.quantity_shipped > remaining:
        raise ApiError(
            f"Line {line.id} of order {order.id} has {remaining} of {line.quantity} "
            f"left to ship; {data.quantity_shipped} is too many.",
            code="ShipmentItem.QuantityExceeded",
            data={
                "OrderID": order.id,
                "LineItemID": line.id,
                "Quantity": line.quantity,
                "QuantityAvailable": remaining,
            },
        )
    item = session.scalars(
        select(ShipmentItem).where(
            ShipmentItem.shipment_pk == shipment.pk, ShipmentItem.line_item_pk == line.pk
        )
    ).first()
    if item is None:
        item = ShipmentItem(shipment=shipment, order=order, line_item=line)
        session.add(item)
    item.quantity_shipped = data.quantity_shipped
    _recount(session, [order])
    return item


def delete_item(
    session: Session, caller: Caller, shipment_id: str, order_id: str, line_id: str
) -> None:
    """Take a line out of the shipment; a Completed order stays Completed."""
    shipment = shipments.get_shipment(session, caller, shipment_id)
    item = _find_item(session, shipment, order_id, line_id)
    orders = _lock_orders(session, [item.order_pk])
    session.delete(item)
    _recount(session, orders)


def delete_shipment(session: Session, caller: Caller, shipment_id: str) -> None:
    """Delete the shipment and its items; the lines it held count as unshipped again."""
    shipment = shipments.get_shipment(session, caller, shipment_id)
    orders = _lock_orders(session, [item.order_pk for item in shipment.items])
    session.delete(shipment)
    _recount(session, orders)


# --- shipping a whole order -------------------------------------------------------------------


def ship_order(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    data: ShipmentWrite | None,
) -> Order:
    """One new shipment with every line at its full quantity; the order is then Completed."""
    check_manager(caller)
    order = get_order(session, caller, direction, order_id, lock=True)
    if order.to_company_pk != caller.company.pk:
        raise NotFound("Order", order_id)  # not the caller's to fulfil
    _check_open(order)
    # A bundle's own line is a marker: the bundle's products ship on lines of their own.
    lines = [line for line in order.line_items if not line.is_bundle]
    if not lines:
        raise ApiError(
            f"Order {order.id} has no line items to ship.", code="Order.CannotShipWithNoLineItems"
        )
    on_shipments = [line.id for line in lines if _shipped(session, line)]
    if on_shipments:
        raise ApiError(
            f"Order {order.id} already has lines on other shipments; "
            "ship the rest through shipment items instead.",
            code="Order.ConflictsWithOtherShipments",
            data={"LineItemIDs": on_shipments},
        )
    shipment = shipments.create_shipment(session, caller, data or ShipmentWrite())
    shipments.claim_buyer(shipment, order)
    for line in lines:
        session.add(
            ShipmentItem(
                shipment=shipment, order=order, line_item=line, quantity_shipped=line.quantity
            )
        )
    _recount(session, [order])
    return order
