"""Handing a guest's cart to the user who just signed in (Me.TransferAnonUserOrder).

An anonymous token is scoped to one order ID of the client's template user. Presenting
that token (as ``anonUserToken``) proves the caller held the guest session, so its
unsubmitted order moves to the caller and is priced again for the caller.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.auth.tokens import decode_access_token
from mercato.core.errors import ApiError, Forbidden
from mercato.orders import line_items
from mercato.orders.models import Order, OrderStatus
from mercato.orders.orders import touch


def transfer_anonymous_order(
    session: Session, caller: Caller, anon_token: str | None, *, issuer: str
) -> None:
    if caller.anonymous_order_id is not None:
        raise Forbidden("A guest cannot take over orders.", code="Auth.AnonUserProhibited")
    if not anon_token:
        raise ApiError("anonUserToken is required.", code="Auth.MustPassAnonUserToken")
    claims = decode_access_token(session, anon_token, audience=issuer)
    if claims.order_id is None or claims.marketplace_id != caller.marketplace.id:
        raise ApiError(
            "anonUserToken is not a guest token of this marketplace.",
            code="Auth.MustPassAnonUserToken",
        )
    order = session.scalars(
        select(Order)
        .where(
            Order.id == claims.order_id,
            Order.from_user_pk == claims.user_pk,
            Order.status == OrderStatus.Unsubmitted,
        )
        .with_for_update(of=Order)
    ).first()
    if order is None:
        return  # the guest never started an order: nothing to hand over
    order.from_user = caller.user
    order.from_company = caller.company
    line_items.reprice(session, caller, order)
    touch(order)
    session.flush()
