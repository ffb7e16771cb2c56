"""Forward and split: the marketplace hands a supplier the lines that supplier sells."""

from __future__ import annotations

from typing import Any

import pytest

from tests.orders.market import Market


def supplied_order(market: Market) -> tuple[dict[str, Any], str]:
    supplier = market.tenant.supplier()["ID"]
    assert market.admin.put(f"/products/pen/suppliers/{supplier}").status_code == 204
    patched = market.admin.patch("/products/pen", {"DefaultSupplierID": supplier})
    assert patched.status_code == 200, patched.text
    order = market.order("bob")
    market.line(order["ID"], "bob", ProductID="pen", Quantity=2, ID="l1")
    market.line(order["ID"], "bob", ProductID="cup", ID="l2")
    assert market.users["bob"].post(f"/orders/outgoing/{order['ID']}/submit").status_code == 201
    return order, supplier


@pytest.mark.parametrize(("action", "status"), [("forward", "Open"), ("split", "Unsubmitted")])
def test_supplier_lines_move_to_one_order_per_supplier(
    market: Market, action: str, status: str
) -> None:
    order, supplier = supplied_order(market)
    response = market.admin.post(f"/orders/incoming/{order['ID']}/{action}")
    assert response.status_code == 200, response.text
    result = response.json()
    (outgoing,) = result["OutgoingOrders"]
    assert (outgoing["ToCompanyID"], outgoing["Status"]) == (supplier, status)
    assert (outgoing["LineItemCount"], outgoing["Subtotal"]) == (1, 20)
    assert result["RemainingLineItemIDs"] == ["l2"]
    buyer_line = market.admin.get(f"/orders/incoming/{order['ID']}/lineitems/l1").json()
    assert buyer_line["OutgoingOrderID"] == outgoing["ID"]
    copy = market.admin.get(f"/orders/outgoing/{outgoing['ID']}/lineitems/l1").json()
    assert copy["IncomingOrderID"] == order["ID"]
    again = market.admin.post(f"/orders/incoming/{order['ID']}/{action}").json()
    assert again["OutgoingOrders"] == []


def test_only_open_orders_are_forwarded(market: Market) -> None:
    order = market.order("bob")
    market.line(order["ID"], "bob", ProductID="pen")
    response = market.admin.post(f"/orders/incoming/{order['ID']}/forward")
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Order.CannotForwardBadStatus"


def test_buyers_cannot_forward(market: Market) -> None:
    order, _ = supplied_order(market)
    assert market.users["bob"].post(f"/orders/outgoing/{order['ID']}/forward").status_code == 403
