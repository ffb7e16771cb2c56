"""Promotions on orders, for as long as Mercato has no Promotions resource.

There is no promotion to add yet, so none can be on an order: adding or removing a code
answers 404 Promotion, the order's and the eligible promotion lists are empty, applying
promotions leaves the order as it is and refreshing them neither adds nor removes any. Each
call still checks that the caller sees the order (and, for the calls that would change it,
that it can still take promotions), so these are the answers a marketplace with no
promotion defined gives. The Promotions issue replaces the bodies below with real rules.
"""

from __future__ import annotations

from typing import Any, NoReturn

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, Page, page_meta
from mercato.orders.directions import Direction
from mercato.orders.models import Order, OrderStatus
from mercato.orders.orders import get_order
from mercato.orders.schemas import RefreshPromosResponse


def _open_to_promotions(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> Order:
    order = get_order(session, caller, direction, order_id)
    if order.status is not OrderStatus.Unsubmitted:
        raise ApiError(
            f"Order {order.id} is {order.status}; promotions change only unsubmitted orders.",
            code="Order.CannotApplyPromoBadStatus",
            data={"Status": str(order.status)},
        )
    return order


def empty_page(args: ListArgs) -> Page[Any]:
    return Page(items=[], meta=page_meta(0, args, 0))


def list_promotions(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[Any]:
    """The promotions on the order: none, while no promotion can exist."""
    get_order(session, caller, direction, order_id)
    return empty_page(args)


def list_eligible(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[Any]:
    """The promotions the order qualifies for: none, while no promotion can exist."""
    get_order(session, caller, direction, order_id)
    return empty_page(args)


def add_promotion(
    session: Session, caller: Caller, direction: Direction, order_id: str, code: str
) -> NoReturn:
    _open_to_promotions(session, caller, direction, order_id)
    raise NotFound("Promotion", code)


def remove_promotion(
    session: Session, caller: Caller, direction: Direction, order_id: str, code: str
) -> NoReturn:
    get_order(session, caller, direction, order_id)
    raise NotFound("Promotion", code)


def apply_promotions(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> Order:
    """Auto-apply eligible promotions: there are none, so the order comes back unchanged."""
    return _open_to_promotions(session, caller, direction, order_id)


def refresh_promotions(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> RefreshPromosResponse:
    """Re-evaluate the order's promotions: with none on it, nothing is added or removed."""
    _open_to_promotions(session, caller, direction, order_id)
    return RefreshPromosResponse()
