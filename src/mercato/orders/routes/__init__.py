"""The orders domain's routers."""

from fastapi import APIRouter

from mercato.orders.routes import line_items, me, orders

router = APIRouter()
router.include_router(me.router)
router.include_router(orders.router)
router.include_router(line_items.router)
