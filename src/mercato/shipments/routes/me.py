"""The caller's shipments under /me: those holding lines of its own orders."""

from __future__ import annotations

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page
from mercato.core.schemas import ListPage
from mercato.orders.routes.common import ME_SHOPPER
from mercato.shipments import items, shipments
from mercato.shipments.routes.common import each_item, each_shipment
from mercato.shipments.schemas import ShipmentItemRead, ShipmentRead

router = APIRouter(prefix="/me/shipments", tags=["Me"])


@router.get("", operation_id="Me.ListShipments", dependencies=[ME_SHOPPER])
def list_my_shipments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ShipmentRead]:
    """Shipments of the caller's orders; ``orderID`` narrows to one order."""
    return list_page(shipments.list_my_shipments(session, caller, args), each_shipment)


@router.get("/{shipmentID}", operation_id="Me.GetShipment", dependencies=[ME_SHOPPER])
def get_my_shipment(session: SessionDep, caller: CallerDep, shipmentID: str) -> ShipmentRead:
    """Get one of the caller's shipments."""
    return shipments.to_read(shipments.get_my_shipment(session, caller, shipmentID))


@router.get("/{shipmentID}/items", operation_id="Me.ListShipmentItems", dependencies=[ME_SHOPPER])
def list_my_shipment_items(
    session: SessionDep, caller: CallerDep, shipmentID: str, args: ListArgsDep
) -> ListPage[ShipmentItemRead]:
    """The lines of the caller's orders in one of its shipments."""
    return list_page(items.list_my_items(session, caller, shipmentID, args), each_item)
