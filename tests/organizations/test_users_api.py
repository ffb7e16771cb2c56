from typing import Any

import pytest

from tests.factories import Tenant, make_tenant, sql_statements, unique

USER_PATHS = ["/adminusers", "/buyers/{buyer}/users", "/suppliers/{supplier}/users"]


@pytest.fixture
def paths(tenant: Tenant) -> dict[str, str]:
    buyer, supplier = tenant.buyer()["ID"], tenant.supplier()["ID"]
    return {p: p.format(buyer=buyer, supplier=supplier) for p in USER_PATHS}


@pytest.mark.parametrize("template", USER_PATHS)
def test_user_crud_works_for_every_company_kind(
    tenant: Tenant, paths: dict[str, str], template: str
) -> None:
    path = paths[template]
    user = tenant.user(path, Password="Str0ng-Passw0rd", xp={"k": 1})

    assert "Password" not in user
    assert user["FailedLoginAttempts"] == 0
    assert user["PasswordLastSetDate"] is not None
    assert tenant.admin.get(f"{path}/{user['ID']}").json() == user
    patched = tenant.admin.patch(f"{path}/{user['ID']}", {"FirstName": "Changed"}).json()
    assert patched["FirstName"] == "Changed"
    assert patched["xp"] == {"k": 1}
    assert tenant.admin.delete(f"{path}/{user['ID']}").status_code == 204


def test_company_id_is_the_owning_company(tenant: Tenant, paths: dict[str, str]) -> None:
    buyer_path = paths["/buyers/{buyer}/users"]
    user = tenant.user(buyer_path)

    assert user["CompanyID"] == buyer_path.split("/")[2]
    assert tenant.user("/adminusers")["CompanyID"] == tenant.marketplace_id


def test_usernames_are_unique_across_the_marketplace_ignoring_case(
    tenant: Tenant, paths: dict[str, str]
) -> None:
    name = unique("shared")
    tenant.user("/adminusers", Username=name)

    response = tenant.admin.post(
        paths["/buyers/{buyer}/users"],
        {
            "Username": name.upper(),
            "FirstName": "A",
            "LastName": "B",
            "Email": "a@b.c",
            "Active": True,
        },
    )

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "User.UsernameMustBeUnique"


def test_same_username_is_fine_in_another_marketplace(
    tenant: Tenant, app: Any, client: Any
) -> None:
    other = make_tenant(app, client)
    name = unique("twin")
    tenant.user("/adminusers", Username=name)

    other.user("/adminusers", Username=name)


@pytest.mark.parametrize("password", ["short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere!"])
def test_passwords_must_meet_the_default_rules(tenant: Tenant, password: str) -> None:
    response = tenant.admin.post(
        "/adminusers",
        {
            "Username": unique("u"),
            "FirstName": "A",
            "LastName": "B",
            "Email": "a@b.c",
            "Active": True,
            "Password": password,
        },
    )

    assert response.status_code == 400
    error = response.json()["Errors"][0]
    assert error["ErrorCode"] == "PasswordReset.InsecurePassword"
    assert error["Data"]["MinimumCharacterCount"] == 10


def test_refused_password_leaves_no_half_created_user(tenant: Tenant) -> None:
    # The user row is written before its password is checked against the rules that
    # reach it; the refusal must roll the whole request back.
    buyer = tenant.buyer()["ID"]
    profile = tenant.profile(["Shopper"], password_config={"SpecialCharacterRequired": True})
    tenant.assign(profile, BuyerID=buyer)
    body = {
        "ID": "half",
        "Username": unique("half"),
        "FirstName": "A",
        "LastName": "B",
        "Email": "a@b.c",
        "Active": True,
        "Password": "NoSpecial1234",
    }

    refused = tenant.admin.post(f"/buyers/{buyer}/users", body)

    assert refused.status_code == 400
    assert refused.json()["Errors"][0]["Data"]["SpecialCharacterRequired"] is True
    assert tenant.admin.get(f"/buyers/{buyer}/users/half").status_code == 404
    assert (
        tenant.admin.post(
            f"/buyers/{buyer}/users", {**body, "Password": "Special-1234"}
        ).status_code
        == 201
    )


def test_put_without_password_keeps_the_stored_one(tenant: Tenant) -> None:
    user = tenant.user("/adminusers", Password="Str0ng-Passw0rd")
    body = {k: user[k] for k in ("Username", "FirstName", "LastName", "Email", "Active")}

    replaced = tenant.admin.put(f"/adminusers/{user['ID']}", body).json()

    assert replaced["PasswordLastSetDate"] == user["PasswordLastSetDate"]


def test_available_roles_is_the_union_of_all_assignment_levels(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "g", "Name": "G"})
    tenant.admin.post(
        f"/buyers/{buyer}/usergroups/assignments", {"UserGroupID": "g", "UserID": user["ID"]}
    )
    tenant.grant(["Shopper"], BuyerID=buyer)
    tenant.grant(["MeAdmin"], BuyerID=buyer, UserGroupID="g")
    tenant.grant(["PasswordReset"], custom=["VIP"], BuyerID=buyer, UserID=user["ID"])

    got = tenant.admin.get(f"/buyers/{buyer}/users/{user['ID']}").json()

    assert got["AvailableRoles"] == ["MeAdmin", "PasswordReset", "Shopper", "VIP"]


def test_listing_100_users_takes_a_constant_number_of_statements(tenant: Tenant, app: Any) -> None:
    buyer = tenant.buyer()["ID"]
    tenant.grant(["Shopper"], BuyerID=buyer)
    for _ in range(100):
        tenant.user(f"/buyers/{buyer}/users")
    with sql_statements(app.state.engine) as small_run:
        small = tenant.admin.get(f"/buyers/{buyer}/users", pageSize="5")
    with sql_statements(app.state.engine) as big_run:
        big = tenant.admin.get(f"/buyers/{buyer}/users", pageSize="100")

    assert len(big.json()["Items"]) == 100
    assert len(small.json()["Items"]) == 5
    assert len(big_run) == len(small_run)
    assert len(big_run) <= 10


def test_users_across_buyers_filters_by_company(tenant: Tenant) -> None:
    first, second = tenant.buyer()["ID"], tenant.buyer()["ID"]
    tenant.user(f"/buyers/{first}/users")
    tenant.user(f"/buyers/{second}/users")
    tenant.user("/adminusers")

    everyone = tenant.admin.get("/buyerusers").json()
    only_first = tenant.admin.get("/buyerusers", CompanyID=first).json()

    assert everyone["Meta"]["TotalCount"] == 2
    assert [u["CompanyID"] for u in only_first["Items"]] == [first]


def test_move_user_to_another_buyer(tenant: Tenant) -> None:
    first, second = tenant.buyer()["ID"], tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{first}/users")

    moved = tenant.admin.post(f"/buyers/{first}/users/{user['ID']}/moveto/{second}")

    assert moved.status_code == 201
    assert moved.json()["CompanyID"] == second
    assert tenant.admin.get(f"/buyers/{first}/users/{user['ID']}").status_code == 404
