"""Helpers shared by the payment tests: orders with lines, payments, spending accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from httpx2 import Response

from tests.factories import Api, created
from tests.orders.market import Market


def code(response: Response) -> str:
    return str(response.json()["Errors"][0]["ErrorCode"])


def exact(response: Response, field: str) -> Decimal:
    """A money field as the exact decimal the server wrote."""
    return Decimal(str(response.json(parse_float=Decimal)[field]))


def cart(market: Market, who: str = "alice", **lines: int) -> str:
    """An unsubmitted order of ``who`` with ``product=quantity`` lines (pen 9.00, cup 3.33)."""
    order = market.order(who)["ID"]
    for product, quantity in (lines or {"pen": 1}).items():
        market.line(order, who, ProductID=product, Quantity=quantity)
    return str(order)


def pay_path(order_id: str, direction: str = "outgoing") -> str:
    return f"/orders/{direction}/{order_id}/payments"


def pay(api: Api, order_id: str, direction: str = "outgoing", **body: Any) -> Response:
    return api.post(pay_path(order_id, direction), {"Type": "PurchaseOrder", **body})


def admin_path(order_id: str) -> str:
    """The admin's view of a buyer's order: one placed to the marketplace is incoming."""
    return pay_path(order_id, "incoming")


def account(market: Market, account_id: str = "budget", **fields: Any) -> dict[str, Any]:
    """A spending account of buyer A, usable as payment, open to the whole buyer."""
    body = {
        "ID": account_id,
        "Name": account_id,
        "Balance": 20,
        "AllowAsPaymentMethod": True,
        **fields,
    }
    made = created(market.admin.post(f"/buyers/{market.a}/spendingaccounts", body))
    assign(market, account_id)
    return made


def assign(market: Market, account_id: str = "budget", **party: Any) -> None:
    body = {"SpendingAccountID": account_id, **party}
    response = market.admin.post(f"/buyers/{market.a}/spendingaccounts/assignments", body)
    assert response.status_code == 204, response.text


def balance(market: Market, account_id: str = "budget") -> Decimal:
    return exact(market.admin.get(f"/buyers/{market.a}/spendingaccounts/{account_id}"), "Balance")


def submit(api: Api, order_id: str) -> Response:
    return api.post(f"/orders/outgoing/{order_id}/submit")
