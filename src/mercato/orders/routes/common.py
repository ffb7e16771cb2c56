"""Role sets and the direction parameter shared by the order routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role
from mercato.orders.directions import Direction, parse_direction

R = Role
ORDER_READ = requires(R.OrderAdmin, R.OrderReader)
SHOPPER_READ = requires(R.OrderAdmin, R.Shopper, R.OrderReader)
SHOPPER_WRITE = requires(R.OrderAdmin, R.Shopper)
ORDER_ADMIN = requires(R.OrderAdmin)
ME_SHOPPER = requires(R.Shopper)
CHECKOUT = requires(R.IntegrationEventAdmin, R.OrderAdmin, R.Shopper)
CHECKOUT_READ = requires(R.IntegrationEventAdmin, R.OrderAdmin, R.Shopper, R.OrderReader)


def _direction(direction: str) -> Direction:
    return parse_direction(direction)


DirectionDep = Annotated[Direction, Depends(_direction)]
