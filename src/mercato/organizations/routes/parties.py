"""Users, user groups and addresses, built once and mounted for each kind of company.

Admin users live at ``/adminusers``, buyer users at ``/buyers/{buyerID}/users`` and supplier
users at ``/suppliers/{supplierID}/users``; the behaviour is the same, only the company the
path names (and the roles that grant access) differ.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations import addresses, companies, groups, users
from mercato.organizations.models import AddressAssignment, Company, CompanyKind, UserGroupMember
from mercato.organizations.schemas import (
    AddressAssignment as AddressAssignmentBody,
)
from mercato.organizations.schemas import (
    AddressPatch,
    AddressRead,
    AddressWrite,
    UserGroupAssignment,
    UserGroupPatch,
    UserGroupRead,
    UserGroupWrite,
    UserPatch,
    UserRead,
    UserWrite,
)


def seller_company(session: SessionDep, caller: CallerDep) -> Company:
    return companies.seller(session)


def buyer_company(session: SessionDep, caller: CallerDep, buyerID: str) -> Company:
    return companies.get_company(session, caller, CompanyKind.BUYER, buyerID)


def supplier_company(session: SessionDep, caller: CallerDep, supplierID: str) -> Company:
    return companies.get_company(session, caller, CompanyKind.SUPPLIER, supplierID)


@dataclass(frozen=True)
class Mount:
    """Where one resource is mounted for one kind of company, and who may use it."""

    path: str
    tag: str
    company: Callable[..., Company]
    admin: Role
    reader: Role

    @property
    def read_roles(self) -> Any:
        return requires(self.admin, self.reader)

    @property
    def write_roles(self) -> Any:
        return requires(self.admin)

    def op(self, name: str) -> str:
        return f"{self.tag}.{name}"


def user_routes(m: Mount) -> APIRouter:
    router = APIRouter(prefix=m.path, tags=[m.tag])
    CompanyDep = Annotated[Company, Depends(m.company)]

    def read(session: Any, rows: Iterable[Any]) -> list[UserRead]:
        return users.to_read(session, list(rows))

    @router.get("", operation_id=m.op("List"), dependencies=[m.read_roles])
    def list_users(
        session: SessionDep, caller: CallerDep, company: CompanyDep, args: ListArgsDep
    ) -> ListPage[UserRead]:
        """List the company's users."""
        page = users.list_users(session, caller=caller, company=company, args=args)
        return list_page(page, lambda rows: read(session, rows))

    @router.post("", status_code=201, operation_id=m.op("Create"), dependencies=[m.write_roles])
    def create_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, body: UserWrite
    ) -> UserRead:
        """Create a user; the username must be unique in the marketplace."""
        return read(
            session, [users.create_user(session, caller=caller, company=company, data=body)]
        )[0]

    @router.get("/{userID}", operation_id=m.op("Get"), dependencies=[m.read_roles])
    def get_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str
    ) -> UserRead:
        """Get a user."""
        return read(
            session, [users.get_user(session, caller=caller, company=company, user_id=userID)]
        )[0]

    @router.put("/{userID}", operation_id=m.op("Save"), dependencies=[m.write_roles])
    def save_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str, body: UserWrite
    ) -> UserRead:
        """Create or replace a user; a missing password keeps the current one."""
        user = users.save_user(session, caller=caller, company=company, user_id=userID, data=body)
        return read(session, [user])[0]

    @router.patch("/{userID}", operation_id=m.op("Patch"), dependencies=[m.write_roles])
    def patch_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str, body: UserPatch
    ) -> UserRead:
        """Update the user fields sent."""
        user = users.patch_user(session, caller=caller, company=company, user_id=userID, data=body)
        return read(session, [user])[0]

    @router.delete(
        "/{userID}", status_code=204, operation_id=m.op("Delete"), dependencies=[m.write_roles]
    )
    def delete_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str
    ) -> Response:
        """Delete a user."""
        users.delete_user(session, caller=caller, company=company, user_id=userID)
        return no_content()

    @router.delete(
        "/{userID}/tokens",
        status_code=204,
        operation_id=m.op("RevokeUserTokens"),
        dependencies=[m.write_roles],
    )
    def revoke_user_tokens(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str
    ) -> Response:
        """Revoke every access and refresh token the user holds."""
        users.revoke_tokens(session, caller=caller, company=company, user_id=userID)
        return no_content()

    @router.post(
        "/{userID}/unlock",
        status_code=201,
        operation_id=m.op("UnlockUserAccount"),
        dependencies=[m.write_roles],
        response_class=Response,
    )
    def unlock_user(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userID: str
    ) -> Response:
        """Lift a lockout caused by failed logins."""
        users.unlock(session, caller=caller, company=company, user_id=userID)
        return Response(status_code=201)

    return router


