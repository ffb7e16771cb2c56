"""Shipping routes under /orders/{direction}/{orderID}."""

from __future__ import annotations

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page
from mercato.core.schemas import ListPage
from mercato.orders import orders
from mercato.orders.routes.common import DirectionDep
from mercato.orders.schemas import OrderRead
from mercato.shipments import items, shipments
from mercato.shipments.routes.common import ORDER_SHIP, ORDER_SHIPMENTS, each_shipment
from mercato.shipments.schemas import ShipmentRead, ShipmentWrite

router = APIRouter(prefix="/orders/{direction}/{orderID}", tags=["Orders"])


@router.post("/ship", status_code=201, operation_id="Orders.Ship", dependencies=[ORDER_SHIP])
def ship_order(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: ShipmentWrite | None = None,
) -> OrderRead:
    """Ship every line of an Open order in one new shipment and complete the order."""
    return orders.to_read(items.ship_order(session, caller, direction, orderID, body))


@router.get("/shipments", operation_id="Orders.ListShipments", dependencies=[ORDER_SHIPMENTS])
def list_order_shipments(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[ShipmentRead]:
    """Shipments holding lines of the order."""
    order = orders.get_order(session, caller, direction, orderID)
    return list_page(shipments.list_for_order(session, order, args), each_shipment)
