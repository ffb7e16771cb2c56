"""A buyer user's own address book (``/me/addresses``).

The book lists every address of the user's buyer that reaches the user (assigned to the
whole buyer, to one of its groups or to the user) and the user's private addresses.
``Shipping``/``Billing`` say whether any reaching assignment allows that use;
``Editable`` marks the caller's private addresses, the only ones it may change here.

A private address is an address of the buyer with an owner and a user-level assignment
that carries its Shipping and Billing flags, so orders accept it like any address
assigned to the user, and other users of the buyer never see it unless an admin assigns
it to them. Admins see and manage private addresses under /buyers/{id}/addresses like
any other address of the buyer: they are the buyer's data, and their IDs share its scope.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, case, false, or_, select, true
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.errors import ApiError, Forbidden, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, SqlExpr, paginate
from mercato.organizations import access
from mercato.organizations.addresses import ADDRESS_LIST, remove_address
from mercato.organizations.models import Address, AddressAssignment, User
from mercato.organizations.schemas import (
    AddressRead,
    BuyerAddressPatch,
    BuyerAddressRead,
    BuyerAddressWrite,
)
from mercato.organizations.scopes import addresses_of, group_pks_of

_OWN_FLAGS = ("shipping", "billing")


def reaching(user: User) -> ColumnElement[bool]:
    """Address assignments that give ``user`` an address: buyer-wide, its groups', its own."""
    a = AddressAssignment
    return or_(
        a.user_pk.is_(None) & a.group_pk.is_(None),
        a.user_pk == user.pk,
        a.group_pk.in_(group_pks_of(user.pk)),
    )


def _assigned(user: User, purpose: SqlExpr = None) -> ColumnElement[bool]:
    """The address (correlated ``Address``) reaches ``user``, for ``purpose`` if given."""
    stmt = select(AddressAssignment.pk).where(
        AddressAssignment.address_pk == Address.pk, reaching(user)
    )
    return (stmt if purpose is None else stmt.where(purpose)).exists()


def _visible(caller: Caller) -> ColumnElement[bool]:
    user = caller.user
    if caller.is_guest:
        # Guests browse as the client's default context user, but its private addresses
        # are a person's own: a guest sees only what an admin assigned.
        return _assigned(user) & or_(
            Address.owner_user_pk.is_(None), Address.owner_user_pk != user.pk
        )
    return _assigned(user) | (Address.owner_user_pk == user.pk)


def _spec(caller: Caller) -> ListSpec:
    """ADDRESS_LIST plus the caller-dependent Shipping, Billing and Editable fields."""
    user = caller.user
    editable = (
        false()
        if caller.is_guest
        else case((Address.owner_user_pk == user.pk, true()), else_=false())
    )
    fields = {
        **ADDRESS_LIST.fields,
        "Shipping": _assigned(user, AddressAssignment.is_shipping),
        "Billing": _assigned(user, AddressAssignment.is_billing),
        "Editable": editable,
    }
    return replace(ADDRESS_LIST, fields=fields)


def _book(caller: Caller) -> Select[Address]:
    return addresses_of(caller.company).query().where(_visible(caller))


def _to_read(session: Session, caller: Caller, rows: list[Address]) -> list[BuyerAddressRead]:
    """Wire models of ``rows``, their caller-dependent flags read in one query."""
    if not rows:
        return []
    f = _spec(caller).fields
    flags = {
        pk: (bool(shipping), bool(billing), bool(editable))
        for pk, shipping, billing, editable in session.execute(
            select(Address.pk, f["Shipping"], f["Billing"], f["Editable"]).where(
                Address.pk.in_([row.pk for row in rows])
            )
        )
    }
    reads = []
    for row in rows:
        shipping, billing, editable = flags[row.pk]
        fields = AddressRead.model_validate(row).model_dump()
        reads.append(
            BuyerAddressRead(**fields, shipping=shipping, billing=billing, editable=editable)
        )
    return reads


def _check_buyer(caller: Caller) -> None:
    access.check_buyer(caller, "Only buyer users have an address book of their own.")


def _check_can_write(caller: Caller) -> None:
    _check_buyer(caller)
    if caller.is_guest:
        raise Forbidden("Anonymous shoppers cannot keep addresses.", code="Auth.AnonUserProhibited")


