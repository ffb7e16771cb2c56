"""Guest (anonymous) shoppers: one order per token, handed over on sign-in."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, created, unique
from tests.orders.market import Market

ADDRESS = {"Street1": "1 Main St", "City": "Springfield", "Country": "US"}


def guest(market: Market) -> Api:
    return guest_and_template(market)[0]


def guest_and_template(market: Market) -> tuple[Api, dict[str, Any]]:
    """A guest session of a new anonymous client, and the buyer user it browses as."""
    t = market.tenant
    template = t.user(f"/buyers/{market.b}/users")
    t.grant(["Shopper"], BuyerID=market.b)
    client = t.api_client(IsAnonBuyer=True, DefaultContextUserName=template["Username"])
    response = t.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client["ID"], "scope": "Shopper"},
    )
    assert response.status_code == 200, response.text
    return Api(t.client, response.json()["access_token"]), template


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


def test_signing_in_as_the_template_user_reaches_none_of_the_guests_orders(
    market: Market,
) -> None:
    first, template = guest_and_template(market)
    order = created(first.post("/orders/outgoing", {}))
    created(first.post(f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "cup"}))
    as_template = market.tenant.as_user(template["Username"], "Shopper", "OrderReader")
    assert as_template.get(f"/orders/outgoing/{order['ID']}").status_code == 404
    assert as_template.get("/me/orders", Status="Unsubmitted").json()["Items"] == []
    listed = as_template.get("/orders/outgoing", Status="Unsubmitted")
    assert listed.status_code == 200, listed.text
    assert listed.json()["Items"] == []
    # The template user's cart is its own, not the guest's.
    cart = as_template.get("/cart").json()
    assert cart.get("ID") != order["ID"]
    # The seller still sees the guest's order among its incoming ones.
    incoming = market.admin.get(f"/orders/incoming/{order['ID']}")
    assert incoming.status_code == 200, incoming.text


REGISTRATION: dict[str, Any] = {
    "Username": "newcomer",
    "Password": "Sunny-Day-2026",
    "FirstName": "Nora",
    "LastName": "Newcomer",
    "Email": "nora@example.com",
    "Active": True,
}


def register(who: Api, anon_token: str | None, **fields: Any) -> Any:
    path = "/me/register" + (f"?anonUserToken={anon_token}" if anon_token else "")
    return who.put(path, {**REGISTRATION, **fields})


def test_a_registering_guest_becomes_a_buyer_user_with_its_order(market: Market) -> None:
    first = guest(market)
    order = created(first.post("/orders/outgoing", {}))
    created(first.post(f"/orders/outgoing/{order['ID']}/lineitems", {"ProductID": "pen"}))
    response = register(first, first.token, Username=unique("newcomer"))
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"access_token"}
    newcomer = Api(market.tenant.client, response.json()["access_token"])
    me = newcomer.get("/me").json()
    assert (me["FirstName"], me["Buyer"]["ID"]) == ("Nora", market.b)
    taken = newcomer.get(f"/orders/outgoing/{order['ID']}").json()
    assert taken["FromUserID"] == me["ID"]
    assert [
        li["ProductID"]
        for li in newcomer.get(f"/orders/outgoing/{order['ID']}/lineitems").json()["Items"]
    ] == ["pen"]
    assert first.get(f"/orders/outgoing/{order['ID']}").status_code == 404
    t = market.tenant
    login = t.login(me["Username"], REGISTRATION["Password"], client_id=t.shared_client_id)
    assert login.status_code == 200, login.text


def test_registration_is_for_guest_sessions_only(market: Market) -> None:
    first = guest(market)
    alice = market.users["alice"]
    response = register(alice, first.token, Username=unique("newcomer"))
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "User.IsNotTemp"


def test_registration_needs_the_guest_token(market: Market) -> None:
    first = guest(market)
    response = register(first, None, Username=unique("newcomer"))
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Auth.MustPassAnonUserToken"


def test_registration_with_a_taken_username_changes_nothing(market: Market) -> None:
    first = guest(market)
    order = created(first.post("/orders/outgoing", {}))
    taken = market.tenant.admin.get(f"/buyers/{market.a}/users/{market.ids['alice']}").json()
    response = register(first, first.token, Username=taken["Username"])
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "User.UsernameMustBeUnique"
    assert first.get(f"/orders/outgoing/{order['ID']}").status_code == 200


def test_a_guest_cannot_ship_to_the_template_users_private_address(market: Market) -> None:
    first, template = guest_and_template(market)
    owner = market.tenant.as_user(template["Username"], "Shopper", "MeAddressAdmin")
    private = {**ADDRESS, "ID": "home", "Shipping": True, "Billing": True}
    assert owner.post("/me/addresses", private).status_code == 201
    order = created(first.post("/orders/outgoing", {}))
    refused = first.patch(f"/orders/outgoing/{order['ID']}", {"ShippingAddressID": "home"})
    assert refused.status_code == 404, refused.text
    line = {"ProductID": "cup", "ShippingAddressID": "home"}
    assert first.post(f"/orders/outgoing/{order['ID']}/lineitems", line).status_code == 404
