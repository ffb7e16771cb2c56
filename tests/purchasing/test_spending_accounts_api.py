"""Spending accounts: CRUD under a buyer, assignments at every level, and /me."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant, created
from tests.purchasing.org import Org, error, ids


def _account(org: Org, buyer: str | None = None, **fields: Any) -> dict[str, Any]:
    body = {"ID": "budget", "Name": "Budget", "Balance": 100, **fields}
    return created(org.admin.post(f"/buyers/{buyer or org.a}/spendingaccounts", body))


def _assign(org: Org, buyer: str | None = None, **body: Any) -> None:
    path = f"/buyers/{buyer or org.a}/spendingaccounts/assignments"
    response = org.admin.post(path, {"SpendingAccountID": "budget", **body})
    assert response.status_code == 204, response.text


def _assignments(org: Org, **params: str) -> list[tuple[Any, ...]]:
    response = org.admin.get(f"/buyers/{org.a}/spendingaccounts/assignments", **params)
    assert response.status_code == 200, response.text
    return [
        (i["SpendingAccountID"], i["UserID"], i["UserGroupID"], i["AllowExceed"])
        for i in response.json()["Items"]
    ]


def test_spending_account_round_trips_with_an_exact_balance(org: Org) -> None:
    made = _account(
        org,
        Balance=1234.56,
        AllowAsPaymentMethod=True,
        RedemptionCode="GIFT-1",
        StartDate="2026-01-01T00:00:00Z",
        EndDate="2026-12-31T00:00:00+02:00",
        xp={"Kind": "gift"},
    )
    base = f"/buyers/{org.a}/spendingaccounts/budget"

    assert made == {
        "ID": "budget",
        "Name": "Budget",
        "Balance": 1234.56,
        "AllowAsPaymentMethod": True,
        "RedemptionCode": "GIFT-1",
        "StartDate": "2026-01-01T00:00:00+00:00",
        "EndDate": "2026-12-30T22:00:00+00:00",
        "xp": {"Kind": "gift"},
    }
    assert org.admin.get(base).json() == made
    replaced = org.admin.put(base, {"Name": "Budget", "Balance": 0.1}).json()
    assert (replaced["Balance"], replaced["AllowAsPaymentMethod"]) == (0.1, False)
    assert replaced["StartDate"] is None
    assert org.admin.patch(base, {"Balance": 99.99}).json()["Balance"] == 99.99
    assert org.admin.delete(base).status_code == 204
    assert error(org.admin.get(base), 404)["Data"]["ObjectType"] == "SpendingAccount"


def test_spending_account_list_filters_and_sorts(org: Org) -> None:
    _account(org, ID="a", Name="Travel", Balance=50, AllowAsPaymentMethod=True)
    _account(org, ID="b", Name="Office", Balance=500)
    _account(org, ID="c", Name="Books", Balance=5)
    base = f"/buyers/{org.a}/spendingaccounts"

    assert ids(org.admin.get(base)) == ["c", "b", "a"]
    assert ids(org.admin.get(base, Balance=">10", sortBy="!ID")) == ["b", "a"]
    assert error(org.admin.get(base, sortBy="Balance"), 400)["ErrorCode"] == (
        "List.InvalidSortProperty"
    )
    assert ids(org.admin.get(base, AllowAsPaymentMethod="true")) == ["a"]
    assert ids(org.admin.get(base, search="off")) == ["b"]


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"Name": "No balance"}, "Balance"),
        ({"Balance": 1}, "Name"),
        ({"Name": "Bad", "Balance": "lots"}, "Balance"),
        ({"Name": "Bad", "Balance": 1.00001}, "Balance"),
        ({"Name": "x" * 101, "Balance": 1}, "Name"),
        (
            {"Name": "Dates", "Balance": 1, "StartDate": "2026-02-01", "EndDate": "2026-01-01"},
            "EndDate",
        ),
    ],
)
def test_invalid_spending_accounts_are_validation_errors(
    org: Org, body: dict[str, Any], prop: str
) -> None:
    response = org.admin.post(f"/buyers/{org.a}/spendingaccounts", body)

    assert error(response, 400)["Data"]["Property"] == prop
    assert org.admin.get(f"/buyers/{org.a}/spendingaccounts").json()["Items"] == []


def test_patch_may_not_blank_the_balance(org: Org) -> None:
    _account(org)

    response = org.admin.patch(f"/buyers/{org.a}/spendingaccounts/budget", {"Balance": None})

    assert error(response, 400)["Data"]["Property"] == "Balance"


def test_assignments_at_buyer_group_and_user_level(org: Org) -> None:
    _account(org)
    user = org.users["plain"]["ID"]
    _assign(org)
    _assign(org, UserGroupID="buyers", AllowExceed=True)
    _assign(org, UserID=user)
    _assign(org, UserID=user, AllowExceed=True)  # saved again: AllowExceed changes

    assert sorted(_assignments(org), key=str) == sorted(
        [
            ("budget", None, None, False),
            ("budget", None, "buyers", True),
            ("budget", user, None, True),
        ],
        key=str,
    )
    assert _assignments(org, level="Company") == [("budget", None, None, False)]
    assert _assignments(org, level="Group") == [("budget", None, "buyers", True)]
    assert _assignments(org, level="User") == [("budget", user, None, True)]
    assert _assignments(org, userID=user) == [("budget", user, None, True)]
    assert _assignments(org, spendingAccountID="other") == []
    assert _assignments(org, AllowExceed="false") == [("budget", None, None, False)]
    bad_level = org.admin.get(f"/buyers/{org.a}/spendingaccounts/assignments", level="Team")
    assert error(bad_level, 400)["ErrorCode"] == "List.InvalidType"


def test_deleting_assignments_by_level(org: Org) -> None:
    _account(org)
    user = org.users["plain"]["ID"]
    _assign(org)
    _assign(org, UserGroupID="buyers")
    _assign(org, UserID=user)
    base = f"/buyers/{org.a}/spendingaccounts/budget/assignments"

    assert org.admin.delete(base, userID=user).status_code == 204
    assert org.admin.delete(base, userGroupID="buyers").status_code == 204
    assert _assignments(org) == [("budget", None, None, False)]
    assert org.admin.delete(base).status_code == 204
    assert error(org.admin.delete(base), 404)["Data"]["ObjectType"] == ("SpendingAccountAssignment")


def test_an_assignment_names_a_user_or_a_group_of_the_same_buyer(org: Org) -> None:
    _account(org)
    path = f"/buyers/{org.a}/spendingaccounts/assignments"
    both = {"SpendingAccountID": "budget", "UserID": org.users["plain"]["ID"],
            "UserGroupID": "buyers"}  # fmt: skip

    assert error(org.admin.post(path, both), 400)["ErrorCode"] == (
        "PartyAssignment.CannotSpecifyGroupAndUser"
    )
    foreign_user = {"SpendingAccountID": "budget", "UserID": org.users["other"]["ID"]}
    assert error(org.admin.post(path, foreign_user), 404)["Data"]["ObjectType"] == "User"
    assert error(org.admin.post(path, {"SpendingAccountID": "nope"}), 404)["Data"] == {
        "ObjectType": "SpendingAccount",
        "ObjectID": "nope",
    }


def test_me_sees_accounts_of_its_buyer_its_groups_and_itself(org: Org) -> None:
    for account_id in ("everyone", "group", "personal", "unassigned"):
        _account(org, ID=account_id, Name=account_id)
    _account(org, buyer=org.b, ID="b-everyone", Name="B")
    path = f"/buyers/{org.a}/spendingaccounts/assignments"
    org.admin.post(path, {"SpendingAccountID": "everyone"})
    org.admin.post(path, {"SpendingAccountID": "group", "UserGroupID": "buyers"})
    org.admin.post(path, {"SpendingAccountID": "personal", "UserID": org.users["plain"]["ID"]})
    org.admin.post(f"/buyers/{org.b}/spendingaccounts/assignments",
                   {"SpendingAccountID": "b-everyone"})  # fmt: skip
    grouped, plain, other = (org.shopper(w) for w in ("grouped", "plain", "other"))

    assert ids(grouped.get("/me/spendingAccounts")) == ["everyone", "group"]
    assert ids(plain.get("/me/spendingaccounts")) == ["everyone", "personal"]
    assert ids(other.get("/me/spendingAccounts")) == ["b-everyone"]
    assert plain.get("/me/spendingaccounts/personal").json()["Balance"] == 100
    assert error(grouped.get("/me/spendingaccounts/personal"), 404)["Data"] == {
        "ObjectType": "SpendingAccount",
        "ObjectID": "personal",
    }
    assert error(other.get("/me/spendingaccounts/everyone"), 404)
    assert error(plain.get("/me/spendingaccounts/unassigned"), 404)


def test_deleting_a_user_or_group_drops_its_assignments(org: Org) -> None:
    _account(org)
    _assign(org, UserGroupID="buyers")
    _assign(org, UserID=org.users["plain"]["ID"])
    _assign(org)

    org.admin.delete(f"/buyers/{org.a}/usergroups/buyers")
    org.admin.delete(f"/buyers/{org.a}/users/{org.users['plain']['ID']}")

    assert _assignments(org) == [("budget", None, None, False)]


def test_readers_read_and_admins_write(org: Org) -> None:
    _account(org)
    reader = org.tenant.as_admin("SpendingAccountReader")
    base = f"/buyers/{org.a}/spendingaccounts"

    assert ids(reader.get(base)) == ["budget"]
    assert error(reader.patch(f"{base}/budget", {"Balance": 1_000_000}), 403)["Data"][
        "SufficientRoles"
    ] == ["FullAccess", "SpendingAccountAdmin"]
    assert error(reader.post(f"{base}/assignments", {"SpendingAccountID": "budget"}), 403)
    assert error(org.shopper("plain").get(base), 403)["ErrorCode"] == "InsufficientRoles"
    assert error(org.tenant.as_admin("CostCenterAdmin").get("/me/spendingAccounts"), 403)


def test_buyer_users_cannot_read_another_buyers_accounts(org: Org) -> None:
    _account(org, buyer=org.b)
    reader = org.as_buyer_user("plain", "SpendingAccountReader")

    assert reader.get(f"/buyers/{org.a}/spendingaccounts").status_code == 200
    assert error(reader.get(f"/buyers/{org.b}/spendingaccounts/budget"), 404)["Data"] == {
        "ObjectType": "Buyer",
        "ObjectID": org.b,
    }


def test_another_marketplace_sees_neither_buyer_nor_accounts(
    org: Org, other_tenant: Tenant
) -> None:
    _account(org)
    same_id = other_tenant.buyer(ID=org.a)["ID"]

    listed = other_tenant.admin.get(f"/buyers/{same_id}/spendingaccounts")

    assert ids(listed) == []
