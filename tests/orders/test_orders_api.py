"""Orders: creation by direction, visibility, lists, addresses and overrides."""

from __future__ import annotations

from tests.factories import Tenant, created
from tests.orders.market import Market


def test_buyer_creates_an_unsubmitted_outgoing_order_from_itself_to_the_marketplace(
    market: Market,
) -> None:
    order = market.order(Comments="rush")
    assert order["Status"] == "Unsubmitted"
    assert order["IsSubmitted"] is False
    assert order["FromCompanyID"] == market.a
    assert order["ToCompanyID"] == market.tenant.marketplace_id
    assert order["FromUserID"] == market.ids["alice"]
    assert order["FromUser"]["ID"] == market.ids["alice"]
    assert (order["Subtotal"], order["Total"], order["LineItemCount"]) == (0, 0, 0)
    assert order["DateCreated"]
    assert order["LastUpdated"]
    assert order["DateSubmitted"] is None


def test_another_buyer_and_a_colleague_cannot_read_the_order(market: Market) -> None:
    order = market.order()
    for who in ("bob", "anna"):
        response = market.users[who].get(f"/orders/outgoing/{order['ID']}")
        assert response.status_code == 404
        assert response.json()["Errors"][0]["ErrorCode"] == "NotFound"


def test_other_marketplace_cannot_see_the_order(market: Market, other_tenant: Tenant) -> None:
    order = market.order()
    assert other_tenant.admin.get(f"/orders/incoming/{order['ID']}").status_code == 404
    assert other_tenant.admin.get("/orders/incoming", Status="Unsubmitted").json()["Items"] == []


def test_lists_hold_submitted_orders_unless_status_is_filtered(market: Market) -> None:
    cart = market.order()
    placed = market.order()
    market.line(placed["ID"], ProductID="pen")
    assert market.users["alice"].post(f"/orders/outgoing/{placed['ID']}/submit").status_code == 201
    mine = market.users["alice"].get("/me/orders").json()["Items"]
    assert [o["ID"] for o in mine] == [placed["ID"]]
    carts = market.users["alice"].get("/me/orders", Status="Unsubmitted").json()["Items"]
    assert [o["ID"] for o in carts] == [cart["ID"]]
    incoming = market.admin.get("/orders/incoming").json()["Items"]
    assert [o["ID"] for o in incoming] == [placed["ID"]]


def test_a_status_filter_cannot_mix_carts_with_placed_orders(market: Market) -> None:
    market.order()
    for path in ("/me/orders", "/orders/incoming"):
        api = market.users["alice"] if path.startswith("/me") else market.admin
        mixed = api.get(path, Status="Unsubmitted|Open")
        assert mixed.status_code == 400, path
        assert mixed.json()["Errors"][0]["ErrorCode"] == "Order.CannotMixSubmittedAndUnsubmitted"
    assert market.admin.get("/orders/incoming", Status="Open|Completed").status_code == 200


def test_seller_sees_incoming_orders_of_every_buyer_and_buyers_have_none(market: Market) -> None:
    for who in ("alice", "bob"):
        order = market.order(who)
        market.line(order["ID"], who, ProductID="pen")
        market.users[who].post(f"/orders/outgoing/{order['ID']}/submit")
    incoming = market.admin.get("/orders/incoming").json()
    assert {o["FromCompanyID"] for o in incoming["Items"]} == {market.a, market.b}
    only_b = market.admin.get("/orders/incoming", buyerID=market.b).json()["Items"]
    assert {o["FromCompanyID"] for o in only_b} == {market.b}
    alice = market.admin.get(f"/buyers/{market.a}/users/{market.ids['alice']}").json()
    reader = market.tenant.as_user(alice["Username"], "OrderReader")
    assert reader.get("/orders/incoming").json()["Items"] == []


def test_order_lists_need_an_order_role_not_shopper(market: Market) -> None:
    response = market.users["alice"].get("/orders/outgoing")
    assert response.status_code == 403


def test_from_and_to_bound_the_submitted_date(market: Market) -> None:
    order = market.order()
    market.line(order["ID"], ProductID="pen")
    submitted = created(market.users["alice"].post(f"/orders/outgoing/{order['ID']}/submit"))
    when = submitted["DateSubmitted"]
    assert len(market.users["alice"].get("/me/orders", **{"from": when}).json()["Items"]) == 1
    later = "2999-01-01T00:00:00+00:00"
    assert market.users["alice"].get("/me/orders", **{"from": later}).json()["Items"] == []
    bad = market.users["alice"].get("/me/orders", **{"from": "yesterday"})
    assert bad.status_code == 400


def test_admin_creates_an_incoming_order_for_a_buyer_user_priced_as_that_user(
    market: Market,
) -> None:
    missing = market.admin.post("/orders/incoming", {})
    assert missing.json()["Errors"][0]["ErrorCode"] == "Order.CreateIncomingRequiresFromUser"
    body = {"FromCompanyID": market.a, "FromUserID": market.ids["alice"]}
    order = created(market.admin.post("/orders/incoming", body))
    assert order["FromUserID"] == market.ids["alice"]
    line = created(
        market.admin.post(f"/orders/incoming/{order['ID']}/lineitems", {"ProductID": "pen"})
    )
    assert line["UnitPrice"] == 9
    assert market.users["alice"].get(f"/orders/outgoing/{order['ID']}").status_code == 200


