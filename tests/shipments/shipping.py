"""Helpers of the shipment tests: submitted orders to ship, and shipments to fill."""

from __future__ import annotations

from typing import Any

from httpx2 import Response

from tests.factories import Api, created
from tests.orders.market import Market


def submitted(market: Market, who: str = "alice", **quantities: int) -> dict[str, Any]:
    """A submitted (Open) order of ``who``, one line per product: ``pen=3, cup=2``."""
    order = market.order(who)
    for product, quantity in (quantities or {"pen": 1}).items():
        market.line(order["ID"], who, ID=product, ProductID=product, Quantity=quantity)
    response = market.users[who].post(f"/orders/outgoing/{order['ID']}/submit")
    return created(response)


def shipment(api: Api, **fields: Any) -> dict[str, Any]:
    return created(api.post("/shipments", fields))


def ship(api: Api, shipment_id: str, order_id: str, line_id: str, quantity: int) -> Response:
    body = {"OrderID": order_id, "LineItemID": line_id, "QuantityShipped": quantity}
    return api.post(f"/shipments/{shipment_id}/items", body)


def order_of(market: Market, order_id: str) -> dict[str, Any]:
    response = market.admin.get(f"/orders/incoming/{order_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def shipped(market: Market, order_id: str) -> dict[str, int]:
    """QuantityShipped of each line of the order, by line ID."""
    lines = market.admin.get(f"/orders/incoming/{order_id}/lineitems").json()["Items"]
    return {line["ID"]: line["QuantityShipped"] for line in lines}


def error_code(response: Response) -> str:
    return str(response.json()["Errors"][0]["ErrorCode"])
