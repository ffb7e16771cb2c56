"""Routes of /cart: the caller's current order, without its ID (see orders/cart.py).

Each route resolves the cart's order ID, then calls the service the matching
/orders/Outgoing/{orderID} route calls. The cart's payments are routed with payments.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders import bundle_lines, cart, checkout, lifecycle, line_items, orders, promotions
from mercato.orders.routes.common import (
    CHECKOUT,
    CHECKOUT_READ,
    ME_SHOPPER,
    SHOPPER_READ,
    SHOPPER_WRITE,
)
from mercato.orders.schemas import (
    BundleItems,
    CartRead,
    FromUserPatch,
    LineItemPatch,
    LineItemRead,
    LineItemWrite,
    OrderPatch,
    OrderRead,
    OrderShipMethodSelection,
    OrderWorksheet,
    OrderWrite,
    RefreshPromosResponse,
)
from mercato.organizations.schemas import AddressPatch, AddressWrite

router = APIRouter(prefix="/cart", tags=["Cart"])
OUT = cart.OUTGOING
LINE = "/lineitems/{lineItemID}"


def _lines(rows: Any) -> list[LineItemRead]:
    return [line_items.to_read(r) for r in rows]


def _as_dicts(rows: Any) -> list[dict[str, Any]]:
    return list(rows)


# --- the cart order -----------------------------------------------------------------------


@router.get("", operation_id="Cart.Get", dependencies=[SHOPPER_READ])
def get_cart(session: SessionDep, caller: CallerDep) -> CartRead:
    """The cart; before anything is added, an unsaved order whose ID is null."""
    return cart.get(session, caller)


@router.put("", operation_id="Cart.Save", dependencies=[SHOPPER_WRITE])
def save_cart(session: SessionDep, caller: CallerDep, body: OrderWrite) -> OrderRead:
    """Create or replace the cart order."""
    return orders.to_read(cart.save(session, caller, body))


@router.patch("", operation_id="Cart.Patch", dependencies=[SHOPPER_WRITE])
def patch_cart(session: SessionDep, caller: CallerDep, body: OrderPatch) -> OrderRead:
    """Update the fields sent, creating the cart if there is none."""
    return orders.to_read(cart.patch(session, caller, body))


@router.delete("", status_code=204, operation_id="Cart.Delete", dependencies=[SHOPPER_WRITE])
def delete_cart(session: SessionDep, caller: CallerDep) -> Response:
    """Delete the cart order; the next most recent unsubmitted order becomes the cart."""
    cart.delete(session, caller)
    return no_content()


@router.put("/billto", operation_id="Cart.SetBillingAddress", dependencies=[SHOPPER_WRITE])
def set_billing_address(session: SessionDep, caller: CallerDep, body: AddressWrite) -> OrderRead:
    """Bill the cart to a one-off address."""
    order_id = cart.require(session, caller)
    return orders.to_read(orders.set_billing(session, caller, OUT, order_id, body=body))


@router.patch("/billto", operation_id="Cart.PatchBillingAddress", dependencies=[SHOPPER_WRITE])
def patch_billing_address(session: SessionDep, caller: CallerDep, body: AddressPatch) -> OrderRead:
    """Change fields of the cart's billing address."""
    order_id = cart.require(session, caller)
    patch = body.model_dump(by_alias=False, exclude_unset=True)
    return orders.to_read(
        orders.set_billing(session, caller, OUT, order_id, body=None, patch=patch)
    )


@router.put("/shipto", operation_id="Cart.SetShippingAddress", dependencies=[SHOPPER_WRITE])
def set_shipping_address(session: SessionDep, caller: CallerDep, body: AddressWrite) -> OrderRead:
    """Ship every line of the cart to a one-off address."""
    order_id = cart.require(session, caller)
    return orders.to_read(orders.set_shipping(session, caller, OUT, order_id, body=body))


@router.patch("/shipto", operation_id="Cart.PatchShippingAddress", dependencies=[SHOPPER_WRITE])
def patch_shipping_address(session: SessionDep, caller: CallerDep, body: AddressPatch) -> OrderRead:
    """Change fields of the ship-to address of every line of the cart."""
    order_id = cart.require(session, caller)
    patch = body.model_dump(by_alias=False, exclude_unset=True)
    return orders.to_read(
        orders.set_shipping(session, caller, OUT, order_id, body=None, patch=patch)
    )


@router.patch("/fromuser", operation_id="Cart.PatchFromUser", dependencies=[SHOPPER_WRITE])
def patch_from_user(session: SessionDep, caller: CallerDep, body: FromUserPatch) -> OrderRead:
    """Change the name and e-mail the cart is from (guest checkout)."""
    order_id = cart.require(session, caller)
    return orders.to_read(orders.patch_from_user(session, caller, OUT, order_id, body))


