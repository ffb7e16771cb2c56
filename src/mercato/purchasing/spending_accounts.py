"""Spending accounts of a buyer, who may pay with them, the caller's own, and spending."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.shopping import check_buyer
from mercato.core.errors import ApiError, NotFound, ValidationFailure
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level, where_linked
from mercato.core.time import utcnow
from mercato.organizations import access
from mercato.organizations.companies import at_member, member_pks
from mercato.organizations.models import Company, User, UserGroup
from mercato.organizations.scopes import group_pks_of
from mercato.purchasing.models import SpendingAccount, SpendingAccountAssignment
from mercato.purchasing.owned import BuyerOwned
from mercato.purchasing.schemas import SpendingAccountAssignment as AssignmentBody
from mercato.purchasing.schemas import SpendingAccountWrite

ACCOUNT_LIST = ListSpec(
    fields={
        "ID": SpendingAccount.id,
        "Name": SpendingAccount.name,
        "Balance": SpendingAccount.balance,
        "AllowAsPaymentMethod": SpendingAccount.allow_as_payment_method,
        "RedemptionCode": SpendingAccount.redemption_code,
        "StartDate": SpendingAccount.start_date,
        "EndDate": SpendingAccount.end_date,
    },
    search=("ID", "Name"),
    sort=("Name", "ID"),
    tiebreak=SpendingAccount.pk,
    xp=SpendingAccount.xp,
)
ASSIGNMENT_LIST = ListSpec(
    fields={"AllowExceed": SpendingAccountAssignment.allow_exceed},
    search=(),
    sort=(),
    tiebreak=SpendingAccountAssignment.pk,
    params=frozenset({"spendingaccountid", "userid", "usergroupid", "level"}),
)


class _Accounts(BuyerOwned[SpendingAccount]):
    def check(self, obj: SpendingAccount) -> None:
        if obj.start_date and obj.end_date and obj.start_date > obj.end_date:
            raise ValidationFailure("EndDate", "EndDate may not be before StartDate.")


SPENDING_ACCOUNTS = _Accounts(
    SpendingAccount,
    "SpendingAccount",
    company_column=SpendingAccount.company_pk,
    spec=ACCOUNT_LIST,
    write=SpendingAccountWrite,
)


def _find_assignment(
    session: Session, account: SpendingAccount, user_pk: int | None, group_pk: int | None
) -> SpendingAccountAssignment | None:
    a = SpendingAccountAssignment
    return session.scalars(
        select(a).where(
            a.account_pk == account.pk, at_member(a.user_pk, a.group_pk, user_pk, group_pk)
        )
    ).first()


def save_assignment(
    session: Session, caller: Caller, company: Company, data: AssignmentBody
) -> None:
    """Open an account to the buyer, a group or a user; saving again updates AllowExceed."""
    access.check_write(caller, company)
    account = SPENDING_ACCOUNTS.scope(company).get(session, data.spending_account_id)
    user_pk, group_pk = member_pks(session, company, data.user_id, data.user_group_id)
    assignment = _find_assignment(session, account, user_pk, group_pk)
    if assignment is None:
        assignment = SpendingAccountAssignment(
            account_pk=account.pk, user_pk=user_pk, group_pk=group_pk
        )
        session.add(assignment)
    assignment.allow_exceed = data.allow_exceed
    session.flush()


def delete_assignment(
    session: Session,
    caller: Caller,
    company: Company,
    account_id: str,
    *,
    user_id: str | None,
    group_id: str | None,
) -> None:
    """Remove the buyer-level assignment, or the one of ``user_id`` or ``group_id``."""
    access.check_write(caller, company)
    account = SPENDING_ACCOUNTS.scope(company).get(session, account_id)
    user_pk, group_pk = member_pks(session, company, user_id, group_id)
    assignment = _find_assignment(session, account, user_pk, group_pk)
    if assignment is None:
        raise NotFound("SpendingAccountAssignment", account_id)
    session.delete(assignment)
    session.flush()


def list_assignments(
    session: Session, caller: Caller, company: Company, args: ListArgs
) -> Page[SpendingAccountAssignment]:
    access.check_read(caller, company)
    a = SpendingAccountAssignment
    stmt = (
        select(a)
        .join(SpendingAccount, SpendingAccount.pk == a.account_pk)
        .where(SpendingAccount.company_pk == company.pk)
    )
    links = (
        ("spendingAccountID", a.account_pk, SpendingAccount),
        ("userID", a.user_pk, User),
        ("userGroupID", a.group_pk, UserGroup),
    )
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk, a.user_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: SpendingAccountAssignment) -> AssignmentBody:
    return AssignmentBody(
        spending_account_id=row.account.id,
        user_id=row.user.id if row.user else None,
        user_group_id=row.group.id if row.group else None,
        allow_exceed=row.allow_exceed,
    )


def _assignments_for(user: User) -> Select[Any]:
    """Assignments of ``user``'s buyer that reach it: buyer-wide, to its groups, to itself."""
    a = SpendingAccountAssignment
    return (
        select(a)
        .join(SpendingAccount, SpendingAccount.pk == a.account_pk)
        .where(
            SpendingAccount.company_pk == user.company_pk,
            or_(
                and_(a.user_pk.is_(None), a.group_pk.is_(None)),
                a.user_pk == user.pk,
                a.group_pk.in_(group_pks_of(user.pk)),
            ),
        )
    )


