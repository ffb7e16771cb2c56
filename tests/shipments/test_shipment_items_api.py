"""Shipment items: quantities shipped per line, over-shipping, completion, Orders.Ship."""

from __future__ import annotations

from tests.orders.market import Market
from tests.shipments.shipping import (
    error_code,
    order_of,
    ship,
    shipment,
    shipped,
    submitted,
)


def test_two_partial_shipments_add_up_per_line_and_then_complete_the_order(
    market: Market,
) -> None:
    order = submitted(market, pen=3, cup=2)
    first, second = shipment(market.admin), shipment(market.admin)

    assert ship(market.admin, first["ID"], order["ID"], "pen", 2).status_code == 200
    assert ship(market.admin, first["ID"], order["ID"], "cup", 2).status_code == 200
    assert shipped(market, order["ID"]) == {"pen": 2, "cup": 2}
    assert order_of(market, order["ID"])["Status"] == "Open"

    item = ship(market.admin, second["ID"], order["ID"], "pen", 1)
    assert item.status_code == 200
    assert shipped(market, order["ID"]) == {"pen": 3, "cup": 2}
    completed = order_of(market, order["ID"])
    assert completed["Status"] == "Completed"
    assert completed["DateCompleted"] is not None


def test_a_shipment_item_reads_the_line_as_ordered(market: Market) -> None:
    order = submitted(market, pen=3)
    box = shipment(market.admin)
    body = ship(market.admin, box["ID"], order["ID"], "pen", 2).json()
    assert body["OrderID"] == order["ID"]
    assert body["LineItemID"] == "pen"
    assert body["QuantityShipped"] == 2
    assert body["UnitPrice"] == 9  # buyer A's price of a pen
    assert body["Product"]["ID"] == "pen"
    assert body["Specs"] == []
    got = market.admin.get(f"/shipments/{box['ID']}/items/{order['ID']}/pen")
    assert got.status_code == 200
    assert got.json() == body


def test_posting_the_same_line_again_sets_its_quantity(market: Market) -> None:
    order = submitted(market, pen=3)
    box = shipment(market.admin)
    ship(market.admin, box["ID"], order["ID"], "pen", 1)
    again = ship(market.admin, box["ID"], order["ID"], "pen", 2)
    assert again.json()["QuantityShipped"] == 2
    assert shipped(market, order["ID"]) == {"pen": 2}
    listed = market.admin.get(f"/shipments/{box['ID']}/items").json()
    assert listed["Meta"]["TotalCount"] == 1


def test_shipping_more_than_ordered_is_refused_in_one_shipment_or_across_two(
    market: Market,
) -> None:
    order = submitted(market, pen=3)
    first, second = shipment(market.admin), shipment(market.admin)

    too_many = ship(market.admin, first["ID"], order["ID"], "pen", 4)
    assert too_many.status_code == 400
    assert error_code(too_many) == "ShipmentItem.QuantityExceeded"

    ship(market.admin, first["ID"], order["ID"], "pen", 2)
    over = ship(market.admin, second["ID"], order["ID"], "pen", 2)
    assert over.status_code == 400
    assert error_code(over) == "ShipmentItem.QuantityExceeded"
    assert over.json()["Errors"][0]["Data"]["QuantityAvailable"] == 1
    assert shipped(market, order["ID"]) == {"pen": 2}


def test_quantity_shipped_must_be_positive_and_fields_are_required(market: Market) -> None:
    order = submitted(market)
    box = shipment(market.admin)
    for body in (
        {"OrderID": order["ID"], "LineItemID": "pen", "QuantityShipped": 0},
        {"LineItemID": "pen", "QuantityShipped": 1},
        {"OrderID": order["ID"], "LineItemID": "pen", "QuantityShipped": "many"},
    ):
        response = market.admin.post(f"/shipments/{box['ID']}/items", body)
        assert response.status_code == 400, body


def test_only_open_orders_ship(market: Market) -> None:
    cart = market.order("alice")
    market.line(cart["ID"], "alice", ID="pen", ProductID="pen")
    box = shipment(market.admin)
    unsubmitted = ship(market.admin, box["ID"], cart["ID"], "pen", 1)
    assert unsubmitted.status_code == 400
    assert error_code(unsubmitted) == "Order.CannotShipBadStatus"

    order = submitted(market)
    assert market.admin.post(f"/orders/incoming/{order['ID']}/complete").status_code == 201
    completed = ship(market.admin, box["ID"], order["ID"], "pen", 1)
    assert error_code(completed) == "Order.CannotShipBadStatus"


def test_unknown_orders_and_lines_are_not_found(market: Market) -> None:
    order = submitted(market)
    box = shipment(market.admin)
    assert ship(market.admin, box["ID"], "nope", "pen", 1).status_code == 404
    assert ship(market.admin, box["ID"], order["ID"], "nope", 1).status_code == 404
    assert ship(market.admin, "nope", order["ID"], "pen", 1).status_code == 404
    assert market.admin.get(f"/shipments/{box['ID']}/items/{order['ID']}/pen").status_code == 404


