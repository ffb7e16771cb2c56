"""Paying with spending accounts: which account an order may use, and the debit on submit.

A spending-account payment reserves nothing: its account is checked when the payment
is made (and again before submit), and the balance is taken when the order is submitted,
all accounts of one order in the submit's transaction, so a refused debit leaves every
balance and the order as they were.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError, NotFound
from mercato.orders.models import ZERO, Order
from mercato.payments.models import Payment, PaymentType
from mercato.purchasing import spending_accounts
from mercato.purchasing.models import SpendingAccount


def _invalid(account_id: str | None, why: str) -> ApiError:
    return ApiError(
        f"Spending account {account_id} {why}.",
        code="Payment.InvalidSpendingAccountID",
        data={"SpendingAccountID": account_id},
    )


def usable_account(
    session: Session, caller: Caller, order: Order, account_id: str
) -> SpendingAccount:
    """The account ``account_id`` if the order's user may pay with it now."""
    user = order.from_user
    if user is None:
        raise _invalid(account_id, "cannot be used: the order's user no longer exists")
    # Seen as the order's user: whose assignments decide which accounts it may spend.
    orderer = replace(caller, user=user, company=user.company)
    try:
        account = spending_accounts.get_mine(session, orderer, account_id)
    except NotFound:
        raise _invalid(account_id, "is not one the order's user may pay with") from None
    check_usable(account)
    return account


def check_usable(account: SpendingAccount) -> None:
    if not account.allow_as_payment_method:
        raise _invalid(account.id, "is not allowed as a payment method")
    spending_accounts.check_in_dates(account)


def _per_account(payments: Iterable[Payment]) -> list[tuple[SpendingAccount, Decimal]]:
    """Spending-account payments summed per account, in a fixed order (lock order)."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    accounts: dict[int, SpendingAccount] = {}
    for payment in payments:
        if payment.type is not PaymentType.SpendingAccount:
            continue
        account = payment.spending_account
        if account is None:
            raise _invalid(payment.spending_account_id, "no longer exists")
        accounts[account.pk] = account
        totals[account.pk] += payment.amount or ZERO
    return [(accounts[pk], totals[pk]) for pk in sorted(accounts)]


def check_balance(session: Session, order: Order, payments: Iterable[Payment]) -> None:
    """Refuse when this order's payments ask more of an account than it holds."""
    user = order.from_user
    for account, total in _per_account(payments):
        if total > account.balance and not (
            user and spending_accounts.may_exceed(session, user, account)
        ):
            raise ApiError(
                f"The payments exceed the balance of spending account {account.id}.",
                code="Payment.ExceedsBalance",
                data={"SpendingAccountID": account.id},
            )


def check_accounts(session: Session, order: Order, payments: Iterable[Payment]) -> None:
    """Every account paid with is still usable and covers what this order takes from it."""
    listed = list(payments)
    for account, _ in _per_account(listed):
        check_usable(account)
    check_balance(session, order, listed)


def debit(session: Session, order: Order, payments: Iterable[Payment]) -> None:
    """Take each account's share of the order off its balance (row-locked on PostgreSQL)."""
    user = order.from_user
    for account, total in _per_account(payments):
        allow = bool(user and spending_accounts.may_exceed(session, user, account))
        spending_accounts.spend(session, account, total, allow_exceed=allow)


def credit_back(session: Session, payments: Iterable[Payment]) -> None:
    """Return each account's share of an order that will not go ahead."""
    for account, total in _per_account(payments):
        spending_accounts.refund(session, account, total)