@router.post("/submit", status_code=201, operation_id="Cart.Submit", dependencies=[SHOPPER_WRITE])
def submit_cart(session: SessionDep, caller: CallerDep) -> OrderRead:
    """Submit the cart; afterwards the caller has no cart until it adds something again."""
    order_id = cart.require(session, caller)
    return orders.to_read(lifecycle.submit(session, caller, OUT, order_id))


@router.post(
    "/validate", status_code=201, operation_id="Cart.Validate", dependencies=[SHOPPER_READ]
)
def validate_cart(session: SessionDep, caller: CallerDep) -> Response:
    """Check that the cart could be submitted, changing nothing."""
    lifecycle.validate(session, caller, OUT, cart.require(session, caller))
    return Response(status_code=201)


# --- line items ---------------------------------------------------------------------------


@router.get("/lineitems", operation_id="Cart.ListLineItems", dependencies=[SHOPPER_READ])
def list_lines(session: SessionDep, caller: CallerDep, args: ListArgsDep) -> ListPage[LineItemRead]:
    """The cart's lines; an empty list without a cart."""
    return list_page(cart.list_lines(session, caller, args), _lines)


@router.post(
    "/lineitems", status_code=201, operation_id="Cart.CreateLineItem", dependencies=[SHOPPER_WRITE]
)
def create_line(session: SessionDep, caller: CallerDep, body: LineItemWrite) -> LineItemRead:
    """Add a product to the cart, creating the cart if there is none."""
    order_id = cart.ensure(session, caller)
    return line_items.to_read(line_items.create_line(session, caller, OUT, order_id, body))


@router.get(LINE, operation_id="Cart.GetLineItem", dependencies=[SHOPPER_READ])
def get_line(session: SessionDep, caller: CallerDep, lineItemID: str) -> LineItemRead:
    """Get a line of the cart."""
    order_id = cart.require(session, caller, "LineItem", lineItemID)
    return line_items.to_read(line_items.get_line(session, caller, OUT, order_id, lineItemID))


@router.put(LINE, operation_id="Cart.SaveLineItem", dependencies=[SHOPPER_WRITE])
def save_line(
    session: SessionDep, caller: CallerDep, lineItemID: str, body: LineItemWrite
) -> LineItemRead:
    """Create or replace a line of the cart, creating the cart if there is none."""
    order_id = cart.ensure(session, caller)
    line = line_items.save_line(session, caller, OUT, order_id, line_id=lineItemID, data=body)
    return line_items.to_read(line)


@router.patch(LINE, operation_id="Cart.PatchLineItem", dependencies=[SHOPPER_WRITE])
def patch_line(
    session: SessionDep, caller: CallerDep, lineItemID: str, body: LineItemPatch
) -> LineItemRead:
    """Update the fields sent; the line is priced again."""
    order_id = cart.require(session, caller, "LineItem", lineItemID)
    line = line_items.patch_line(session, caller, OUT, order_id, line_id=lineItemID, data=body)
    return line_items.to_read(line)


@router.delete(
    LINE, status_code=204, operation_id="Cart.DeleteLineItem", dependencies=[SHOPPER_WRITE]
)
def delete_line(session: SessionDep, caller: CallerDep, lineItemID: str) -> Response:
    """Remove a line from the cart."""
    order_id = cart.require(session, caller, "LineItem", lineItemID)
    line_items.delete_line(session, caller, OUT, order_id, lineItemID)
    return no_content()


# --- bundles --------------------------------------------------------------------------------


@router.post(
    "/bundles/{bundleID}",
    status_code=201,
    operation_id="Cart.CreateBundleItem",
    dependencies=[SHOPPER_WRITE],
)
def create_bundle_item(
    session: SessionDep,
    caller: CallerDep,
    bundleID: str,
    body: Annotated[BundleItems | None, Body()] = None,
) -> LineItemRead:
    """Add a bundle's products to the cart; returns the line standing for the bundle."""
    order_id = cart.ensure(session, caller)
    line = bundle_lines.create_bundle_item(
        session, caller, OUT, order_id, bundle_id=bundleID, data=body
    )
    return line_items.to_read(line)


@router.delete(
    "/bundles/{bundleID}/{bundleItemID}",
    status_code=204,
    operation_id="Cart.DeleteBundleItem",
    dependencies=[SHOPPER_WRITE],
)
def delete_bundle_item(
    session: SessionDep, caller: CallerDep, bundleID: str, bundleItemID: str
) -> Response:
    """Take a bundle item, with all its lines, out of the cart."""
    order_id = cart.require(session, caller, "LineItem", bundleItemID)
    bundle_lines.delete_bundle_item(
        session, caller, OUT, order_id, bundle_id=bundleID, bundle_item_id=bundleItemID
    )
    return no_content()


