"""A buyer user's own address book: ``/me/addresses``."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations import my_addresses
from mercato.organizations.schemas import BuyerAddressPatch, BuyerAddressRead, BuyerAddressWrite

router = APIRouter(prefix="/me/addresses", tags=["Me"])


@router.get(
    "", operation_id="Me.ListAddresses", dependencies=[requires(Role.MeAddressAdmin, Role.Shopper)]
)
def list_my_addresses(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[BuyerAddressRead]:
    """The addresses the caller may ship or bill to, its private ones included."""
    return list_page(my_addresses.list_addresses(session, caller, args), list)


@router.post(
    "",
    status_code=201,
    operation_id="Me.CreateAddress",
    dependencies=[requires(Role.MeAddressAdmin)],
)
def create_my_address(
    session: SessionDep, caller: CallerDep, body: BuyerAddressWrite
) -> BuyerAddressRead:
    """Create a private address of the caller."""
    return my_addresses.create_address(session, caller, body)


@router.get(
    "/{addressID}",
    operation_id="Me.GetAddress",
    dependencies=[requires(Role.MeAddressAdmin, Role.Shopper)],
)
def get_my_address(session: SessionDep, caller: CallerDep, addressID: str) -> BuyerAddressRead:
    """One address of the caller's address book."""
    return my_addresses.get_address(session, caller, addressID)


@router.put(
    "/{addressID}", operation_id="Me.SaveAddress", dependencies=[requires(Role.MeAddressAdmin)]
)
def save_my_address(
    session: SessionDep, caller: CallerDep, addressID: str, body: BuyerAddressWrite
) -> BuyerAddressRead:
    """Replace a private address of the caller, or create it under this ID."""
    return my_addresses.save_address(session, caller, addressID, body)


@router.delete(
    "/{addressID}",
    status_code=204,
    operation_id="Me.DeleteAddress",
    dependencies=[requires(Role.MeAddressAdmin)],
)
def delete_my_address(session: SessionDep, caller: CallerDep, addressID: str) -> Response:
    """Delete a private address of the caller."""
    my_addresses.delete_address(session, caller, addressID)
    return no_content()


# 204 with no body, as OrderCloud answers this PATCH (unlike every other PATCH).
@router.patch(
    "/{addressID}",
    status_code=204,
    operation_id="Me.PatchAddress",
    dependencies=[requires(Role.MeAddressAdmin)],
)
def patch_my_address(
    session: SessionDep, caller: CallerDep, addressID: str, body: BuyerAddressPatch
) -> Response:
    """Update the fields sent of a private address of the caller."""
    my_addresses.patch_address(session, caller, addressID, body)
    return no_content()
