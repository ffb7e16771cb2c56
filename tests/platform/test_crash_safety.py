"""A SIGKILL in the middle of a stream of keyed writes loses nothing and doubles nothing."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.platform.crash import Outcome, crash_and_recover


def _name(index: int) -> str:
    return f"crash-buyer-{index}"


def create_buyer(http: httpx.Client, key: str, index: int) -> httpx.Response:
    """One multi-row write: the buyer, its default catalog and the catalog's assignment."""
    body = {"Name": _name(index), "Active": True, "xp": {"index": index}}
    return http.post("/buyers", json=body, headers={"Idempotency-Key": key})


def _all(http: httpx.Client, path: str, **params: Any) -> Iterator[dict[str, Any]]:
    page = 1
    while True:
        response = http.get(path, params={**params, "page": page, "pageSize": 100})
        assert response.status_code == 200, response.text
        data = response.json()
        yield from data["Items"]
        if page >= data["Meta"]["TotalPages"]:
            return
        page += 1


def buyers_exactly_once(http: httpx.Client, outcomes: Sequence[Outcome]) -> None:
    """Every answered write's buyer exists once, the others at most once, each whole."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for buyer in _all(http, "/buyers"):
        by_name[buyer["Name"]].append(buyer["ID"])
        assert buyer["DefaultCatalogID"] == buyer["ID"], buyer
    for outcome in outcomes:
        found = by_name.pop(_name(outcome.index), [])
        if outcome.succeeded:
            assert found == [outcome.body["ID"]], f"write {outcome.index}: {found}"
        else:
            assert len(found) <= 1, f"unanswered write {outcome.index} ran twice: {found}"
    assert not by_name, f"buyers nobody asked for: {sorted(by_name)}"
    buyers = {b["ID"] for b in _all(http, "/buyers")}
    catalogs = {c["ID"] for c in _all(http, "/catalogs")}
    assigned = {(a["CatalogID"], a["BuyerID"]) for a in _all(http, "/catalogs/assignments")}
    assert catalogs == buyers, "a buyer without its catalog, or a catalog without its buyer"
    assert assigned == {(b, b) for b in buyers}, "a default catalog left unassigned"


@pytest.mark.slow
def test_a_killed_server_keeps_every_acknowledged_buyer_exactly_once(tmp_path: Path) -> None:
    report = crash_and_recover(
        tmp_path,
        database_url=os.environ.get("MERCATO_TEST_DATABASE_URL"),
        write=create_buyer,
        verify=buyers_exactly_once,
    )

    assert report.answered_before_kill >= 25
    assert report.unanswered_at_kill >= 1
    assert 0 <= report.committed_unanswered <= report.unanswered_at_kill


ORDERS = 120
STOCK = 10_000


def _order_id(index: int) -> str:
    return f"crash-order-{index}"


def prepare_orders(http: httpx.Client) -> None:
    """A buyer user with ORDERS unsubmitted orders, line i ordering i % 5 + 1 tracked pens."""

    def ok(response: httpx.Response) -> Any:
        assert response.status_code < 300, response.text
        return response.json() if response.content else None

    ok(http.post("/buyers", json={"ID": "crash-buyer", "Name": "Crash", "Active": True}))
    user = {"ID": "crash-user", "Username": "crash-user-shop", "FirstName": "C",
            "LastName": "U", "Email": "c@example.com", "Active": True}  # fmt: skip
    ok(http.post("/buyers/crash-buyer/users", json=user))
    ok(http.post("/catalogs", json={"ID": "store", "Name": "Store", "Active": True}))
    store = {"CatalogID": "store", "BuyerID": "crash-buyer", "ViewAllProducts": True}
    ok(http.post("/catalogs/assignments", json=store))
    schedule = {"ID": "pen", "Name": "Pen", "PriceBreaks": [{"Quantity": 1, "Price": 1.25}]}
    ok(http.post("/priceschedules", json=schedule))
    stock = {"Enabled": True, "QuantityAvailable": STOCK, "OrderCanExceed": False}
    product = {"ID": "pen", "Name": "Pen", "Active": True, "DefaultPriceScheduleID": "pen",
               "Inventory": stock}  # fmt: skip
    ok(http.post("/products", json=product))
    ok(http.post("/catalogs/productassignments", json={"CatalogID": "store", "ProductID": "pen"}))
    for index in range(ORDERS):
        body = {"ID": _order_id(index), "FromCompanyID": "crash-buyer", "FromUserID": "crash-user"}
        ok(http.post("/orders/incoming", json=body))
        line = {"ProductID": "pen", "Quantity": index % 5 + 1}
        ok(http.post(f"/orders/incoming/{_order_id(index)}/lineitems", json=line))


def submit_order(http: httpx.Client, key: str, index: int) -> httpx.Response:
    return http.post(
        f"/orders/incoming/{_order_id(index)}/submit", headers={"Idempotency-Key": key}
    )


def submits_exactly_once(http: httpx.Client, outcomes: Sequence[Outcome]) -> None:
    """Answered submits are Open; the stock fell by exactly the Open orders' quantities."""
    # OrderCloud lists carts and placed orders apart, so two lists.
    listed = [
        *_all(http, "/orders/incoming", Status="Open"),
        *_all(http, "/orders/incoming", Status="Unsubmitted"),
    ]
    orders = {o["ID"]: o for o in listed}
    taken = 0
    for outcome in outcomes:
        order = orders[_order_id(outcome.index)]
        if outcome.succeeded:
            assert order["Status"] == "Open", f"acknowledged submit {outcome.index}: {order}"
        assert order["Status"] in {"Open", "Unsubmitted"}, order
        if order["Status"] == "Open":
            assert order["IsSubmitted"], order
            assert order["DateSubmitted"], order
            taken += outcome.index % 5 + 1
    left = http.get("/products/pen").json()["Inventory"]["QuantityAvailable"]
    assert left == STOCK - taken, f"stock {left}, expected {STOCK - taken}"


@pytest.mark.slow
def test_a_killed_server_keeps_every_acknowledged_submit_exactly_once(tmp_path: Path) -> None:
    report = crash_and_recover(
        tmp_path,
        database_url=os.environ.get("MERCATO_TEST_DATABASE_URL"),
        prepare=prepare_orders,
        write=submit_order,
        verify=submits_exactly_once,
        limit=ORDERS,
    )

    assert report.answered_before_kill >= 25
    assert report.unanswered_at_kill >= 1
