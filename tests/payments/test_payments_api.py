"""Payments on orders: amounts, who may accept, when they may change, roles and isolation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.orders.market import Market
from tests.payments.shop import admin_path, cart, code, exact, pay, pay_path, submit


def test_a_payment_without_amount_covers_what_the_others_leave(market: Market) -> None:
    order = cart(market, pen=1, cup=1)  # 9.00 + 3.33
    alice = market.users["alice"]
    first = pay(alice, order, ID="part", Amount=5.5, Description="PO 42")
    assert first.status_code == 201, first.text
    rest = pay(alice, order, ID="rest")
    assert rest.status_code == 201, rest.text
    assert exact(rest, "Amount") == Decimal("6.83")
    body = first.json()
    assert {k: body[k] for k in ("ID", "Type", "Amount", "Accepted", "Description")} == {
        "ID": "part",
        "Type": "PurchaseOrder",
        "Amount": 5.5,
        "Accepted": False,
        "Description": "PO 42",
    }
    assert body["Currency"] == alice.get(f"/orders/outgoing/{order}").json()["Currency"]
    assert body["DateCreated"]
    assert body["Transactions"] == []
    assert alice.get(f"{pay_path(order)}/part").json() == body
    listed = alice.get(pay_path(order)).json()
    assert [p["ID"] for p in listed["Items"]] == ["part", "rest"]
    assert listed["Meta"]["TotalCount"] == 2


@pytest.mark.parametrize(
    ("amount", "error"),
    [(9.01, "Payment.AlreadyPaid"), (0, "Payment.AmountGreaterThanZero"), (-1, None)],
)
def test_amounts_beyond_the_total_or_not_positive_are_refused(
    market: Market, amount: float, error: str | None
) -> None:
    order = cart(market)  # 9.00
    response = pay(market.users["alice"], order, Amount=amount)
    assert response.status_code == 400
    assert code(response) == (error or "Payment.AmountGreaterThanZero")


def test_a_paid_order_takes_no_further_payment(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    assert pay(alice, order).status_code == 201
    again = pay(alice, order)
    assert again.status_code == 400
    assert code(again) == "Payment.AlreadyPaid"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"Type": None}, "ValidationFailure"),
        ({"Type": "Cash"}, "ValidationFailure"),
        ({"Amount": "lots"}, "ValidationFailure"),
        ({"Description": "x" * 2001}, "ValidationFailure"),
        ({"ID": "bad id!"}, "InvalidIDCharacters"),
        ({"SpendingAccountID": "budget"}, "Payment.CannotSetSpendingAccount"),
        ({"CreditCardID": "card-1"}, "Payment.CannotSetCreditCard"),
        ({"Type": "SpendingAccount"}, "Payment.SpendingAccountIdMissing"),
    ],
)
def test_invalid_payments_are_refused_with_400(
    market: Market, body: dict[str, Any], error: str
) -> None:
    order = cart(market)
    response = pay(market.users["alice"], order, **body)
    assert response.status_code == 400, response.text
    assert code(response) == error


def test_a_credit_card_payment_keeps_its_card_id_as_sent(market: Market) -> None:
    order = cart(market)
    made = pay(market.users["alice"], order, Type="CreditCard", CreditCardID="tok_visa")
    assert made.status_code == 201, made.text
    assert (made.json()["CreditCardID"], made.json()["Accepted"]) == ("tok_visa", False)


def test_patch_changes_the_fields_sent_and_merges_xp(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1", Amount=4, xp={"a": 1})
    url = f"{pay_path(order)}/p1"
    patched = alice.patch(url, {"ID": "p2", "Description": "net 30", "xp": {"b": 2}, "Amount": 9})
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["ID"], body["Description"], body["xp"], body["Amount"]) == (
        "p2",
        "net 30",
        {"a": 1, "b": 2},
        9,
    )
    assert alice.get(url).status_code == 404
    # Sending the fixed fields unchanged (as SDKs echoing an object do) is fine.
    same = alice.patch(f"{pay_path(order)}/p2", {"Type": "PurchaseOrder", "CreditCardID": None})
    assert same.status_code == 200, same.text


@pytest.mark.parametrize(
    "change",
    [{"Type": "CreditCard"}, {"CreditCardID": "tok"}, {"SpendingAccountID": "budget"}],
)
def test_how_a_payment_is_made_cannot_be_patched(market: Market, change: dict[str, str]) -> None:
    order = cart(market)
    pay(market.users["alice"], order, ID="p1")
    response = market.users["alice"].patch(f"{pay_path(order)}/p1", change)
    assert response.status_code == 400
    assert code(response) == "Payment.CannotPatchProperty"
    assert response.json()["Errors"][0]["Data"] == {"Property": next(iter(change))}


def test_a_shopper_cannot_accept_its_own_payment(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    refused = pay(alice, order, Accepted=True)
    assert refused.status_code == 400
    assert code(refused) == "Payment.CannotPatchAccepted"
    assert pay(alice, order, ID="p1", Accepted=False).status_code == 201
    patch = alice.patch(f"{pay_path(order)}/p1", {"Accepted": True})
    assert patch.status_code == 400
    assert code(patch) == "Payment.CannotPatchAccepted"


def test_an_order_admin_accepts_and_the_shopper_can_no_longer_change_it(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1")
    order_admin = market.tenant.as_admin("OrderAdmin")
    accepted = order_admin.patch(f"{admin_path(order)}/p1", {"Accepted": True})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["Accepted"] is True
    for response in (
        alice.patch(f"{pay_path(order)}/p1", {"Description": "changed"}),
        alice.delete(f"{pay_path(order)}/p1"),
    ):
        assert response.status_code == 403
        assert code(response) == "Payment.NotAuthorizedToPatch"


def test_an_admin_may_create_a_payment_already_accepted(market: Market) -> None:
    order = cart(market)
    made = pay(market.admin, order, "incoming", Accepted=True)
    assert made.status_code == 201, made.text
    assert made.json()["Accepted"] is True


def test_a_shopper_deletes_its_payment(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1")
    assert alice.delete(f"{pay_path(order)}/p1").status_code == 204
    assert alice.get(f"{pay_path(order)}/p1").status_code == 404
    assert alice.get(pay_path(order)).json()["Items"] == []


def test_submit_waits_until_every_payment_is_accepted(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1")
    for response in (submit(alice, order), alice.post(f"/orders/outgoing/{order}/validate")):
        assert response.status_code == 400
        assert code(response) == "Order.CannotSubmitWithUnaccceptedPayments"
        assert response.json()["Errors"][0]["Data"] == {"PaymentIDs": ["p1"]}
    assert alice.get(f"/orders/outgoing/{order}").json()["Status"] == "Unsubmitted"
    market.admin.patch(f"{admin_path(order)}/p1", {"Accepted": True})
    assert submit(alice, order).status_code == 201


def test_after_submit_only_an_order_admin_manages_payments(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1", Amount=4)
    market.admin.patch(f"{admin_path(order)}/p1", {"Accepted": True})
    assert submit(alice, order).status_code == 201
    for response in (
        pay(alice, order, Amount=1),
        alice.patch(f"{pay_path(order)}/p1", {"Description": "late"}),
        alice.delete(f"{pay_path(order)}/p1"),
    ):
        assert response.status_code == 403
        assert code(response) == "Payment.NotAuthorizedToPatch"
    admin = market.tenant.as_admin("OrderAdmin")
    later = pay(admin, order, "incoming", ID="p2", Accepted=True)
    assert later.status_code == 201, later.text
    assert exact(later, "Amount") == Decimal(5)
    assert admin.patch(f"{admin_path(order)}/p1", {"Accepted": False}).status_code == 200


def test_a_canceled_order_takes_no_payment_changes(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1", Amount=1)
    assert alice.post(f"/orders/outgoing/{order}/cancel").status_code == 201
    for response in (
        pay(market.admin, order, "incoming", Amount=1),
        market.admin.patch(f"{admin_path(order)}/p1", {"Accepted": True}),
        market.admin.delete(f"{admin_path(order)}/p1"),
    ):
        assert response.status_code == 400
        assert code(response) == "Payment.CannotEditCancelled"


def test_roles_decide_who_reads_writes_and_records_transactions(market: Market) -> None:
    order = cart(market)
    pay(market.users["alice"], order, ID="p1")
    reader = market.tenant.as_admin("OrderReader")
    assert reader.get(admin_path(order)).status_code == 200
    for response in (
        pay(reader, order, "incoming"),
        reader.patch(f"{admin_path(order)}/p1", {"Description": "x"}),
        reader.delete(f"{admin_path(order)}/p1"),
        market.users["alice"].post(
            f"{pay_path(order)}/p1/transactions",
            {"Type": "Capture", "DateExecuted": "2026-01-01T00:00:00Z"},
        ),
        market.users["alice"].delete(f"{pay_path(order)}/p1/transactions/t1"),
    ):
        assert response.status_code == 403
        assert code(response) == "InsufficientRoles"


@pytest.mark.parametrize("who", ["anna", "bob"])
def test_other_buyer_users_never_reach_a_shoppers_payments(market: Market, who: str) -> None:
    order = cart(market)
    pay(market.users["alice"], order, ID="p1")
    other = market.users[who]
    for response in (
        other.get(pay_path(order)),
        other.get(f"{pay_path(order)}/p1"),
        pay(other, order),
        other.patch(f"{pay_path(order)}/p1", {"Description": "mine"}),
        other.delete(f"{pay_path(order)}/p1"),
    ):
        assert response.status_code == 404, response.text
    assert market.users["alice"].get(f"{pay_path(order)}/p1").json()["Description"] is None


def test_a_buyer_has_no_incoming_payments(market: Market) -> None:
    order = cart(market)
    pay(market.users["alice"], order, ID="p1")
    assert market.users["alice"].get(admin_path(order)).status_code == 404


def test_payments_list_filters_searches_and_sorts(market: Market) -> None:
    order = cart(market, pen=2)  # 18.00
    alice = market.users["alice"]
    pay(alice, order, ID="a-po", Amount=5, Description="invoice march")
    pay(alice, order, ID="b-card", Type="CreditCard", CreditCardID="tok", Amount=5)
    pay(alice, order, ID="c-po", Amount=5, Description="invoice april")

    def ids(**params: Any) -> list[str]:
        response = alice.get(pay_path(order), **params)
        assert response.status_code == 200, response.text
        return [p["ID"] for p in response.json()["Items"]]

    assert ids(Type="PurchaseOrder") == ["a-po", "c-po"]
    assert ids(sortBy="!ID") == ["c-po", "b-card", "a-po"]
    assert ids(search="april") == ["c-po"]
    assert ids(Amount=">4", pageSize=1, page=2) == ["b-card"]
    bad = alice.get(pay_path(order), sortBy="Amount")
    assert bad.status_code == 400
    assert code(bad) == "List.InvalidSortProperty"


def test_transactions_are_recorded_and_removed_by_order_admins(market: Market) -> None:
    order = cart(market)
    pay(market.users["alice"], order, ID="p1", Type="CreditCard", CreditCardID="tok")
    admin = market.tenant.as_admin("OrderAdmin")
    url = f"{admin_path(order)}/p1/transactions"
    body = {
        "ID": "auth-1",
        "Type": "Authorization",
        "DateExecuted": "2026-03-01T10:00:00+01:00",
        "Currency": "USD",
        "Amount": 9,
        "Succeeded": True,
        "ResultCode": "00",
        "ResultMessage": "approved",
        "xp": {"gateway": "test"},
    }
    made = admin.post(url, body)
    assert made.status_code == 201, made.text
    payment = made.json()
    assert payment["ID"] == "p1"
    assert payment["Transactions"] == [{**body, "DateExecuted": "2026-03-01T09:00:00+00:00"}]
    duplicate = admin.post(url, body)
    assert duplicate.status_code == 409
    missing = admin.post(url, {"Type": "Capture"})
    assert missing.status_code == 400
    assert code(missing) == "ValidationFailure"
    # The buyer sees the transactions on its payment.
    seen = market.users["alice"].get(f"{pay_path(order)}/p1").json()
    assert [t["ID"] for t in seen["Transactions"]] == ["auth-1"]
    assert admin.delete(f"{url}/auth-1").status_code == 204
    assert admin.delete(f"{url}/auth-1").status_code == 404
    assert admin.get(f"{admin_path(order)}/p1").json()["Transactions"] == []


def test_deleting_an_order_removes_its_payments(market: Market) -> None:
    order = cart(market)
    alice = market.users["alice"]
    pay(alice, order, ID="p1")
    assert alice.delete(f"/orders/outgoing/{order}").status_code == 204
    assert alice.get(pay_path(order)).status_code == 404


def test_a_payment_takes_the_currency_of_its_order(market: Market) -> None:
    market.schedule("mug-eur", [(1, 2.5)], Currency="EUR")
    market.product("mug", "mug-eur")
    order = cart(market, mug=2)
    made = pay(market.users["alice"], order)
    assert made.status_code == 201, made.text
    assert (made.json()["Currency"], exact(made, "Amount")) == ("EUR", Decimal(5))
