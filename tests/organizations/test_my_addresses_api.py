"""A buyer user's own address book: /me/addresses."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant, created
from tests.orders.market import Market, market

__all__ = ["market"]

HOME = {"Street1": "1 Main St", "City": "Minneapolis", "Zip": "55401", "Country": "US"}
BOOK = ("Shopper", "MeAddressAdmin")


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    first: dict[str, Any] = response.json()["Errors"][0]
    return first


def me(market: Market, who: str, *roles: str) -> Api:
    return market.tenant.as_user(market.ids[who], *(roles or BOOK))


def shared_address(market: Market, address_id: str, **assignment: Any) -> None:
    """An admin's address of buyer A, assigned as ``assignment`` says (nothing: unassigned)."""
    admin, path = market.admin, f"/buyers/{market.a}/addresses"
    created(admin.post(path, {"ID": address_id, "AddressName": address_id, **HOME}))
    if assignment:
        body = {"AddressID": address_id, **assignment}
        assert admin.post(f"{path}/assignments", body).status_code == 204


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["ID"] for item in response.json()["Items"]]


def test_create_my_address_makes_a_private_address_of_the_caller(market: Market) -> None:
    alice = me(market, "alice")
    body = {"ID": "home", "AddressName": "Home", "Shipping": True, **HOME}
    address = created(alice.post("/me/addresses", body))
    assert (address["Shipping"], address["Billing"], address["Editable"]) == (True, False, True)
    assert address["DateCreated"] is not None
    assert alice.get("/me/addresses/home").json() == address
    assert ids(alice.get("/me/addresses")) == ["home"]
    # Another user of the same buyer neither sees nor may use it.
    anna = me(market, "anna")
    assert ids(anna.get("/me/addresses")) == []
    assert error(anna.get("/me/addresses/home"), 404)["Data"] == {
        "ObjectType": "Address",
        "ObjectID": "home",
    }


def test_list_my_addresses_shows_what_reaches_the_user_with_merged_flags(market: Market) -> None:
    t = market.tenant
    created(t.admin.post(f"/buyers/{market.a}/usergroups", {"ID": "team", "Name": "Team"}))
    membership = {"UserGroupID": "team", "UserID": market.ids["alice"]}
    assert t.admin.post(f"/buyers/{market.a}/usergroups/assignments", membership).status_code == 204
    shared_address(market, "hq", IsShipping=True)
    shared_address(market, "dock", UserGroupID="team", IsBilling=True)
    # Reaches alice twice: shipping buyer-wide, billing through her own assignment.
    shared_address(market, "both", IsShipping=True)
    body = {"AddressID": "both", "UserID": market.ids["alice"], "IsBilling": True}
    assert t.admin.post(f"/buyers/{market.a}/addresses/assignments", body).status_code == 204
    shared_address(market, "annas", UserID=market.ids["anna"], IsShipping=True)
    shared_address(market, "unassigned")
    alice = me(market, "alice")
    created(alice.post("/me/addresses", {"ID": "mine", "Billing": True, "xp": {"k": 1}, **HOME}))

    listed = alice.get("/me/addresses", sortBy="ID").json()["Items"]
    flags = {a["ID"]: (a["Shipping"], a["Billing"], a["Editable"]) for a in listed}
    assert flags == {
        "both": (True, True, False),
        "dock": (False, True, False),
        "hq": (True, False, False),
        "mine": (False, True, True),
    }
    assert ids(alice.get("/me/addresses", Shipping=True, sortBy="ID")) == ["both", "hq"]
    assert ids(alice.get("/me/addresses", Billing="true", Editable=False, sortBy="!ID")) == [
        "dock",
        "both",
    ]
    assert ids(alice.get("/me/addresses", **{"xp.k": "1"})) == ["mine"]
    assert ids(alice.get("/me/addresses", search="dock", searchOn="AddressName")) == ["dock"]


