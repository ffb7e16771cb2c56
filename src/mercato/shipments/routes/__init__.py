"""The shipments domain's routers."""

from fastapi import APIRouter

from mercato.core.routing import include
from mercato.shipments.routes import me, orders, shipments

router = APIRouter()
include(router, me.router)
include(router, orders.router)
include(router, shipments.router)