def _memberships(rows: Iterable[UserGroupMember]) -> list[UserGroupAssignment]:
    return [UserGroupAssignment(user_group_id=r.group.id, user_id=r.user.id) for r in rows]


def group_routes(m: Mount) -> APIRouter:
    router = APIRouter(prefix=m.path, tags=[m.tag])
    CompanyDep = Annotated[Company, Depends(m.company)]

    # Registered before "/{userGroupID}" so "assignments" is not taken for a group ID.
    @router.get(
        "/assignments", operation_id=m.op("ListUserAssignments"), dependencies=[m.read_roles]
    )
    def list_user_assignments(
        session: SessionDep, caller: CallerDep, company: CompanyDep, args: ListArgsDep
    ) -> ListPage[UserGroupAssignment]:
        """List group memberships (filter with userGroupID and userID)."""
        return list_page(
            groups.list_memberships(session, caller=caller, company=company, args=args),
            _memberships,
        )

    @router.post(
        "/assignments",
        status_code=204,
        operation_id=m.op("SaveUserAssignment"),
        dependencies=[m.write_roles],
    )
    def save_user_assignment(
        session: SessionDep, caller: CallerDep, company: CompanyDep, body: UserGroupAssignment
    ) -> Response:
        """Add a user to a group."""
        groups.save_membership(session, caller=caller, company=company, data=body)
        return no_content()

    @router.get("", operation_id=m.op("List"), dependencies=[m.read_roles])
    def list_groups(
        session: SessionDep, caller: CallerDep, company: CompanyDep, args: ListArgsDep
    ) -> ListPage[UserGroupRead]:
        """List the company's user groups."""
        return list_page(
            groups.list_groups(session, caller=caller, company=company, args=args),
            each(UserGroupRead),
        )

    @router.post("", status_code=201, operation_id=m.op("Create"), dependencies=[m.write_roles])
    def create_group(
        session: SessionDep, caller: CallerDep, company: CompanyDep, body: UserGroupWrite
    ) -> UserGroupRead:
        """Create a user group."""
        return UserGroupRead.model_validate(
            groups.create_group(session, caller=caller, company=company, data=body)
        )

    @router.get("/{userGroupID}", operation_id=m.op("Get"), dependencies=[m.read_roles])
    def get_group(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userGroupID: str
    ) -> UserGroupRead:
        """Get a user group."""
        group = groups.get_group(session, caller=caller, company=company, group_id=userGroupID)
        return UserGroupRead.model_validate(group)

    @router.put("/{userGroupID}", operation_id=m.op("Save"), dependencies=[m.write_roles])
    def save_group(
        session: SessionDep,
        caller: CallerDep,
        company: CompanyDep,
        userGroupID: str,
        body: UserGroupWrite,
    ) -> UserGroupRead:
        """Create or replace a user group."""
        group = groups.save_group(
            session, caller=caller, company=company, group_id=userGroupID, data=body
        )
        return UserGroupRead.model_validate(group)

    @router.patch("/{userGroupID}", operation_id=m.op("Patch"), dependencies=[m.write_roles])
    def patch_group(
        session: SessionDep,
        caller: CallerDep,
        company: CompanyDep,
        userGroupID: str,
        body: UserGroupPatch,
    ) -> UserGroupRead:
        """Update the user group fields sent."""
        group = groups.patch_group(
            session, caller=caller, company=company, group_id=userGroupID, data=body
        )
        return UserGroupRead.model_validate(group)

    @router.delete(
        "/{userGroupID}", status_code=204, operation_id=m.op("Delete"), dependencies=[m.write_roles]
    )
    def delete_group(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userGroupID: str
    ) -> Response:
        """Delete a user group and its memberships."""
        groups.delete_group(session, caller=caller, company=company, group_id=userGroupID)
        return no_content()

    @router.delete(
        "/{userGroupID}/assignments/{userID}",
        status_code=204,
        operation_id=m.op("DeleteUserAssignment"),
        dependencies=[m.write_roles],
    )
    def delete_user_assignment(
        session: SessionDep, caller: CallerDep, company: CompanyDep, userGroupID: str, userID: str
    ) -> Response:
        """Remove a user from a group."""
        groups.delete_membership(
            session, caller=caller, company=company, group_id=userGroupID, user_id=userID
        )
        return no_content()

    return router


