"""Who may manage catalogs, products and price schedules.

The marketplace owner manages all of them. A supplier manages the ones it owns (its
OwnerID). Buyer users never use these admin routes; they shop through ``/me``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from mercato.auth.dependencies import Caller
from mercato.core.errors import Forbidden, NotFound
from mercato.organizations.models import CompanyKind

S = TypeVar("S", bound=Select[Any])


def check_manager(caller: Caller) -> None:
    if caller.kind is CompanyKind.BUYER:
        raise Forbidden(
            "Buyer users cannot manage marketplace or supplier resources.",
            code="Auth.UserNotAuthorizedToAdmin",
        )


def visible(caller: Caller, stmt: S, owner_column: Any) -> S:
    """Narrow a query to what the caller manages."""
    check_manager(caller)
    if caller.kind is CompanyKind.SUPPLIER:
        return stmt.where(owner_column == caller.company.id)
    return stmt


def check_owner(caller: Caller, obj: Any, object_type: str) -> None:
    check_manager(caller)
    if caller.kind is CompanyKind.SUPPLIER and obj.owner_id != caller.company.id:
        raise NotFound(object_type, obj.id)


def owner_for_new(caller: Caller, requested: str | None) -> str:
    """The OwnerID of a new object: suppliers always own theirs; the seller may choose."""
    check_manager(caller)
    if caller.kind is CompanyKind.SUPPLIER:
        return caller.company.id
    return requested or caller.marketplace.id


def with_owner(caller: Caller, values: dict[str, Any], *, new: bool) -> dict[str, Any]:
    """Write values with the OwnerID settled: on create, or when the write names one."""
    values = dict(values)
    if new or "owner_id" in values:
        values["owner_id"] = owner_for_new(caller, values.get("owner_id"))
    return values
