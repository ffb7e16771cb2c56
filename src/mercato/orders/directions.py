"""Order direction: which orders a caller reaches through /orders/{direction}.

Outgoing orders are those the caller's side placed: a buyer user's own orders (and, once
approval rules apply, the ones it may approve); for the marketplace owner or a supplier,
the orders its company placed. Incoming orders are those placed to the caller's company;
a buyer has none. All is either.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ColumnElement, false, or_, select

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError
from mercato.orders.models import Order, OrderApproval
from mercato.organizations.models import CompanyKind
from mercato.organizations.scopes import group_pks_of


class Direction(StrEnum):
    Incoming = "Incoming"
    Outgoing = "Outgoing"
    All = "All"


def parse_direction(raw: str) -> Direction:
    for direction in Direction:
        if direction.value.lower() == raw.lower():
            return direction
    raise ApiError(
        f"Direction must be Incoming, Outgoing or All, not {raw!r}.",
        code="ValidationFailure",
        data={"Property": "direction"},
    )


def approvable_by(caller: Caller) -> ColumnElement[bool]:
    """Orders with an approval pending on a group the caller belongs to."""
    groups = group_pks_of(caller.user.pk)
    pending = select(OrderApproval.order_pk).where(OrderApproval.approving_group_pk.in_(groups))
    return Order.pk.in_(pending)


def placed_by(caller: Caller) -> ColumnElement[bool]:
    """Orders the caller placed itself.

    Every guest of an API client shares its template user: a guest token reaches only the
    order it carries, and the template user signed in normally reaches none of the guests'.
    """
    mine = Order.from_user_pk == caller.user.pk
    if caller.is_guest:
        return mine & (Order.id == caller.anonymous_order_id)
    return mine & Order.guest.is_(false())


def outgoing(caller: Caller) -> ColumnElement[bool]:
    if caller.is_guest:
        return placed_by(caller)
    if caller.kind is CompanyKind.BUYER:
        mine = placed_by(caller)
        return (Order.from_company_pk == caller.company.pk) & or_(mine, approvable_by(caller))
    return Order.from_company_pk == caller.company.pk


def incoming(caller: Caller) -> ColumnElement[bool]:
    if caller.kind is CompanyKind.BUYER:
        return false()
    return Order.to_company_pk == caller.company.pk


def visible(caller: Caller, direction: Direction) -> ColumnElement[bool]:
    if direction is Direction.Outgoing:
        return outgoing(caller)
    if direction is Direction.Incoming:
        return incoming(caller)
    return or_(outgoing(caller), incoming(caller))


def effective(caller: Caller, direction: Direction) -> Direction:
    """The concrete side an order is created on: All means the caller's natural side."""
    if direction is Direction.All:
        return Direction.Outgoing if caller.kind is CompanyKind.BUYER else Direction.Incoming
    return direction
