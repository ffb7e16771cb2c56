"""Buyer-user routes that have no admin or supplier counterpart."""

from __future__ import annotations

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page
from mercato.core.schemas import ListPage
from mercato.organizations import companies, users
from mercato.organizations.models import CompanyKind
from mercato.organizations.schemas import UserRead

router = APIRouter(tags=["Users"])


@router.get(
    "/buyerusers",
    operation_id="Users.ListAcrossBuyers",
    dependencies=[requires(Role.BuyerUserAdmin, Role.BuyerUserReader)],
)
def list_users_across_buyers(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[UserRead]:
    """List buyer users of every buyer the caller may see (filter with CompanyID)."""
    page = users.list_buyer_users(session, caller=caller, args=args)
    return list_page(page, lambda rows: users.to_read(session, list(rows)))


@router.post(
    "/buyers/{buyerID}/users/{userID}/moveto/{newBuyerID}",
    status_code=201,
    operation_id="Users.Move",
    dependencies=[requires(Role.BuyerUserAdmin)],
)
def move_user(
    session: SessionDep, caller: CallerDep, buyerID: str, userID: str, newBuyerID: str
) -> UserRead:
    """Move a buyer user to another buyer."""
    buyer = companies.get_company(session, caller, CompanyKind.BUYER, buyerID)
    new_buyer = companies.get_company(session, caller, CompanyKind.BUYER, newBuyerID)
    user = users.move_user(session, caller=caller, buyer=buyer, user_id=userID, new_buyer=new_buyer)
    return users.to_read(session, [user])[0]
