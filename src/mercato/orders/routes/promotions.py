"""Routes of promotions on /orders/{direction}/{orderID}: none can exist yet (promotions.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page
from mercato.core.schemas import ListPage
from mercato.orders import orders, promotions
from mercato.orders.routes.common import SHOPPER_READ, SHOPPER_WRITE, DirectionDep
from mercato.orders.schemas import OrderRead, RefreshPromosResponse

router = APIRouter(prefix="/orders/{direction}/{orderID}", tags=["Orders"])


def _as_dicts(rows: Any) -> list[dict[str, Any]]:
    return list(rows)


@router.get("/promotions", operation_id="Orders.ListPromotions", dependencies=[SHOPPER_READ])
def list_promotions(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[dict[str, Any]]:
    """The promotions applied to the order."""
    page = promotions.list_promotions(session, caller, direction, orderID, args)
    return list_page(page, _as_dicts)


@router.get(
    "/eligiblepromotions",
    operation_id="Orders.ListEligiblePromotions",
    dependencies=[SHOPPER_READ],
)
def list_eligible_promotions(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, args: ListArgsDep
) -> ListPage[dict[str, Any]]:
    """The promotions the order qualifies for."""
    page = promotions.list_eligible(session, caller, direction, orderID, args)
    return list_page(page, _as_dicts)


@router.post(
    "/promotions/{promoCode}",
    status_code=201,
    operation_id="Orders.AddPromotion",
    dependencies=[SHOPPER_WRITE],
)
def add_promotion(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, promoCode: str
) -> dict[str, Any]:
    """Apply a promotion code to the order."""
    promotions.add_promotion(session, caller, direction, orderID, promoCode)


@router.delete(
    "/promotions/{promoCode}",
    operation_id="Orders.RemovePromotion",
    dependencies=[SHOPPER_WRITE],
)
def remove_promotion(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str, promoCode: str
) -> OrderRead:
    """Take a promotion code off the order."""
    promotions.remove_promotion(session, caller, direction, orderID, promoCode)


@router.post(
    "/applypromotions",
    status_code=201,
    operation_id="Orders.ApplyPromotions",
    dependencies=[SHOPPER_WRITE],
)
def apply_promotions(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> OrderRead:
    """Apply every eligible auto-apply promotion."""
    return orders.to_read(promotions.apply_promotions(session, caller, direction, orderID))


@router.post(
    "/refreshpromotions",
    status_code=201,
    operation_id="Orders.RefreshPromotions",
    dependencies=[SHOPPER_WRITE],
)
def refresh_promotions(
    session: SessionDep, caller: CallerDep, direction: DirectionDep, orderID: str
) -> RefreshPromosResponse:
    """Check the order's promotions again, adding and removing as they now apply."""
    return promotions.refresh_promotions(session, caller, direction, orderID)
