"""Line items: who may add what, at which price, and how the order's totals follow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import created
from tests.orders.market import Market


@pytest.mark.parametrize(
    ("who", "product", "quantity", "expected"),
    [
        ("alice", "pen", 1, ("9", "9")),  # buyer A's assigned schedule beats the default
        ("bob", "pen", 1, ("10", "10")),  # buyer B pays the default schedule
        ("bob", "pen", 9, ("10", "90")),
        ("bob", "pen", 10, ("8", "80")),  # the 10+ price break applies
        ("bob", "cup", 3, ("3.33", "9.99")),
    ],
)
def test_unit_price_comes_from_the_schedule_that_applies_to_the_orderer(
    market: Market, who: str, product: str, quantity: int, expected: tuple[str, str]
) -> None:
    unit_price, line_total = expected
    order = market.order(who)
    line = market.line(order["ID"], who, ProductID=product, Quantity=quantity)
    assert Decimal(str(line["UnitPrice"])) == Decimal(unit_price)
    assert Decimal(str(line["LineSubtotal"])) == Decimal(line_total)
    assert Decimal(str(line["LineTotal"])) == Decimal(line_total)
    assert line["PriceScheduleID"] in {"pen-a", "pen-list", "cup-list"}
    assert (line["Product"]["ID"], line["Product"]["Name"]) == (product, product.title())


def test_totals_are_exact_decimal_sums_of_the_lines(market: Market) -> None:
    order = market.order("bob")
    for _ in range(3):
        market.line(order["ID"], "bob", ProductID="cup")
    totals = market.users["bob"].get(f"/orders/outgoing/{order['ID']}").json()
    assert totals["LineItemCount"] == 3
    assert Decimal(str(totals["Subtotal"])) == Decimal("9.99")
    assert Decimal(str(totals["Total"])) == Decimal("9.99")


def test_changing_quantity_reprices_across_a_break(market: Market) -> None:
    order = market.order("bob")
    line = market.line(order["ID"], "bob", ProductID="pen")
    path = f"/orders/outgoing/{order['ID']}/lineitems/{line['ID']}"
    patched = market.users["bob"].patch(path, {"Quantity": 12}).json()
    assert (patched["UnitPrice"], patched["LineTotal"]) == (8, 96)


def test_a_product_the_user_cannot_see_cannot_be_ordered(market: Market) -> None:
    order = market.order()
    response = market.users["alice"].post(
        f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "hidden"}
    )
    assert response.status_code == 404
    assert response.json()["Errors"][0]["ErrorCode"] == "NotFound"


def test_quantity_rules_of_the_schedule_are_enforced(market: Market) -> None:
    market.schedule("box-list", [(1, 2)], MinQuantity=2, MaxQuantity=5)
    market.product("box", "box-list")
    order = market.order("bob")
    path = f"/orders/outgoing/{order['ID']}/lineitems"
    too_few = market.users["bob"].post(path, {"ProductID": "box", "Quantity": 1})
    too_many = market.users["bob"].post(path, {"ProductID": "box", "Quantity": 6})
    assert (too_few.status_code, too_many.status_code) == (400, 400)
    assert too_few.json()["Errors"][0]["ErrorCode"].endswith("CannotBeLessThanMin")
    assert too_many.json()["Errors"][0]["ErrorCode"].endswith("CannotExceedMax")
    assert market.line(order["ID"], "bob", ProductID="box", Quantity=5)["LineTotal"] == 10


def test_a_unit_price_sent_by_a_shopper_is_ignored(market: Market) -> None:
    order = market.order("bob")
    line = market.line(order["ID"], "bob", ProductID="pen", UnitPrice=0.01)
    assert (line["UnitPrice"], line["PriceOverridden"]) == (10, False)


def test_an_admin_with_full_access_may_override_the_unit_price(market: Market) -> None:
    body = {"FromCompanyID": market.b, "FromUserID": market.ids["bob"]}
    order = created(market.admin.post("/orders/incoming", body))
    line = created(
        market.admin.post(
            f"/orders/incoming/{order['ID']}/lineitems",
            {"ProductID": "pen", "Quantity": 2, "UnitPrice": 7.5},
        )
    )
    assert (line["UnitPrice"], line["LineTotal"], line["PriceOverridden"]) == (7.5, 15, True)


def test_the_product_of_a_line_cannot_change(market: Market) -> None:
    order = market.order("bob")
    line = market.line(order["ID"], "bob", ProductID="pen")
    path = f"/orders/outgoing/{order['ID']}/lineitems/{line['ID']}"
    response = market.users["bob"].patch(path, {"ProductID": "cup"})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "LineItem.CannotChangeProductID"


def test_deleting_a_line_updates_the_totals(market: Market) -> None:
    order = market.order("bob")
    keep = market.line(order["ID"], "bob", ProductID="cup")
    drop = market.line(order["ID"], "bob", ProductID="pen")
    base = f"/orders/outgoing/{order['ID']}"
    assert market.users["bob"].delete(f"{base}/lineitems/{drop['ID']}").status_code == 204
    after = market.users["bob"].get(base).json()
    assert (after["LineItemCount"], after["Subtotal"]) == (1, 3.33)
    listed = market.users["bob"].get(f"{base}/lineitems").json()["Items"]
    assert [item["ID"] for item in listed] == [keep["ID"]]


def test_a_colleague_cannot_add_lines_to_someone_elses_order(market: Market) -> None:
    order = market.order("alice")
    response = market.users["anna"].post(
        f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "pen"}
    )
    assert response.status_code == 404


def test_required_specs_must_be_chosen_and_options_mark_up_the_price(market: Market) -> None:
    spec = {"ID": "ink", "Name": "Ink", "Required": True, "AllowOpenText": False}
    created(market.admin.post("/specs", spec))
    option = {
        "ID": "gold",
        "Value": "Gold",
        "PriceMarkupType": "AmountPerQuantity",
        "PriceMarkup": 1.5,
    }
    created(market.admin.post("/specs/ink/options", option))
    assert (
        market.admin.post(
            "/specs/productassignments", {"SpecID": "ink", "ProductID": "cup"}
        ).status_code
        == 204
    )
    order = market.order("bob")
    path = f"/orders/outgoing/{order['ID']}/lineitems"
    missing = market.users["bob"].post(path, {"ProductID": "cup"})
    assert missing.status_code == 400
    assert missing.json()["Errors"][0]["ErrorCode"] == "Spec.RequiresSelection"
    line = market.line(
        order["ID"],
        "bob",
        ProductID="cup",
        Quantity=2,
        Specs=[{"SpecID": "ink", "OptionID": "gold"}],
    )
    assert Decimal(str(line["UnitPrice"])) == Decimal("4.83")
    assert (line["Specs"][0]["Name"], line["Specs"][0]["Value"]) == ("Ink", "Gold")


def test_inventory_limits_quantity_unless_the_product_may_exceed(market: Market) -> None:
    stock = {"Enabled": True, "QuantityAvailable": 2, "OrderCanExceed": False}
    assert market.admin.patch("/products/cup", {"Inventory": stock}).status_code == 200
    order = market.order("bob")
    path = f"/orders/outgoing/{order['ID']}/lineitems"
    response = market.users["bob"].post(path, {"ProductID": "cup", "Quantity": 3})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Inventory.Insufficient"
    market.line(order["ID"], "bob", ProductID="cup", Quantity=2)
    assert market.users["bob"].post(f"/orders/outgoing/{order['ID']}/submit").status_code == 201
    product = market.admin.get("/products/cup").json()
    assert product["Inventory"]["QuantityAvailable"] == 0


def test_submit_takes_stock_only_from_products_that_keep_it(market: Market) -> None:
    kept = {"Enabled": True, "QuantityAvailable": 5, "OrderCanExceed": False}
    unlimited = {"Enabled": True, "QuantityAvailable": 5, "OrderCanExceed": True}
    assert market.admin.patch("/products/cup", {"Inventory": kept}).status_code == 200
    assert market.admin.patch("/products/pen", {"Inventory": unlimited}).status_code == 200
    order = market.order("bob")
    market.line(order["ID"], "bob", ProductID="cup", Quantity=2)
    market.line(order["ID"], "bob", ProductID="pen", Quantity=3)
    assert market.users["bob"].post(f"/orders/outgoing/{order['ID']}/submit").status_code == 201
    assert market.admin.get("/products/cup").json()["Inventory"]["QuantityAvailable"] == 3
    assert market.admin.get("/products/pen").json()["Inventory"]["QuantityAvailable"] == 5
