"""The walkthrough through the official OrderCloud JavaScript SDK (Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import LiveServer

JS = Path(__file__).with_name("js")


def _run(script: str, live_server: LiveServer) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is required for the JavaScript SDK test (see scripts/test.sh)"
    assert (JS / "node_modules" / "ordercloud-javascript-sdk").is_dir(), (
        "run npm ci in tests/e2e/js"
    )
    owner = live_server.init_marketplace()
    env = {
        **os.environ,
        "BASE_URL": live_server.url,
        "OWNER_CLIENT_ID": owner["ClientID"],
        "OWNER_USERNAME": owner["OwnerUsername"],
        "OWNER_PASSWORD": owner["OwnerPassword"],
    }
    result = subprocess.run(
        [node, script],
        check=False,
        cwd=JS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def test_walkthrough_runs_unchanged_through_the_javascript_sdk(live_server: LiveServer) -> None:
    out = _run("walkthrough.mjs", live_server)

    assert out["defaultCatalog"] == "BUYER_ORGANIZATION"
    assert set(out["adminAvailableRoles"]) == {
        "MeAdmin", "PasswordReset", "BuyerReader", "OrderAdmin", "CatalogAdmin",
        "ProductAdmin", "ProductAssignmentAdmin", "PriceScheduleAdmin", "ShipmentAdmin",
    }  # fmt: skip
    assert out["buyerAvailableRoles"] == ["MeAdmin", "PasswordReset", "Shopper"]
    assert out["adminMe"] == "admin01"
    assert out["adminSeesBuyers"] == 1
    assert out["buyerMe"] == {
        "username": "buyer01",
        "buyer": {"ID": "BUYER_ORGANIZATION", "DefaultCatalogID": "BUYER_ORGANIZATION"},
    }
    assert out["forbidden"] == {
        "status": 403,
        "errorCode": "InsufficientRoles",
        "data": {
            "SufficientRoles": ["FullAccess", "BuyerAdmin", "BuyerReader"],
            "AssignedRoles": ["Shopper"],
        },
    }
    assert out["refreshedMe"] == "buyer01"
    assert out["refreshRotated"] is True
    assert out["badLogin"]["errorCode"] == "Auth.InvalidUsernameOrPassword"
    assert out["impersonatedMe"] == "buyer01"
    claims = out["impersonationClaims"]
    assert claims["role"] == "Shopper"
    assert claims["imp"]
    assert out["middlewareMe"] == "admin01"


def test_buyers_shop_their_own_catalog_and_prices_through_the_javascript_sdk(
    live_server: LiveServer,
) -> None:
    out = _run("shopping.mjs", live_server)

    # nora (north): the whole catalog, the jacket at north's price; sam (south): only the
    # jacket, through its category, at the list price.
    assert out["views"] == {
        "nora": {"boots": [[1, 20], [10, 18]], "jacket": [[1, 15], [5, 14]]},
        "sam": {"jacket": [[1, 20], [10, 18]]},
    }
    assert out["noraFacets"] == []
    assert out["samCategories"] == ["wear"]
    assert out["noraCategories"] == []
    assert out["assignments"] == [
        {"SellerID": None, "ProductID": "jacket", "BuyerID": "north", "UserGroupID": None,
         "PriceScheduleID": "north-deal"}
    ]  # fmt: skip
    assert out["noraFetched"] == {"boots": "list", "jacket": "north-deal"}
    assert out["samFetched"] == {"jacket": "list"}
    # Each buyer also has its own default catalog, created with the buyer.
    assert out["noraCatalogs"] == ["north", "outdoor"]
    assert out["samCatalogs"] == ["outdoor", "south"]
    assert out["samAssignments"] == _refusal(
        403,
        "InsufficientRoles",
        {
            "SufficientRoles": [
                "FullAccess", "ProductAdmin", "ProductAssignmentAdmin", "ProductReader"
            ],
            "AssignedRoles": ["Shopper"],
        },
    )  # fmt: skip
    assert out["samNorthProduct"] == _refusal(
        404, "NotFound", {"ObjectType": "Product", "ObjectID": "boots"}
    )
    # Reader roles do not let a buyer user read assignments: they belong to the seller.
    assert out["readerRefusals"] == {
        listing: _refusal(403, "Auth.UserNotAuthorizedToAdmin", None)
        for listing in ("products", "catalogs", "categories")
    }


def _refusal(status: int, error_code: str, data: object) -> dict[str, object]:
    """An error as shopping.mjs reports it: the OrderCloud envelope, one error."""
    return {
        "status": status,
        "errorCode": error_code,
        "envelope": ["Errors"],
        "fields": ["ErrorCode", "Message", "Data"],
        "data": data,
    }


# Orders: the buyer flow of the getting-started guide, approvals and fulfilment, run once
# for the module by orders.mjs; each test below checks one part of what it saw.


@pytest.fixture(scope="module")
def orders_flow(live_server: LiveServer) -> dict[str, Any]:
    return _run("orders.mjs", live_server)


def _dates(*set_ones: str) -> dict[str, bool]:
    names = ("DateSubmitted", "DateApproved", "DateDeclined", "DateCompleted")
    return {name: name in set_ones for name in names}


def test_a_buyer_browses_and_fills_a_cart_at_exact_prices(orders_flow: dict[str, Any]) -> None:
    assert orders_flow["browsed"] == [["chair", 12.5], ["pen", 3.33]]
    created = orders_flow["created"]
    assert (created["Status"], created["IsSubmitted"], created["FromUserID"]) == (
        "Unsubmitted",
        False,
        "bob",
    )
    assert orders_flow["cartLines"] == [
        {"ProductID": "pen", "Quantity": 3, "UnitPrice": 3.33, "LineSubtotal": 9.99,
         "LineTotal": 9.99, "QuantityShipped": 0, "ShippingAddressID": None,
         "ShipStreet": "1 Main St"}
    ]  # fmt: skip


def test_one_off_addresses_are_copied_onto_the_order_and_its_lines(
    orders_flow: dict[str, Any],
) -> None:
    billed = orders_flow["billed"]
    assert billed["BillingStreet"] == "9 Ledger Rd"
    # A one-off address has no ID: nothing in the address book is referenced.
    assert (billed["BillingAddressID"], billed["ShippingAddressID"]) == (None, None)
    assert orders_flow["cartLines"][0]["ShipStreet"] == "1 Main St"


def test_a_submitted_cart_is_open_with_exact_totals(orders_flow: dict[str, Any]) -> None:
    submitted = orders_flow["submitted"]
    assert submitted["Status"] == "Open"
    assert submitted["IsSubmitted"] is True
    assert (submitted["Subtotal"], submitted["Total"], submitted["LineItemCount"]) == (
        9.99,
        9.99,
        1,
    )
    assert submitted["dates"] == _dates("DateSubmitted")
    assert orders_flow["resubmit"] == {"status": 400, "errorCode": "Order.CannotSubmitBadStatus"}


def test_a_saved_address_ships_by_its_id(orders_flow: dict[str, Any]) -> None:
    for name in ("big", "bigger"):
        order = orders_flow["awaiting"][name]
        assert (order["ShippingAddressID"], order["BillingAddressID"]) == ("hq", "hq")
        assert order["BillingStreet"] == "5 Tower Sq"
        (line,) = orders_flow["savedAddressLines"][name]
        assert (line["ShippingAddressID"], line["ShipStreet"]) == ("hq", "5 Tower Sq")


def test_orders_over_the_rule_wait_for_approval(orders_flow: dict[str, Any]) -> None:
    awaiting = orders_flow["awaiting"]
    assert {n: (o["Status"], o["Total"]) for n, o in awaiting.items()} == {
        "big": ("AwaitingApproval", 150),
        "bigger": ("AwaitingApproval", 125),
    }
    assert awaiting["big"]["dates"] == _dates("DateSubmitted")
    # The buyer who placed them is not in the approving group.
    assert orders_flow["bobApproves"] == {"status": 403, "errorCode": "Order.NotEligibleToApprove"}


def test_the_approver_approves_one_order_and_declines_the_other(
    orders_flow: dict[str, Any],
) -> None:
    assert orders_flow["approvable"] == ["bigger", "big"]
    assert orders_flow["approved"]["Status"] == "Open"
    assert orders_flow["approved"]["dates"] == _dates("DateSubmitted", "DateApproved")
    assert orders_flow["declined"]["Status"] == "Declined"
    assert orders_flow["declined"]["dates"] == _dates("DateSubmitted", "DateDeclined")
    assert orders_flow["approvableAfter"] == 0
    assert orders_flow["approvals"] == [
        {"ApprovalRuleID": "over-100", "ApprovingGroupID": "approvers", "Status": "Approved",
         "Approver": "ada", "Comments": "ok"}
    ]  # fmt: skip


def test_the_seller_lists_incoming_orders_and_completes_one(orders_flow: dict[str, Any]) -> None:
    assert orders_flow["incoming"] == [
        ["cart", "Open", 9.99],
        ["bigger", "Declined", 125],
        ["big", "Open", 150],
    ]
    assert orders_flow["completed"]["Status"] == "Completed"
    assert orders_flow["completed"]["dates"] == _dates(
        "DateSubmitted", "DateApproved", "DateCompleted"
    )
    assert orders_flow["completeDeclined"] == {
        "status": 400,
        "errorCode": "Order.CannotCompleteBadStatus",
    }


def test_shipping_an_order_ships_every_line_and_completes_it(orders_flow: dict[str, Any]) -> None:
    assert orders_flow["shipped"]["Status"] == "Completed"
    assert orders_flow["shipped"]["dates"]["DateCompleted"] is True
    assert orders_flow["shipments"] == [
        {"Shipper": "UPS", "TrackingNumber": "1Z999", "BuyerID": "acme"}
    ]
    assert orders_flow["shippedLines"] == [["pen", 3, 3]]


def test_the_buyer_sees_where_each_order_ended(orders_flow: dict[str, Any]) -> None:
    assert orders_flow["myOrders"] == [
        ["cart", "Completed"],
        ["bigger", "Declined"],
        ["big", "Completed"],
    ]


def test_a_guest_registers_and_submits_the_cart_it_filled(orders_flow: dict[str, Any]) -> None:
    guest = orders_flow["guest"]
    assert guest["user"] == ["carol", "acme"]
    assert guest["carts"] == [True]
    submitted = guest["submitted"]
    assert (submitted["Status"], submitted["FromUserID"], submitted["Subtotal"]) == (
        "Open",
        "carol",
        25,
    )
    assert guest["templateSees"] == 0
