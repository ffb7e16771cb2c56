"""The cart: a buyer user's current unsubmitted order, reached without knowing its ID.

Which order is the cart
    The candidates are the caller's own Unsubmitted outgoing orders (FromUser = the caller).
    ``PUT /cart/{orderID}`` stamps ``orders.cart_selected_at`` on the chosen candidate, and
    the cart is the candidate with the latest ``coalesce(cart_selected_at, date_created)``
    (then the latest row). So a chosen order stays the cart until it is submitted or
    deleted, or the user starts a newer order; then the most recent remaining candidate
    takes over. The choice is a column rather than token or process state, so it survives
    restarts and is the same on every token and server of the user. An anonymous (guest)
    token has one possible cart: the order whose ID the token carries.

Without a cart
    ``GET /cart`` answers an unsaved order with a null ID and zero counts and totals, and
    the cart's line and promotion lists are empty. The writes that start shopping (PUT and
    PATCH /cart, POST and PUT of a line) create the cart first. Anything else answers 404:
    LineItem for a line, Order otherwise.

The rest is not the cart's business: the routes resolve the cart's ID here, then call the
same services as ``/orders/Outgoing/{cartID}/...``.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core import locks
from mercato.core.errors import Forbidden, NotFound
from mercato.core.listing import ListArgs, Page, paginate
from mercato.core.time import utcnow
from mercato.orders import line_items, orders, promotions
from mercato.orders.directions import Direction, placed_by
from mercato.orders.models import ZERO, LineItem, Order, OrderStatus
from mercato.orders.schemas import CartRead, OrderPatch, OrderWrite
from mercato.organizations import access, companies
from mercato.organizations.models import User

OUTGOING = Direction.Outgoing


def _check_buyer(caller: Caller) -> None:
    access.check_buyer(caller, "Only buyer users have a cart.")


def _candidates(caller: Caller) -> Select[Order]:
    return orders.ORDERS.query().where(
        placed_by(caller),
        Order.from_company_pk == caller.company.pk,
        Order.status == OrderStatus.Unsubmitted,
    )


def current(session: Session, caller: Caller) -> Order | None:
    """The caller's cart, if it has one."""
    _check_buyer(caller)
    recency = func.coalesce(Order.cart_selected_at, Order.date_created)
    stmt = _candidates(caller).order_by(recency.desc(), Order.pk.desc()).limit(1)
    return session.scalars(stmt).first()


def require(
    session: Session, caller: Caller, object_type: str = "Order", object_id: str | None = None
) -> str:
    """The cart's order ID; with no cart, 404 for ``object_type`` ``object_id``."""
    order = current(session, caller)
    if order is None:
        raise NotFound(object_type, object_id)
    return order.id


def ensure(session: Session, caller: Caller) -> str:
    """The cart's order ID, creating the cart if the caller has none."""
    order = current(session, caller) or _current_under_lock(session, caller)
    if order is None:
        start = OrderWrite(id=caller.anonymous_order_id)
        order = orders.create_order(session, caller, OUTGOING, start)
    return order.id


def _current_under_lock(session: Session, caller: Caller) -> Order | None:
    """Look again holding the user's row, so two first adds at once make one cart."""
    locks.hold(session, User, caller.user.pk)
    return current(session, caller)


def get(session: Session, caller: Caller) -> CartRead:
    order = current(session, caller) or _unsaved(session, caller)
    return to_read(order)


def to_read(order: Order) -> CartRead:
    return cast(CartRead, orders.to_read(order, CartRead))


def _unsaved(session: Session, caller: Caller) -> Order:
    """The order the cart would be, never added to the session."""
    return Order(
        id=None,
        from_company=caller.company,
        to_company=companies.seller(session),
        from_user=caller.user,
        status=OrderStatus.Unsubmitted,
        is_submitted=False,
        line_item_count=0,
        **dict.fromkeys(_MONEY, ZERO),
    )


_MONEY = (
    "subtotal",
    "shipping_cost",
    "tax_cost",
    "gratuity",
    "fees",
    "promotion_discount",
    "total",
)


def save(session: Session, caller: Caller, data: OrderWrite) -> Order:
    cart = current(session, caller) or _current_under_lock(session, caller)
    if cart is None:
        return orders.create_order(session, caller, OUTGOING, _with_token_id(caller, data))
    return orders.save_order(session, caller, OUTGOING, cart.id, data)


def patch(session: Session, caller: Caller, data: OrderPatch) -> Order:
    cart = current(session, caller) or _current_under_lock(session, caller)
    if cart is None:
        return orders.create_order(session, caller, OUTGOING, _with_token_id(caller, data))
    return orders.patch_order(session, caller, OUTGOING, cart.id, data)


def _with_token_id(caller: Caller, data: OrderWrite) -> OrderWrite:
    if not caller.is_guest:
        return data
    return data.model_copy(update={"id": caller.anonymous_order_id})


def delete(session: Session, caller: Caller) -> None:
    orders.delete_order(session, caller, OUTGOING, require(session, caller))


def set_active(session: Session, caller: Caller, order_id: str) -> None:
    """Make one of the caller's unsubmitted orders its cart."""
    _check_buyer(caller)
    if caller.is_guest:
        raise Forbidden(
            "An anonymous shopper has one cart and cannot choose another.",
            code="Auth.AnonUserProhibited",
        )
    order = session.scalars(_candidates(caller).where(Order.id == order_id)).first()
    if order is None:
        raise NotFound("Order", order_id)
    order.cart_selected_at = utcnow()
    session.flush()


def list_lines(session: Session, caller: Caller, args: ListArgs) -> Page[Any]:
    cart = current(session, caller)
    if cart is None:
        # Still run the list options through the engine, so bad ones answer 400 as usual.
        return paginate(session, select(LineItem).where(false()), args, line_items.LINE_ITEM_LIST)
    return line_items.list_lines(session, caller, OUTGOING, cart.id, args)


def list_promotions(
    session: Session, caller: Caller, args: ListArgs, *, eligible: bool
) -> Page[Any]:
    """The cart's promotions (or those it qualifies for); none without a cart."""
    cart = current(session, caller)
    if cart is None:
        return promotions.empty_page(args)
    listing = promotions.list_eligible if eligible else promotions.list_promotions
    return listing(session, caller, OUTGOING, cart.id, args)
