"""Security profiles, assignments at every level, and AvailableRoles as their union."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant


def _roles(tenant: Tenant, path: str) -> list[str]:
    roles: list[str] = tenant.admin.get(path).json()["AvailableRoles"]
    return roles


def test_profile_round_trips_with_password_config(tenant: Tenant) -> None:
    profile = tenant.profile(
        ["OrderAdmin", "Shopper"], custom=["Gold"], password_config={"MinimumCharacterCount": 12}
    )

    body = tenant.admin.get(f"/securityprofiles/{profile}").json()

    assert body["Roles"] == ["OrderAdmin", "Shopper"]
    assert body["CustomRoles"] == ["Gold"]
    assert body["PasswordConfig"]["MinimumCharacterCount"] == 12
    assert body["IsExternalRoleGroup"] is False


def test_unknown_role_is_a_validation_error(tenant: Tenant) -> None:
    response = tenant.admin.post("/securityprofiles", {"Name": "P", "Roles": ["Wizard"]})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"].startswith("Roles")


def test_password_config_may_not_be_weaker_than_the_platform(tenant: Tenant) -> None:
    response = tenant.admin.post(
        "/securityprofiles", {"Name": "P", "PasswordConfig": {"MinimumCharacterCount": 6}}
    )
    assert (
        response.json()["Errors"][0]["ErrorCode"] == "SecurityProfile.InvalidPasswordConfiguration"
    )


def test_available_roles_are_the_union_of_every_level(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    other = tenant.user(f"/buyers/{buyer}/users")
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "g", "Name": "G"})
    tenant.admin.post(
        f"/buyers/{buyer}/usergroups/assignments", {"UserGroupID": "g", "UserID": user["ID"]}
    )

    tenant.grant(["Shopper"], BuyerID=buyer)
    tenant.grant(["MeAdmin"], BuyerID=buyer, UserGroupID="g")
    tenant.grant(["PasswordReset"], custom=["VIP"], BuyerID=buyer, UserID=user["ID"])

    assert _roles(tenant, f"/buyers/{buyer}/users/{user['ID']}") == [
        "MeAdmin",
        "PasswordReset",
        "Shopper",
        "VIP",
    ]
    assert _roles(tenant, f"/buyers/{buyer}/users/{other['ID']}") == ["Shopper"]


def test_marketplace_level_assignment_reaches_every_admin_user(tenant: Tenant) -> None:
    admin = tenant.user("/adminusers")
    tenant.grant(["BuyerReader", "OrderAdmin"])

    assert _roles(tenant, f"/adminusers/{admin['ID']}") == ["BuyerReader", "OrderAdmin"]


def test_supplier_levels_and_admin_group_level_apply(tenant: Tenant) -> None:
    supplier = tenant.supplier()["ID"]
    user = tenant.user(f"/suppliers/{supplier}/users")
    admin = tenant.user("/adminusers")
    tenant.admin.post("/usergroups", {"ID": "ops", "Name": "Ops"})
    tenant.admin.post("/usergroups/assignments", {"UserGroupID": "ops", "UserID": admin["ID"]})

    tenant.grant(["OrderReader"], SupplierID=supplier)
    tenant.grant(["ShipmentAdmin"], UserGroupID="ops")

    assert _roles(tenant, f"/suppliers/{supplier}/users/{user['ID']}") == ["OrderReader"]
    assert _roles(tenant, f"/adminusers/{admin['ID']}") == ["ShipmentAdmin"]


@pytest.mark.parametrize(
    ("party", "code"),
    [
        ({"BuyerID": "b", "SupplierID": "s"}, "PartyAssignment.CannotSpecifyBuyerAndSupplier"),
        ({"UserID": "u", "UserGroupID": "g"}, "PartyAssignment.CannotSpecifyGroupAndUser"),
    ],
)
def test_invalid_assignment_combinations_are_refused(
    tenant: Tenant, party: dict[str, str], code: str
) -> None:
    profile = tenant.profile(["Shopper"])
    response = tenant.admin.post(
        "/securityprofiles/assignments", {"SecurityProfileID": profile, **party}
    )
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == code


def test_assignment_to_a_missing_party_is_not_found(tenant: Tenant) -> None:
    profile = tenant.profile(["Shopper"])
    response = tenant.admin.post(
        "/securityprofiles/assignments", {"SecurityProfileID": profile, "BuyerID": "missing"}
    )
    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"] == {"ObjectType": "Buyer", "ObjectID": "missing"}


def test_assignments_are_listed_with_filters_and_deleted(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    company_level = tenant.grant(["Shopper"], BuyerID=buyer)
    user_level = tenant.grant(["MeAdmin"], BuyerID=buyer, UserID=user["ID"])

    def listed(**params: Any) -> list[tuple[str, str | None]]:
        page = tenant.admin.get("/securityprofiles/assignments", buyerID=buyer, **params).json()
        return [(a["SecurityProfileID"], a["UserID"]) for a in page["Items"]]

    assert listed() == [(company_level, None), (user_level, user["ID"])]
    assert listed(level="User") == [(user_level, user["ID"])]
    assert listed(level="Company", commerceRole="Buyer") == [(company_level, None)]
    assert listed(commerceRole="Supplier") == []

    deleted = tenant.admin.delete(
        f"/securityprofiles/{user_level}/assignments", buyerID=buyer, userID=user["ID"]
    )
    assert deleted.status_code == 204
    assert listed() == [(company_level, None)]


def test_saving_the_same_assignment_twice_keeps_one(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    profile = tenant.grant(["Shopper"], BuyerID=buyer)
    tenant.assign(profile, BuyerID=buyer)

    page = tenant.admin.get("/securityprofiles/assignments", securityProfileID=profile).json()

    assert page["Meta"]["TotalCount"] == 1


def test_deleting_a_profile_drops_its_roles(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    profile = tenant.grant(["Shopper"], BuyerID=buyer)

    assert tenant.admin.delete(f"/securityprofiles/{profile}").status_code == 204

    assert _roles(tenant, f"/buyers/{buyer}/users/{user['ID']}") == []
