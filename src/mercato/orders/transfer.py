"""Guests becoming customers: handing a guest's cart over, and registering a guest.

An anonymous token is scoped to one order ID of the client's template user. Presenting
that token (as ``anonUserToken``) proves the caller held the guest session, so its
unsubmitted order moves to the signed-in user (Me.TransferAnonUserOrder) or to the user the
guest registers as (Me.Register), and is priced again for that user.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth import grants
from mercato.auth.dependencies import Caller
from mercato.auth.tokens import TokenClaims, decode_access_token
from mercato.core.errors import ApiError, Forbidden
from mercato.orders import line_items
from mercato.orders.models import Order, OrderStatus
from mercato.orders.orders import touch
from mercato.organizations import users
from mercato.organizations.models import UserGroupMember
from mercato.organizations.schemas import UserWrite
from mercato.organizations.scopes import group_pks_of


def transfer_anonymous_order(
    session: Session, caller: Caller, anon_token: str | None, *, issuer: str
) -> None:
    if caller.is_guest:
        raise Forbidden("A guest cannot take over orders.", code="Auth.AnonUserProhibited")
    _take_over(session, caller, _guest_claims(session, caller, anon_token, issuer=issuer))


def register_guest(
    session: Session, caller: Caller, data: UserWrite, anon_token: str | None, *, issuer: str
) -> str:
    """Turn the calling guest into a user of the template user's buyer; returns its token.

    The guest browsed as a copy of the template user, so the new user keeps that copy's
    user groups (and with them its catalogs and prices) and takes over the guest's order.
    """
    if not caller.is_guest:
        raise ApiError("Only a guest (anonymous) session can register.", code="User.IsNotTemp")
    claims = _guest_claims(session, caller, anon_token, issuer=issuer)
    user = users.add_user(session, caller.company, data)
    for group_pk in session.scalars(group_pks_of(caller.user.pk)).all():
        session.add(UserGroupMember(group_pk=group_pk, user_pk=user.pk))
    session.flush()
    registered = replace(caller, user=user, anonymous_order_id=None)
    _take_over(session, registered, claims)
    issued = grants.token_for(session, caller.client_id, user, sorted(caller.roles), issuer=issuer)
    return issued.access_token


def _guest_claims(
    session: Session, caller: Caller, anon_token: str | None, *, issuer: str
) -> TokenClaims:
    if not anon_token:
        raise ApiError("anonUserToken is required.", code="Auth.MustPassAnonUserToken")
    claims = decode_access_token(session, anon_token, audience=issuer)
    if claims.order_id is None or claims.marketplace_id != caller.marketplace.id:
        raise ApiError(
            "anonUserToken is not a guest token of this marketplace.",
            code="Auth.MustPassAnonUserToken",
        )
    return claims


def _take_over(session: Session, caller: Caller, claims: TokenClaims) -> None:
    order = session.scalars(
        select(Order)
        .where(
            Order.id == claims.order_id,
            Order.from_user_pk == claims.user_pk,
            Order.guest.is_(True),
            Order.status == OrderStatus.Unsubmitted,
        )
        .with_for_update(of=Order)
    ).first()
    if order is None:
        return  # the guest never started an order: nothing to hand over
    order.from_user = caller.user
    order.from_company = caller.company
    order.guest = False
    line_items.reprice(session, caller, order)
    touch(order)
    session.flush()
