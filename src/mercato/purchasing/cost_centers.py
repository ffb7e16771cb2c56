"""Cost centers of a buyer, who in the buyer may charge to them, and the caller's own."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.shopping import check_buyer
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level, where_linked
from mercato.organizations import access
from mercato.organizations.companies import member_pks
from mercato.organizations.models import Company, User, UserGroup
from mercato.organizations.scopes import group_pks_of
from mercato.purchasing.models import CostCenter, CostCenterAssignment
from mercato.purchasing.owned import BuyerOwned
from mercato.purchasing.schemas import CostCenterAssignment as AssignmentBody
from mercato.purchasing.schemas import CostCenterWrite

COST_CENTER_LIST = ListSpec(
    fields={
        "ID": CostCenter.id,
        "Name": CostCenter.name,
        "Description": CostCenter.description,
    },
    search=("ID", "Name", "Description"),
    sort=("Name", "ID"),
    tiebreak=CostCenter.pk,
    xp=CostCenter.xp,
)
ASSIGNMENT_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=CostCenterAssignment.pk,
    params=frozenset({"costcenterid", "usergroupid", "level"}),
)

COST_CENTERS = BuyerOwned(
    CostCenter,
    "CostCenter",
    company_column=CostCenter.company_pk,
    spec=COST_CENTER_LIST,
    write=CostCenterWrite,
)


def _group_pk(
    session: Session, company: Company, group_id: str | None, user_id: str | None
) -> int | None:
    if user_id:
        raise ApiError(
            "Cost centers are assigned to a buyer or its user groups, not to single users.",
            code="PartyAssignment.UserLevelNotAllowed",
        )
    return member_pks(session, company, None, group_id)[1]


def _find_assignment(
    session: Session, cost_center: CostCenter, group_pk: int | None
) -> CostCenterAssignment | None:
    a = CostCenterAssignment
    return session.scalars(
        select(a).where(
            a.cost_center_pk == cost_center.pk,
            a.group_pk.is_(None) if group_pk is None else a.group_pk == group_pk,
        )
    ).first()


def save_assignment(
    session: Session, caller: Caller, company: Company, data: AssignmentBody
) -> None:
    access.check_write(caller, company)
    cost_center = COST_CENTERS.scope(company).get(session, data.cost_center_id)
    group_pk = _group_pk(session, company, data.user_group_id, None)
    if _find_assignment(session, cost_center, group_pk) is None:
        session.add(CostCenterAssignment(cost_center_pk=cost_center.pk, group_pk=group_pk))
        session.flush()


def delete_assignment(
    session: Session,
    caller: Caller,
    company: Company,
    cost_center_id: str,
    *,
    group_id: str | None,
    user_id: str | None,
) -> None:
    """Remove the buyer-level assignment, or the one of ``group_id``."""
    access.check_write(caller, company)
    cost_center = COST_CENTERS.scope(company).get(session, cost_center_id)
    assignment = _find_assignment(
        session, cost_center, _group_pk(session, company, group_id, user_id)
    )
    if assignment is None:
        raise NotFound("CostCenterAssignment", cost_center_id)
    session.delete(assignment)
    session.flush()


def list_assignments(
    session: Session, caller: Caller, company: Company, args: ListArgs
) -> Page[CostCenterAssignment]:
    access.check_read(caller, company)
    a = CostCenterAssignment
    stmt = (
        select(a)
        .join(CostCenter, CostCenter.pk == a.cost_center_pk)
        .where(CostCenter.company_pk == company.pk)
    )
    links = (("costCenterID", a.cost_center_pk, CostCenter), ("userGroupID", a.group_pk, UserGroup))
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: CostCenterAssignment) -> AssignmentBody:
    return AssignmentBody(
        cost_center_id=row.cost_center.id, user_group_id=row.group.id if row.group else None
    )


def open_to(user: User) -> Select[int]:
    """The pks of the cost centers ``user`` may charge to: its buyer's, or its groups'."""
    a = CostCenterAssignment
    return (
        select(a.cost_center_pk)
        .join(CostCenter, CostCenter.pk == a.cost_center_pk)
        .where(
            CostCenter.company_pk == user.company_pk,
            or_(a.group_pk.is_(None), a.group_pk.in_(group_pks_of(user.pk))),
        )
    )


def list_mine(session: Session, caller: Caller, args: ListArgs) -> Page[CostCenter]:
    check_buyer(caller)
    stmt = select(CostCenter).where(CostCenter.pk.in_(open_to(caller.user)))
    return paginate(session, stmt, args, COST_CENTER_LIST)
