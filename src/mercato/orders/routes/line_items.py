"""Routes of line items: on one order, and across orders."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders import line_items, orders
from mercato.orders.routes.common import ORDER_READ, SHOPPER_READ, SHOPPER_WRITE, DirectionDep
from mercato.orders.schemas import LineItemPatch, LineItemRead, LineItemWrite
from mercato.organizations.schemas import AddressPatch, AddressWrite

router = APIRouter(tags=["LineItems"])
LINES = "/orders/{direction}/{orderID}/lineitems"
ONE = LINES + "/{lineItemID}"


def _each(rows: object) -> list[LineItemRead]:
    return [line_items.to_read(r) for r in rows]  # type: ignore[attr-defined]


@router.get(
    "/lineitems/{direction}", operation_id="LineItems.ListAcrossOrders", dependencies=[ORDER_READ]
)
def list_across_orders(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, args: ListArgsDep
) -> ListPage[LineItemRead]:
    """Line items of every order the caller sees in this direction."""
    visible = orders.order_query(caller, direction)
    return list_page(line_items.list_across_orders(session, visible, args), _each)


@router.get(LINES, operation_id="LineItems.List", dependencies=[SHOPPER_READ])
def list_lines(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[LineItemRead]:
    """Line items of one order."""
    return list_page(line_items.list_lines(session, caller, direction, orderID, args), _each)


@router.post(LINES, status_code=201, operation_id="LineItems.Create", dependencies=[SHOPPER_WRITE])
def create_line(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: LineItemWrite,
) -> LineItemRead:
    """Add a product to the order at the price that applies to the order's user."""
    return line_items.to_read(line_items.create_line(session, caller, direction, orderID, body))


@router.get(ONE, operation_id="LineItems.Get", dependencies=[SHOPPER_READ])
def get_line(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, lineItemID: str
) -> LineItemRead:
    """Get a line item."""
    line = line_items.get_line(session, caller, direction, orderID, lineItemID)
    return line_items.to_read(line)


@router.put(ONE, operation_id="LineItems.Save", dependencies=[SHOPPER_WRITE])
def save_line(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    lineItemID: str,
    body: LineItemWrite,
) -> LineItemRead:
    """Create or replace a line item."""
    line = line_items.save_line(session, caller, direction, orderID, line_id=lineItemID, data=body)
    return line_items.to_read(line)


@router.patch(ONE, operation_id="LineItems.Patch", dependencies=[SHOPPER_WRITE])
def patch_line(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    lineItemID: str,
    body: LineItemPatch,
) -> LineItemRead:
    """Update the fields sent; the line is priced again."""
    line = line_items.patch_line(session, caller, direction, orderID, line_id=lineItemID, data=body)
    return line_items.to_read(line)


@router.delete(ONE, status_code=204, operation_id="LineItems.Delete", dependencies=[SHOPPER_WRITE])
def delete_line(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, lineItemID: str
) -> Response:
    """Remove a line item."""
    line_items.delete_line(session, caller, direction, orderID, lineItemID)
    return no_content()


@router.put(
    ONE + "/shipto", operation_id="LineItems.SetShippingAddress", dependencies=[SHOPPER_WRITE]
)
def set_line_shipping(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    lineItemID: str,
    body: AddressWrite,
) -> LineItemRead:
    """Ship this line to a one-off address."""
    line = line_items.set_line_shipping(
        session, caller, direction, orderID, line_id=lineItemID, body=body, patch=None
    )
    return line_items.to_read(line)


@router.patch(
    ONE + "/shipto", operation_id="LineItems.PatchShippingAddress", dependencies=[SHOPPER_WRITE]
)
def patch_line_shipping(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    lineItemID: str,
    body: AddressPatch,
) -> LineItemRead:
    """Change fields of this line's ship-to address."""
    patch = body.model_dump(by_alias=False, exclude_unset=True)
    line = line_items.set_line_shipping(
        session, caller, direction, orderID, line_id=lineItemID, body=None, patch=patch
    )
    return line_items.to_read(line)