def test_deleting_an_item_or_a_shipment_gives_the_quantity_back(market: Market) -> None:
    order = submitted(market, pen=3)
    first, second = shipment(market.admin), shipment(market.admin)
    ship(market.admin, first["ID"], order["ID"], "pen", 1)
    ship(market.admin, second["ID"], order["ID"], "pen", 1)

    deleted = market.admin.delete(f"/shipments/{first['ID']}/items/{order['ID']}/pen")
    assert deleted.status_code == 204
    assert shipped(market, order["ID"]) == {"pen": 1}
    assert market.admin.delete(f"/shipments/{second['ID']}").status_code == 204
    assert shipped(market, order["ID"]) == {"pen": 0}
    assert market.admin.get(f"/shipments/{second['ID']}").status_code == 404
    assert ship(market.admin, first["ID"], order["ID"], "pen", 3).status_code == 200


def test_a_completed_order_stays_completed_when_its_shipment_is_deleted(market: Market) -> None:
    order = submitted(market, pen=2)
    box = shipment(market.admin)
    ship(market.admin, box["ID"], order["ID"], "pen", 2)
    assert order_of(market, order["ID"])["Status"] == "Completed"

    assert market.admin.delete(f"/shipments/{box['ID']}").status_code == 204
    after = order_of(market, order["ID"])
    assert after["Status"] == "Completed"
    assert shipped(market, order["ID"]) == {"pen": 0}


def test_the_first_order_names_the_buyer_and_other_buyers_orders_are_refused(
    market: Market,
) -> None:
    alices, bobs = submitted(market, "alice", pen=2), submitted(market, "bob")
    box = shipment(market.admin)
    assert box["BuyerID"] is None
    ship(market.admin, box["ID"], alices["ID"], "pen", 1)
    assert market.admin.get(f"/shipments/{box['ID']}").json()["BuyerID"] == market.a

    mixed = ship(market.admin, box["ID"], bobs["ID"], "pen", 1)
    assert mixed.status_code == 400
    assert error_code(mixed) == "Shipment.BuyerMismatch"
    named = shipment(market.admin, BuyerID=market.b)
    assert error_code(ship(market.admin, named["ID"], alices["ID"], "pen", 1)) == (
        "Shipment.BuyerMismatch"
    )


def test_ship_puts_every_line_in_one_shipment_and_completes_the_order(market: Market) -> None:
    order = submitted(market, pen=3, cup=2)
    response = market.admin.post(
        f"/orders/incoming/{order['ID']}/ship", {"ID": "parcel-1", "TrackingNumber": "1Z999"}
    )
    assert response.status_code == 201
    assert response.json()["Status"] == "Completed"
    assert shipped(market, order["ID"]) == {"pen": 3, "cup": 2}

    listed = market.admin.get(f"/orders/incoming/{order['ID']}/shipments").json()
    assert [s["ID"] for s in listed["Items"]] == ["parcel-1"]
    box = listed["Items"][0]
    assert (box["TrackingNumber"], box["BuyerID"]) == ("1Z999", market.a)
    assert box["OwnerID"] == market.tenant.marketplace_id
    items = market.admin.get("/shipments/parcel-1/items").json()["Items"]
    assert {(i["LineItemID"], i["QuantityShipped"]) for i in items} == {("pen", 3), ("cup", 2)}


def test_ship_without_a_body_makes_a_shipment_with_a_new_id(market: Market) -> None:
    order = submitted(market)
    assert market.admin.post(f"/orders/incoming/{order['ID']}/ship").status_code == 201
    listed = market.admin.get("/shipments", orderID=order["ID"]).json()
    assert listed["Meta"]["TotalCount"] == 1
    assert listed["Items"][0]["ID"]


def test_ship_refuses_orders_with_lines_on_other_shipments(market: Market) -> None:
    order = submitted(market, pen=3, cup=2)
    ship(market.admin, shipment(market.admin)["ID"], order["ID"], "pen", 1)
    response = market.admin.post(f"/orders/incoming/{order['ID']}/ship")
    assert response.status_code == 400
    assert error_code(response) == "Order.ConflictsWithOtherShipments"
    assert response.json()["Errors"][0]["Data"]["LineItemIDs"] == ["pen"]
    assert shipped(market, order["ID"]) == {"pen": 1, "cup": 0}


def test_ship_needs_an_open_order_to_the_caller(market: Market) -> None:
    order = submitted(market)
    market.admin.post(f"/orders/incoming/{order['ID']}/ship")
    again = market.admin.post(f"/orders/incoming/{order['ID']}/ship")
    assert again.status_code == 400
    assert error_code(again) == "Order.CannotShipBadStatus"

    cart = market.order("alice")
    market.line(cart["ID"], "alice", ProductID="pen")
    unsubmitted = market.admin.post(f"/orders/incoming/{cart['ID']}/ship")
    assert error_code(unsubmitted) == "Order.CannotShipBadStatus"
    # A buyer user cannot ship its own order, whatever its roles.
    shopper = market.tenant.as_user(_username(market, "alice"), "FullAccess")
    own = submitted(market)
    refused = shopper.post(f"/orders/outgoing/{own['ID']}/ship")
    assert refused.status_code == 403
    assert error_code(refused) == "Auth.UserNotAuthorizedToAdmin"


def _username(market: Market, who: str) -> str:
    me = market.users[who].get("/me")
    assert me.status_code == 200, me.text
    return str(me.json()["Username"])