def _mine(caller: Caller) -> Select[SpendingAccount]:
    check_buyer(caller)
    usable = _assignments_for(caller.user).with_only_columns(SpendingAccountAssignment.account_pk)
    return select(SpendingAccount).where(SpendingAccount.pk.in_(usable))


def list_mine(session: Session, caller: Caller, args: ListArgs) -> Page[SpendingAccount]:
    return paginate(session, _mine(caller), args, ACCOUNT_LIST)


def get_mine(session: Session, caller: Caller, account_id: str) -> SpendingAccount:
    account = session.scalars(_mine(caller).where(SpendingAccount.id == account_id)).first()
    if account is None:
        raise NotFound("SpendingAccount", account_id)
    return account


# --- spending (called by payments) ---------------------------------------------------------


def may_exceed(session: Session, user: User, account: SpendingAccount) -> bool:
    """Whether an assignment reaching ``user`` lets it spend past the account's balance."""
    a = SpendingAccountAssignment
    stmt = _assignments_for(user).where(a.account_pk == account.pk, a.allow_exceed)
    return session.scalars(stmt.limit(1)).first() is not None


def check_in_dates(account: SpendingAccount) -> None:
    """Refuse an account used before its StartDate or after its EndDate."""
    now = utcnow()
    if (account.start_date and now < account.start_date) or (
        account.end_date and now > account.end_date
    ):
        raise ApiError(
            f"Spending account {account.id} cannot be used outside its start and end dates.",
            code="Payment.CannotUseExpiredSpendingAccount",
            data={"SpendingAccountID": account.id},
        )


def spend(
    session: Session, account: SpendingAccount, amount: Decimal, *, allow_exceed: bool = False
) -> SpendingAccount:
    """Take ``amount`` off the balance, inside the account's dates.

    The balance may go below zero only with ``allow_exceed`` (see ``may_exceed``). The row
    is locked first (PostgreSQL), so two concurrent payments cannot both spend the last of
    a balance. Whether the account may pay for orders at all (AllowAsPaymentMethod) is the
    caller's rule, not this function's.
    """
    if amount <= 0:
        raise ApiError(
            "An amount spent from a spending account must be more than zero.",
            code="Payment.AmountGreaterThanZero",
        )
    check_in_dates(account)
    session.refresh(account, with_for_update=True)
    if account.balance < amount and not allow_exceed:
        raise ApiError(
            f"The amount exceeds the balance of spending account {account.id}.",
            code="Payment.ExceedsBalance",
            data={"SpendingAccountID": account.id},
        )
    account.balance -= amount
    session.flush()
    return account


def refund(session: Session, account: SpendingAccount, amount: Decimal) -> SpendingAccount:
    """Put ``amount`` back on the balance (an order it paid for was declined or canceled)."""
    session.refresh(account, with_for_update=True)
    account.balance += amount
    session.flush()
    return account
