"""Addresses of every company, and which buyer users may ship or bill to them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.models import InventoryRecord
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level
from mercato.organizations import access
from mercato.organizations.companies import at_member, member_pks
from mercato.organizations.models import Address, AddressAssignment, Company, User, UserGroup
from mercato.organizations.schemas import AddressAssignment as AssignmentBody
from mercato.organizations.schemas import AddressPatch, AddressWrite
from mercato.organizations.scopes import addresses_of

_TEXT = (
    "AddressName",
    "CompanyName",
    "City",
    "Street1",
    "Street2",
    "LastName",
    "FirstName",
    "State",
    "Zip",
)
ADDRESS_LIST = ListSpec(
    fields={
        "ID": Address.id,
        "AddressName": Address.address_name,
        "CompanyName": Address.company_name,
        "FirstName": Address.first_name,
        "LastName": Address.last_name,
        "Street1": Address.street1,
        "Street2": Address.street2,
        "City": Address.city,
        "State": Address.state,
        "Zip": Address.zip,
        "Country": Address.country,
        "Phone": Address.phone,
        "DateCreated": Address.date_created,
    },
    search=("ID", *_TEXT),
    sort=("AddressName", "ID", "DateCreated", *_TEXT[1:], "Country", "Phone"),
    tiebreak=Address.pk,
    xp=Address.xp,
)
ASSIGNMENT_LIST = ListSpec(
    fields={"IsShipping": AddressAssignment.is_shipping, "IsBilling": AddressAssignment.is_billing},
    search=(),
    sort=(),
    tiebreak=AddressAssignment.pk,
    params=frozenset({"addressid", "userid", "usergroupid", "level"}),
)


def list_addresses(
    session: Session, *, caller: Caller, company: Company, args: ListArgs
) -> Page[Address]:
    access.check_read(caller, company)
    return paginate(session, addresses_of(company).query(), args, ADDRESS_LIST)


def get_address(session: Session, *, caller: Caller, company: Company, address_id: str) -> Address:
    access.check_read(caller, company)
    return addresses_of(company).get(session, address_id)


def create_address(
    session: Session, *, caller: Caller, company: Company, data: AddressWrite
) -> Address:
    access.check_write(caller, company)
    return resources.create(
        session, addresses_of(company), data.model_dump(by_alias=False), company_pk=company.pk
    )


def save_address(
    session: Session, *, caller: Caller, company: Company, address_id: str, data: AddressWrite
) -> Address:
    access.check_write(caller, company)
    scope = addresses_of(company)
    values: dict[str, Any] = {**data.model_dump(by_alias=False), "id": data.id or address_id}
    address = scope.find(session, address_id)
    if address is None:
        return resources.create(session, scope, values, company_pk=company.pk)
    return resources.replace(session, scope, address, values)


def patch_address(
    session: Session, *, caller: Caller, company: Company, address_id: str, data: AddressPatch
) -> Address:
    access.check_write(caller, company)
    scope = addresses_of(company)
    address = scope.get(session, address_id)
    return resources.patch(session, scope, address, resources.patch_values(data, AddressWrite))


def delete_address(session: Session, *, caller: Caller, company: Company, address_id: str) -> None:
    access.check_write(caller, company)
    remove_address(session, addresses_of(company).get(session, address_id))


def remove_address(session: Session, address: Address) -> None:
    """Delete an address, unless inventory is kept there."""
    in_use = select(InventoryRecord.pk).where(InventoryRecord.address_pk == address.pk).limit(1)
    if session.scalar(in_use) is not None:
        raise ApiError(
            f"Address {address.id} holds inventory records; move or delete them first.",
            code="Address.CannotDeleteInventoryRecordAddress",
        )
    session.delete(address)
    session.flush()


def _find_assignment(
    session: Session, address: Address, user_pk: int | None, group_pk: int | None
) -> AddressAssignment | None:
    a = AddressAssignment
    return session.scalars(
        select(a).where(
            a.address_pk == address.pk, at_member(a.user_pk, a.group_pk, user_pk, group_pk)
        )
    ).first()


def save_assignment(
    session: Session, *, caller: Caller, company: Company, data: AssignmentBody
) -> None:
    access.check_write(caller, company)
    if not (data.is_shipping or data.is_billing):
        raise ApiError(
            "An address assignment must be for shipping, billing or both.",
            code="AddressAssignment.MustBeBillingOrShipping",
        )
    address = addresses_of(company).get(session, data.address_id)
    user_pk, group_pk = member_pks(session, company, data.user_id, data.user_group_id)
    assignment = _find_assignment(session, address, user_pk, group_pk)
    if assignment is None:
        assignment = AddressAssignment(address_pk=address.pk, user_pk=user_pk, group_pk=group_pk)
        session.add(assignment)
    assignment.is_shipping, assignment.is_billing = data.is_shipping, data.is_billing
    session.flush()


def delete_assignment(
    session: Session,
    *,
    caller: Caller,
    company: Company,
    address_id: str,
    user_id: str | None,
    group_id: str | None,
) -> None:
    access.check_write(caller, company)
    address = addresses_of(company).get(session, address_id)
    user_pk, group_pk = member_pks(session, company, user_id, group_id)
    assignment = _find_assignment(session, address, user_pk, group_pk)
    if assignment is None:
        raise NotFound("AddressAssignment", address_id)
    session.delete(assignment)
    session.flush()


def list_assignments(
    session: Session, *, caller: Caller, company: Company, args: ListArgs
) -> Page[AddressAssignment]:
    access.check_read(caller, company)
    stmt = (
        select(AddressAssignment)
        .join(Address, Address.pk == AddressAssignment.address_pk)
        .outerjoin(User, User.pk == AddressAssignment.user_pk)
        .outerjoin(UserGroup, UserGroup.pk == AddressAssignment.group_pk)
        .where(Address.company_pk == company.pk)
    )
    if address_id := args.filter_value("addressID"):
        stmt = stmt.where(Address.id == address_id)
    if user_id := args.filter_value("userID"):
        stmt = stmt.where(User.id == user_id)
    if group_id := args.filter_value("userGroupID"):
        stmt = stmt.where(UserGroup.id == group_id)
    stmt = where_level(stmt, args, AddressAssignment.group_pk, AddressAssignment.user_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)
