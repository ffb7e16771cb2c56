"""Routes of the checkout integration on /orders/{direction}/{orderID} (see orders/checkout.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.orders import checkout
from mercato.orders.routes.common import CHECKOUT, CHECKOUT_READ, DirectionDep
from mercato.orders.schemas import OrderShipMethodSelection, OrderWorksheet

router = APIRouter(prefix="/orders/{direction}/{orderID}", tags=["IntegrationEvents"])


@router.post(
    "/estimateshipping",
    operation_id="IntegrationEvents.EstimateShipping",
    dependencies=[CHECKOUT],
)
def estimate_shipping(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderWorksheet:
    """Ask the checkout integration for ship estimates."""
    checkout.estimate_shipping(session, caller, direction, orderID)


@router.post(
    "/shipmethods",
    operation_id="IntegrationEvents.SelectShipmethods",
    dependencies=[CHECKOUT],
)
def select_ship_methods(
    session: SessionDep,
    caller: CallerDep,
    direction: DirectionDep,
    orderID: str,
    body: Annotated[OrderShipMethodSelection | None, Body()] = None,
) -> OrderWorksheet:
    """Choose a ship method of each ship estimate."""
    checkout.select_ship_methods(session, caller, direction, orderID)


@router.post("/calculate", operation_id="IntegrationEvents.Calculate", dependencies=[CHECKOUT])
def calculate(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderWorksheet:
    """Have the checkout integration work out tax and totals."""
    checkout.calculate(session, caller, direction, orderID)


@router.get(
    "/worksheet", operation_id="IntegrationEvents.GetWorksheet", dependencies=[CHECKOUT_READ]
)
def get_worksheet(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderWorksheet:
    """The order with its lines and what checkout integrations answered about it."""
    return checkout.worksheet(session, caller, direction, orderID)
