"""The shipments domain's routers."""

from fastapi import APIRouter

from mercato.shipments.routes import me, orders, shipments

router = APIRouter()
router.include_router(me.router)
router.include_router(orders.router)
router.include_router(shipments.router)
