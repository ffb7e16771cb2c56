"""Wire models of cost centers, spending accounts and approval rules."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.core.schemas import Amount, ApiModel, UtcDateTime, Xp
from mercato.purchasing.models import RULE_EXPRESSION_LENGTH, ApprovalType

Id = Annotated[str | None, Field(default=None, max_length=100)]
RequiredId = Annotated[str, Field(min_length=1, max_length=100)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
OptionalName = Annotated[str | None, Field(default=None, max_length=100)]
PatchName = Annotated[str | None, Field(default=None, min_length=1, max_length=100)]
Description = Annotated[str | None, Field(default=None, max_length=2000)]
Expression = Annotated[str, Field(min_length=1, max_length=RULE_EXPRESSION_LENGTH)]
PatchExpression = Annotated[
    str | None, Field(default=None, min_length=1, max_length=RULE_EXPRESSION_LENGTH)
]


class CostCenterWrite(ApiModel):
    id: Id = None
    name: Name
    description: Description = None
    xp: Xp = None


class CostCenterRead(CostCenterWrite):
    id: str


class CostCenterPatch(ApiModel):
    id: Id = None
    name: PatchName = None
    description: Description = None
    xp: Xp = None


class CostCenterAssignment(ApiModel):
    """A cost center for the whole buyer (no UserGroupID) or for one of its user groups."""

    cost_center_id: RequiredId
    user_group_id: Id = None


class SpendingAccountWrite(ApiModel):
    id: Id = None
    name: Name
    balance: Amount
    allow_as_payment_method: bool = False
    redemption_code: Id = None
    start_date: UtcDateTime | None = None
    end_date: UtcDateTime | None = None
    xp: Xp = None


class SpendingAccountRead(SpendingAccountWrite):
    id: str


class SpendingAccountPatch(ApiModel):
    id: Id = None
    name: PatchName = None
    balance: Amount | None = None
    allow_as_payment_method: bool | None = None
    redemption_code: Id = None
    start_date: UtcDateTime | None = None
    end_date: UtcDateTime | None = None
    xp: Xp = None


class SpendingAccountAssignment(ApiModel):
    """An account for the whole buyer (no UserID or UserGroupID), one group or one user."""

    spending_account_id: RequiredId
    user_id: Id = None
    user_group_id: Id = None
    allow_exceed: bool = False


class ApprovalRuleWrite(ApiModel):
    id: Id = None
    name: OptionalName = None
    description: Description = None
    approving_group_id: RequiredId
    rule_expression: Expression
    xp: Xp = None


class ApprovalRuleRead(ApprovalRuleWrite):
    id: str


class ApprovalRulePatch(ApiModel):
    id: Id = None
    name: OptionalName = None
    description: Description = None
    approving_group_id: Id = None
    rule_expression: PatchExpression = None
    xp: Xp = None


class SellerApprovalRuleWrite(ApprovalRuleWrite):
    owner_id: Id = None
    approval_type: ApprovalType


class SellerApprovalRuleRead(SellerApprovalRuleWrite):
    id: str
    owner_id: str


class SellerApprovalRulePatch(ApprovalRulePatch):
    owner_id: Id = None
    approval_type: ApprovalType | None = None
