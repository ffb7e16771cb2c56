"""The caller's own orders under /me."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.orders import approvals, order_lists, orders, transfer
from mercato.orders.routes.common import ME_SHOPPER
from mercato.orders.schemas import OrderRead
from mercato.organizations.schemas import UserWrite

router = APIRouter(prefix="/me", tags=["Me"])


@router.get("/orders", operation_id="Me.ListOrders", dependencies=[ME_SHOPPER])
def list_my_orders(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[OrderRead]:
    """Orders the caller placed: submitted ones unless Status is filtered on."""
    page = order_lists.list_my_orders(session, caller, args)
    return list_page(page, lambda rows: [orders.to_read(o) for o in rows])


@router.get("/orders/approvable", operation_id="Me.ListApprovableOrders", dependencies=[ME_SHOPPER])
def list_approvable_orders(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[OrderRead]:
    """Orders waiting for the caller's approval."""
    page = approvals.list_approvable(session, caller, args)
    return list_page(page, lambda rows: [orders.to_read(o) for o in rows])


@router.put(
    "/orders", status_code=204, operation_id="Me.TransferAnonUserOrder", dependencies=[ME_SHOPPER]
)
def transfer_anonymous_order(
    request: Request, session: SessionDep, caller: CallerDep, anonUserToken: str | None = None
) -> Response:
    """Take over the unsubmitted order of the guest session whose token is given."""
    issuer = request.app.state.issuer
    transfer.transfer_anonymous_order(session, caller, anonUserToken, issuer=issuer)
    return no_content()


@router.put("/register", operation_id="Me.Register", dependencies=[ME_SHOPPER])
def register(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    body: UserWrite,
    anonUserToken: str | None = None,
) -> dict[str, Any]:
    """Make the calling guest a user of its buyer, with the guest's order; a token for it."""
    issuer = request.app.state.issuer
    token = transfer.register_guest(session, caller, body, anonUserToken, issuer=issuer)
    return {"access_token": token}
