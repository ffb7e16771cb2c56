"""Every purchasing route. Fixed paths (…/assignments) come before {id} paths."""

from fastapi import APIRouter

from mercato.core.crud import Resource, crud_routes, no_parent
from mercato.core.routing import include
from mercato.organizations.routes.parties import buyer_company
from mercato.purchasing.approval_rules import APPROVAL_RULES, SELLER_APPROVAL_RULES
from mercato.purchasing.cost_centers import COST_CENTERS
from mercato.purchasing.routes import assignments, me
from mercato.purchasing.routes.roles import (
    APPROVAL_RULE_READ,
    APPROVAL_RULE_WRITE,
    COST_CENTER_READ,
    COST_CENTER_WRITE,
    SELLER_APPROVAL_RULE_READ,
    SELLER_APPROVAL_RULE_WRITE,
    SPENDING_ACCOUNT_READ,
    SPENDING_ACCOUNT_WRITE,
)
from mercato.purchasing.schemas import (
    ApprovalRulePatch,
    ApprovalRuleRead,
    ApprovalRuleWrite,
    CostCenterPatch,
    CostCenterRead,
    CostCenterWrite,
    SellerApprovalRulePatch,
    SellerApprovalRuleRead,
    SellerApprovalRuleWrite,
    SpendingAccountPatch,
    SpendingAccountRead,
    SpendingAccountWrite,
)
from mercato.purchasing.spending_accounts import SPENDING_ACCOUNTS

router = APIRouter()
for part in (
    assignments.cost_center_router,
    assignments.spending_router,
    crud_routes(
        Resource(
            "/buyers/{buyerID}/costcenters",
            "CostCenters",
            "costCenterID",
            buyer_company,
            COST_CENTERS,
            CostCenterRead,
            CostCenterWrite,
            CostCenterPatch,
            COST_CENTER_READ,
            COST_CENTER_WRITE,
        )
    ),
    crud_routes(
        Resource(
            "/buyers/{buyerID}/spendingaccounts",
            "SpendingAccounts",
            "spendingAccountID",
            buyer_company,
            SPENDING_ACCOUNTS,
            SpendingAccountRead,
            SpendingAccountWrite,
            SpendingAccountPatch,
            SPENDING_ACCOUNT_READ,
            SPENDING_ACCOUNT_WRITE,
        )
    ),
    crud_routes(
        Resource(
            "/buyers/{buyerID}/approvalrules",
            "ApprovalRules",
            "approvalRuleID",
            buyer_company,
            APPROVAL_RULES,
            ApprovalRuleRead,
            ApprovalRuleWrite,
            ApprovalRulePatch,
            APPROVAL_RULE_READ,
            APPROVAL_RULE_WRITE,
        )
    ),
    crud_routes(
        Resource(
            "/approvalrules",
            "SellerApprovalRules",
            "approvalRuleID",
            no_parent,
            SELLER_APPROVAL_RULES,
            SellerApprovalRuleRead,
            SellerApprovalRuleWrite,
            SellerApprovalRulePatch,
            SELLER_APPROVAL_RULE_READ,
            SELLER_APPROVAL_RULE_WRITE,
        )
    ),
    me.router,
):
    include(router, part)
