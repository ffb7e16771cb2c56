"""Promotions, checkout integration, worksheets and bundles on orders and on the cart."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import created
from tests.orders.market import Market

NOT_CONFIGURED = "IntegrationEvent.ApiClientNotConfiguredForOrderCalculate"
WORKSHEET_KEYS = {
    "Order",
    "LineItems",
    "OrderPromotions",
    "Subscription",
    "ShipEstimateResponse",
    "OrderCalculateResponse",
    "OrderSubmitResponse",
    "OrderSubmitForApprovalResponse",
    "OrderApprovedResponse",
    "SubscriptionIntegrationResponse",
}


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["Errors"][0]
    return body


def alices_order(market: Market, *products: str) -> str:
    order_id = str(market.order()["ID"])
    for product in products:
        market.line(order_id, ProductID=product)
    return order_id


# --- promotions ----------------------------------------------------------------------------


def test_promotion_lists_of_a_visible_order_are_empty(market: Market) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    for kind in ("promotions", "eligiblepromotions"):
        response = api.get(f"/orders/outgoing/{order_id}/{kind}")
        assert response.status_code == 200, response.text
        assert response.json()["Items"] == []
        assert response.json()["Meta"]["TotalCount"] == 0
        hidden = market.users["bob"].get(f"/orders/outgoing/{order_id}/{kind}")
        assert hidden.status_code == 404
        assert error(hidden)["Data"]["ObjectType"] == "Order"


def test_no_promotion_code_can_be_added_or_removed(market: Market) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    base = f"/orders/outgoing/{order_id}/promotions/SAVE10"
    created(api.post("/cart/lineitems", {"ProductID": "pen"}))
    for response in (
        api.post(base),
        api.delete(base),
        api.post("/cart/promotions/SAVE10"),
        api.delete("/cart/promotions/SAVE10"),
    ):
        assert response.status_code == 404
        assert error(response)["Data"] == {"ObjectType": "Promotion", "ObjectID": "SAVE10"}


def test_apply_promotions_returns_the_order_unchanged(market: Market) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    before = api.get(f"/orders/outgoing/{order_id}").json()
    applied = api.post(f"/orders/outgoing/{order_id}/applypromotions")
    assert applied.status_code == 201, applied.text
    assert applied.json() == before
    assert api.post("/cart/applypromotions").json() == api.get("/cart").json()


def test_refresh_promotions_adds_and_removes_nothing(market: Market) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    refreshed = api.post(f"/orders/outgoing/{order_id}/refreshpromotions")
    assert refreshed.status_code == 201, refreshed.text
    assert refreshed.json() == {"PromosAdded": [], "PromosRemoved": []}
    cart = api.post("/cart/refreshpromotions")
    assert (cart.status_code, cart.json()) == (201, {"PromosAdded": [], "PromosRemoved": []})


def test_promotions_no_longer_change_a_submitted_order(market: Market) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    assert api.post(f"/orders/outgoing/{order_id}/submit").status_code == 201
    for action in ("applypromotions", "refreshpromotions", "promotions/SAVE10"):
        response = api.post(f"/orders/outgoing/{order_id}/{action}")
        assert response.status_code == 400, action
        assert error(response)["ErrorCode"] == "Order.CannotApplyPromoBadStatus"


def test_cart_promotion_lists_are_empty_even_without_a_cart(market: Market) -> None:
    api = market.users["alice"]
    for kind in ("promotions", "eligiblepromotions"):
        response = api.get(f"/cart/{kind}")
        assert (response.status_code, response.json()["Items"]) == (200, [])
    assert api.post("/cart/applypromotions").status_code == 404


# --- checkout integration ------------------------------------------------------------------


@pytest.mark.parametrize("action", ["calculate", "estimateshipping", "shipmethods"])
def test_checkout_integration_calls_say_no_integration_event_is_configured(
    market: Market, action: str
) -> None:
    order_id = alices_order(market, "pen")
    api = market.users["alice"]
    response = api.post(f"/orders/outgoing/{order_id}/{action}")
    assert response.status_code == 400, response.text
    assert error(response)["ErrorCode"] == NOT_CONFIGURED
    # The order must be visible first, and the roles right.
    assert market.users["bob"].post(f"/orders/outgoing/{order_id}/{action}").status_code == 404
    reader = market.tenant.as_user(market.ids["alice"], "OrderReader")
    assert reader.post(f"/orders/outgoing/{order_id}/{action}").status_code == 403
    integrator = market.tenant.as_admin("IntegrationEventAdmin")
    seller = integrator.post(f"/orders/incoming/{order_id}/{action}")
    assert error(seller)["ErrorCode"] == NOT_CONFIGURED
    # The cart's twins answer alike once there is a cart.
    shopper = market.users["anna"]
    assert shopper.post(f"/cart/{action}").status_code == 404
    created(shopper.post("/cart/lineitems", {"ProductID": "cup"}))
    cart = shopper.post(f"/cart/{action}", {"ShipMethodSelections": []})
    assert (cart.status_code, error(cart)["ErrorCode"]) == (400, NOT_CONFIGURED)


def test_worksheet_is_the_order_its_lines_and_no_integration_responses(market: Market) -> None:
    order_id = alices_order(market, "pen", "cup")
    response = market.users["alice"].get(f"/orders/outgoing/{order_id}/worksheet")
    assert response.status_code == 200, response.text
    sheet = response.json()
    assert set(sheet) == WORKSHEET_KEYS
    assert (sheet["Order"]["ID"], sheet["Order"]["LineItemCount"]) == (order_id, 2)
    assert sorted(li["ProductID"] for li in sheet["LineItems"]) == ["cup", "pen"]
    assert sheet["OrderPromotions"] == []
    assert all(
        sheet[key] is None for key in WORKSHEET_KEYS - {"Order", "LineItems", "OrderPromotions"}
    )
    admin = market.admin.get(f"/orders/incoming/{order_id}/worksheet")
    assert admin.json()["Order"]["ID"] == order_id
    assert market.users["bob"].get(f"/orders/outgoing/{order_id}/worksheet").status_code == 404


def test_cart_worksheet_needs_a_cart(market: Market) -> None:
    api = market.users["alice"]
    assert api.get("/cart/worksheet").status_code == 404
    created(api.post("/cart/lineitems", {"ProductID": "pen"}))
    sheet = api.get("/cart/worksheet").json()
    assert sheet["Order"]["ID"] == api.get("/cart").json()["ID"]
    assert [li["ProductID"] for li in sheet["LineItems"]] == ["pen"]


# --- bundles -------------------------------------------------------------------------------


def _bundle(
    market: Market, bundle_id: str, *, catalog: str | None = "store", **fields: Any
) -> None:
    admin = market.admin
    created(
        admin.post(
            "/bundles", {"ID": bundle_id, "Name": bundle_id.title(), "Active": True, **fields}
        )
    )
    if catalog:
        body = {"CatalogID": catalog, "BundleID": bundle_id}
        assert admin.post("/catalogs/bundleassignments", body).status_code == 204


def _member(market: Market, bundle_id: str, product_id: str, **fields: Any) -> None:
    body = {"BundleID": bundle_id, "ProductID": product_id, "Required": False, **fields}
    response = market.admin.post("/bundles/productassignments", body)
    assert response.status_code == 204, response.text


@pytest.fixture
def kit(market: Market) -> Market:
    """Bundle `kit`: pen (required), cup (2 by default) and mug (4.00 in a bundle, else 5.00)."""
    schedule = {
        "ID": "mug-list",
        "Name": "Mug",
        "PriceBreaks": [{"Quantity": 1, "Price": 5, "BundlePrice": 4}],
    }
    created(market.admin.post("/priceschedules", schedule))
    market.product("mug", "mug-list")
    _bundle(market, "kit")
    _member(market, "kit", "pen", Required=True)
    _member(market, "kit", "cup", DefaultQuantity=2)
    _member(market, "kit", "mug")
    return market


def _group(api: Any, bundle_item_id: str) -> dict[str, dict[str, Any]]:
    items = api.get("/cart/lineitems", BundleItemID=bundle_item_id).json()["Items"]
    return {li["ProductID"]: li for li in items}


def test_a_bundle_adds_a_bundle_line_and_a_line_per_product(kit: Market) -> None:
    api = kit.users["alice"]
    bundle_line = created(api.post("/cart/bundles/kit"))
    assert (bundle_line["IsBundle"], bundle_line["ProductID"], bundle_line["UnitPrice"]) == (
        True,
        "kit",
        0,
    )
    assert bundle_line["BundleItemID"] == bundle_line["ID"]
    assert bundle_line["Product"]["Name"] == "Kit"
    group = _group(api, bundle_line["ID"])
    assert set(group) == {"kit", "pen", "cup", "mug"}
    assert (group["pen"]["UnitPrice"], group["cup"]["Quantity"], group["mug"]["UnitPrice"]) == (
        9,
        2,
        4,
    )
    assert not group["pen"]["IsBundle"]
    cart = api.get("/cart").json()
    assert (cart["LineItemCount"], cart["Subtotal"]) == (3, 19.66)
    # Bought on its own, the mug is not at its bundle price.
    assert created(api.post("/cart/lineitems", {"ProductID": "mug"}))["UnitPrice"] == 5


def test_a_bundle_body_chooses_lines_and_keeps_the_required_products(kit: Market) -> None:
    api = kit.users["alice"]
    body = {
        "LineItems": [{"ProductID": "MUG", "Quantity": 3}, {"ProductID": "mug", "xp": {"n": 2}}]
    }
    bundle_line = created(api.post("/cart/bundles/kit", body))
    items = api.get("/cart/lineitems", BundleItemID=bundle_line["ID"], sortBy="DateAdded").json()[
        "Items"
    ]
    assert sorted((li["ProductID"], li["Quantity"]) for li in items) == [
        ("kit", 1), ("mug", 1), ("mug", 3), ("pen", 1),
    ]  # fmt: skip
    stray = api.post("/cart/bundles/kit", {"LineItems": [{"ProductID": "hidden"}]})
    assert stray.status_code == 404
    assert error(stray)["Data"] == {"ObjectType": "Product", "ObjectID": "hidden"}


def test_bundle_lines_leave_together(kit: Market) -> None:
    api = kit.users["alice"]
    bundle_line = created(api.post("/cart/bundles/kit"))
    group = _group(api, bundle_line["ID"])
    itself = api.delete(f"/cart/lineitems/{bundle_line['ID']}")
    assert error(itself)["ErrorCode"] == "LineItem.CannotRemoveBundle"
    edited = api.patch(f"/cart/lineitems/{bundle_line['ID']}", {"Quantity": 2})
    assert error(edited)["ErrorCode"] == "LineItem.CannotPurchaseBundleProduct"
    required = api.delete(f"/cart/lineitems/{group['pen']['ID']}")
    assert error(required)["ErrorCode"] == "LineItem.CannotRemoveRequiredBundleItem"
    assert api.delete(f"/cart/lineitems/{group['cup']['ID']}").status_code == 204
    assert (
        api.patch(f"/cart/lineitems/{group['mug']['ID']}", {"Quantity": 2}).json()["LineTotal"] == 8
    )
    assert api.delete(f"/cart/bundles/kit/{bundle_line['ID']}").status_code == 204
    assert api.get("/cart/lineitems").json()["Items"] == []
    assert api.get("/cart").json()["LineItemCount"] == 0
    again = api.delete(f"/cart/bundles/kit/{bundle_line['ID']}")
    assert error(again)["Data"] == {"ObjectType": "LineItem", "ObjectID": bundle_line["ID"]}


def test_a_bundle_line_left_alone_is_not_something_to_submit(kit: Market) -> None:
    _bundle(kit, "duo")
    _member(kit, "duo", "cup")
    _member(kit, "duo", "mug")
    api = kit.users["alice"]
    bundle_line = created(api.post("/cart/bundles/duo"))
    for line_id, line in _group(api, bundle_line["ID"]).items():
        if not line["IsBundle"]:
            assert api.delete(f"/cart/lineitems/{line['ID']}").status_code == 204, line_id
    assert api.get("/cart").json()["LineItemCount"] == 0
    response = api.post("/cart/submit")
    assert response.status_code == 400
    assert error(response)["ErrorCode"] == "Order.CannotSubmitWithNoLineItems"


def test_a_cart_with_a_bundle_submits(kit: Market) -> None:
    api = kit.users["alice"]
    created(api.post("/cart/bundles/kit"))
    submitted = api.post("/cart/submit")
    assert submitted.status_code == 201, submitted.text
    assert (submitted.json()["Status"], submitted.json()["LineItemCount"]) == ("Open", 3)


def _product_lines(market: Market, order_id: str) -> list[dict[str, Any]]:
    lines = market.admin.get(f"/orders/incoming/{order_id}/lineitems").json()["Items"]
    return [line for line in lines if not line["IsBundle"]]


def test_shipping_an_order_with_a_bundle_ships_its_products_and_completes(kit: Market) -> None:
    api = kit.users["alice"]
    created(api.post("/cart/bundles/kit"))
    order = api.post("/cart/submit").json()
    shipped = kit.admin.post(f"/orders/incoming/{order['ID']}/ship", {})
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["Status"] == "Completed"
    shipment = kit.admin.get("/shipments", orderID=order["ID"]).json()["Items"][0]
    items = kit.admin.get(f"/shipments/{shipment['ID']}/items").json()["Items"]
    product_lines = _product_lines(kit, order["ID"])
    assert len(product_lines) == 3
    assert sorted(i["LineItemID"] for i in items) == sorted(li["ID"] for li in product_lines)


def test_a_bundle_line_cannot_go_on_a_shipment(kit: Market) -> None:
    api = kit.users["alice"]
    bundle_line = created(api.post("/cart/bundles/kit"))
    order = api.post("/cart/submit").json()
    shipment = created(kit.admin.post("/shipments", {}))
    items = f"/shipments/{shipment['ID']}/items"
    item = {"OrderID": order["ID"], "LineItemID": bundle_line["ID"], "QuantityShipped": 1}
    response = kit.admin.post(items, item)
    assert response.status_code == 400
    assert error(response)["ErrorCode"] == "ShipmentItem.CannotBeBundle"
    # Shipping every product line in full completes the order without the bundle line.
    for line in _product_lines(kit, order["ID"]):
        item = {
            "OrderID": order["ID"],
            "LineItemID": line["ID"],
            "QuantityShipped": line["Quantity"],
        }
        assert kit.admin.post(items, item).status_code == 200
    assert kit.admin.get(f"/orders/incoming/{order['ID']}").json()["Status"] == "Completed"


def test_only_bundles_offered_to_the_buyer_can_be_added(kit: Market) -> None:
    api = kit.users["alice"]
    _bundle(kit, "loose", catalog=None)
    _member(kit, "loose", "pen")
    _bundle(kit, "off", Active=False)
    _member(kit, "off", "pen")
    for bundle_id in ("loose", "off", "missing"):
        response = api.post(f"/cart/bundles/{bundle_id}")
        assert response.status_code == 404, bundle_id
        assert error(response)["Data"] == {"ObjectType": "Bundle", "ObjectID": bundle_id}
    # In a catalog the buyer may not browse whole, a bundle needs an assignment.
    created(kit.admin.post("/catalogs", {"ID": "vip", "Name": "VIP", "Active": True}))
    body = {"CatalogID": "vip", "BuyerID": kit.a, "ViewAllProducts": False}
    assert kit.admin.post("/catalogs/assignments", body).status_code == 204
    _bundle(kit, "gold", catalog="vip")
    _member(kit, "gold", "cup")
    assert api.post("/cart/bundles/gold").status_code == 404
    assignment = {"BundleID": "gold", "BuyerID": kit.a}
    assert kit.admin.post("/bundles/assignments", assignment).status_code == 204
    assert api.post("/cart/bundles/gold").status_code == 201
    assert kit.users["bob"].post("/cart/bundles/gold").status_code == 404


def test_bundles_are_added_and_removed_on_orders_too(kit: Market) -> None:
    order_id = alices_order(kit)
    api = kit.users["alice"]
    base = f"/orders/outgoing/{order_id}/bundles/kit"
    bundle_line = created(api.post(base, {"LineItems": []}))
    assert api.get(f"/orders/outgoing/{order_id}").json()["LineItemCount"] == 3
    assert kit.users["bob"].post(base).status_code == 404
    assert api.delete(f"{base}/{bundle_line['ID']}").status_code == 204
    assert api.get(f"/orders/outgoing/{order_id}/lineitems").json()["Items"] == []
