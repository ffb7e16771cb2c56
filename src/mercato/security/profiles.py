"""Security profiles (named role sets) and where they are assigned.

The level of an assignment follows from the IDs given: none → the marketplace owner
(every admin user); BuyerID or SupplierID → that company; with UserGroupID or UserID →
one group or one user of it; UserGroupID or UserID alone → an admin group or admin user.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from mercato.auth import passwords
from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import to_wire_name
from mercato.organizations import access, companies
from mercato.organizations.models import Company, CompanyKind, User, UserGroup
from mercato.organizations.scopes import groups_of, users_of
from mercato.security.models import ImpersonationConfig, SecurityProfile, SecurityProfileAssignment
from mercato.security.schemas import SecurityProfileAssignment as AssignmentBody
from mercato.security.schemas import SecurityProfilePatch, SecurityProfileWrite

PROFILES = Scope(SecurityProfile, "SecurityProfile")
PROFILE_LIST = ListSpec(
    fields={"ID": SecurityProfile.id, "Name": SecurityProfile.name},
    search=("ID", "Name"),
    sort=("ID", "Name"),
    tiebreak=SecurityProfile.pk,
)
ASSIGNMENT_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=SecurityProfileAssignment.pk,
    params=frozenset(
        {
            "buyerid",
            "supplierid",
            "securityprofileid",
            "userid",
            "usergroupid",
            "commercerole",
            "level",
        }
    ),
)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "password_config" in values:
        config = values["password_config"]
        passwords.check_config(config and _wire(config))
        values["password_config"] = _wire(config) if config else None
    for name in ("roles", "custom_roles"):
        if name in values:
            values[name] = sorted({str(r) for r in values[name] or []})
    return values


def _wire(config: dict[str, Any]) -> dict[str, Any]:
    return {to_wire_name(k): v for k, v in config.items()}


def list_profiles(session: Session, caller: Caller, args: ListArgs) -> Page[SecurityProfile]:
    access.check_seller(caller)
    return paginate(session, PROFILES.query(), args, PROFILE_LIST)


def get_profile(session: Session, caller: Caller, profile_id: str) -> SecurityProfile:
    access.check_seller(caller)
    return PROFILES.get(session, profile_id)


def create_profile(session: Session, caller: Caller, data: SecurityProfileWrite) -> SecurityProfile:
    access.check_seller(caller)
    return resources.create(session, PROFILES, _values(data.model_dump(by_alias=False)))


def save_profile(
    session: Session, caller: Caller, profile_id: str, data: SecurityProfileWrite
) -> SecurityProfile:
    access.check_seller(caller)
    return resources.save(session, PROFILES, profile_id, _values(data.model_dump(by_alias=False)))


def patch_profile(
    session: Session, caller: Caller, profile_id: str, data: SecurityProfilePatch
) -> SecurityProfile:
    access.check_seller(caller)
    profile = PROFILES.get(session, profile_id)
    values = _values(resources.patch_values(data, SecurityProfileWrite))
    return resources.patch(session, PROFILES, profile, values)


def delete_profile(session: Session, caller: Caller, profile_id: str) -> None:
    access.check_seller(caller)
    profile = PROFILES.get(session, profile_id)
    if session.scalar(
        select(ImpersonationConfig.pk).where(ImpersonationConfig.profile_pk == profile.pk)
    ):
        raise ApiError(
            "An impersonation config uses this security profile.",
            code="Impersonation.CannotDeleteSecurityProfile",
        )
    session.delete(profile)
    session.flush()


def _party(session: Session, data: AssignmentBody) -> tuple[Company, UserGroup | None, User | None]:
    if data.buyer_id and data.supplier_id:
        raise ApiError(
            "Give BuyerID or SupplierID, not both.",
            code="PartyAssignment.CannotSpecifyBuyerAndSupplier",
        )
    if data.user_id and data.user_group_id:
        raise ApiError(
            "Give UserID or UserGroupID, not both.",
            code="PartyAssignment.CannotSpecifyGroupAndUser",
        )
    if data.buyer_id:
        company = companies.BUYERS.get(session, data.buyer_id)
    elif data.supplier_id:
        company = companies.SUPPLIERS.get(session, data.supplier_id)
    else:
        company = companies.seller(session)
    group = groups_of(company).get(session, data.user_group_id) if data.user_group_id else None
    user = users_of(company).get(session, data.user_id) if data.user_id else None
    return company, group, user


def _matching(
    profile: SecurityProfile, company: Company, group: UserGroup | None, user: User | None
) -> Select[SecurityProfileAssignment]:
    stmt = select(SecurityProfileAssignment).where(
        SecurityProfileAssignment.profile_pk == profile.pk
    )
    if user is not None:
        return stmt.where(SecurityProfileAssignment.user_pk == user.pk)
    if group is not None:
        return stmt.where(SecurityProfileAssignment.group_pk == group.pk)
    return stmt.where(
        SecurityProfileAssignment.company_pk == company.pk,
        SecurityProfileAssignment.user_pk.is_(None),
        SecurityProfileAssignment.group_pk.is_(None),
    )


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    access.check_seller(caller)
    profile = PROFILES.get(session, data.security_profile_id)
    company, group, user = _party(session, data)
    if session.scalars(_matching(profile, company, group, user)).first() is None:
        session.add(
            SecurityProfileAssignment(
                profile_pk=profile.pk,
                company_pk=None if (user or group) else company.pk,
                group_pk=group.pk if group else None,
                user_pk=user.pk if user else None,
            )
        )
        session.flush()


def delete_assignment(
    session: Session, caller: Caller, profile_id: str, data: AssignmentBody
) -> None:
    access.check_seller(caller)
    profile = PROFILES.get(session, profile_id)
    company, group, user = _party(session, data)
    row = session.scalars(_matching(profile, company, group, user)).first()
    if row is None:
        raise NotFound("SecurityProfileAssignment", profile_id)
    session.delete(row)
    session.flush()


_LEVELS = {"user", "group", "company"}
_ROLES = {
    "buyer": CompanyKind.BUYER,
    "supplier": CompanyKind.SUPPLIER,
    "seller": CompanyKind.SELLER,
}


def list_assignments(
    session: Session, caller: Caller, args: ListArgs
) -> Page[SecurityProfileAssignment]:
    access.check_seller(caller)
    a = SecurityProfileAssignment
    owner_user, owner_group = aliased(User), aliased(UserGroup)
    # Every assignment belongs to one company: its own, its group's or its user's.
    company_pk = a.company_pk
    stmt = (
        select(a)
        .join(SecurityProfile, SecurityProfile.pk == a.profile_pk)
        .outerjoin(owner_user, owner_user.pk == a.user_pk)
        .outerjoin(owner_group, owner_group.pk == a.group_pk)
    )
    owner = (
        (Company.pk == company_pk)
        | (Company.pk == owner_user.company_pk)
        | (Company.pk == owner_group.company_pk)
    )
    stmt = stmt.join(Company, owner)
    filters = {
        "securityProfileID": SecurityProfile.id,
        "userID": owner_user.id,
        "userGroupID": owner_group.id,
    }
    for param, column in filters.items():
        value = args.filter_value(param)
        if value:
            stmt = stmt.where(column == value)
    for param, kind in (("buyerID", CompanyKind.BUYER), ("supplierID", CompanyKind.SUPPLIER)):
        value = args.filter_value(param)
        if value:
            stmt = stmt.where(Company.kind == kind, Company.id == value)
    role = (args.filter_value("commerceRole") or "").lower()
    if role:
        if role not in _ROLES:
            raise ApiError(
                "commerceRole must be Buyer, Seller or Supplier.", code="List.InvalidType"
            )
        stmt = stmt.where(Company.kind == _ROLES[role])
    level = (args.filter_value("level") or "").lower()
    if level:
        if level not in _LEVELS:
            raise ApiError("level must be User, Group or Company.", code="List.InvalidType")
        level_pk = {"user": a.user_pk, "group": a.group_pk, "company": a.company_pk}[level]
        stmt = stmt.where(level_pk.is_not(None))
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: SecurityProfileAssignment) -> AssignmentBody:
    party = row.user or row.group
    company = row.company or (party.company if party else None)
    kind = company.kind if company else CompanyKind.SELLER
    return AssignmentBody(
        security_profile_id=row.profile.id,
        buyer_id=company.id if company and kind is CompanyKind.BUYER else None,
        supplier_id=company.id if company and kind is CompanyKind.SUPPLIER else None,
        user_id=row.user.id if row.user else None,
        user_group_id=row.group.id if row.group else None,
    )
