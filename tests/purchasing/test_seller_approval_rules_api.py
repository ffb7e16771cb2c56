"""Seller approval rules (/approvalrules): owned by the marketplace or by a supplier."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api, Tenant, created
from tests.purchasing.org import error, ids

EXPRESSION = "order.Total > 5000"


def _rule(api: Api, **fields: Any) -> dict[str, Any]:
    body = {
        "ID": "big",
        "ApprovalType": "Order",
        "ApprovingGroupID": "admins",
        "RuleExpression": EXPRESSION,
        **fields,
    }
    return created(api.post("/approvalrules", body))


@pytest.fixture
def sellers(tenant: Tenant) -> dict[str, Any]:
    """An admin group `admins`; suppliers s1 and s2, each with group `team` and a user."""
    tenant.admin.post("/usergroups", {"ID": "admins", "Name": "Admins"})
    found: dict[str, Any] = {}
    for name in ("s1", "s2"):
        supplier = tenant.supplier()["ID"]
        tenant.admin.post(f"/suppliers/{supplier}/usergroups", {"ID": "team", "Name": "Team"})
        user = tenant.user(f"/suppliers/{supplier}/users")
        found[name] = supplier
        found[f"{name}_user"] = tenant.as_user(user["Username"], "OrderAdmin")
    return found


def test_marketplace_rule_round_trips_through_every_verb(
    tenant: Tenant, sellers: dict[str, Any]
) -> None:
    made = _rule(tenant.admin, Name="Big", xp={"Region": "EU"})

    replaced = tenant.admin.put("/approvalrules/big", {
        "ApprovalType": "OrderReturn", "ApprovingGroupID": "admins", "RuleExpression": "true",
    })  # fmt: skip
    patched = tenant.admin.patch("/approvalrules/big", {"Description": "Returns", "xp": {"A": 1}})

    assert made == {
        "ID": "big",
        "OwnerID": tenant.marketplace_id,
        "ApprovalType": "Order",
        "Name": "Big",
        "Description": None,
        "ApprovingGroupID": "admins",
        "RuleExpression": EXPRESSION,
        "xp": {"Region": "EU"},
    }
    assert replaced.json()["ApprovalType"] == "OrderReturn"
    assert replaced.json()["Name"] is None
    assert patched.json()["Description"] == "Returns"
    assert patched.json()["xp"] == {"A": 1}
    assert tenant.admin.get("/approvalrules/big").json() == patched.json()
    assert tenant.admin.delete("/approvalrules/big").status_code == 204
    assert error(tenant.admin.get("/approvalrules/big"), 404)["Data"] == {
        "ObjectType": "SellerApprovalRule",
        "ObjectID": "big",
    }


@pytest.mark.parametrize(
    ("fields", "prop"),
    [
        ({"ApprovalType": None}, "ApprovalType"),
        ({"ApprovalType": "Invoice"}, "ApprovalType"),
        ({"ApprovingGroupID": None}, "ApprovingGroupID"),
        ({"RuleExpression": None}, "RuleExpression"),
        ({"RuleExpression": "x" * 401}, "RuleExpression"),
    ],
)
def test_invalid_seller_rules_are_validation_errors(
    tenant: Tenant, sellers: dict[str, Any], fields: dict[str, Any], prop: str
) -> None:
    body = {"ApprovalType": "Order", "ApprovingGroupID": "admins", "RuleExpression": EXPRESSION}
    body = {k: v for k, v in {**body, **fields}.items() if v is not None}

    assert error(tenant.admin.post("/approvalrules", body), 400)["Data"]["Property"] == prop


def test_approving_group_is_one_of_the_owners_groups(
    tenant: Tenant, sellers: dict[str, Any]
) -> None:
    buyer = tenant.buyer()["ID"]
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "buyers", "Name": "Buyers"})

    base = {"ApprovalType": "Order", "RuleExpression": EXPRESSION}

    for owner, group in ((None, "team"), (None, "buyers"), (sellers["s1"], "admins"),
                         (sellers["s1"], "buyers")):  # fmt: skip
        body = {**base, "OwnerID": owner, "ApprovingGroupID": group}
        assert error(tenant.admin.post("/approvalrules", body), 404)["Data"] == {
            "ObjectType": "UserGroup",
            "ObjectID": group,
        }


def test_supplier_rules_are_owned_and_seen_by_their_supplier_only(
    tenant: Tenant, sellers: dict[str, Any]
) -> None:
    _rule(tenant.admin, ID="market")
    by_seller = _rule(tenant.admin, ID="s1-rule", OwnerID=sellers["s1"], ApprovingGroupID="team")
    s1, s2 = sellers["s1_user"], sellers["s2_user"]
    # A supplier owns what it creates, whatever OwnerID it sends.
    by_supplier = _rule(s2, ID="s2-rule", OwnerID=sellers["s1"], ApprovingGroupID="team")

    assert by_seller["OwnerID"] == sellers["s1"]
    assert by_supplier["OwnerID"] == sellers["s2"]
    assert ids(s1.get("/approvalrules")) == ["s1-rule"]
    assert ids(s2.get("/approvalrules")) == ["s2-rule"]
    assert ids(tenant.admin.get("/approvalrules", OwnerID=sellers["s2"])) == ["s2-rule"]
    assert error(s1.get("/approvalrules/market"), 404)["Data"]["ObjectType"] == (
        "SellerApprovalRule"
    )
    assert error(s1.patch("/approvalrules/s2-rule", {"Name": "Mine"}), 404)
    assert error(s1.delete("/approvalrules/s2-rule"), 404)
    assert error(s1.put("/approvalrules/market", {
        "ApprovalType": "Order", "ApprovingGroupID": "team", "RuleExpression": "true",
    }), 404)  # fmt: skip
    assert s1.patch("/approvalrules/s1-rule", {"Name": "Ours"}).json()["Name"] == "Ours"


def test_changing_the_owner_needs_a_group_of_the_new_owner(
    tenant: Tenant, sellers: dict[str, Any]
) -> None:
    _rule(tenant.admin)

    kept_group = tenant.admin.patch("/approvalrules/big", {"OwnerID": sellers["s1"]})
    moved = tenant.admin.patch(
        "/approvalrules/big", {"OwnerID": sellers["s1"], "ApprovingGroupID": "team"}
    )

    assert error(kept_group, 404)["Data"] == {"ObjectType": "UserGroup", "ObjectID": "admins"}
    assert moved.json()["OwnerID"] == sellers["s1"]
    assert moved.json()["ApprovingGroupID"] == "team"
    unknown = tenant.admin.patch("/approvalrules/big", {"OwnerID": "nobody"})
    assert error(unknown, 404)["Data"] == {"ObjectType": "Supplier", "ObjectID": "nobody"}


def test_list_filters_and_sorts(tenant: Tenant, sellers: dict[str, Any]) -> None:
    _rule(tenant.admin, ID="a", Name="Zulu", ApprovalType="OrderReturn")
    _rule(tenant.admin, ID="b", Name="Alpha")
    _rule(tenant.admin, ID="c", Name="Mike", OwnerID=sellers["s1"], ApprovingGroupID="team")

    assert ids(tenant.admin.get("/approvalrules")) == ["b", "c", "a"]
    assert ids(tenant.admin.get("/approvalrules", ApprovalType="OrderReturn")) == ["a"]
    assert ids(tenant.admin.get("/approvalrules", ApprovingGroupID="admins", sortBy="!ID")) == [
        "b",
        "a",
    ]


def test_deleting_a_supplier_deletes_its_rules(tenant: Tenant, sellers: dict[str, Any]) -> None:
    _rule(tenant.admin, ID="s1-rule", OwnerID=sellers["s1"], ApprovingGroupID="team")

    assert tenant.admin.delete(f"/suppliers/{sellers['s1']}").status_code == 204

    assert ids(tenant.admin.get("/approvalrules")) == []


def test_approving_admin_group_cannot_be_deleted(tenant: Tenant, sellers: dict[str, Any]) -> None:
    _rule(tenant.admin)

    response = tenant.admin.delete("/usergroups/admins")

    assert error(response, 400)["ErrorCode"] == "UserGroup.CannotDeleteApprovingGroup"


def test_roles_and_user_types(tenant: Tenant, sellers: dict[str, Any]) -> None:
    _rule(tenant.admin)
    reader = tenant.as_admin("ApprovalRuleReader")
    buyer = tenant.buyer()["ID"]
    buyer_user = tenant.user(f"/buyers/{buyer}/users")
    buyer_reader = tenant.as_user(buyer_user["Username"], "ApprovalRuleReader", "OrderAdmin")

    assert ids(reader.get("/approvalrules")) == ["big"]
    assert error(reader.patch("/approvalrules/big", {"Name": "x"}), 403)["Data"][
        "SufficientRoles"
    ] == ["FullAccess", "OrderAdmin"]
    assert error(tenant.as_admin("ApprovalRuleAdmin").get("/approvalrules"), 403)
    for response in (
        buyer_reader.get("/approvalrules"),
        buyer_reader.get("/approvalrules/big"),
        buyer_reader.post("/approvalrules", {
            "ApprovalType": "Order", "ApprovingGroupID": "admins", "RuleExpression": "true",
        }),
    ):  # fmt: skip
        assert error(response, 403)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


def test_another_marketplace_sees_none_of_the_rules(
    tenant: Tenant, sellers: dict[str, Any], other_tenant: Tenant
) -> None:
    _rule(tenant.admin)
    other_tenant.admin.post("/usergroups", {"ID": "admins", "Name": "Admins"})

    assert ids(other_tenant.admin.get("/approvalrules")) == []
    assert error(other_tenant.admin.get("/approvalrules/big"), 404)
    assert _rule(other_tenant.admin)["OwnerID"] == other_tenant.marketplace_id
