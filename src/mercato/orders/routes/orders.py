"""Routes of /orders/{direction}: orders, their addresses and their lifecycle."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders import approvals, forwarding, lifecycle, order_lists, orders
from mercato.orders.routes.common import (
    ORDER_ADMIN,
    ORDER_READ,
    SHOPPER_READ,
    SHOPPER_WRITE,
    DirectionDep,
)
from mercato.orders.schemas import (
    FromUserPatch,
    OrderApprovalInfo,
    OrderApprovalRead,
    OrderPatch,
    OrderRead,
    OrderSplitResult,
    OrderWrite,
)
from mercato.organizations import users
from mercato.organizations.schemas import AddressPatch, AddressWrite, UserRead

router = APIRouter(prefix="/orders/{direction}", tags=["Orders"])
ONE = "/{orderID}"


def _each(rows: object) -> list[OrderRead]:
    return [orders.to_read(o) for o in rows]  # type: ignore[attr-defined]


@router.get("", operation_id="Orders.List", dependencies=[ORDER_READ])
def list_orders(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, args: ListArgsDep
) -> ListPage[OrderRead]:
    """Submitted orders by default; filter on Status for unsubmitted ones."""
    return list_page(order_lists.list_orders(session, caller, direction, args), _each)


@router.post("", status_code=201, operation_id="Orders.Create", dependencies=[SHOPPER_WRITE])
def create_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, body: OrderWrite
) -> OrderRead:
    """Start an unsubmitted order."""
    return orders.to_read(orders.create_order(session, caller, direction, body))


@router.get(ONE, operation_id="Orders.Get", dependencies=[SHOPPER_READ])
def get_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderRead:
    """Get an order."""
    return orders.to_read(orders.get_order(session, caller, direction, orderID))


@router.put(ONE, operation_id="Orders.Save", dependencies=[SHOPPER_WRITE])
def save_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, body: OrderWrite
) -> OrderRead:
    """Create or replace an unsubmitted order."""
    return orders.to_read(orders.save_order(session, caller, direction, orderID, body))


@router.patch(ONE, operation_id="Orders.Patch", dependencies=[SHOPPER_WRITE])
def patch_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, body: OrderPatch
) -> OrderRead:
    """Update the fields sent."""
    return orders.to_read(orders.patch_order(session, caller, direction, orderID, body))


@router.delete(ONE, status_code=204, operation_id="Orders.Delete", dependencies=[SHOPPER_WRITE])
def delete_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> Response:
    """Delete an unsubmitted order."""
    orders.delete_order(session, caller, direction, orderID)
    return no_content()


@router.put(ONE + "/billto", operation_id="Orders.SetBillingAddress", dependencies=[SHOPPER_WRITE])
def set_billing_address(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: AddressWrite,
) -> OrderRead:
    """Bill the order to a one-off address."""
    return orders.to_read(orders.set_billing(session, caller, direction, orderID, body=body))


@router.patch(
    ONE + "/billto", operation_id="Orders.PatchBillingAddress", dependencies=[SHOPPER_WRITE]
)
def patch_billing_address(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: AddressPatch,
) -> OrderRead:
    """Change fields of the billing address."""
    patch = body.model_dump(by_alias=False, exclude_unset=True)
    return orders.to_read(
        orders.set_billing(session, caller, direction, orderID, body=None, patch=patch)
    )


@router.put(ONE + "/shipto", operation_id="Orders.SetShippingAddress", dependencies=[SHOPPER_WRITE])
def set_shipping_address(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: AddressWrite,
) -> OrderRead:
    """Ship every line to a one-off address."""
    return orders.to_read(orders.set_shipping(session, caller, direction, orderID, body=body))


@router.patch(
    ONE + "/shipto", operation_id="Orders.PatchShippingAddress", dependencies=[SHOPPER_WRITE]
)
def patch_shipping_address(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: AddressPatch,
) -> OrderRead:
    """Change fields of the ship-to address of every line."""
    patch = body.model_dump(by_alias=False, exclude_unset=True)
    return orders.to_read(
        orders.set_shipping(session, caller, direction, orderID, body=None, patch=patch)
    )


@router.patch(ONE + "/fromuser", operation_id="Orders.PatchFromUser", dependencies=[SHOPPER_WRITE])
def patch_from_user(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: FromUserPatch,
) -> OrderRead:
    """Change the name and e-mail the order is from."""
    return orders.to_read(orders.patch_from_user(session, caller, direction, orderID, body))


@router.post(
    ONE + "/submit", status_code=201, operation_id="Orders.Submit", dependencies=[SHOPPER_WRITE]
)
def submit_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderRead:
    """Submit the order: Open, or AwaitingApproval when an approval rule applies."""
    return orders.to_read(lifecycle.submit(session, caller, direction, orderID))


@router.post(
    ONE + "/validate", status_code=204, operation_id="Orders.Validate", dependencies=[SHOPPER_READ]
)
def validate_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> Response:
    """Check that the order could be submitted, changing nothing."""
    lifecycle.validate(session, caller, direction, orderID)
    return no_content()


@router.post(
    ONE + "/cancel", status_code=201, operation_id="Orders.Cancel", dependencies=[SHOPPER_WRITE]
)
def cancel_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderRead:
    """Cancel an order that is not Open or Completed."""
    return orders.to_read(lifecycle.cancel(session, caller, direction, orderID))


@router.post(
    ONE + "/complete", status_code=201, operation_id="Orders.Complete", dependencies=[ORDER_ADMIN]
)
def complete_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderRead:
    """Mark an Open order Completed."""
    return orders.to_read(lifecycle.complete(session, caller, direction, orderID))


@router.post(
    ONE + "/approve", status_code=201, operation_id="Orders.Approve", dependencies=[SHOPPER_WRITE]
)
def approve_order(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: OrderApprovalInfo | None = None,
) -> OrderRead:
    """Approve on behalf of the caller's approving group; the order opens when none remain.

    Every field of the body is optional, and an SDK may send none at all.
    """
    info = body or OrderApprovalInfo()
    return orders.to_read(lifecycle.approve(session, caller, direction, orderID, info))


@router.post(
    ONE + "/decline", status_code=201, operation_id="Orders.Decline", dependencies=[SHOPPER_WRITE]
)
def decline_order(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: OrderApprovalInfo | None = None,
) -> OrderRead:
    """Decline the order; AllowResubmit lets the buyer submit it again. The body may be absent."""
    info = body or OrderApprovalInfo()
    return orders.to_read(lifecycle.decline(session, caller, direction, orderID, info))


@router.get(ONE + "/approvals", operation_id="Orders.ListApprovals", dependencies=[SHOPPER_READ])
def list_approvals(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[OrderApprovalRead]:
    """Every approval the order has needed, pending or decided."""
    page = approvals.list_approvals(session, caller, direction, orderID, args)
    return list_page(page, lambda rows: approvals.to_read(session, list(rows)))


@router.get(
    ONE + "/eligibleapprovers",
    operation_id="Orders.ListEligibleApprovers",
    dependencies=[SHOPPER_READ],
)
def list_eligible_approvers(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[UserRead]:
    """Users who may approve the order now."""
    page = approvals.list_eligible_approvers(session, caller, direction, orderID, args)
    return list_page(page, lambda rows: users.to_read(session, list(rows)))


@router.post(ONE + "/forward", operation_id="Orders.Forward", dependencies=[ORDER_ADMIN])
def forward_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderSplitResult:
    """Send each supplier's lines to that supplier as a submitted order."""
    return forwarding.split(session, caller, direction, orderID, submit=True)


@router.post(ONE + "/split", operation_id="Orders.Split", dependencies=[ORDER_ADMIN])
def split_order(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderSplitResult:
    """Like forward, but the suppliers' orders stay unsubmitted."""
    return forwarding.split(session, caller, direction, orderID, submit=False)