def test_create_my_address_needs_shipping_or_billing(market: Market) -> None:
    alice = me(market, "alice")
    for body in (HOME, {**HOME, "Shipping": False, "Billing": False}):
        refused = error(alice.post("/me/addresses", body), 400)
        assert refused["ErrorCode"] == "BuyerAddress.MustBeBillingOrShipping"
    assert ids(alice.get("/me/addresses")) == []
    created(alice.post("/me/addresses", {"ID": "home", "Shipping": True, **HOME}))
    patch = alice.patch("/me/addresses/home", {"Shipping": False})
    assert error(patch, 400)["ErrorCode"] == "BuyerAddress.MustBeBillingOrShipping"
    assert alice.get("/me/addresses/home").json()["Shipping"] is True


def test_save_my_address_creates_then_replaces_a_private_address(market: Market) -> None:
    alice = me(market, "alice")
    made = alice.put("/me/addresses/home", {"Shipping": True, "xp": {"a": 1}, **HOME})
    assert made.status_code == 200, made.text
    assert (made.json()["ID"], made.json()["Editable"]) == ("home", True)
    body = {**HOME, "ID": "house", "City": "St Paul", "Billing": True}
    replaced = alice.put("/me/addresses/home", body)
    assert replaced.status_code == 200, replaced.text
    got = alice.get("/me/addresses/house").json()
    assert (got["City"], got["Shipping"], got["Billing"], got["xp"]) == (
        "St Paul",
        False,
        True,
        None,
    )
    assert alice.get("/me/addresses/home").status_code == 404


def test_patch_my_address_answers_204_and_changes_only_what_was_sent(market: Market) -> None:
    alice = me(market, "alice")
    created(alice.post("/me/addresses", {"ID": "home", "Shipping": True, "xp": {"a": 1}, **HOME}))
    patched = alice.patch("/me/addresses/home", {"City": "Duluth", "Billing": True, "xp": {"b": 2}})
    assert (patched.status_code, patched.content) == (204, b"")
    got = alice.get("/me/addresses/home").json()
    assert (got["City"], got["Street1"], got["Shipping"], got["Billing"]) == (
        "Duluth",
        "1 Main St",
        True,
        True,
    )
    assert got["xp"] == {"a": 1, "b": 2}
    assert error(alice.patch("/me/addresses/home", {"Shipping": None}), 400)


def test_delete_my_address_removes_it(market: Market) -> None:
    alice = me(market, "alice")
    created(alice.post("/me/addresses", {"ID": "home", "Shipping": True, **HOME}))
    assert alice.delete("/me/addresses/home").status_code == 204
    assert ids(alice.get("/me/addresses")) == []
    assert error(alice.delete("/me/addresses/home"), 404)["Data"]["ObjectType"] == "Address"
    assert ids(market.admin.get(f"/buyers/{market.a}/addresses")) == []


def test_shared_addresses_cannot_be_changed_through_me(market: Market) -> None:
    shared_address(market, "hq", IsShipping=True)
    alice = me(market, "alice")
    for response in (
        alice.put("/me/addresses/hq", {"Shipping": True, **HOME}),
        alice.patch("/me/addresses/hq", {"City": "Elsewhere"}),
        alice.delete("/me/addresses/hq"),
    ):
        assert error(response, 403)["ErrorCode"] == "Address.CannotEditPublic"
    assert market.admin.get(f"/buyers/{market.a}/addresses/hq").json()["City"] == "Minneapolis"


def test_another_users_private_address_is_not_found_through_me(market: Market) -> None:
    created(me(market, "anna").post("/me/addresses", {"ID": "annas", "Shipping": True, **HOME}))
    alice = me(market, "alice")
    for response in (
        alice.put("/me/addresses/annas", {"Shipping": True, **HOME}),
        alice.patch("/me/addresses/annas", {"City": "Elsewhere"}),
        alice.delete("/me/addresses/annas"),
    ):
        assert error(response, 404)["Data"] == {"ObjectType": "Address", "ObjectID": "annas"}
    # IDs are unique per buyer, so alice cannot take the ID for an address of her own.
    assert alice.post("/me/addresses", {"ID": "annas", "Shipping": True, **HOME}).status_code == 409