def address_routes(m: Mount) -> APIRouter:
    router = APIRouter(prefix=m.path, tags=[m.tag])
    CompanyDep = Annotated[Company, Depends(m.company)]

    @router.get("", operation_id=m.op("List"), dependencies=[m.read_roles])
    def list_addresses(
        session: SessionDep, caller: CallerDep, company: CompanyDep, args: ListArgsDep
    ) -> ListPage[AddressRead]:
        """List the company's addresses."""
        page = addresses.list_addresses(session, caller=caller, company=company, args=args)
        return list_page(page, each(AddressRead))

    @router.post("", status_code=201, operation_id=m.op("Create"), dependencies=[m.write_roles])
    def create_address(
        session: SessionDep, caller: CallerDep, company: CompanyDep, body: AddressWrite
    ) -> AddressRead:
        """Create an address."""
        address = addresses.create_address(session, caller=caller, company=company, data=body)
        return AddressRead.model_validate(address)

    @router.get("/{addressID}", operation_id=m.op("Get"), dependencies=[m.read_roles])
    def get_address(
        session: SessionDep, caller: CallerDep, company: CompanyDep, addressID: str
    ) -> AddressRead:
        """Get an address."""
        address = addresses.get_address(
            session, caller=caller, company=company, address_id=addressID
        )
        return AddressRead.model_validate(address)

    @router.put("/{addressID}", operation_id=m.op("Save"), dependencies=[m.write_roles])
    def save_address(
        session: SessionDep,
        caller: CallerDep,
        company: CompanyDep,
        addressID: str,
        body: AddressWrite,
    ) -> AddressRead:
        """Create or replace an address."""
        address = addresses.save_address(
            session, caller=caller, company=company, address_id=addressID, data=body
        )
        return AddressRead.model_validate(address)

    @router.patch("/{addressID}", operation_id=m.op("Patch"), dependencies=[m.write_roles])
    def patch_address(
        session: SessionDep,
        caller: CallerDep,
        company: CompanyDep,
        addressID: str,
        body: AddressPatch,
    ) -> AddressRead:
        """Update the address fields sent."""
        address = addresses.patch_address(
            session, caller=caller, company=company, address_id=addressID, data=body
        )
        return AddressRead.model_validate(address)

    @router.delete(
        "/{addressID}", status_code=204, operation_id=m.op("Delete"), dependencies=[m.write_roles]
    )
    def delete_address(
        session: SessionDep, caller: CallerDep, company: CompanyDep, addressID: str
    ) -> Response:
        """Delete an address and its assignments."""
        addresses.delete_address(session, caller=caller, company=company, address_id=addressID)
        return no_content()

    return router


def _address_assignments(rows: Iterable[AddressAssignment]) -> list[AddressAssignmentBody]:
    return [
        AddressAssignmentBody(
            address_id=r.address.id,
            user_id=r.user.id if r.user else None,
            user_group_id=r.group.id if r.group else None,
            is_shipping=r.is_shipping,
            is_billing=r.is_billing,
        )
        for r in rows
    ]


def address_assignment_routes(m: Mount) -> APIRouter:
    """Buyer addresses only: who in the buyer may ship or bill to an address."""
    router = APIRouter(prefix=m.path, tags=[m.tag])
    CompanyDep = Annotated[Company, Depends(m.company)]

    @router.get("/assignments", operation_id=m.op("ListAssignments"), dependencies=[m.read_roles])
    def list_assignments(
        session: SessionDep, caller: CallerDep, company: CompanyDep, args: ListArgsDep
    ) -> ListPage[AddressAssignmentBody]:
        """List address assignments (filter with addressID, userID, userGroupID, level)."""
        page = addresses.list_assignments(session, caller=caller, company=company, args=args)
        return list_page(page, _address_assignments)

    @router.post(
        "/assignments",
        status_code=204,
        operation_id=m.op("SaveAssignment"),
        dependencies=[m.write_roles],
    )
    def save_assignment(
        session: SessionDep, caller: CallerDep, company: CompanyDep, body: AddressAssignmentBody
    ) -> Response:
        """Assign an address to the buyer, a group or a user."""
        addresses.save_assignment(session, caller=caller, company=company, data=body)
        return no_content()

    @router.delete(
        "/{addressID}/assignments",
        status_code=204,
        operation_id=m.op("DeleteAssignment"),
        dependencies=[m.write_roles],
    )
    def delete_assignment(
        session: SessionDep,
        caller: CallerDep,
        company: CompanyDep,
        addressID: str,
        userID: str | None = None,
        userGroupID: str | None = None,
    ) -> Response:
        """Remove an address assignment (company level unless userID or userGroupID is given)."""
        addresses.delete_assignment(
            session,
            caller=caller,
            company=company,
            address_id=addressID,
            user_id=userID,
            group_id=userGroupID,
        )
        return no_content()

    return router
