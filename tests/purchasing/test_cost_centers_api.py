"""Cost centers: CRUD under a buyer, assignments to the buyer or its groups, and /me."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant, created
from tests.purchasing.org import Org, error, ids


def _cost_center(org: Org, buyer: str | None = None, **fields: Any) -> dict[str, Any]:
    body = {"ID": "marketing", "Name": "Marketing", **fields}
    return created(org.admin.post(f"/buyers/{buyer or org.a}/costcenters", body))


def _assignments(org: Org, **params: str) -> list[tuple[str, str | None]]:
    response = org.admin.get(f"/buyers/{org.a}/costcenters/assignments", **params)
    assert response.status_code == 200, response.text
    return [(i["CostCenterID"], i["UserGroupID"]) for i in response.json()["Items"]]


def test_cost_center_round_trips_through_every_verb(org: Org) -> None:
    base = f"/buyers/{org.a}/costcenters"
    made = _cost_center(org, Description="Campaigns", xp={"Code": "M-1", "Tier": 1})

    replaced = org.admin.put(f"{base}/marketing", {"Name": "Marketing EU"})
    patched = org.admin.patch(f"{base}/marketing", {"Description": "EU", "xp": {"Tier": 2}})
    renamed = org.admin.patch(f"{base}/marketing", {"ID": "mkt"})

    assert made == {
        "ID": "marketing",
        "Name": "Marketing",
        "Description": "Campaigns",
        "xp": {"Code": "M-1", "Tier": 1},
    }
    assert replaced.json() == {"ID": "marketing", "Name": "Marketing EU", "Description": None,
                               "xp": None}  # fmt: skip
    assert patched.json()["Description"] == "EU"
    assert patched.json()["xp"] == {"Tier": 2}
    assert renamed.json()["ID"] == "mkt"
    assert org.admin.get(f"{base}/mkt").json()["Name"] == "Marketing EU"
    assert org.admin.delete(f"{base}/mkt").status_code == 204
    assert error(org.admin.get(f"{base}/mkt"), 404)["Data"] == {
        "ObjectType": "CostCenter",
        "ObjectID": "mkt",
    }


def test_put_creates_a_cost_center_under_the_path_id(org: Org) -> None:
    response = org.admin.put(f"/buyers/{org.a}/costcenters/ops", {"Name": "Operations"})

    assert response.status_code == 200
    assert response.json()["ID"] == "ops"


def test_cost_center_list_searches_filters_and_sorts(org: Org) -> None:
    _cost_center(org, ID="b", Name="Alpha", Description="shared services")
    _cost_center(org, ID="a", Name="Bravo", xp={"Region": "EU"})
    _cost_center(org, ID="c", Name="Alpha")
    base = f"/buyers/{org.a}/costcenters"

    assert ids(org.admin.get(base)) == ["b", "c", "a"]  # Name, then ID
    assert ids(org.admin.get(base, sortBy="!ID")) == ["c", "b", "a"]
    assert ids(org.admin.get(base, search="shared")) == ["b"]
    assert ids(org.admin.get(base, Name="Alpha", sortBy="ID")) == ["b", "c"]
    assert ids(org.admin.get(base, **{"xp.Region": "EU"})) == ["a"]
    assert error(org.admin.get(base, sortBy="Description"), 400)["ErrorCode"] == (
        "List.InvalidSortProperty"
    )


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({}, "Name"),
        ({"Name": ""}, "Name"),
        ({"Name": "x" * 101}, "Name"),
        ({"Name": "ok", "Description": "x" * 2001}, "Description"),
        ({"Name": "ok", "ID": "x" * 101}, "ID"),
    ],
)
def test_invalid_cost_centers_are_validation_errors(
    org: Org, body: dict[str, Any], prop: str
) -> None:
    response = org.admin.post(f"/buyers/{org.a}/costcenters", body)

    assert error(response, 400)["Data"]["Property"] == prop


def test_patch_may_not_blank_the_name(org: Org) -> None:
    _cost_center(org)

    response = org.admin.patch(f"/buyers/{org.a}/costcenters/marketing", {"Name": None})

    assert error(response, 400)["Data"]["Property"] == "Name"


def test_cost_center_ids_are_unique_within_one_buyer(org: Org) -> None:
    _cost_center(org)
    _cost_center(org, buyer=org.b)

    duplicate = org.admin.post(f"/buyers/{org.a}/costcenters", {"ID": "marketing", "Name": "X"})

    assert error(duplicate, 409)["ErrorCode"] == "IdExists"


def test_assignments_to_the_buyer_and_its_groups(org: Org) -> None:
    _cost_center(org)
    _cost_center(org, ID="ops", Name="Operations")
    base = f"/buyers/{org.a}/costcenters/assignments"

    for body in (
        {"CostCenterID": "marketing", "UserGroupID": "buyers"},
        {"CostCenterID": "marketing", "UserGroupID": "buyers"},  # saved twice, kept once
        {"CostCenterID": "ops"},
        {"CostCenterID": "ops", "UserGroupID": "approvers"},
    ):
        assert org.admin.post(base, body).status_code == 204

    assert sorted(_assignments(org), key=str) == sorted(
        [("marketing", "buyers"), ("ops", None), ("ops", "approvers")], key=str
    )
    assert _assignments(org, costCenterID="ops", level="Group") == [("ops", "approvers")]
    assert _assignments(org, level="Company") == [("ops", None)]
    assert _assignments(org, userGroupID="buyers") == [("marketing", "buyers")]
    assert error(org.admin.get(base, level="User"), 400)["ErrorCode"] == "List.InvalidType"


def test_deleting_assignments_names_the_group_or_none(org: Org) -> None:
    _cost_center(org)
    base = f"/buyers/{org.a}/costcenters"
    org.admin.post(f"{base}/assignments", {"CostCenterID": "marketing"})
    org.admin.post(f"{base}/assignments", {"CostCenterID": "marketing", "UserGroupID": "buyers"})

    by_group = org.admin.delete(f"{base}/marketing/assignments", userGroupID="buyers")
    buyer_level = org.admin.delete(f"{base}/marketing/assignments")
    again = org.admin.delete(f"{base}/marketing/assignments")
    by_user = org.admin.delete(f"{base}/marketing/assignments", userID=org.users["plain"]["ID"])

    assert (by_group.status_code, buyer_level.status_code) == (204, 204)
    assert _assignments(org) == []
    assert error(again, 404)["Data"]["ObjectType"] == "CostCenterAssignment"
    assert error(by_user, 400)["ErrorCode"] == "PartyAssignment.UserLevelNotAllowed"


def test_assignment_names_objects_of_the_same_buyer(org: Org) -> None:
    _cost_center(org)
    _cost_center(org, buyer=org.b, ID="b-only", Name="B")
    base = f"/buyers/{org.a}/costcenters/assignments"

    unknown_center = org.admin.post(base, {"CostCenterID": "b-only"})
    unknown_group = org.admin.post(base, {"CostCenterID": "marketing", "UserGroupID": "ghost"})
    missing_id = org.admin.post(base, {"UserGroupID": "buyers"})

    assert error(unknown_center, 404)["Data"]["ObjectType"] == "CostCenter"
    assert error(unknown_group, 404)["Data"]["ObjectType"] == "UserGroup"
    assert error(missing_id, 400)["Data"]["Property"] == "CostCenterID"


def test_me_lists_cost_centers_of_the_buyer_and_of_the_callers_groups(org: Org) -> None:
    _cost_center(org, ID="everyone", Name="Everyone")
    _cost_center(org, ID="group-only", Name="Group only")
    _cost_center(org, ID="unassigned", Name="Unassigned")
    _cost_center(org, buyer=org.b, ID="b-everyone", Name="B")
    assign = f"/buyers/{org.a}/costcenters/assignments"
    org.admin.post(assign, {"CostCenterID": "everyone"})
    org.admin.post(assign, {"CostCenterID": "everyone", "UserGroupID": "buyers"})
    org.admin.post(assign, {"CostCenterID": "group-only", "UserGroupID": "buyers"})
    org.admin.post(f"/buyers/{org.b}/costcenters/assignments", {"CostCenterID": "b-everyone"})

    assert ids(org.shopper("grouped").get("/me/costcenters")) == ["everyone", "group-only"]
    assert ids(org.shopper("plain").get("/me/costcenters")) == ["everyone"]
    assert ids(org.shopper("other").get("/me/costcenters")) == ["b-everyone"]
    assert ids(org.shopper("grouped").get("/me/costcenters", search="group")) == ["group-only"]


def test_me_cost_centers_are_for_buyer_users_only(org: Org) -> None:
    response = org.tenant.as_admin("Shopper").get("/me/costcenters")

    assert error(response, 403)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


def test_deleting_a_group_drops_its_cost_center_assignments(org: Org) -> None:
    _cost_center(org)
    org.admin.post(
        f"/buyers/{org.a}/costcenters/assignments",
        {"CostCenterID": "marketing", "UserGroupID": "buyers"},
    )

    assert org.admin.delete(f"/buyers/{org.a}/usergroups/buyers").status_code == 204

    assert _assignments(org) == []
    assert ids(org.admin.get(f"/buyers/{org.a}/costcenters")) == ["marketing"]


def test_readers_read_and_admins_write(org: Org) -> None:
    _cost_center(org)
    reader = org.tenant.as_admin("CostCenterReader")
    admin = org.tenant.as_admin("CostCenterAdmin")
    base = f"/buyers/{org.a}/costcenters"

    refused = reader.post(base, {"Name": "Nope"})

    assert ids(reader.get(base)) == ["marketing"]
    assert reader.get(f"{base}/assignments").status_code == 200
    assert error(refused, 403)["ErrorCode"] == "InsufficientRoles"
    assert error(refused, 403)["Data"]["SufficientRoles"] == ["FullAccess", "CostCenterAdmin"]
    assert error(reader.post(f"{base}/assignments", {"CostCenterID": "marketing"}), 403)
    assert created(admin.post(base, {"Name": "Yes"}))["Name"] == "Yes"
    assert error(org.shopper("plain").get(base), 403)["ErrorCode"] == "InsufficientRoles"


def test_buyer_admins_manage_only_their_own_buyer(org: Org) -> None:
    _cost_center(org, buyer=org.b, ID="b-center", Name="B")
    own = org.as_buyer_user("plain", "CostCenterAdmin")

    made = own.post(f"/buyers/{org.a}/costcenters", {"ID": "mine", "Name": "Mine"})
    foreign_list = own.get(f"/buyers/{org.b}/costcenters")
    foreign_write = own.post(f"/buyers/{org.b}/costcenters", {"Name": "Theirs"})

    assert made.status_code == 201
    assert error(foreign_list, 404)["Data"] == {"ObjectType": "Buyer", "ObjectID": org.b}
    assert error(foreign_write, 404)["Data"]["ObjectType"] == "Buyer"
    assert ids(org.admin.get(f"/buyers/{org.b}/costcenters")) == ["b-center"]


def test_another_marketplace_cannot_reach_the_buyer(org: Org, other_tenant: Tenant) -> None:
    _cost_center(org)

    listed = other_tenant.admin.get(f"/buyers/{org.a}/costcenters")
    fetched = other_tenant.admin.get(f"/buyers/{org.a}/costcenters/marketing")

    assert error(listed, 404)["Data"]["ObjectType"] == "Buyer"
    assert error(fetched, 404)["Data"]["ObjectType"] == "Buyer"
