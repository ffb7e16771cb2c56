"""Routes of bundles on /orders/{direction}/{orderID} (see orders/bundle_lines.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.routing import no_content
from mercato.orders import bundle_lines, line_items
from mercato.orders.routes.common import SHOPPER_WRITE, DirectionDep
from mercato.orders.schemas import BundleItems, LineItemRead

router = APIRouter(prefix="/orders/{direction}/{orderID}/bundles", tags=["BundleLineItems"])


@router.post(
    "/{bundleID}",
    status_code=201,
    operation_id="BundleLineItems.Create",
    dependencies=[SHOPPER_WRITE],
)
def create_bundle_item(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    bundleID: str,
    body: Annotated[BundleItems | None, Body()] = None,
) -> LineItemRead:
    """Add a bundle's products to the order; returns the line standing for the bundle."""
    line = bundle_lines.create_bundle_item(
        session, caller, direction, orderID, bundle_id=bundleID, data=body
    )
    return line_items.to_read(line)


@router.delete(
    "/{bundleID}/{bundleItemID}",
    status_code=204,
    operation_id="BundleLineItems.Delete",
    dependencies=[SHOPPER_WRITE],
)
def delete_bundle_item(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    bundleID: str,
    bundleItemID: str,
) -> Response:
    """Take a bundle item, with all its lines, off the order."""
    bundle_lines.delete_bundle_item(
        session, caller, direction, orderID, bundle_id=bundleID, bundle_item_id=bundleItemID
    )
    return no_content()
