"""The orders domain's routers."""

from fastapi import APIRouter

from mercato.core.routing import include
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
include(router, me.router)
include(router, orders.router)
include(router, line_items.router)
include(router, promotions.router)
include(router, checkout.router)
include(router, bundle_lines.router)
include(router, cart.router)
