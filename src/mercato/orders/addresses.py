"""Addresses on orders: which a user may ship or bill to, kept as snapshots.

An order keeps a copy of each address it uses, so editing or deleting the address book
later never rewrites what was ordered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.core.errors import ApiError, NotFound
from mercato.organizations import my_addresses
from mercato.organizations.models import Address, AddressAssignment, Company, User
from mercato.organizations.schemas import AddressRead, AddressWrite
from mercato.organizations.scopes import addresses_of


def snapshot(address: Address) -> dict[str, Any]:
    return AddressRead.model_validate(address).model_dump(mode="json", by_alias=True)


def ad_hoc(body: AddressWrite) -> dict[str, Any]:
    """A one-off address sent with the order rather than taken from an address book."""
    return {**body.model_dump(mode="json", by_alias=True), "DateCreated": None}


def buyer_address(
    session: Session,
    buyer: Company,
    user: User | None,
    address_id: str,
    *,
    shipping: bool,
    guest: bool = False,
) -> Address:
    """An address of ``buyer`` that ``user`` may use for shipping (or billing).

    With no user (an admin acting for the buyer) any address of the buyer will do; a user
    needs it assigned to the whole buyer, to one of its groups or to itself (its private
    addresses from ``/me/addresses`` are assigned to it).
    """
    address = addresses_of(buyer).find(session, address_id)
    # A guest's order belongs to the client's template user, whose private addresses are
    # that person's own: no guest ships or bills to them.
    if address is None or (guest and address.owner_user_pk is not None):
        raise NotFound("Address", address_id)
    if user is None:
        return address
    reaching = session.scalars(
        select(AddressAssignment).where(
            AddressAssignment.address_pk == address.pk, my_addresses.reaching(user)
        )
    ).all()
    if not reaching:
        raise NotFound("Address", address_id)
    if shipping and not any(a.is_shipping for a in reaching):
        raise ApiError(
            f"Address {address_id} is not one of this user's shipping addresses.",
            code="Address.IsNotShippingAddress",
            data={"AddressID": address_id},
        )
    if not shipping and not any(a.is_billing for a in reaching):
        # OrderCloud names no billing counterpart of IsNotShippingAddress.
        raise NotFound("Address", address_id)
    return address


def seller_address(session: Session, seller: Company, address_id: str) -> Address:
    """An address of the company an order goes to (a ship-from address)."""
    return addresses_of(seller).get(session, address_id)