def test_writing_my_addresses_needs_me_address_admin(market: Market) -> None:
    shopper = me(market, "alice", "Shopper")
    assert shopper.get("/me/addresses").status_code == 200
    refused = shopper.post("/me/addresses", {"Shipping": True, **HOME})
    assert error(refused, 403)["ErrorCode"] == "InsufficientRoles"
    assert me(market, "alice", "MeAdmin").get("/me/addresses").status_code == 403


def test_sellers_and_suppliers_have_no_address_book(tenant: Tenant) -> None:
    supplier_user = tenant.user(f"/suppliers/{tenant.supplier()['ID']}/users")
    for api in (tenant.admin, tenant.as_user(supplier_user["Username"], "FullAccess")):
        for response in (
            api.get("/me/addresses"),
            api.post("/me/addresses", {"Shipping": True, **HOME}),
        ):
            assert error(response, 403)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


def test_guests_read_the_shared_addresses_but_keep_none(market: Market) -> None:
    t = market.tenant
    template_id = market.ids["anna"]
    created(me(market, "anna").post("/me/addresses", {"ID": "annas", "Shipping": True, **HOME}))
    shared_address(market, "hq", IsShipping=True)
    t.grant(list(BOOK), BuyerID=market.a)
    client = t.api_client(IsAnonBuyer=True, DefaultContextUserName=template_id)
    form = {"grant_type": "client_credentials", "client_id": client["ID"], "scope": " ".join(BOOK)}
    token = t.client.post("/oauth/token", data=form)
    assert token.status_code == 200, token.text
    guest = Api(t.client, token.json()["access_token"])
    # The template user's private address is a person's own, not the guests'.
    assert ids(guest.get("/me/addresses")) == ["hq"]
    assert guest.get("/me/addresses/annas").status_code == 404
    refused = guest.post("/me/addresses", {"Shipping": True, **HOME})
    assert error(refused, 403)["ErrorCode"] == "Auth.AnonUserProhibited"


def test_a_private_address_ships_and_bills_the_owners_cart(market: Market) -> None:
    alice = me(market, "alice", "Shopper", "MeAddressAdmin")
    created(alice.post("/me/addresses", {"ID": "home", "Shipping": True, "Billing": True, **HOME}))
    created(alice.post("/cart/lineitems", {"ProductID": "pen"}))
    patched = alice.patch("/cart", {"ShippingAddressID": "home", "BillingAddressID": "home"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["BillingAddress"]["Street1"] == "1 Main St"
    lines = alice.get("/cart/lineitems").json()["Items"]
    assert [(li["ShippingAddressID"], li["ShippingAddress"]["City"]) for li in lines] == [
        ("home", "Minneapolis")
    ]


def test_a_private_address_is_used_only_as_its_flags_and_owner_allow(market: Market) -> None:
    alice = me(market, "alice")
    created(alice.post("/me/addresses", {"ID": "bills", "Billing": True, **HOME}))
    order = market.order("alice")
    refused = market.users["alice"].patch(
        f"/orders/outgoing/{order['ID']}", {"ShippingAddressID": "bills"}
    )
    assert error(refused, 400)["ErrorCode"] == "Address.IsNotShippingAddress"
    annas = market.order("anna")
    stranger = market.users["anna"].patch(
        f"/orders/outgoing/{annas['ID']}", {"BillingAddressID": "bills"}
    )
    assert error(stranger, 404)["Data"] == {"ObjectType": "Address", "ObjectID": "bills"}


def test_admins_see_private_addresses_and_they_go_with_their_owner(market: Market) -> None:
    created(me(market, "alice").post("/me/addresses", {"ID": "home", "Shipping": True, **HOME}))
    admin, buyer = market.admin, f"/buyers/{market.a}"
    assert ids(admin.get(f"{buyer}/addresses")) == ["home"]
    assignments = admin.get(f"{buyer}/addresses/assignments", addressID="home").json()["Items"]
    assert [(a["UserID"], a["IsShipping"], a["IsBilling"]) for a in assignments] == [
        (market.ids["alice"], True, False)
    ]
    assert admin.delete(f"{buyer}/users/{market.ids['alice']}").status_code == 204
    assert ids(admin.get(f"{buyer}/addresses")) == []
