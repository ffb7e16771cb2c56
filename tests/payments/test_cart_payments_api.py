"""The cart's payments are the payments of the caller's current order."""

from __future__ import annotations

from tests.factories import created
from tests.orders.market import Market


def test_without_a_cart_the_list_is_empty_and_a_payment_is_not_found(market: Market) -> None:
    bob = market.users["bob"]
    assert bob.get("/cart/payments").json()["Items"] == []
    missing = bob.get("/cart/payments/nope")
    assert missing.status_code == 404
    assert missing.json()["Errors"][0]["Data"]["ObjectType"] == "Payment"


def test_a_cart_payment_lands_on_the_cart_order(market: Market) -> None:
    bob = market.users["bob"]
    line = created(bob.post("/cart/lineitems", {"ProductID": "cup", "Quantity": 3}))
    assert line["LineTotal"] == 9.99
    payment = created(bob.post("/cart/payments", {"Type": "PurchaseOrder", "ID": "po1"}))
    assert payment["Amount"] == 9.99
    order_id = bob.get("/cart").json()["ID"]
    listed = bob.get(f"/orders/outgoing/{order_id}/payments").json()["Items"]
    assert [p["ID"] for p in listed] == ["po1"]
    patched = bob.patch("/cart/payments/po1", {"Description": "PO 42"}).json()
    assert patched["Description"] == "PO 42"
    assert bob.delete("/cart/payments/po1").status_code == 204
    assert bob.get("/cart/payments").json()["Items"] == []
