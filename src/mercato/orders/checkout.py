"""Checkout integration on orders: the worksheet, and the calls an integration answers.

Estimating shipping, selecting ship methods and calculating tax and totals are the work of
an OrderCheckout integration event attached to the caller's API client. Mercato has no
integration events yet, so no client can have one: these calls answer 400
``IntegrationEvent.ApiClientNotConfiguredForOrderCalculate``, as OrderCloud does for a client
without the event, once the caller's roles and sight of the order are checked. The worksheet
needs no integration: it is the order and its lines, with every integration response null.
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError
from mercato.orders import line_items, orders
from mercato.orders.directions import Direction
from mercato.orders.schemas import OrderWorksheet


def _needs_integration(
    session: Session, caller: Caller, direction: Direction, order_id: str, what: str
) -> NoReturn:
    orders.get_order(session, caller, direction, order_id)
    raise ApiError(
        f"{what} needs an OrderCheckout integration event on API client {caller.client_id}, "
        "and it has none.",
        code="IntegrationEvent.ApiClientNotConfiguredForOrderCalculate",
        data={"ApiClientID": caller.client_id},
    )


def estimate_shipping(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> NoReturn:
    _needs_integration(session, caller, direction, order_id, "Estimating shipping")


def select_ship_methods(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> NoReturn:
    _needs_integration(session, caller, direction, order_id, "Selecting ship methods")


def calculate(session: Session, caller: Caller, direction: Direction, order_id: str) -> NoReturn:
    _needs_integration(session, caller, direction, order_id, "Calculating an order")


def worksheet(
    session: Session, caller: Caller, direction: Direction, order_id: str
) -> OrderWorksheet:
    order = orders.get_order(session, caller, direction, order_id)
    return OrderWorksheet(
        order=orders.to_read(order),
        line_items=[line_items.to_read(line) for line in order.line_items],
    )
