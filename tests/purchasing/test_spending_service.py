"""Spending from an account, as payments will: exact amounts, limits and who may exceed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.core.errors import ApiError
from mercato.core.tenancy import bind_marketplace
from mercato.db import transaction
from mercato.organizations.models import Marketplace, User
from mercato.purchasing import spending_accounts
from mercato.purchasing.models import SpendingAccount
from tests.factories import created
from tests.purchasing.org import Org

Spend = Callable[..., SpendingAccount]


@contextmanager
def _session(org: Org) -> Iterator[Session]:
    with transaction(org.tenant.app.state.session_factory) as session:
        marketplace = session.scalars(
            select(Marketplace).where(Marketplace.id == org.tenant.marketplace_id)
        ).one()
        bind_marketplace(session, marketplace.pk)
        yield session


def _load(session: Session, account_id: str) -> SpendingAccount:
    return session.scalars(select(SpendingAccount).where(SpendingAccount.id == account_id)).one()


def _balance(org: Org, account_id: str = "budget") -> Any:
    return org.admin.get(f"/buyers/{org.a}/spendingaccounts/{account_id}").json()["Balance"]


@pytest.fixture
def spend(org: Org) -> Spend:
    """Spend from account ``budget`` (balance 10.00) of buyer A in its own transaction."""
    body = {"ID": "budget", "Name": "Budget", "Balance": 10}
    created(org.admin.post(f"/buyers/{org.a}/spendingaccounts", body))

    def run(amount: str, **options: Any) -> SpendingAccount:
        with _session(org) as session:
            return spending_accounts.spend(
                session, _load(session, "budget"), Decimal(amount), **options
            )

    return run


def test_spending_takes_the_exact_amount_off_the_balance(org: Org, spend: Spend) -> None:
    for _ in range(3):
        spend("0.1")

    assert _balance(org) == 9.7


def test_spending_the_whole_balance_is_allowed(org: Org, spend: Spend) -> None:
    spend("10")

    assert _balance(org) == 0


def test_spending_more_than_the_balance_is_refused(org: Org, spend: Spend) -> None:
    with pytest.raises(ApiError) as refused:
        spend("10.0001")

    assert refused.value.code == "Payment.ExceedsBalance"
    assert refused.value.data == {"SpendingAccountID": "budget"}
    assert _balance(org) == 10


def test_allow_exceed_lets_the_balance_go_negative(org: Org, spend: Spend) -> None:
    spend("12.5", allow_exceed=True)

    assert _balance(org) == -2.5


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_only_positive_amounts_are_spent(spend: Spend, amount: str) -> None:
    with pytest.raises(ApiError) as refused:
        spend(amount)

    assert refused.value.code == "Payment.AmountGreaterThanZero"


@pytest.mark.parametrize(
    "dates",
    [
        {"StartDate": "2999-01-01T00:00:00Z"},
        {"EndDate": "2000-01-01T00:00:00Z"},
    ],
)
def test_an_account_outside_its_dates_cannot_be_spent(
    org: Org, spend: Spend, dates: dict[str, str]
) -> None:
    org.admin.patch(f"/buyers/{org.a}/spendingaccounts/budget", dates)

    with pytest.raises(ApiError) as refused:
        spend("1")

    assert refused.value.code == "Payment.CannotUseExpiredSpendingAccount"


def test_may_exceed_follows_the_assignments_that_reach_the_user(org: Org, spend: Spend) -> None:
    path = f"/buyers/{org.a}/spendingaccounts/assignments"
    org.admin.post(path, {"SpendingAccountID": "budget"})
    org.admin.post(path, {"SpendingAccountID": "budget", "UserGroupID": "buyers",
                          "AllowExceed": True})  # fmt: skip

    with _session(org) as session:
        account = _load(session, "budget")
        users = {
            who: session.scalars(select(User).where(User.id == org.users[who]["ID"])).one()
            for who in ("grouped", "plain", "other")
        }
        verdicts = {
            who: spending_accounts.may_exceed(session, u, account) for who, u in users.items()
        }

    assert verdicts == {"grouped": True, "plain": False, "other": False}
