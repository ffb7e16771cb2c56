"""Which companies a caller may see and change, whatever its roles.

Buyers and suppliers only ever administer their own company; they may read the seller's
and the other side's data, never another buyer's or supplier's. Invisible companies are
reported as not found so their existence does not leak.
"""

from __future__ import annotations

from mercato.auth.dependencies import Caller
from mercato.core.errors import Forbidden, NotFound
from mercato.organizations.models import Company, CompanyKind

_OBJECT_TYPE = {
    CompanyKind.BUYER: "Buyer",
    CompanyKind.SUPPLIER: "Supplier",
    CompanyKind.SELLER: "Marketplace",
}


def can_see(caller: Caller, company: Company) -> bool:
    if caller.is_seller or company.pk == caller.company.pk:
        return True
    # A buyer may look at suppliers and the seller, a supplier at buyers and the seller.
    return company.kind is not caller.kind


def check_read(caller: Caller, company: Company) -> None:
    if not can_see(caller, company):
        raise NotFound(_OBJECT_TYPE[company.kind], company.id)


def check_write(caller: Caller, company: Company) -> None:
    check_read(caller, company)
    if not caller.is_seller and company.pk != caller.company.pk:
        raise Forbidden(
            "Only the marketplace owner may administer another company's data.",
            code="Auth.UserNotAuthorizedToAdmin",
        )


def check_seller(caller: Caller) -> None:
    if not caller.is_seller:
        raise Forbidden(
            "Only marketplace owner users may do this.", code="Auth.UserNotAuthorizedToAdmin"
        )


def check_buyer(caller: Caller, refusal: str) -> None:
    """Routes that exist only for buyer users (the cart, /me shopping, the address book)."""
    if caller.kind is not CompanyKind.BUYER:
        raise Forbidden(refusal, code="Auth.UserNotAuthorizedToAdmin")
