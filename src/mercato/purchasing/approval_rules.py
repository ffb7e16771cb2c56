"""Approval rules: a buyer's (``/buyers/{b}/approvalrules``) and a seller's (``/approvalrules``).

A rule names the user group whose members approve what it catches, and a rule expression
deciding what it catches. Expressions are stored as written here and evaluated by the
order flow; this module checks only that one is given and fits.

Seller rules belong to the marketplace owner or to a supplier (OwnerID, settled as for
catalogs and price schedules); their approving group is one of the owner's user groups.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session, aliased

from mercato import rules
from mercato.auth.dependencies import Caller
from mercato.catalog import access as owned_access
from mercato.core import resources
from mercato.core.errors import NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import ApiModel
from mercato.organizations.companies import SUPPLIERS
from mercato.organizations.models import Company, UserGroup
from mercato.organizations.scopes import groups_of
from mercato.purchasing.models import ApprovalRule, SellerApprovalRule
from mercato.purchasing.owned import BuyerOwned
from mercato.purchasing.schemas import ApprovalRuleWrite, SellerApprovalRuleWrite

_Approvers = aliased(UserGroup)
_Owner = aliased(Company)

RULE_LIST = ListSpec(
    fields={
        "ID": ApprovalRule.id,
        "Name": ApprovalRule.name,
        "Description": ApprovalRule.description,
        "ApprovingGroupID": _Approvers.id,
        "RuleExpression": ApprovalRule.rule_expression,
    },
    search=("ID", "Name", "Description", "RuleExpression"),
    sort=("Name", "ID", "ApprovingGroupID", "RuleExpression"),
    tiebreak=ApprovalRule.pk,
    xp=ApprovalRule.xp,
)
SELLER_RULE_LIST = ListSpec(
    fields={
        "ID": SellerApprovalRule.id,
        "OwnerID": _Owner.id,
        "ApprovalType": SellerApprovalRule.approval_type,
        "Name": SellerApprovalRule.name,
        "Description": SellerApprovalRule.description,
        "ApprovingGroupID": _Approvers.id,
        "RuleExpression": SellerApprovalRule.rule_expression,
    },
    search=("ID", "Name", "Description", "RuleExpression"),
    sort=("Name", "ID", "ApprovingGroupID", "RuleExpression"),
    tiebreak=SellerApprovalRule.pk,
    xp=SellerApprovalRule.xp,
)
SELLER_RULES = Scope(SellerApprovalRule, "SellerApprovalRule")


def _approving_group(session: Session, owner: Company, values: dict[str, Any]) -> dict[str, Any]:
    """Swap a sent ApprovingGroupID for the owner's group of that ID (404 if none).

    Also refuses a RuleExpression the rule engine cannot parse, so a broken rule is caught
    when it is saved rather than when an order is submitted.
    """
    values = dict(values)
    expression = values.get("rule_expression")
    if expression is not None:
        try:
            rules.check(expression)
        except rules.RuleSyntaxError as error:
            raise error.for_property("RuleExpression") from None
    if "approving_group_id" in values:
        group_id = values.pop("approving_group_id")
        values["approving_group"] = groups_of(owner).get(session, group_id)
    return values


class _BuyerRules(BuyerOwned[ApprovalRule]):
    def query(self, company: Company) -> Select[Any]:
        return (
            super()
            .query(company)
            .join(_Approvers, _Approvers.pk == ApprovalRule.approving_group_pk)
        )

    def values(self, session: Session, company: Company, values: dict[str, Any]) -> dict[str, Any]:
        return _approving_group(session, company, values)


APPROVAL_RULES = _BuyerRules(
    ApprovalRule,
    "ApprovalRule",
    company_column=ApprovalRule.company_pk,
    spec=RULE_LIST,
    write=ApprovalRuleWrite,
)


# --- seller approval rules -----------------------------------------------------------------


def _owner(session: Session, caller: Caller, requested: str | None) -> Company:
    """The owner of a new (or re-owned) rule: the marketplace owner or one supplier."""
    owner_id = owned_access.owner_for_new(caller, requested)
    # The marketplace owner's company carries the marketplace's ID.
    return caller.company if owner_id == caller.company.id else SUPPLIERS.get(session, owner_id)


def _seller_values(
    session: Session,
    caller: Caller,
    values: dict[str, Any],
    *,
    rule: SellerApprovalRule | None = None,
) -> dict[str, Any]:
    values = dict(values)
    owner = rule.owner if rule is not None else None
    if owner is None or "owner_id" in values:
        owner = values["owner"] = _owner(session, caller, values.pop("owner_id", None))
    if rule is not None and owner is not rule.owner:
        # A new owner needs an approving group of its own.
        values.setdefault("approving_group_id", rule.approving_group_id)
    return _approving_group(session, owner, values)


class SellerRules:
    """Seller approval rules: the marketplace owner manages all, a supplier its own."""

    def _check(self, caller: Caller, rule: SellerApprovalRule) -> None:
        if not caller.is_seller and rule.owner_pk != caller.company.pk:
            raise NotFound("SellerApprovalRule", rule.id)

    def _get(self, session: Session, caller: Caller, rule_id: str) -> SellerApprovalRule:
        owned_access.check_manager(caller)
        rule = SELLER_RULES.get(session, rule_id)
        self._check(caller, rule)
        return rule

    def list(
        self, session: Session, caller: Caller, _parent: object, args: ListArgs
    ) -> Page[SellerApprovalRule]:
        owned_access.check_manager(caller)
        stmt = (
            SELLER_RULES.query()
            .join(_Owner, _Owner.pk == SellerApprovalRule.owner_pk)
            .join(_Approvers, _Approvers.pk == SellerApprovalRule.approving_group_pk)
        )
        if not caller.is_seller:
            stmt = stmt.where(SellerApprovalRule.owner_pk == caller.company.pk)
        return paginate(session, stmt, args, SELLER_RULE_LIST)

    def get(
        self, session: Session, caller: Caller, _parent: object, rule_id: str
    ) -> SellerApprovalRule:
        return self._get(session, caller, rule_id)

    def create(
        self, session: Session, caller: Caller, _parent: object, body: ApiModel
    ) -> SellerApprovalRule:
        values = _seller_values(session, caller, body.model_dump(by_alias=False))
        return resources.create(session, SELLER_RULES, values)

    def save(
        self, session: Session, caller: Caller, _parent: object, rule_id: str, body: ApiModel
    ) -> SellerApprovalRule:
        owned_access.check_manager(caller)
        rule = SELLER_RULES.find(session, rule_id)
        if rule is not None:
            self._check(caller, rule)
        values = _seller_values(session, caller, body.model_dump(by_alias=False), rule=rule)
        return resources.save(session, SELLER_RULES, rule_id, values)

    def patch(
        self, session: Session, caller: Caller, _parent: object, rule_id: str, body: ApiModel
    ) -> SellerApprovalRule:
        rule = self._get(session, caller, rule_id)
        sent = resources.patch_values(body, SellerApprovalRuleWrite)
        values = _seller_values(session, caller, sent, rule=rule)
        return resources.patch(session, SELLER_RULES, rule, values)

    def delete(self, session: Session, caller: Caller, _parent: object, rule_id: str) -> None:
        session.delete(self._get(session, caller, rule_id))
        session.flush()


SELLER_APPROVAL_RULES = SellerRules()
