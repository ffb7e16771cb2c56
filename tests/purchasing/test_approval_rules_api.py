"""Buyer approval rules: an approving group of the buyer and a stored rule expression."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant, created
from tests.purchasing.org import Org, error, ids

EXPRESSION = "order.Total > 1000"


def _rule(org: Org, buyer: str | None = None, **fields: Any) -> dict[str, Any]:
    body = {
        "ID": "big-orders",
        "ApprovingGroupID": "approvers",
        "RuleExpression": EXPRESSION,
        **fields,
    }
    return created(org.admin.post(f"/buyers/{buyer or org.a}/approvalrules", body))


def test_rule_round_trips_through_every_verb(org: Org) -> None:
    made = _rule(org, Name="Big orders", Description="Over a thousand", xp={"Level": 1})
    base = f"/buyers/{org.a}/approvalrules/big-orders"

    replaced = org.admin.put(base, {"ApprovingGroupID": "buyers", "RuleExpression": "true"})
    patched = org.admin.patch(base, {"ApprovingGroupID": "approvers", "Name": "Again"})

    assert made == {
        "ID": "big-orders",
        "Name": "Big orders",
        "Description": "Over a thousand",
        "ApprovingGroupID": "approvers",
        "RuleExpression": EXPRESSION,
        "xp": {"Level": 1},
    }
    assert replaced.json() == {
        "ID": "big-orders",
        "Name": None,
        "Description": None,
        "ApprovingGroupID": "buyers",
        "RuleExpression": "true",
        "xp": None,
    }
    assert (patched.json()["ApprovingGroupID"], patched.json()["Name"]) == ("approvers", "Again")
    assert org.admin.get(base).json() == patched.json()
    assert org.admin.delete(base).status_code == 204
    assert error(org.admin.get(base), 404)["Data"]["ObjectType"] == "ApprovalRule"


@pytest.mark.parametrize(
    ("fields", "prop"),
    [
        ({"ApprovingGroupID": None}, "ApprovingGroupID"),
        ({"RuleExpression": None}, "RuleExpression"),
        ({"RuleExpression": ""}, "RuleExpression"),
        ({"RuleExpression": "x" * 401}, "RuleExpression"),
        ({"Name": "x" * 101}, "Name"),
        ({"Description": "x" * 2001}, "Description"),
    ],
)
def test_invalid_rules_are_validation_errors(org: Org, fields: dict[str, Any], prop: str) -> None:
    body = {"ApprovingGroupID": "approvers", "RuleExpression": EXPRESSION, **fields}
    body = {k: v for k, v in body.items() if v is not None}

    response = org.admin.post(f"/buyers/{org.a}/approvalrules", body)

    assert error(response, 400)["Data"]["Property"] == prop


def test_an_expression_of_400_characters_is_kept_whole(org: Org) -> None:
    expression = "order.Total > " + "1" * 386

    assert _rule(org, RuleExpression=expression)["RuleExpression"] == expression


def test_patch_may_not_blank_required_fields(org: Org) -> None:
    _rule(org)
    base = f"/buyers/{org.a}/approvalrules/big-orders"

    for field in ("ApprovingGroupID", "RuleExpression"):
        assert error(org.admin.patch(base, {field: None}), 400)["Data"]["Property"] == field


def test_approving_group_must_belong_to_the_buyer(org: Org) -> None:
    org.admin.post(f"/buyers/{org.b}/usergroups", {"ID": "b-approvers", "Name": "B"})
    org.admin.post("/usergroups", {"ID": "admins", "Name": "Admins"})
    path = f"/buyers/{org.a}/approvalrules"

    for group in ("b-approvers", "admins", "ghost"):
        body = {"ApprovingGroupID": group, "RuleExpression": EXPRESSION}
        assert error(org.admin.post(path, body), 404)["Data"] == {
            "ObjectType": "UserGroup",
            "ObjectID": group,
        }
    _rule(org)
    moved = org.admin.patch(f"{path}/big-orders", {"ApprovingGroupID": "b-approvers"})
    assert error(moved, 404)["Data"]["ObjectType"] == "UserGroup"
    assert org.admin.get(f"{path}/big-orders").json()["ApprovingGroupID"] == "approvers"


def test_rule_list_searches_filters_and_sorts(org: Org) -> None:
    _rule(org, ID="r1", Name="Zeta", RuleExpression="order.Subtotal > 10")
    _rule(org, ID="r2", Name="Alpha", ApprovingGroupID="buyers")
    _rule(org, ID="r3", Name="Mid", Description="weekend orders")
    base = f"/buyers/{org.a}/approvalrules"

    assert ids(org.admin.get(base)) == ["r2", "r3", "r1"]
    assert ids(org.admin.get(base, ApprovingGroupID="approvers")) == ["r3", "r1"]
    assert ids(org.admin.get(base, sortBy="ApprovingGroupID,!ID")) == ["r3", "r1", "r2"]
    assert ids(org.admin.get(base, search="weekend")) == ["r3"]
    assert ids(org.admin.get(base, search="Subtotal", searchOn="RuleExpression")) == ["r1"]
    assert ids(org.admin.get(base, search="Subtotal", searchOn="Name")) == []


def test_rule_ids_are_unique_within_one_buyer(org: Org) -> None:
    _rule(org)
    org.admin.post(f"/buyers/{org.b}/usergroups", {"ID": "approvers", "Name": "B"})
    _rule(org, buyer=org.b)

    assert error(org.admin.post(f"/buyers/{org.a}/approvalrules", {
        "ID": "big-orders", "ApprovingGroupID": "approvers", "RuleExpression": "true",
    }), 409)["ErrorCode"] == "IdExists"  # fmt: skip


def test_an_approving_group_cannot_be_deleted_while_a_rule_names_it(org: Org) -> None:
    _rule(org)
    group = f"/buyers/{org.a}/usergroups/approvers"

    refused = org.admin.delete(group)
    org.admin.delete(f"/buyers/{org.a}/approvalrules/big-orders")

    assert error(refused, 400)["ErrorCode"] == "UserGroup.CannotDeleteApprovingGroup"
    assert org.admin.delete(group).status_code == 204


def test_deleting_a_buyer_deletes_its_purchasing_controls(org: Org) -> None:
    _rule(org)
    b = f"/buyers/{org.a}"
    created(org.admin.post(f"{b}/costcenters", {"ID": "cc", "Name": "CC"}))
    created(org.admin.post(f"{b}/spendingaccounts", {"ID": "sa", "Name": "SA", "Balance": 1}))
    org.admin.post(f"{b}/costcenters/assignments", {"CostCenterID": "cc", "UserGroupID": "buyers"})
    org.admin.post(f"{b}/spendingaccounts/assignments",
                   {"SpendingAccountID": "sa", "UserID": org.users["plain"]["ID"]})  # fmt: skip

    assert org.admin.delete(b).status_code == 204
    org.tenant.buyer(ID=org.a, DefaultCatalogID=org.a)

    for path in ("approvalrules", "costcenters", "spendingaccounts",
                 "costcenters/assignments", "spendingaccounts/assignments"):  # fmt: skip
        assert org.admin.get(f"{b}/{path}").json()["Items"] == [], path


def test_readers_read_and_admins_write(org: Org) -> None:
    _rule(org)
    reader = org.tenant.as_admin("ApprovalRuleReader")
    base = f"/buyers/{org.a}/approvalrules"

    assert ids(reader.get(base)) == ["big-orders"]
    assert error(reader.delete(f"{base}/big-orders"), 403)["Data"]["SufficientRoles"] == [
        "FullAccess",
        "ApprovalRuleAdmin",
    ]
    assert error(org.tenant.as_admin("OrderAdmin").get(base), 403)["ErrorCode"] == (
        "InsufficientRoles"
    )


def test_buyer_admins_manage_only_their_own_rules(org: Org) -> None:
    own = org.as_buyer_user("plain", "ApprovalRuleAdmin")
    body = {"ApprovingGroupID": "approvers", "RuleExpression": EXPRESSION}

    assert own.post(f"/buyers/{org.a}/approvalrules", body).status_code == 201
    assert error(own.get(f"/buyers/{org.b}/approvalrules"), 404)["Data"]["ObjectType"] == "Buyer"


def test_another_marketplace_cannot_reach_the_rules(org: Org, other_tenant: Tenant) -> None:
    _rule(org)

    response = other_tenant.admin.get(f"/buyers/{org.a}/approvalrules/big-orders")

    assert error(response, 404)["Data"]["ObjectType"] == "Buyer"
