"""Who in a buyer may use its cost centers and spending accounts (``…/assignments``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations.models import Company
from mercato.organizations.routes.parties import buyer_company
from mercato.purchasing import cost_centers, spending_accounts
from mercato.purchasing.routes.roles import (
    COST_CENTER_READ,
    COST_CENTER_WRITE,
    SPENDING_ACCOUNT_READ,
    SPENDING_ACCOUNT_WRITE,
)
from mercato.purchasing.schemas import CostCenterAssignment, SpendingAccountAssignment

BuyerDep = Annotated[Company, Depends(buyer_company)]

cost_center_router = APIRouter(prefix="/buyers/{buyerID}/costcenters", tags=["CostCenters"])
spending_router = APIRouter(prefix="/buyers/{buyerID}/spendingaccounts", tags=["SpendingAccounts"])


@cost_center_router.get(
    "/assignments", operation_id="CostCenters.ListAssignments", dependencies=[COST_CENTER_READ]
)
def list_cost_center_assignments(
    session: SessionDep, caller: CallerDep, buyer: BuyerDep, args: ListArgsDep
) -> ListPage[CostCenterAssignment]:
    """List cost center assignments (filter with costCenterID, userGroupID, level)."""
    page = cost_centers.list_assignments(session, caller, buyer, args)
    return list_page(page, lambda rows: [cost_centers.assignment_to_read(r) for r in rows])


@cost_center_router.post(
    "/assignments",
    status_code=204,
    operation_id="CostCenters.SaveAssignment",
    dependencies=[COST_CENTER_WRITE],
)
def save_cost_center_assignment(
    session: SessionDep, caller: CallerDep, buyer: BuyerDep, body: CostCenterAssignment
) -> Response:
    """Offer a cost center to the whole buyer or to one of its user groups."""
    cost_centers.save_assignment(session, caller, buyer, body)
    return no_content()


@cost_center_router.delete(
    "/{costCenterID}/assignments",
    status_code=204,
    operation_id="CostCenters.DeleteAssignment",
    dependencies=[COST_CENTER_WRITE],
)
def delete_cost_center_assignment(
    session: SessionDep,
    caller: CallerDep,
    buyer: BuyerDep,
    costCenterID: str,
    userGroupID: str | None = None,
    userID: str | None = None,
) -> Response:
    """Remove a cost center assignment (buyer level unless userGroupID is given)."""
    cost_centers.delete_assignment(
        session, caller, buyer, costCenterID, group_id=userGroupID, user_id=userID
    )
    return no_content()


@spending_router.get(
    "/assignments",
    operation_id="SpendingAccounts.ListAssignments",
    dependencies=[SPENDING_ACCOUNT_READ],
)
def list_spending_account_assignments(
    session: SessionDep, caller: CallerDep, buyer: BuyerDep, args: ListArgsDep
) -> ListPage[SpendingAccountAssignment]:
    """List spending account assignments (spendingAccountID, userID, userGroupID, level)."""
    page = spending_accounts.list_assignments(session, caller, buyer, args)
    return list_page(page, lambda rows: [spending_accounts.assignment_to_read(r) for r in rows])


@spending_router.post(
    "/assignments",
    status_code=204,
    operation_id="SpendingAccounts.SaveAssignment",
    dependencies=[SPENDING_ACCOUNT_WRITE],
)
def save_spending_account_assignment(
    session: SessionDep, caller: CallerDep, buyer: BuyerDep, body: SpendingAccountAssignment
) -> Response:
    """Open a spending account to the buyer, a user group or a user."""
    spending_accounts.save_assignment(session, caller, buyer, body)
    return no_content()


@spending_router.delete(
    "/{spendingAccountID}/assignments",
    status_code=204,
    operation_id="SpendingAccounts.DeleteAssignment",
    dependencies=[SPENDING_ACCOUNT_WRITE],
)
def delete_spending_account_assignment(
    session: SessionDep,
    caller: CallerDep,
    buyer: BuyerDep,
    spendingAccountID: str,
    userID: str | None = None,
    userGroupID: str | None = None,
) -> Response:
    """Remove a spending account assignment (buyer level unless userID or userGroupID)."""
    spending_accounts.delete_assignment(
        session, caller, buyer, spendingAccountID, user_id=userID, group_id=userGroupID
    )
    return no_content()
