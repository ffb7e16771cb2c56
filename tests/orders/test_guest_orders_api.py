"""Guest (anonymous) shoppers: one order per token, handed over on sign-in."""

from __future__ import annotations

from tests.factories import Api, created
from tests.orders.market import Market


def guest(market: Market) -> Api:
    t = market.tenant
    template = t.user(f"/buyers/{market.b}/users")
    t.grant(["Shopper"], BuyerID=market.b)
    client = t.api_client(IsAnonBuyer=True, DefaultContextUserName=template["Username"])
    response = t.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client["ID"], "scope": "Shopper"},
    )
    assert response.status_code == 200, response.text
    return Api(t.client, response.json()["access_token"])


def second_guest_of(market: Market, first: Api) -> Api:
    """Another guest session on the same anonymous client as ``first``."""
    import jwt  # noqa: PLC0415 - only to read the client ID back out of the token

    client_id = jwt.decode(first.token, options={"verify_signature": False})["cid"]
    response = market.tenant.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "scope": "Shopper"},
    )
    return Api(market.tenant.client, response.json()["access_token"])


def test_a_guest_sees_only_the_order_of_its_own_token(market: Market) -> None:
    first = guest(market)
    other = second_guest_of(market, first)
    order = created(first.post("/orders/outgoing", {"ID": "ignored"}))
    assert order["ID"] != "ignored"
    created(first.post(f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "cup"}))
    assert other.get(f"/orders/outgoing/{order['ID']}").status_code == 404
    assert other.get("/me/orders", Status="Unsubmitted").json()["Items"] == []
    mine = first.get("/me/orders", Status="Unsubmitted").json()["Items"]
    assert [o["ID"] for o in mine] == [order["ID"]]
    # The token's single order ID is used up.
    assert first.post("/orders/outgoing", {}).status_code == 409


def test_signing_in_takes_over_the_guest_order_at_the_users_prices(market: Market) -> None:
    first = guest(market)
    order = created(first.post("/orders/outgoing", {}))
    created(first.post(f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "pen"}))
    alice = market.users["alice"]  # buyer A pays 9.00 for a pen; the guest paid 10.00
    response = alice.put(f"/me/orders?anonUserToken={first.token}", None)
    assert response.status_code == 204, response.text
    taken = alice.get(f"/orders/outgoing/{order['ID']}").json()
    assert (taken["FromUserID"], taken["FromCompanyID"]) == (market.ids["alice"], market.a)
    assert taken["Subtotal"] == 9
    assert first.get(f"/orders/outgoing/{order['ID']}").status_code == 404


def test_a_transfer_needs_a_guest_token(market: Market) -> None:
    alice = market.users["alice"]
    response = alice.put(f"/me/orders?anonUserToken={alice.token}", None)
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Auth.MustPassAnonUserToken"
