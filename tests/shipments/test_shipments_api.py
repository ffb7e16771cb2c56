"""Shipments: fields, addresses, who manages and who sees them, lists."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant, created, unique
from tests.orders.market import Market
from tests.shipments.shipping import error_code, ship, shipment, submitted


def _address(tenant: Tenant, base: str, **fields: Any) -> str:
    body = {"ID": unique("addr"), "Street1": "1 Dock Rd", "City": "Hull", "Country": "GB"}
    return str(created(tenant.admin.post(f"{base}/addresses", {**body, **fields}))["ID"])


def test_create_read_patch_and_replace_a_shipment(market: Market) -> None:
    body = {
        "ID": "box-1",
        "Shipper": "UPS",
        "TrackingNumber": "1Z-123",
        "Cost": 12.345,
        "DateShipped": "2026-03-01T10:00:00Z",
        "Account": "acct-9",
        "xp": {"dock": 4},
    }
    made = shipment(market.admin, **body)
    assert made["OwnerID"] == market.tenant.marketplace_id
    assert (made["Cost"], made["DateShipped"]) == (12.345, "2026-03-01T10:00:00+00:00")
    assert (made["FromAddress"], made["BuyerID"]) == (None, None)

    patched = market.admin.patch("/shipments/box-1", {"DateDelivered": "2026-03-03T09:00:00Z"})
    assert patched.status_code == 200
    assert patched.json()["Shipper"] == "UPS"
    assert patched.json()["DateDelivered"] == "2026-03-03T09:00:00+00:00"
    assert market.admin.patch("/shipments/box-1", {"xp": {"bay": 1}}).json()["xp"] == {
        "dock": 4,
        "bay": 1,
    }

    replaced = market.admin.put("/shipments/box-1", {"Shipper": "DHL"})
    assert replaced.status_code == 200
    assert (replaced.json()["Shipper"], replaced.json()["TrackingNumber"]) == ("DHL", None)
    assert market.admin.get("/shipments/box-1").json() == replaced.json()


def test_put_creates_a_shipment_under_the_path_id_and_post_refuses_a_taken_id(
    market: Market,
) -> None:
    response = market.admin.put("/shipments/box-2", {"Shipper": "FedEx"})
    assert response.status_code == 200
    assert response.json()["ID"] == "box-2"
    assert market.admin.post("/shipments", {"ID": "box-2"}).status_code == 409


def test_bad_fields_are_refused_with_400(market: Market) -> None:
    for body in (
        {"Cost": -1},
        {"TrackingNumber": "x" * 3001},
        {"DateShipped": "yesterday"},
        {"ToAddressID": "anywhere"},
    ):
        response = market.admin.post("/shipments", body)
        assert response.status_code == 400, body
    assert market.admin.post("/shipments", {"BuyerID": "nobody"}).status_code == 404


def test_addresses_come_from_the_owner_and_the_buyer_or_are_set_one_off(market: Market) -> None:
    t = market.tenant
    origin = _address(t, "", AddressName="Warehouse")
    destination = _address(t, f"/buyers/{market.a}", AddressName="Office")
    made = shipment(market.admin, BuyerID=market.a, FromAddressID=origin, ToAddressID=destination)
    assert made["FromAddress"]["AddressName"] == "Warehouse"
    assert made["ToAddress"]["AddressName"] == "Office"
    # A buyer's address is not a ship-from address, nor another buyer's a ship-to one.
    assert (
        market.admin.patch(f"/shipments/{made['ID']}", {"FromAddressID": destination}).status_code
        == 404
    )
    other = _address(t, f"/buyers/{market.b}")
    assert market.admin.patch(f"/shipments/{made['ID']}", {"ToAddressID": other}).status_code == 404

    one_off = {"Street1": "9 Pier", "City": "Leith", "Country": "GB", "FirstName": "Ann"}
    to = market.admin.put(f"/shipments/{made['ID']}/shipto", one_off)
    assert to.status_code == 200
    assert to.json()["ToAddress"]["Street1"] == "9 Pier"
    frm = market.admin.put(f"/shipments/{made['ID']}/shipfrom", {**one_off, "Street1": "1 Yard"})
    assert frm.json()["FromAddress"]["Street1"] == "1 Yard"
    assert market.admin.put(f"/shipments/{made['ID']}/shipto", {"City": "X"}).status_code == 400


@pytest.mark.parametrize(
    ("roles", "method", "path"),
    [
        (["ShipmentReader"], "post", "/shipments"),
        (["ShipmentReader"], "delete", "/shipments/box"),
        (["OrderReader"], "get", "/shipments"),
        (["ShipmentReader"], "post", "/orders/incoming/o/ship"),
        (["ShipmentAdmin"], "get", "/orders/incoming/o/shipments"),
        (["OrderAdmin"], "get", "/me/shipments"),
    ],
)
def test_routes_need_their_roles(market: Market, roles: list[str], method: str, path: str) -> None:
    api = market.tenant.as_admin(*roles)
    response = getattr(api, method)(path)
    assert response.status_code == 403
    assert error_code(response) == "InsufficientRoles"


def test_buyer_users_do_not_manage_shipments(market: Market) -> None:
    username = market.users["alice"].get("/me").json()["Username"]
    buyer_admin = market.tenant.as_user(username, "ShipmentAdmin")
    for response in (buyer_admin.get("/shipments"), buyer_admin.post("/shipments", {})):
        assert response.status_code == 403
        assert error_code(response) == "Auth.UserNotAuthorizedToAdmin"


def test_a_supplier_manages_only_its_own_shipments(market: Market) -> None:
    t = market.tenant
    supplier = t.supplier()["ID"]
    user = t.user(f"/suppliers/{supplier}/users")
    api = t.as_user(user["Username"], "ShipmentAdmin")
    theirs = shipment(api, ID="sup-box")
    assert theirs["OwnerID"] == supplier
    ours = shipment(market.admin, ID="seller-box")

    assert [s["ID"] for s in api.get("/shipments").json()["Items"]] == ["sup-box"]
    for response in (
        api.get(f"/shipments/{ours['ID']}"),
        api.patch(f"/shipments/{ours['ID']}", {"Shipper": "me"}),
        api.put(f"/shipments/{ours['ID']}", {"Shipper": "me"}),
        api.delete(f"/shipments/{ours['ID']}"),
    ):
        assert response.status_code == 404
    # The seller's incoming orders are not the supplier's to ship.
    order = submitted(market)
    assert ship(api, "sup-box", order["ID"], "pen", 1).status_code == 404
    assert market.admin.get("/shipments/seller-box").json()["Shipper"] is None
    assert {s["ID"] for s in market.admin.get("/shipments").json()["Items"]} >= {
        "sup-box",
        "seller-box",
    }


def test_buyers_see_only_the_shipments_of_their_own_orders(market: Market) -> None:
    order = submitted(market, "alice", pen=2)
    box = shipment(market.admin, ID="alices-box", TrackingNumber="TRACK-A")
    ship(market.admin, box["ID"], order["ID"], "pen", 1)
    alice, anna, bob = (market.users[n] for n in ("alice", "anna", "bob"))

    mine = alice.get("/me/shipments").json()
    assert [s["ID"] for s in mine["Items"]] == ["alices-box"]
    assert alice.get("/me/shipments/alices-box").json()["TrackingNumber"] == "TRACK-A"
    items = alice.get("/me/shipments/alices-box/items").json()["Items"]
    assert [(i["OrderID"], i["QuantityShipped"]) for i in items] == [(order["ID"], 1)]
    assert alice.get("/me/shipments", orderID=order["ID"]).json()["Meta"]["TotalCount"] == 1
    assert alice.get("/me/shipments", orderID="other").json()["Meta"]["TotalCount"] == 0

    for stranger in (bob, anna):
        assert stranger.get("/me/shipments").json()["Items"] == []
        assert stranger.get("/me/shipments/alices-box").status_code == 404
        assert stranger.get("/me/shipments/alices-box/items").status_code == 404


def test_shipments_do_not_cross_marketplaces(market: Market, other_tenant: Tenant) -> None:
    order = submitted(market, pen=2)
    box = shipment(market.admin, ID="local-box")
    ship(market.admin, box["ID"], order["ID"], "pen", 1)
    outsider = other_tenant.admin
    assert outsider.get("/shipments").json()["Items"] == []
    assert outsider.get("/shipments/local-box").status_code == 404
    assert outsider.get(f"/shipments/local-box/items/{order['ID']}/pen").status_code == 404
    assert outsider.delete("/shipments/local-box").status_code == 404
    assert outsider.post(f"/orders/incoming/{order['ID']}/ship").status_code == 404
    # Its own shipment may reuse the ID; ours is untouched.
    assert outsider.put("/shipments/local-box", {"Shipper": "theirs"}).status_code == 200
    assert market.admin.get("/shipments/local-box").json()["Shipper"] is None
    assert market.admin.get(f"/shipments/local-box/items/{order['ID']}/pen").status_code == 200


def test_list_filters_search_and_sort(market: Market) -> None:
    order = submitted(market, pen=3)
    for n, (shipper, cost) in enumerate((("UPS", 5), ("DHL", 7), ("UPS", 6))):
        shipment(
            market.admin,
            ID=f"s{n}",
            Shipper=shipper,
            Cost=cost,
            TrackingNumber=f"1Z-{n}-TRK",
            DateShipped=f"2026-01-0{n + 1}T00:00:00Z",
        )
    ship(market.admin, "s1", order["ID"], "pen", 1)

    def ids(**params: Any) -> list[str]:
        response = market.admin.get("/shipments", **params)
        assert response.status_code == 200, response.text
        return [s["ID"] for s in response.json()["Items"]]

    assert ids() == ["s0", "s1", "s2"]
    assert ids(Shipper="UPS") == ["s0", "s2"]
    assert ids(search="1Z-2") == ["s2"]
    assert ids(search="TRK", searchOn="TrackingNumber", sortBy="!Cost") == ["s1", "s2", "s0"]
    assert ids(sortBy="!DateShipped") == ["s2", "s1", "s0"]
    assert ids(orderID=order["ID"]) == ["s1"]
    assert ids(BuyerID=market.a) == ["s1"]
    assert ids(Cost=">5") == ["s1", "s2"]
    assert market.admin.get("/shipments", sortBy="Account").status_code == 400
    items = market.admin.get("/shipments/s1/items", sortBy="!LineItemID", OrderID=order["ID"])
    assert items.json()["Meta"]["TotalCount"] == 1
