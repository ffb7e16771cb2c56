"""The caller's own cost centers and spending accounts under /me."""

from __future__ import annotations

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page
from mercato.core.schemas import ListPage
from mercato.purchasing import cost_centers, spending_accounts
from mercato.purchasing.routes.roles import SHOPPER
from mercato.purchasing.schemas import CostCenterRead, SpendingAccountRead

router = APIRouter(prefix="/me", tags=["Me"])


@router.get("/costcenters", operation_id="Me.ListCostCenters", dependencies=[SHOPPER])
def list_my_cost_centers(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CostCenterRead]:
    """The cost centers offered to the caller's buyer or to one of its groups."""
    return list_page(cost_centers.list_mine(session, caller, args), each(CostCenterRead))


@router.get("/spendingAccounts", operation_id="Me.ListSpendingAccounts", dependencies=[SHOPPER])
def list_my_spending_accounts(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[SpendingAccountRead]:
    """The spending accounts open to the caller's buyer, its groups or the caller."""
    page = spending_accounts.list_mine(session, caller, args)
    return list_page(page, each(SpendingAccountRead))


@router.get(
    "/spendingaccounts/{spendingAccountID}",
    operation_id="Me.GetSpendingAccount",
    dependencies=[SHOPPER],
)
def get_my_spending_account(
    session: SessionDep, caller: CallerDep, spendingAccountID: str
) -> SpendingAccountRead:
    """One spending account open to the caller."""
    account = spending_accounts.get_mine(session, caller, spendingAccountID)
    return SpendingAccountRead.model_validate(account)
