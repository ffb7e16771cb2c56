"""Roles, company boundaries and marketplace isolation on organization routes."""

from typing import Any

from tests.factories import Tenant, make_tenant


def test_missing_role_is_403_naming_sufficient_and_assigned_roles(tenant: Tenant) -> None:
    response = tenant.as_admin("BuyerReader").post("/buyers", {"Name": "Nope"})

    assert response.status_code == 403
    error = response.json()["Errors"][0]
    assert error["ErrorCode"] == "InsufficientRoles"
    assert error["Data"] == {
        "SufficientRoles": ["FullAccess", "BuyerAdmin"],
        "AssignedRoles": ["BuyerReader"],
    }


def test_reader_role_grants_reads_only(tenant: Tenant) -> None:
    tenant.buyer(ID="readable")
    reader = tenant.as_admin("BuyerReader")

    assert reader.get("/buyers/readable").status_code == 200
    assert reader.patch("/buyers/readable", {"Name": "x"}).status_code == 403


def test_other_marketplace_cannot_see_buyers(tenant: Tenant, app: Any, client: Any) -> None:
    tenant.buyer(ID="private")
    other = make_tenant(app, client)

    assert other.admin.get("/buyers/private").status_code == 404
    assert other.admin.get("/buyers").json()["Meta"]["TotalCount"] == 0
    assert (
        other.admin.post("/buyers", {"ID": "private", "Name": "Same ID elsewhere"}).status_code
        == 201
    )


def test_buyer_user_sees_only_its_own_buyer(tenant: Tenant) -> None:
    mine, theirs = tenant.buyer()["ID"], tenant.buyer()["ID"]
    me = tenant.user(f"/buyers/{mine}/users")
    tenant.user(f"/buyers/{theirs}/users")
    api = tenant.as_user(me["Username"], "BuyerReader", "BuyerUserAdmin", "AddressAdmin")

    assert [b["ID"] for b in api.get("/buyers").json()["Items"]] == [mine]
    assert api.get(f"/buyers/{theirs}").status_code == 404
    assert api.get(f"/buyers/{theirs}/users").status_code == 404
    assert (
        api.post(
            f"/buyers/{theirs}/addresses", {"Street1": "a", "City": "b", "Country": "US"}
        ).status_code
        == 404
    )
    assert api.get(f"/buyers/{mine}/users").json()["Meta"]["TotalCount"] == 1


def test_buyer_user_cannot_administer_the_seller_or_create_buyers(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    me = tenant.user(f"/buyers/{buyer}/users")
    api = tenant.as_user(me["Username"], "FullAccess")

    assert api.post("/buyers", {"Name": "New"}).status_code == 403
    assert (
        api.post("/addresses", {"Street1": "a", "City": "b", "Country": "US"}).json()["Errors"][0][
            "ErrorCode"
        ]
        == "Auth.UserNotAuthorizedToAdmin"
    )


def test_supplier_user_cannot_see_other_suppliers(tenant: Tenant) -> None:
    mine, theirs = tenant.supplier()["ID"], tenant.supplier()["ID"]
    me = tenant.user(f"/suppliers/{mine}/users")
    api = tenant.as_user(me["Username"], "SupplierReader", "SupplierUserReader")

    assert [s["ID"] for s in api.get("/suppliers").json()["Items"]] == [mine]
    assert api.get(f"/suppliers/{theirs}/users").status_code == 404
