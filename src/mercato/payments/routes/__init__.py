"""Routes of payments: on orders by direction, and on the caller's cart."""

from mercato.payments.routes.cart import router as cart_router
from mercato.payments.routes.orders import router

__all__ = ["cart_router", "router"]
