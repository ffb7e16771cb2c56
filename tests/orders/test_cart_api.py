"""The cart: the caller's current unsubmitted order, reached through /cart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.factories import Api, Tenant, created
from tests.orders.market import Market

ADDRESS = {"Street1": "1 Main St", "City": "Springfield", "Country": "US", "Zip": "12345"}


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["Errors"][0]
    return body


def reader(market: Market, who: str = "alice") -> Api:
    return market.tenant.as_user(market.ids[who], "OrderReader")


def test_without_a_cart_get_answers_an_unsaved_order_with_a_null_id(market: Market) -> None:
    api = market.users["alice"]
    response = api.get("/cart")
    assert response.status_code == 200, response.text
    cart = response.json()
    assert cart["ID"] is None
    assert (cart["Status"], cart["IsSubmitted"], cart["LineItemCount"]) == ("Unsubmitted", False, 0)
    assert (cart["Subtotal"], cart["Total"], cart["PromotionDiscount"]) == (0, 0, 0)
    assert (cart["FromUserID"], cart["FromCompanyID"]) == (market.ids["alice"], market.a)
    assert cart["FromUser"]["ID"] == market.ids["alice"]
    lines = api.get("/cart/lineitems").json()
    assert lines["Items"] == []
    assert lines["Meta"]["TotalCount"] == 0
    # Nothing was stored.
    assert api.get("/me/orders", Status="Unsubmitted").json()["Items"] == []


def test_the_first_line_creates_the_cart_priced_for_the_user(market: Market) -> None:
    api = market.users["alice"]
    line = created(api.post("/cart/lineitems", {"ProductID": "pen", "Quantity": 2}))
    assert (line["UnitPrice"], line["LineTotal"]) == (9, 18)
    cart = api.get("/cart").json()
    assert cart["ID"] is not None
    assert (cart["LineItemCount"], cart["Subtotal"]) == (1, 18)
    second = created(api.post("/cart/lineitems", {"ProductID": "cup"}))
    assert second["ID"] != line["ID"]
    assert api.get("/cart").json()["ID"] == cart["ID"]
    listed = api.get("/cart/lineitems", sortBy="ProductID").json()["Items"]
    assert [li["ProductID"] for li in listed] == ["cup", "pen"]
    order = api.get(f"/orders/outgoing/{cart['ID']}").json()
    assert order["Subtotal"] == 21.33


def test_line_items_are_read_changed_and_removed_through_the_cart(market: Market) -> None:
    api = market.users["alice"]
    saved = api.put("/cart/lineitems/first", {"ProductID": "pen"})
    assert saved.status_code == 200, saved.text
    assert api.get("/cart/lineitems/first").json()["Quantity"] == 1
    patched = api.patch("/cart/lineitems/first", {"Quantity": 10})
    assert (patched.status_code, patched.json()["UnitPrice"]) == (200, 9)
    assert api.delete("/cart/lineitems/first").status_code == 204
    assert api.get("/cart/lineitems/first").status_code == 404
    assert api.get("/cart").json()["LineItemCount"] == 0


def test_line_reads_and_changes_without_a_cart_answer_404_line_item(market: Market) -> None:
    api = market.users["alice"]
    for response in (
        api.get("/cart/lineitems/nope"),
        api.patch("/cart/lineitems/nope", {"Quantity": 2}),
        api.delete("/cart/lineitems/nope"),
    ):
        assert response.status_code == 404
        assert error(response)["ErrorCode"] == "NotFound"
        assert error(response)["Data"] == {"ObjectType": "LineItem", "ObjectID": "nope"}
    assert api.get("/cart").json()["ID"] is None


def test_put_and_patch_cart_create_it_then_change_it(market: Market) -> None:
    api = market.users["alice"]
    patched = api.patch("/cart", {"Comments": "first"})
    assert patched.status_code == 200, patched.text
    cart_id = patched.json()["ID"]
    assert cart_id is not None
    saved = api.put("/cart", {"Comments": "second"}).json()
    assert (saved["ID"], saved["Comments"]) == (cart_id, "second")
    again = api.patch("/cart", {"xp": {"gift": True}}).json()
    assert (again["ID"], again["Comments"], again["xp"]) == (cart_id, "second", {"gift": True})
    assert api.get("/cart").json()["Comments"] == "second"


def test_put_cart_without_a_cart_creates_one(market: Market) -> None:
    api = market.users["bob"]
    saved = api.put("/cart", {"ID": "bobs-cart", "Comments": "hello"})
    assert saved.status_code == 200, saved.text
    assert api.get("/cart").json()["ID"] == "bobs-cart"


def test_the_most_recently_created_unsubmitted_order_is_the_cart(market: Market) -> None:
    market.order(ID="older")
    market.order(ID="newer")
    assert market.users["alice"].get("/cart").json()["ID"] == "newer"


def test_set_active_cart_switches_to_another_unsubmitted_order(market: Market) -> None:
    api = market.users["alice"]
    market.order(ID="older")
    market.order(ID="newer")
    response = api.put("/cart/older")
    assert response.status_code == 200, response.text
    assert api.get("/cart").json()["ID"] == "older"
    created(api.post("/cart/lineitems", {"ProductID": "cup"}))
    assert api.get("/orders/outgoing/older").json()["LineItemCount"] == 1
    assert api.get("/orders/outgoing/newer").json()["LineItemCount"] == 0
    # Choosing again switches back; a newer order started later takes over.
    assert api.put("/cart/newer").status_code == 200
    assert api.get("/cart").json()["ID"] == "newer"
    market.order(ID="newest")
    assert api.get("/cart").json()["ID"] == "newest"


def test_set_active_cart_accepts_only_the_callers_unsubmitted_orders(market: Market) -> None:
    api = market.users["alice"]
    annas = market.order("anna")
    bobs = market.order("bob")
    placed = market.order(ID="placed")
    market.line("placed", ProductID="pen")
    assert api.post("/orders/outgoing/placed/submit").status_code == 201
    for order_id in (annas["ID"], bobs["ID"], placed["ID"], "missing"):
        response = api.put(f"/cart/{order_id}")
        assert response.status_code == 404, order_id
        assert error(response)["Data"] == {"ObjectType": "Order", "ObjectID": order_id}
    assert api.get("/cart").json()["ID"] is None


def test_submitting_the_cart_leaves_the_caller_without_a_cart(market: Market) -> None:
    api = market.users["alice"]
    created(api.post("/cart/lineitems", {"ProductID": "pen"}))
    cart_id = api.get("/cart").json()["ID"]
    validated = api.post("/cart/validate")
    assert validated.status_code == 201, validated.text
    submitted = api.post("/cart/submit")
    assert submitted.status_code == 201, submitted.text
    assert (submitted.json()["ID"], submitted.json()["Status"]) == (cart_id, "Open")
    assert api.get("/cart").json()["ID"] is None
    assert api.get("/cart/lineitems").json()["Items"] == []
    assert error(api.post("/cart/submit"))["Data"]["ObjectType"] == "Order"
    # The next line starts a new cart.
    created(api.post("/cart/lineitems", {"ProductID": "cup"}))
    assert api.get("/cart").json()["ID"] not in (None, cart_id)


def test_validate_and_submit_report_what_the_order_routes_report(market: Market) -> None:
    api = market.users["alice"]
    api.patch("/cart", {"Comments": "empty"})
    for action in ("validate", "submit"):
        response = api.post(f"/cart/{action}")
        assert response.status_code == 400
        assert error(response)["ErrorCode"] == "Order.CannotSubmitWithNoLineItems"


def test_deleting_the_cart_makes_the_next_unsubmitted_order_the_cart(market: Market) -> None:
    api = market.users["alice"]
    market.order(ID="older")
    market.order(ID="newer")
    assert api.delete("/cart").status_code == 204
    assert api.get("/orders/outgoing/newer").status_code == 404
    assert api.get("/cart").json()["ID"] == "older"
    assert api.delete("/cart").status_code == 204
    assert api.get("/cart").json()["ID"] is None
    assert api.delete("/cart").status_code == 404


def test_billing_and_shipping_addresses_are_set_through_the_cart(market: Market) -> None:
    api = market.users["alice"]
    for product in ("pen", "cup"):
        created(api.post("/cart/lineitems", {"ProductID": product}))
    # Mixed case, as some SDKs send it, still reaches billto rather than PUT /cart/{orderID}.
    billed = api.put("/cart/BillTo", ADDRESS)
    assert billed.status_code == 200, billed.text
    assert billed.json()["BillingAddress"]["Street1"] == "1 Main St"
    patched = api.patch("/cart/billto", {"City": "Shelbyville"}).json()
    assert patched["BillingAddress"]["City"] == "Shelbyville"
    shipped = api.put("/cart/shipto", ADDRESS)
    assert shipped.status_code == 200, shipped.text
    assert api.patch("/cart/shipto", {"Zip": "54321"}).status_code == 200
    lines = api.get("/cart/lineitems").json()["Items"]
    assert {li["ShippingAddress"]["Zip"] for li in lines} == {"54321"}


def test_address_and_user_changes_need_a_cart(market: Market) -> None:
    api = market.users["alice"]
    for response in (
        api.put("/cart/billto", ADDRESS),
        api.put("/cart/shipto", ADDRESS),
        api.patch("/cart/fromuser", {"FirstName": "Al"}),
    ):
        assert response.status_code == 404
        assert error(response)["Data"]["ObjectType"] == "Order"


def test_from_user_is_patched_through_the_cart(market: Market) -> None:
    api = market.users["alice"]
    created(api.post("/cart/lineitems", {"ProductID": "pen"}))
    patched = api.patch("/cart/fromuser", {"FirstName": "Alicia", "Email": "a@example.com"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["FromUser"]["FirstName"] == "Alicia"
    assert patched.json()["FromUser"]["Email"] == "a@example.com"


def test_each_user_has_a_cart_of_its_own(market: Market) -> None:
    created(market.users["alice"].post("/cart/lineitems", {"ProductID": "pen"}))
    alices = market.users["alice"].get("/cart").json()["ID"]
    assert market.users["anna"].get("/cart").json()["ID"] is None
    assert market.users["bob"].get("/cart").json()["ID"] is None
    created(market.users["anna"].post("/cart/lineitems", {"ProductID": "cup"}))
    assert market.users["anna"].get("/cart").json()["ID"] != alices
    assert market.users["alice"].get("/cart/lineitems").json()["Meta"]["TotalCount"] == 1


def test_an_order_reader_reads_the_cart_but_cannot_change_it(market: Market) -> None:
    created(market.users["alice"].post("/cart/lineitems", {"ProductID": "pen", "ID": "l1"}))
    api = reader(market)
    assert api.get("/cart").status_code == 200
    assert api.get("/cart/lineitems").json()["Meta"]["TotalCount"] == 1
    assert api.get("/cart/lineitems/l1").status_code == 200
    assert api.get("/cart/worksheet").status_code == 200
    for response in (
        api.post("/cart/lineitems", {"ProductID": "pen"}),
        api.patch("/cart", {"Comments": "x"}),
        api.delete("/cart/lineitems/l1"),
        api.post("/cart/submit"),
        api.put("/cart/billto", ADDRESS),
        api.get("/cart/eligiblepromotions"),
    ):
        assert response.status_code == 403, response.request.url
        assert error(response)["ErrorCode"] == "InsufficientRoles"


def test_choosing_the_active_cart_needs_the_shopper_role(market: Market) -> None:
    market.order(ID="mine")
    order_admin = market.tenant.as_user(market.ids["alice"], "OrderAdmin")
    assert order_admin.get("/cart").json()["ID"] == "mine"
    response = order_admin.put("/cart/mine")
    assert response.status_code == 403
    assert error(response)["ErrorCode"] == "InsufficientRoles"


def test_marketplace_users_have_no_cart(market: Market) -> None:
    for response in (
        market.admin.get("/cart"),
        market.admin.post("/cart/lineitems", {"ProductID": "pen"}),
        market.admin.get("/cart/lineitems"),
    ):
        assert response.status_code == 403
        assert error(response)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


def test_another_marketplace_cannot_pick_this_marketplaces_order(
    market: Market, other_tenant: Tenant
) -> None:
    market.order(ID="shared-name")
    buyer = other_tenant.buyer()["ID"]
    user = other_tenant.user(f"/buyers/{buyer}/users")
    stranger = other_tenant.as_user(user["Username"], "Shopper")
    assert stranger.put("/cart/shared-name").status_code == 404
    assert stranger.get("/cart").json()["ID"] is None
    assert market.users["alice"].get("/cart").json()["ID"] == "shared-name"


def _anonymous_api(market: Market) -> Api:
    tenant = market.tenant
    tenant.grant(["Shopper"], BuyerID=market.a)
    client = tenant.api_client(
        IsAnonBuyer=True, DefaultContextUserName=market.ids["alice"], AnonymousTokenDuration=60
    )
    response = tenant.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client["ID"], "scope": "Shopper"},
    )
    assert response.status_code == 200, response.text
    return Api(tenant.client, response.json()["access_token"])


def test_each_anonymous_shopper_has_one_cart_named_by_its_token(market: Market) -> None:
    first, second = _anonymous_api(market), _anonymous_api(market)
    created(first.post("/cart/lineitems", {"ProductID": "pen"}))
    first_cart = first.get("/cart").json()
    assert first_cart["ID"] is not None
    assert first_cart["FromUserID"] == market.ids["alice"]
    assert second.get("/cart").json()["ID"] is None
    created(second.post("/cart/lineitems", {"ProductID": "cup"}))
    assert second.get("/cart").json()["ID"] not in (None, first_cart["ID"])
    assert first.get("/cart/lineitems").json()["Items"][0]["ProductID"] == "pen"
    refused = first.put(f"/cart/{first_cart['ID']}")
    assert refused.status_code == 403
    assert error(refused)["ErrorCode"] == "Auth.AnonUserProhibited"


def test_simultaneous_first_adds_fill_one_cart(market: Market) -> None:
    api = market.users["alice"]

    def add(_: int) -> int:
        return api.post("/cart/lineitems", {"ProductID": "cup"}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(add, range(6)))

    assert statuses == [201] * 6
    carts = api.get("/me/orders", Status="Unsubmitted").json()["Items"]
    assert len(carts) == 1
    assert carts[0]["LineItemCount"] == 6


def test_simultaneous_adds_to_a_cart_all_count_in_its_totals(market: Market) -> None:
    # Each add recounts the order's lines; one that counted before another's commit would
    # write a stale LineItemCount and Subtotal.
    api = market.users["alice"]
    created(api.post("/cart/lineitems", {"ProductID": "cup"}))

    def add(_: int) -> int:
        return api.post("/cart/lineitems", {"ProductID": "cup"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(add, range(8)))

    assert statuses == [201] * 8
    cart = api.get("/cart").json()
    lines = api.get("/cart/lineitems", pageSize=100).json()["Items"]
    assert cart["LineItemCount"] == len(lines) == 9
    assert cart["Subtotal"] == round(sum(line["LineSubtotal"] for line in lines), 2)
