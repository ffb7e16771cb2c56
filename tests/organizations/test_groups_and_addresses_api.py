import pytest

from tests.factories import Tenant

GROUP_PATHS = ["/usergroups", "/buyers/{buyer}/usergroups", "/suppliers/{supplier}/usergroups"]
USERS_FOR = {"/usergroups": "/adminusers", "/buyers/{buyer}/usergroups": "/buyers/{buyer}/users",
             "/suppliers/{supplier}/usergroups": "/suppliers/{supplier}/users"}  # fmt: skip
ADDRESS_PATHS = ["/addresses", "/buyers/{buyer}/addresses", "/suppliers/{supplier}/addresses"]
ADDRESS = {
    "Street1": "1 Main St",
    "City": "Minneapolis",
    "State": "MN",
    "Zip": "55401",
    "Country": "US",
}


@pytest.mark.parametrize("template", GROUP_PATHS)
def test_group_membership_round_trip(tenant: Tenant, template: str) -> None:
    ids = {"buyer": tenant.buyer()["ID"], "supplier": tenant.supplier()["ID"]}
    groups, users = template.format(**ids), USERS_FOR[template].format(**ids)
    user = tenant.user(users)
    assert tenant.admin.post(groups, {"ID": "team", "Name": "Team"}).status_code == 201

    saved = tenant.admin.post(
        f"{groups}/assignments", {"UserGroupID": "team", "UserID": user["ID"]}
    )
    listed = tenant.admin.get(f"{groups}/assignments", userGroupID="team").json()
    by_user = tenant.admin.get(groups, userID=user["ID"]).json()
    members = tenant.admin.get(users, userGroupID="team").json()
    removed = tenant.admin.delete(f"{groups}/team/assignments/{user['ID']}")

    assert saved.status_code == 204
    assert listed["Items"] == [{"UserGroupID": "team", "UserID": user["ID"]}]
    assert [g["ID"] for g in by_user["Items"]] == ["team"]
    assert [u["ID"] for u in members["Items"]] == [user["ID"]]
    assert removed.status_code == 204
    assert tenant.admin.get(f"{groups}/assignments").json()["Items"] == []


def test_group_assignment_to_unknown_user_is_404(tenant: Tenant) -> None:
    tenant.admin.post("/usergroups", {"ID": "g", "Name": "G"})

    response = tenant.admin.post("/usergroups/assignments", {"UserGroupID": "g", "UserID": "ghost"})

    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"] == {"ObjectType": "User", "ObjectID": "ghost"}


@pytest.mark.parametrize("template", ADDRESS_PATHS)
def test_address_crud_for_every_company_kind(tenant: Tenant, template: str) -> None:
    path = template.format(buyer=tenant.buyer()["ID"], supplier=tenant.supplier()["ID"])

    created = tenant.admin.post(path, {"ID": "home", **ADDRESS})
    listed = tenant.admin.get(path, search="Minneapolis").json()

    assert created.status_code == 201
    assert created.json()["DateCreated"].endswith("+00:00")
    assert [a["ID"] for a in listed["Items"]] == ["home"]
    assert (
        tenant.admin.patch(f"{path}/home", {"Street2": "Suite 5"}).json()["City"] == "Minneapolis"
    )
    assert tenant.admin.delete(f"{path}/home").status_code == 204


def test_buyer_address_assignments_by_level(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    base = f"/buyers/{buyer}/addresses"
    tenant.admin.post(base, {"ID": "ship", **ADDRESS})

    company = tenant.admin.post(f"{base}/assignments", {"AddressID": "ship", "IsShipping": True})
    personal = tenant.admin.post(
        f"{base}/assignments", {"AddressID": "ship", "UserID": user["ID"], "IsBilling": True}
    )
    neither = tenant.admin.post(f"{base}/assignments", {"AddressID": "ship"})

    assert company.status_code == 204
    assert personal.status_code == 204
    assert neither.json()["Errors"][0]["ErrorCode"] == "AddressAssignment.MustBeBillingOrShipping"
    assert len(tenant.admin.get(f"{base}/assignments").json()["Items"]) == 2
    assert tenant.admin.get(f"{base}/assignments", level="User").json()["Items"] == [
        {
            "AddressID": "ship",
            "UserID": user["ID"],
            "UserGroupID": None,
            "IsShipping": False,
            "IsBilling": True,
        }
    ]
    assert tenant.admin.delete(f"{base}/ship/assignments", userID=user["ID"]).status_code == 204
    assert len(tenant.admin.get(f"{base}/assignments").json()["Items"]) == 1


def test_supplier_buyer_links_drive_buyer_sellers(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    linked = tenant.supplier()["ID"]
    tenant.supplier()
    everyone = tenant.supplier(AllBuyersCanOrder=True)["ID"]

    assert tenant.admin.put(f"/suppliers/{linked}/buyers/{buyer}").status_code == 204
    sellers = {s["ID"] for s in tenant.admin.get(f"/buyers/{buyer}/sellers").json()["Items"]}
    buyers = tenant.admin.get(f"/suppliers/{linked}/buyers").json()["Items"]

    assert sellers == {tenant.marketplace_id, linked, everyone}
    assert buyers == [{"ID": buyer, "Name": "Buyer"}]
    assert tenant.admin.delete(f"/suppliers/{linked}/buyers/{buyer}").status_code == 204
    assert tenant.admin.get(f"/suppliers/{linked}/buyers").json()["Items"] == []
