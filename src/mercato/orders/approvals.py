"""Approvals: which rules an order triggers on submit, and who may approve or decline.

On submit every buyer approval rule of the ordering buyer and every seller approval rule
(of type Order) of the receiving company is evaluated against the order. Each rule that
matches opens a pending approval for its approving group, and the order waits in
AwaitingApproval. Approving re-evaluates the rules that have not been decided in this
round, now knowing which rules are approved (``order.approved('RuleID')``), so a rule
can require another's approval first: that is how multi-step approval chains work.
When nothing is pending any more the order opens; a single decline declines it.

A "round" is everything since the order's latest submit: a declined order that allows
resubmitting starts a fresh round when submitted again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato import rules
from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError, Forbidden
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.time import utcnow
from mercato.orders import line_items, order_lists, orders
from mercato.orders.directions import Direction
from mercato.orders.models import ApprovalStatus, Order, OrderApproval, OrderStatus
from mercato.orders.schemas import OrderApprovalRead
from mercato.organizations import users
from mercato.organizations.models import Company, User, UserGroupMember
from mercato.organizations.scopes import group_pks_of
from mercato.purchasing.models import ApprovalRule, ApprovalType, SellerApprovalRule

APPROVAL_LIST = ListSpec(
    fields={
        "ApprovalRuleID": OrderApproval.approval_rule_id,
        "ApprovingGroupID": OrderApproval.approving_group_id,
        "Status": OrderApproval.status,
        "DateCreated": OrderApproval.date_created,
        "DateCompleted": OrderApproval.date_completed,
        "Comments": OrderApproval.comments,
    },
    search=("ApprovalRuleID", "ApprovingGroupID", "Comments"),
    sort=("DateCreated", "ApprovalRuleID", "ApprovingGroupID", "Status", "DateCompleted"),
    tiebreak=OrderApproval.pk,
)


@dataclass(frozen=True, slots=True)
class Rule:
    """A buyer or seller approval rule, reduced to what evaluation needs."""

    id: str
    expression: str
    group_pk: int
    group_id: str


def _rules(session: Session, order: Order) -> list[Rule]:
    buyer = session.scalars(
        select(ApprovalRule)
        .where(ApprovalRule.company_pk == order.from_company_pk)
        .order_by(ApprovalRule.pk)
    )
    seller = session.scalars(
        select(SellerApprovalRule)
        .where(
            SellerApprovalRule.owner_pk == order.to_company_pk,
            SellerApprovalRule.approval_type == ApprovalType.Order,
        )
        .order_by(SellerApprovalRule.pk)
    )
    return [
        Rule(r.id, r.rule_expression, r.approving_group_pk, r.approving_group.id)
        for r in [*buyer, *seller]
    ]


def _context(order: Order, approved: frozenset[str]) -> rules.RuleContext:
    wire = orders.to_read(order).model_dump(by_alias=True)
    items = [line_items.to_read(line).model_dump(by_alias=True) for line in order.line_items]
    return rules.RuleContext(
        order=wire, items=items, user=wire.get("FromUser"), approved_rules=approved
    )


def _triggered(
    session: Session, order: Order, *, approved: frozenset[str], decided: set[str]
) -> list[Rule]:
    candidates = [rule for rule in _rules(session, order) if rule.id not in decided]
    if not candidates:
        return []
    context = _context(order, approved)
    return [rule for rule in candidates if rules.matches(rule.expression, context)]


def required(session: Session, order: Order) -> list[Rule]:
    """The rules a submit of ``order`` triggers."""
    return _triggered(session, order, approved=frozenset(), decided=set())


def open_requests(session: Session, order: Order, pending: list[Rule]) -> None:
    now = utcnow()
    for rule in pending:
        session.add(
            OrderApproval(
                order_pk=order.pk,
                approval_rule_id=rule.id,
                approving_group_pk=rule.group_pk,
                approving_group_id=rule.group_id,
                status=ApprovalStatus.Pending,
                date_created=now,
            )
        )
    session.flush()


def this_round(session: Session, order: Order) -> list[OrderApproval]:
    stmt = select(OrderApproval).where(OrderApproval.order_pk == order.pk)
    if order.date_submitted is not None:
        stmt = stmt.where(OrderApproval.date_created >= order.date_submitted)
    return list(session.scalars(stmt.order_by(OrderApproval.pk)))


def _check_awaiting(order: Order) -> None:
    if order.status is not OrderStatus.AwaitingApproval:
        raise ApiError(
            f"Order {order.id} is {order.status}, not AwaitingApproval.",
            code="Order.MustBeAwaitingApproval",
            data={"Status": str(order.status)},
        )


def decide(
    session: Session,
    caller: Caller,
    order: Order,
    status: ApprovalStatus,
    comments: str | None,
    *,
    allow_resubmit: bool = False,
) -> bool:
    """Record the caller's decision; for an approval, whether nothing remains pending.

    Approving may open approvals of rules that depended on this one.
    """  # fmt: skip
    _check_awaiting(order)
    rows = this_round(session, order)
    groups = set(session.scalars(group_pks_of(caller.user.pk)))
    mine = [
        a for a in rows if a.status is ApprovalStatus.Pending and a.approving_group_pk in groups
    ]
    if not mine:
        raise Forbidden(
            "You are not in a group that may approve this order.",
            code="Order.NotEligibleToApprove",
        )
    now = utcnow()
    for approval in mine:
        approval.status = status
        approval.approver_pk = caller.user.pk
        approval.comments = comments
        approval.allow_resubmit = allow_resubmit
        approval.date_completed = now
    session.flush()
    if status is ApprovalStatus.Declined:
        return False
    approved = frozenset(
        a.approval_rule_id
        for a in rows
        if a.status is ApprovalStatus.Approved and a.approval_rule_id
    )
    decided = {a.approval_rule_id for a in rows if a.approval_rule_id}
    follow_ups = _triggered(session, order, approved=approved, decided=decided)
    open_requests(session, order, follow_ups)
    return not follow_ups and all(a.status is not ApprovalStatus.Pending for a in rows)


def may_resubmit(session: Session, order: Order) -> bool:
    """A declined order may be submitted again if its decliner allowed it."""
    return any(
        a.status is ApprovalStatus.Declined and a.allow_resubmit for a in this_round(session, order)
    )


def list_approvals(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[OrderApproval]:
    order = orders.get_order(session, caller, direction, order_id)
    stmt = select(OrderApproval).where(OrderApproval.order_pk == order.pk)
    return paginate(session, stmt, args, APPROVAL_LIST)


def to_read(session: Session, approvals: list[OrderApproval]) -> list[OrderApprovalRead]:
    approvers = [a.approver for a in approvals if a.approver is not None]
    read = {u.id: u for u in users.to_read(session, approvers)}
    return [
        OrderApprovalRead.model_validate(
            {
                "approval_rule_id": a.approval_rule_id,
                "approving_group_id": a.approving_group_id,
                "status": str(a.status),
                "allow_resubmit": a.allow_resubmit,
                "date_created": a.date_created,
                "date_completed": a.date_completed,
                "approver": read[a.approver.id].model_dump(by_alias=True)
                if a.approver is not None
                else None,
                "comments": a.comments,
            }
        )
        for a in approvals
    ]


def list_eligible_approvers(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[User]:
    """Members of the groups whose approval the order is waiting for."""
    order = orders.get_order(session, caller, direction, order_id)
    groups = select(OrderApproval.approving_group_pk).where(
        OrderApproval.order_pk == order.pk, OrderApproval.status == ApprovalStatus.Pending
    )
    members = select(UserGroupMember.user_pk).where(UserGroupMember.group_pk.in_(groups))
    stmt = select(User).join(Company, User.company_pk == Company.pk).where(User.pk.in_(members))
    return paginate(session, stmt, args, users.USER_LIST)


def list_approvable(session: Session, caller: Caller, args: ListArgs) -> Page[Order]:
    """Orders waiting for an approval from one of the caller's groups."""
    pending = select(OrderApproval.order_pk).where(
        OrderApproval.status == ApprovalStatus.Pending,
        OrderApproval.approving_group_pk.in_(group_pks_of(caller.user.pk)),
    )
    stmt = orders.ORDERS.query().where(
        Order.status == OrderStatus.AwaitingApproval, Order.pk.in_(pending)
    )
    return paginate(session, stmt, args, order_lists.ORDER_LIST)
