"""Paying with spending accounts: which accounts qualify, and the one debit on submit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from mercato.core.time import utcnow
from mercato.payments import spending
from tests.factories import created
from tests.orders.market import Market
from tests.payments.shop import (
    account,
    admin_path,
    assign,
    balance,
    cart,
    code,
    exact,
    pay,
    pay_path,
    submit,
)


def pay_from(market: Market, order: str, account_id: str = "budget", **body: Any) -> Any:
    return pay(
        market.users["alice"], order, Type="SpendingAccount", SpendingAccountID=account_id, **body
    )


def status(market: Market, order: str) -> str:
    return str(market.users["alice"].get(f"/orders/outgoing/{order}").json()["Status"])


def test_the_balance_is_debited_on_submit_exactly_once(market: Market) -> None:
    account(market, Balance=20)
    order = cart(market, pen=1, cup=1)  # 12.33
    made = pay_from(market, order)
    assert made.status_code == 201, made.text
    assert made.json()["Accepted"] is True
    assert exact(made, "Amount") == Decimal("12.33")
    assert balance(market) == Decimal(20)  # nothing is taken before submit
    assert submit(market.users["alice"], order).status_code == 201
    assert balance(market) == Decimal("7.67")
    again = submit(market.users["alice"], order)
    assert again.status_code == 400
    assert code(again) == "Order.CannotSubmitBadStatus"
    assert balance(market) == Decimal("7.67")


def test_split_between_an_account_and_a_purchase_order(market: Market) -> None:
    account(market, Balance=10)
    order = cart(market, pen=1, cup=1)  # 12.33
    assert pay_from(market, order, Amount=10).status_code == 201
    rest = pay(market.admin, order, "incoming", Accepted=True)
    assert exact(rest, "Amount") == Decimal("2.33")
    assert submit(market.users["alice"], order).status_code == 201
    assert balance(market) == Decimal(0)


def test_a_payment_beyond_the_balance_is_refused(market: Market) -> None:
    account(market, Balance=5)
    order = cart(market)  # 9.00
    refused = pay_from(market, order)
    assert refused.status_code == 400
    assert code(refused) == "Payment.ExceedsBalance"
    assert pay_from(market, order, ID="sa", Amount=5).status_code == 201
    grow = market.users["alice"].patch(f"{pay_path(order)}/sa", {"Amount": 6})
    assert grow.status_code == 400
    assert code(grow) == "Payment.ExceedsBalance"


def test_an_account_drained_before_submit_refuses_it_and_nothing_changes(market: Market) -> None:
    account(market, Balance=20)
    order = cart(market)  # 9.00
    pay_from(market, order)
    market.admin.patch(f"/buyers/{market.a}/spendingaccounts/budget", {"Balance": 8.99})
    response = submit(market.users["alice"], order)
    assert response.status_code == 400
    assert code(response) == "Payment.ExceedsBalance"
    assert status(market, order) == "Unsubmitted"
    assert balance(market) == Decimal("8.99")


def test_a_refused_second_debit_undoes_the_first(
    market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    account(market, "first", Balance=20)
    account(market, "second", Balance=20)
    order = cart(market, pen=1, cup=1)  # 12.33
    assert pay_from(market, order, "first", Amount=9).status_code == 201
    assert pay_from(market, order, "second").status_code == 201
    market.admin.patch(f"/buyers/{market.a}/spendingaccounts/second", {"Balance": 1})
    # Skip the early check so that the refusal comes from the debit itself, after the
    # order was claimed and the first account debited.
    monkeypatch.setattr(spending, "check_balance", lambda *_args: None)
    response = submit(market.users["alice"], order)
    assert response.status_code == 400
    assert code(response) == "Payment.ExceedsBalance"
    error = response.json()["Errors"][0]
    assert error["Data"] == {"SpendingAccountID": "second"}
    assert error["Message"].startswith("The amount exceeds")  # the debit's refusal
    assert (balance(market, "first"), balance(market, "second")) == (Decimal(20), Decimal(1))
    assert status(market, order) == "Unsubmitted"


def test_allow_exceed_lets_the_balance_go_negative(market: Market) -> None:
    account(market, Balance=5)
    assign(market, UserID=market.ids["alice"], AllowExceed=True)
    order = cart(market)  # 9.00
    assert pay_from(market, order).status_code == 201
    assert submit(market.users["alice"], order).status_code == 201
    assert balance(market) == Decimal(-4)


def _other_buyers_account(market: Market) -> str:
    body = {"ID": "theirs", "Name": "Theirs", "Balance": 100, "AllowAsPaymentMethod": True}
    created(market.admin.post(f"/buyers/{market.b}/spendingaccounts", body))
    path = f"/buyers/{market.b}/spendingaccounts/assignments"
    assert market.admin.post(path, {"SpendingAccountID": "theirs"}).status_code == 204
    return "theirs"


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        ("unassigned", "Payment.InvalidSpendingAccountID"),
        ("not a payment method", "Payment.InvalidSpendingAccountID"),
        ("other buyer", "Payment.InvalidSpendingAccountID"),
        ("missing", "Payment.InvalidSpendingAccountID"),
        ("expired", "Payment.CannotUseExpiredSpendingAccount"),
        ("not started", "Payment.CannotUseExpiredSpendingAccount"),
        ("assigned to anna", "Payment.InvalidSpendingAccountID"),
    ],
)
def test_only_an_account_open_to_the_orders_user_pays(
    market: Market, setup: str, error: str
) -> None:
    account_id = "budget"
    now = utcnow()
    fields: dict[str, Any] = {"ID": "budget", "Name": "Budget", "Balance": 100}
    fields["AllowAsPaymentMethod"] = setup != "not a payment method"
    if setup == "expired":
        fields["EndDate"] = (now - timedelta(days=1)).isoformat()
    if setup == "not started":
        fields["StartDate"] = (now + timedelta(days=1)).isoformat()
    created(market.admin.post(f"/buyers/{market.a}/spendingaccounts", fields))
    if setup == "assigned to anna":
        assign(market, UserID=market.ids["anna"])
    elif setup != "unassigned":
        assign(market)
    if setup == "other buyer":
        account_id = _other_buyers_account(market)
    if setup == "missing":
        account_id = "nowhere"
    response = pay_from(market, cart(market), account_id)
    assert response.status_code == 400, response.text
    assert code(response) == error


def test_an_account_closed_after_paying_blocks_submit(market: Market) -> None:
    account(market)
    order = cart(market)
    pay_from(market, order)
    market.admin.patch(
        f"/buyers/{market.a}/spendingaccounts/budget", {"AllowAsPaymentMethod": False}
    )
    for response in (
        submit(market.users["alice"], order),
        market.users["alice"].post(f"/orders/outgoing/{order}/validate"),
    ):
        assert response.status_code == 400
        assert code(response) == "Payment.InvalidSpendingAccountID"
    assert balance(market) == Decimal(20)


def test_a_debited_payment_is_final(market: Market) -> None:
    account(market)
    order = cart(market)
    pay_from(market, order, ID="sa")
    assert submit(market.users["alice"], order).status_code == 201
    url = f"{admin_path(order)}/sa"
    for response in (
        market.admin.patch(url, {"Amount": 1}),
        market.admin.delete(url),
        pay(market.admin, order, "incoming", Type="SpendingAccount", SpendingAccountID="budget"),
    ):
        assert response.status_code == 403, response.text
        assert code(response) == "Payment.NotAuthorizedToPatch"
    noted = market.admin.patch(url, {"Description": "settled"})
    assert noted.status_code == 200, noted.text
    assert balance(market) == Decimal(11)


def test_a_shopper_changes_its_account_payment_before_submit(market: Market) -> None:
    account(market)
    order = cart(market)
    alice = market.users["alice"]
    pay_from(market, order, ID="sa", Amount=4)
    assert alice.patch(f"{pay_path(order)}/sa", {"Amount": 9}).status_code == 200
    withdrawn = alice.patch(f"{pay_path(order)}/sa", {"Accepted": False})
    assert withdrawn.status_code == 400
    assert code(withdrawn) == "Payment.CannotPatchAccepted"
    assert alice.delete(f"{pay_path(order)}/sa").status_code == 204
    assert submit(alice, order).status_code == 201
    assert balance(market) == Decimal(20)


def test_a_declined_or_canceled_order_gives_the_balance_back(market: Market) -> None:
    from tests.orders.test_approvals_api import approving_group, rule  # noqa: PLC0415

    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 10")
    account(market, Balance=20)
    order = cart(market, pen=1, cup=1)  # 12.33
    assert pay_from(market, order).status_code == 201
    path = f"/orders/outgoing/{order}"
    assert submit(market.users["alice"], order).json()["Status"] == "AwaitingApproval"
    assert balance(market) == Decimal("7.67")
    declined = market.users["anna"].post(f"{path}/decline", {"AllowResubmit": True})
    assert declined.status_code == 201, declined.text
    assert balance(market) == Decimal(20)
    assert submit(market.users["alice"], order).status_code == 201
    assert balance(market) == Decimal("7.67")
    assert market.users["alice"].post(f"{path}/cancel").status_code == 201
    assert balance(market) == Decimal(20)
