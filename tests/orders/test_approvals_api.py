"""Approval rules on submit: who approves, chains of rules, declines and resubmits."""

from __future__ import annotations

from typing import Any

from tests.factories import created
from tests.orders.market import Market


def approving_group(market: Market, group_id: str, *members: str) -> None:
    base = f"/buyers/{market.a}/usergroups"
    created(market.admin.post(base, {"ID": group_id, "Name": group_id}))
    for who in members:
        body = {"UserGroupID": group_id, "UserID": market.ids[who]}
        assert market.admin.post(f"{base}/assignments", body).status_code == 204


def rule(market: Market, rule_id: str, group_id: str, expression: str) -> None:
    body = {"ID": rule_id, "ApprovingGroupID": group_id, "RuleExpression": expression}
    created(market.admin.post(f"/buyers/{market.a}/approvalrules", body))


def submitted(market: Market, pens: int, who: str = "alice") -> dict[str, Any]:
    order = market.order(who)
    market.line(order["ID"], who, ProductID="pen", Quantity=pens)
    response = market.users[who].post(f"/orders/outgoing/{order['ID']}/submit")
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_an_order_under_the_rule_opens_at_once(market: Market) -> None:
    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 50")
    assert submitted(market, 2)["Status"] == "Open"  # 2 x 9.00


def test_an_order_over_the_rule_waits_for_a_member_of_the_group(market: Market) -> None:
    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 50")
    order = submitted(market, 10)  # 10 x 9.00
    assert (order["Status"], order["IsSubmitted"]) == ("AwaitingApproval", True)
    approvable = market.users["anna"].get("/me/orders/approvable").json()["Items"]
    assert [o["ID"] for o in approvable] == [order["ID"]]
    eligible = market.users["alice"].get(f"/orders/outgoing/{order['ID']}/eligibleapprovers")
    assert [u["ID"] for u in eligible.json()["Items"]] == [market.ids["anna"]]
    approved = market.users["anna"].post(
        f"/orders/outgoing/{order['ID']}/approve", {"Comments": "fine"}
    )
    assert approved.status_code == 201, approved.text
    assert approved.json()["Status"] == "Open"
    assert approved.json()["DateApproved"] is not None
    history = market.users["alice"].get(f"/orders/outgoing/{order['ID']}/approvals").json()
    (entry,) = history["Items"]
    assert (entry["ApprovalRuleID"], entry["Status"], entry["Comments"]) == (
        "big",
        "Approved",
        "fine",
    )
    assert entry["Approver"]["ID"] == market.ids["anna"]
    assert market.users["anna"].get("/me/orders/approvable").json()["Items"] == []


def test_only_members_of_the_approving_group_may_decide(market: Market) -> None:
    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 50")
    order = submitted(market, 10)
    own = market.users["alice"].post(f"/orders/outgoing/{order['ID']}/approve", {})
    assert own.status_code == 403
    assert own.json()["Errors"][0]["ErrorCode"] == "Order.NotEligibleToApprove"
    stranger = market.users["bob"].post(f"/orders/outgoing/{order['ID']}/approve", {})
    assert stranger.status_code == 404


def test_approving_an_order_that_is_not_waiting_is_refused(market: Market) -> None:
    approving_group(market, "managers", "anna")
    order = submitted(market, 1)
    response = market.users["anna"].post(f"/orders/outgoing/{order['ID']}/approve", {})
    assert response.status_code in {400, 404}


def test_a_rule_may_require_another_rules_approval_first(market: Market) -> None:
    approving_group(market, "managers", "anna")
    approving_group(market, "finance", "alice")
    rule(market, "big", "managers", "order.Total > 50")
    rule(market, "huge", "finance", "order.approved('big') and order.Total > 80")
    order = submitted(market, 10, who="alice")
    path = f"/orders/outgoing/{order['ID']}"
    first = market.users["anna"].post(f"{path}/approve", {}).json()
    assert first["Status"] == "AwaitingApproval"
    approvals = market.users["alice"].get(f"{path}/approvals").json()["Items"]
    assert {(a["ApprovalRuleID"], a["Status"]) for a in approvals} == {
        ("big", "Approved"),
        ("huge", "Pending"),
    }
    final = market.users["alice"].post(f"{path}/approve", {}).json()
    assert final["Status"] == "Open"


def test_a_decline_ends_the_order_unless_resubmitting_is_allowed(market: Market) -> None:
    stock = {"Enabled": True, "QuantityAvailable": 20, "OrderCanExceed": False}
    assert market.admin.patch("/products/pen", {"Inventory": stock}).status_code == 200
    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 50")
    order = submitted(market, 10)
    path = f"/orders/outgoing/{order['ID']}"
    declined = market.users["anna"].post(f"{path}/decline", {"AllowResubmit": True}).json()
    assert (declined["Status"], declined["DateDeclined"] is not None) == ("Declined", True)
    # The declined order's stock is back on the shelf.
    assert market.admin.get("/products/pen").json()["Inventory"]["QuantityAvailable"] == 20
    again = market.users["alice"].post(f"{path}/submit")
    assert again.status_code == 201, again.text
    assert again.json()["Status"] == "AwaitingApproval"
    final = market.users["anna"].post(f"{path}/decline", {"AllowResubmit": False}).json()
    assert final["Status"] == "Declined"
    refused = market.users["alice"].post(f"{path}/submit")
    assert refused.json()["Errors"][0]["ErrorCode"] == "Order.CannotSubmitBadStatus"


def test_approve_and_decline_need_no_body(market: Market) -> None:
    # Every field of the approval info is optional; an SDK sends no body for an empty one.
    approving_group(market, "managers", "anna")
    rule(market, "big", "managers", "order.Total > 50")
    for action, status in (("approve", "Open"), ("decline", "Declined")):
        order = submitted(market, 10)
        response = market.users["anna"].post(f"/orders/outgoing/{order['ID']}/{action}")
        assert response.status_code == 201, response.text
        assert response.json()["Status"] == status


def test_a_seller_rule_is_approved_by_the_marketplace_group(market: Market) -> None:
    created(market.admin.post("/usergroups", {"ID": "ops", "Name": "Ops"}))
    me = market.admin.get("/me").json()["ID"]
    body = {"UserGroupID": "ops", "UserID": me}
    assert market.admin.post("/usergroups/assignments", body).status_code == 204
    seller_rule = {
        "ID": "bulk",
        "ApprovalType": "Order",
        "ApprovingGroupID": "ops",
        "RuleExpression": "order.Total >= 80",
    }
    created(market.admin.post("/approvalrules", seller_rule))
    order = submitted(market, 10, who="bob")  # 10 x 8.00
    assert order["Status"] == "AwaitingApproval"
    approved = market.admin.post(f"/orders/incoming/{order['ID']}/approve", {})
    assert approved.json()["Status"] == "Open"


def test_a_rule_expression_that_does_not_parse_is_refused_when_saved(market: Market) -> None:
    approving_group(market, "managers", "anna")
    body = {"ID": "broken", "ApprovingGroupID": "managers", "RuleExpression": "order.Total >"}
    response = market.admin.post(f"/buyers/{market.a}/approvalrules", body)
    assert response.status_code == 400
    error = response.json()["Errors"][0]
    assert error["ErrorCode"].startswith("Expression.")
    assert error["Data"]["Property"] == "RuleExpression"