def _check_use(shipping: bool, billing: bool) -> None:
    # As OrderCloud's address assignments: an address nobody may use is refused.
    if not (shipping or billing):
        raise ApiError(
            "A private address must be for shipping, billing or both.",
            code="BuyerAddress.MustBeBillingOrShipping",
        )


def list_addresses(session: Session, caller: Caller, args: ListArgs) -> Page[BuyerAddressRead]:
    _check_buyer(caller)
    page = paginate(session, _book(caller), args, _spec(caller))
    return Page(items=_to_read(session, caller, page.items), meta=page.meta)


def get_address(session: Session, caller: Caller, address_id: str) -> BuyerAddressRead:
    _check_buyer(caller)
    found = session.scalars(_book(caller).where(Address.id == address_id)).first()
    if found is None:
        raise NotFound("Address", address_id)
    return _to_read(session, caller, [found])[0]


def _own_assignment(session: Session, address: Address, user: User) -> AddressAssignment:
    a = AddressAssignment
    found = session.scalars(
        select(a).where(a.address_pk == address.pk, a.user_pk == user.pk, a.group_pk.is_(None))
    ).first()
    if found is None:  # an admin removed it; the owner's own flags live on it
        found = AddressAssignment(address_pk=address.pk, user_pk=user.pk)
        session.add(found)
    return found


def _set_use(session: Session, address: Address, user: User, values: dict[str, Any]) -> None:
    """Store the owner's Shipping/Billing (popped from ``values``) on its own assignment."""
    own = _own_assignment(session, address, user)
    shipping = values.pop("shipping", own.is_shipping)
    billing = values.pop("billing", own.is_billing)
    _check_use(bool(shipping), bool(billing))
    own.is_shipping, own.is_billing = bool(shipping), bool(billing)


def _create(session: Session, caller: Caller, values: dict[str, Any]) -> BuyerAddressRead:
    _check_use(values["shipping"], values["billing"])  # before the row is written
    flags = {name: values.pop(name) for name in _OWN_FLAGS}
    company = caller.company
    address = resources.create(
        session,
        addresses_of(company),
        values,
        company_pk=company.pk,
        owner_user_pk=caller.user.pk,
    )
    _set_use(session, address, caller.user, flags)
    session.flush()
    return _to_read(session, caller, [address])[0]


def create_address(session: Session, caller: Caller, data: BuyerAddressWrite) -> BuyerAddressRead:
    """Create a private address of the caller, usable as its Shipping/Billing flags say."""
    _check_can_write(caller)
    return _create(session, caller, data.model_dump(by_alias=False))


def _mine(session: Session, caller: Caller, address_id: str) -> Address:
    """The caller's private address; a shared one it sees cannot be changed here."""
    found = session.scalars(_book(caller).where(Address.id == address_id)).first()
    if found is None:
        raise NotFound("Address", address_id)
    if found.owner_user_pk != caller.user.pk:
        raise Forbidden(
            f"Address {address_id} is shared by the buyer; only an admin may change it.",
            code="Address.CannotEditPublic",
        )
    return found


def save_address(
    session: Session, caller: Caller, address_id: str, data: BuyerAddressWrite
) -> BuyerAddressRead:
    """Replace a private address of the caller, or create it under ``address_id``."""
    _check_can_write(caller)
    values: dict[str, Any] = {**data.model_dump(by_alias=False), "id": data.id or address_id}
    if addresses_of(caller.company).find(session, address_id) is None:
        return _create(session, caller, values)
    address = _mine(session, caller, address_id)
    _set_use(session, address, caller.user, values)
    resources.replace(session, addresses_of(caller.company), address, values)
    return _to_read(session, caller, [address])[0]


def patch_address(
    session: Session, caller: Caller, address_id: str, data: BuyerAddressPatch
) -> None:
    _check_can_write(caller)
    address = _mine(session, caller, address_id)
    values = resources.patch_values(data, BuyerAddressWrite, not_null=_OWN_FLAGS)
    _set_use(session, address, caller.user, values)
    resources.patch(session, addresses_of(caller.company), address, values)


def delete_address(session: Session, caller: Caller, address_id: str) -> None:
    _check_can_write(caller)
    remove_address(session, _mine(session, caller, address_id))