# --- promotions (none can exist yet: see orders/promotions.py) ----------------------------


@router.get("/promotions", operation_id="Cart.ListPromotions", dependencies=[SHOPPER_READ])
def list_promotions(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[dict[str, Any]]:
    """The promotions applied to the cart."""
    return list_page(cart.list_promotions(session, caller, args, eligible=False), _as_dicts)


@router.get(
    "/eligiblepromotions",
    operation_id="Cart.ListEligiblePromotions",
    dependencies=[SHOPPER_WRITE],
)
def list_eligible_promotions(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[dict[str, Any]]:
    """The promotions the cart qualifies for."""
    return list_page(cart.list_promotions(session, caller, args, eligible=True), _as_dicts)


@router.post(
    "/promotions/{promoCode}",
    status_code=201,
    operation_id="Cart.AddPromotion",
    dependencies=[SHOPPER_WRITE],
)
def add_promotion(session: SessionDep, caller: CallerDep, promoCode: str) -> dict[str, Any]:
    """Apply a promotion code to the cart."""
    promotions.add_promotion(session, caller, OUT, cart.require(session, caller), promoCode)


@router.delete(
    "/promotions/{promoCode}",
    status_code=204,
    operation_id="Cart.DeletePromotion",
    dependencies=[SHOPPER_WRITE],
)
def delete_promotion(session: SessionDep, caller: CallerDep, promoCode: str) -> Response:
    """Take a promotion code off the cart."""
    promotions.remove_promotion(session, caller, OUT, cart.require(session, caller), promoCode)


@router.post(
    "/applypromotions",
    status_code=201,
    operation_id="Cart.ApplyPromotions",
    dependencies=[SHOPPER_WRITE],
)
def apply_promotions(session: SessionDep, caller: CallerDep) -> OrderRead:
    """Apply every eligible auto-apply promotion to the cart."""
    order_id = cart.require(session, caller)
    return orders.to_read(promotions.apply_promotions(session, caller, OUT, order_id))


@router.post(
    "/refreshpromotions",
    status_code=201,
    operation_id="Cart.RefreshPromotions",
    dependencies=[SHOPPER_WRITE],
)
def refresh_promotions(session: SessionDep, caller: CallerDep) -> RefreshPromosResponse:
    """Check the cart's promotions again."""
    return promotions.refresh_promotions(session, caller, OUT, cart.require(session, caller))


# --- checkout integration (see orders/checkout.py) ----------------------------------------


@router.post(
    "/estimateshipping",
    status_code=201,
    operation_id="Cart.EstimateShipping",
    dependencies=[CHECKOUT],
)
def estimate_shipping(session: SessionDep, caller: CallerDep) -> OrderWorksheet:
    """Ask the checkout integration for ship estimates for the cart."""
    checkout.estimate_shipping(session, caller, OUT, cart.require(session, caller))


@router.post(
    "/shipmethods",
    status_code=201,
    operation_id="Cart.SelectShipMethods",
    dependencies=[CHECKOUT],
)
def select_ship_methods(
    session: SessionDep,
    caller: CallerDep,
    body: Annotated[OrderShipMethodSelection | None, Body()] = None,
) -> OrderWorksheet:
    """Choose a ship method of each ship estimate of the cart."""
    checkout.select_ship_methods(session, caller, OUT, cart.require(session, caller))


@router.post("/calculate", status_code=201, operation_id="Cart.Calculate", dependencies=[CHECKOUT])
def calculate(session: SessionDep, caller: CallerDep) -> OrderWorksheet:
    """Have the checkout integration work out the cart's tax and totals."""
    checkout.calculate(session, caller, OUT, cart.require(session, caller))


@router.get("/worksheet", operation_id="Cart.GetOrderWorksheet", dependencies=[CHECKOUT_READ])
def get_worksheet(session: SessionDep, caller: CallerDep) -> OrderWorksheet:
    """The cart with its lines and what checkout integrations answered about it."""
    return checkout.worksheet(session, caller, OUT, cart.require(session, caller))


# Last, so that /cart/billto and the like are matched before this template.
@router.put("/{orderID}", operation_id="Cart.SetActiveCart", dependencies=[ME_SHOPPER])
def set_active_cart(session: SessionDep, caller: CallerDep, orderID: str) -> Response:
    """Make one of the caller's unsubmitted orders its cart."""
    cart.set_active(session, caller, orderID)
    return Response(status_code=200)
