"""The order lifecycle: each transition's guard, date field and error code."""

from __future__ import annotations

from typing import Any

import pytest

from tests.orders.market import Market


def placed(market: Market, who: str = "bob") -> dict[str, Any]:
    order = market.order(who)
    market.line(order["ID"], who, ProductID="pen")
    return order


def act(market: Market, order: dict[str, Any], action: str, who: str = "bob") -> Any:
    return market.users[who].post(f"/orders/outgoing/{order['ID']}/{action}")


def error_code(response: Any) -> str:
    return str(response.json()["Errors"][0]["ErrorCode"])


def test_submit_opens_the_order_and_stamps_the_date(market: Market) -> None:
    order = placed(market)
    submitted = act(market, order, "submit")
    assert submitted.status_code == 201
    body = submitted.json()
    assert (body["Status"], body["IsSubmitted"]) == ("Open", True)
    assert body["DateSubmitted"] is not None


def test_an_order_without_lines_cannot_be_submitted(market: Market) -> None:
    order = market.order("bob")
    response = act(market, order, "submit")
    assert response.status_code == 400
    assert error_code(response) == "Order.CannotSubmitWithNoLineItems"


def test_a_second_submit_is_refused_with_the_bad_status_code(market: Market) -> None:
    order = placed(market)
    act(market, order, "submit")
    again = act(market, order, "submit")
    assert again.status_code == 400
    assert error_code(again) == "Order.CannotSubmitBadStatus"


def test_a_submitted_order_and_its_lines_cannot_be_modified(market: Market) -> None:
    order = placed(market)
    act(market, order, "submit")
    base = f"/orders/outgoing/{order['ID']}"
    patch = market.users["bob"].patch(base, {"Comments": "late"})
    add = market.users["bob"].post(f"{base}/lineitems", {"ProductID": "cup"})
    for response in (patch, add):
        assert response.status_code == 400
        assert error_code(response) == "Order.CannotModifySubmittedOrder"


def test_validate_reports_what_submit_would_refuse_and_changes_nothing(market: Market) -> None:
    empty = market.order("bob")
    assert error_code(act(market, empty, "validate")) == "Order.CannotSubmitWithNoLineItems"
    order = placed(market)
    assert act(market, order, "validate").status_code == 204
    assert market.users["bob"].get(f"/orders/outgoing/{order['ID']}").json()["Status"] == (
        "Unsubmitted"
    )


def test_a_product_deactivated_after_adding_blocks_submit(market: Market) -> None:
    order = placed(market)
    assert market.admin.patch("/products/pen", {"Active": False}).status_code == 200
    response = act(market, order, "submit")
    assert response.status_code == 400
    assert error_code(response) == "Order.CannotSubmitWithInactiveProduct"


@pytest.mark.parametrize("submitted", [False, True])
def test_cancel_is_allowed_before_submit_and_refused_once_open(
    market: Market, submitted: bool
) -> None:
    order = placed(market)
    if submitted:
        act(market, order, "submit")
    response = act(market, order, "cancel")
    if submitted:
        assert response.status_code == 400
        assert error_code(response) == "Order.CannotCancelInCurrentStatus"
    else:
        assert response.status_code == 201
        assert response.json()["Status"] == "Canceled"
        assert response.json()["DateCanceled"] is not None


def test_the_seller_completes_an_open_order(market: Market) -> None:
    order = placed(market)
    early = market.admin.post(f"/orders/incoming/{order['ID']}/complete")
    assert early.status_code == 400
    act(market, order, "submit")
    done = market.admin.post(f"/orders/incoming/{order['ID']}/complete")
    assert done.status_code == 201
    assert (done.json()["Status"], done.json()["DateCompleted"] is not None) == ("Completed", True)


def test_a_buyer_cannot_complete_its_own_order(market: Market) -> None:
    order = placed(market)
    act(market, order, "submit")
    response = act(market, order, "complete")
    assert response.status_code == 403