def test_patch_and_put_change_writable_fields_and_keep_totals(market: Market) -> None:
    order = market.order()
    market.line(order["ID"], ProductID="cup", Quantity=3)
    api = market.users["alice"]
    patched = api.patch(f"/orders/outgoing/{order['ID']}", {"Comments": "x", "xp": {"a": 1}})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["Comments"], patched.json()["Total"]) == ("x", 9.99)
    saved = api.put(f"/orders/outgoing/{order['ID']}", {"Comments": "y"}).json()
    assert (saved["Comments"], saved["xp"], saved["Subtotal"]) == ("y", None, 9.99)


def test_shipping_and_tax_need_their_override_roles(market: Market) -> None:
    order = market.order()
    response = market.users["alice"].patch(f"/orders/outgoing/{order['ID']}", {"ShippingCost": 5})
    assert response.status_code == 403
    assert response.json()["Errors"][0]["ErrorCode"] == "Order.OverrideShippingPermission"
    response = market.users["alice"].patch(f"/orders/outgoing/{order['ID']}", {"TaxCost": 5})
    assert response.json()["Errors"][0]["ErrorCode"] == "Order.OverrideTaxPermission"
    market.line(order["ID"], ProductID="pen")
    admin = market.admin.patch(
        f"/orders/incoming/{order['ID']}", {"ShippingCost": 5, "TaxCost": 1.25}
    ).json()
    assert (admin["Subtotal"], admin["Total"]) == (9, 15.25)


def test_delete_removes_an_unsubmitted_order_but_not_a_submitted_one(market: Market) -> None:
    cart = market.order()
    api = market.users["alice"]
    assert api.delete(f"/orders/outgoing/{cart['ID']}").status_code == 204
    assert api.get(f"/orders/outgoing/{cart['ID']}").status_code == 404
    placed = market.order()
    market.line(placed["ID"], ProductID="pen")
    api.post(f"/orders/outgoing/{placed['ID']}/submit")
    assert api.delete(f"/orders/outgoing/{placed['ID']}").status_code == 400


def test_ship_to_puts_one_address_on_every_line(market: Market) -> None:
    order = market.order()
    api = market.users["alice"]
    for product in ("pen", "cup"):
        market.line(order["ID"], ProductID=product)
    address = {"Street1": "1 Main St", "City": "Springfield", "Country": "US", "Zip": "12345"}
    shipped = api.put(f"/orders/outgoing/{order['ID']}/shipto", address)
    assert shipped.status_code == 200, shipped.text
    lines = api.get(f"/orders/outgoing/{order['ID']}/lineitems").json()["Items"]
    assert {li["ShippingAddress"]["Street1"] for li in lines} == {"1 Main St"}
    patched = api.patch(f"/orders/outgoing/{order['ID']}/shipto", {"City": "Shelbyville"})
    assert patched.status_code == 200
    lines = api.get(f"/orders/outgoing/{order['ID']}/lineitems").json()["Items"]
    assert {li["ShippingAddress"]["City"] for li in lines} == {"Shelbyville"}
    billed = api.put(f"/orders/outgoing/{order['ID']}/billto", address).json()
    assert billed["BillingAddress"]["Street1"] == "1 Main St"


def test_saved_addresses_must_be_assigned_to_the_user(market: Market) -> None:
    address = {"ID": "hq", "Street1": "1 HQ Way", "City": "Metro", "Country": "US"}
    created(market.admin.post(f"/buyers/{market.a}/addresses", address))
    order = market.order()
    api = market.users["alice"]
    refused = api.patch(f"/orders/outgoing/{order['ID']}", {"BillingAddressID": "hq"})
    assert refused.status_code == 404
    assignment = {"AddressID": "hq", "UserID": market.ids["alice"], "IsBilling": True}
    market.admin.post(f"/buyers/{market.a}/addresses/assignments", assignment)
    billed = api.patch(f"/orders/outgoing/{order['ID']}", {"BillingAddressID": "hq"}).json()
    assert billed["BillingAddressID"] == "hq"
    assert billed["BillingAddress"]["Street1"] == "1 HQ Way"
    # Shipping needs a shipping assignment, not a billing one.
    line = api.post(
        f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "pen", "ShippingAddressID": "hq"}
    )
    assert line.status_code == 400
    assert line.json()["Errors"][0]["ErrorCode"] == "Address.IsNotShippingAddress"


def test_lines_added_later_ship_to_the_saved_address_the_order_names(market: Market) -> None:
    address = {"ID": "dock", "Street1": "2 Dock Rd", "City": "Port", "Country": "US"}
    created(market.admin.post(f"/buyers/{market.a}/addresses", address))
    assignment = {"AddressID": "dock", "IsShipping": True}
    market.admin.post(f"/buyers/{market.a}/addresses/assignments", assignment)
    order = market.order(ShippingAddressID="dock")
    assert order["ShippingAddressID"] == "dock"

    line = market.line(order["ID"], ProductID="pen")

    assert (line["ShippingAddressID"], line["ShippingAddress"]["Street1"]) == ("dock", "2 Dock Rd")
    got = market.users["alice"].get(f"/orders/outgoing/{order['ID']}").json()
    assert got["ShippingAddressID"] == "dock"


def test_direction_must_be_incoming_outgoing_or_all(market: Market) -> None:
    response = market.admin.get("/orders/sideways")
    assert response.status_code == 400
    assert market.admin.get("/orders/ALL").status_code == 200
