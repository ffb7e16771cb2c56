"""The orders domain's routers."""

from fastapi import APIRouter

from mercato.orders.routes import (
    bundle_lines,
    cart,
    checkout,
    line_items,
    me,
    orders,
    promotions,
)

router = APIRouter()
router.include_router(me.router)
router.include_router(orders.router)
router.include_router(line_items.router)
router.include_router(promotions.router)
router.include_router(checkout.router)
router.include_router(bundle_lines.router)
router.include_router(cart.router)
