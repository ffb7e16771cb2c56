"""Routes of /shipments: shipments, their items and their addresses."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations.schemas import AddressWrite
from mercato.shipments import items, shipments
from mercato.shipments.routes.common import (
    SHIPMENT_ADMIN,
    SHIPMENT_READ,
    each_item,
    each_shipment,
)
from mercato.shipments.schemas import (
    ShipmentItemRead,
    ShipmentItemWrite,
    ShipmentPatch,
    ShipmentRead,
    ShipmentWrite,
)

router = APIRouter(prefix="/shipments", tags=["Shipments"])
ONE = "/{shipmentID}"
ITEM = ONE + "/items/{orderID}/{lineItemID}"


@router.get("", operation_id="Shipments.List", dependencies=[SHIPMENT_READ])
def list_shipments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ShipmentRead]:
    """Shipments the caller manages; ``orderID`` narrows to those holding that order."""
    return list_page(shipments.list_shipments(session, caller, args), each_shipment)


@router.post("", status_code=201, operation_id="Shipments.Create", dependencies=[SHIPMENT_ADMIN])
def create_shipment(session: SessionDep, caller: CallerDep, body: ShipmentWrite) -> ShipmentRead:
    """Create a shipment owned by the caller's company; add lines through its items."""
    return shipments.to_read(shipments.create_shipment(session, caller, body))


@router.get(ONE, operation_id="Shipments.Get", dependencies=[SHIPMENT_READ])
def get_shipment(session: SessionDep, caller: CallerDep, shipmentID: str) -> ShipmentRead:
    """Get a shipment."""
    return shipments.to_read(shipments.get_shipment(session, caller, shipmentID))


@router.put(ONE, operation_id="Shipments.Save", dependencies=[SHIPMENT_ADMIN])
def save_shipment(
    session: SessionDep, caller: CallerDep, shipmentID: str, body: ShipmentWrite
) -> ShipmentRead:
    """Create or replace a shipment."""
    return shipments.to_read(shipments.save_shipment(session, caller, shipmentID, body))


@router.patch(ONE, operation_id="Shipments.Patch", dependencies=[SHIPMENT_ADMIN])
def patch_shipment(
    session: SessionDep, caller: CallerDep, shipmentID: str, body: ShipmentPatch
) -> ShipmentRead:
    """Update the fields sent."""
    return shipments.to_read(shipments.patch_shipment(session, caller, shipmentID, body))


@router.delete(ONE, status_code=204, operation_id="Shipments.Delete", dependencies=[SHIPMENT_ADMIN])
def delete_shipment(session: SessionDep, caller: CallerDep, shipmentID: str) -> Response:
    """Delete a shipment; the lines it held count as unshipped again."""
    items.delete_shipment(session, caller, shipmentID)
    return no_content()


@router.get(ONE + "/items", operation_id="Shipments.ListItems", dependencies=[SHIPMENT_READ])
def list_items(
    session: SessionDep, caller: CallerDep, shipmentID: str, args: ListArgsDep
) -> ListPage[ShipmentItemRead]:
    """The order lines in a shipment."""
    return list_page(items.list_items(session, caller, shipmentID, args), each_item)


@router.post(ONE + "/items", operation_id="Shipments.SaveItem", dependencies=[SHIPMENT_ADMIN])
def save_item(
    session: SessionDep, caller: CallerDep, shipmentID: str, body: ShipmentItemWrite
) -> ShipmentItemRead:
    """Ship some of an order line; posting the same line again sets its quantity."""
    return items.to_read(items.save_item(session, caller, shipmentID, body))


@router.get(ITEM, operation_id="Shipments.GetItem", dependencies=[SHIPMENT_READ])
def get_item(
    session: SessionDep, caller: CallerDep, shipmentID: str, orderID: str, lineItemID: str
) -> ShipmentItemRead:
    """Get one order line of a shipment."""
    return items.to_read(items.get_item(session, caller, shipmentID, orderID, lineItemID))


@router.delete(
    ITEM, status_code=204, operation_id="Shipments.DeleteItem", dependencies=[SHIPMENT_ADMIN]
)
def delete_item(
    session: SessionDep, caller: CallerDep, shipmentID: str, orderID: str, lineItemID: str
) -> Response:
    """Take an order line out of the shipment."""
    items.delete_item(session, caller, shipmentID, orderID, lineItemID)
    return no_content()


@router.put(
    ONE + "/shipfrom", operation_id="Shipments.SetShipFromAddress", dependencies=[SHIPMENT_ADMIN]
)
def set_ship_from(
    session: SessionDep, caller: CallerDep, shipmentID: str, body: AddressWrite
) -> ShipmentRead:
    """Ship from a one-off address."""
    shipment = shipments.set_address(session, caller, shipmentID, body, side="from")
    return shipments.to_read(shipment)


@router.put(
    ONE + "/shipto", operation_id="Shipments.SetShipToAddress", dependencies=[SHIPMENT_ADMIN]
)
def set_ship_to(
    session: SessionDep, caller: CallerDep, shipmentID: str, body: AddressWrite
) -> ShipmentRead:
    """Ship to a one-off address."""
    shipment = shipments.set_address(session, caller, shipmentID, body, side="to")
    return shipments.to_read(shipment)
