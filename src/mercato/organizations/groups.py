"""User groups of every company and their memberships."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.organizations import access
from mercato.organizations.models import Company, User, UserGroup, UserGroupMember
from mercato.organizations.schemas import UserGroupAssignment, UserGroupPatch, UserGroupWrite
from mercato.organizations.scopes import groups_of, users_of
from mercato.purchasing.models import ApprovalRule, SellerApprovalRule

GROUP_LIST = ListSpec(
    fields={"ID": UserGroup.id, "Name": UserGroup.name, "Description": UserGroup.description},
    search=("ID", "Name", "Description"),
    sort=("Name", "ID"),
    tiebreak=UserGroup.pk,
    xp=UserGroup.xp,
    params=frozenset({"userid"}),
)
MEMBER_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=UserGroupMember.pk,
    params=frozenset({"usergroupid", "userid"}),
)


def member_pks(company: Company, group_id: str) -> Select[int]:
    """Subquery: the users in one group of the company."""
    return (
        select(UserGroupMember.user_pk)
        .join(UserGroup, UserGroup.pk == UserGroupMember.group_pk)
        .where(UserGroup.company_pk == company.pk, UserGroup.id == group_id)
    )


def list_groups(
    session: Session, *, caller: Caller, company: Company, args: ListArgs
) -> Page[UserGroup]:
    access.check_read(caller, company)
    stmt = groups_of(company).query()
    user_id = args.filter_value("userID")
    if user_id:
        stmt = stmt.where(
            UserGroup.pk.in_(
                select(UserGroupMember.group_pk)
                .join(User, User.pk == UserGroupMember.user_pk)
                .where(User.company_pk == company.pk, User.id == user_id)
            )
        )
    return paginate(session, stmt, args, GROUP_LIST)


def get_group(session: Session, *, caller: Caller, company: Company, group_id: str) -> UserGroup:
    access.check_read(caller, company)
    return groups_of(company).get(session, group_id)


def create_group(
    session: Session, *, caller: Caller, company: Company, data: UserGroupWrite
) -> UserGroup:
    access.check_write(caller, company)
    return resources.create(
        session, groups_of(company), data.model_dump(by_alias=False), company_pk=company.pk
    )


def save_group(
    session: Session, *, caller: Caller, company: Company, group_id: str, data: UserGroupWrite
) -> UserGroup:
    access.check_write(caller, company)
    scope = groups_of(company)
    values: dict[str, Any] = {**data.model_dump(by_alias=False), "id": data.id or group_id}
    group = scope.find(session, group_id)
    if group is None:
        return resources.create(session, scope, values, company_pk=company.pk)
    return resources.replace(session, scope, group, values)


def patch_group(
    session: Session, *, caller: Caller, company: Company, group_id: str, data: UserGroupPatch
) -> UserGroup:
    access.check_write(caller, company)
    scope = groups_of(company)
    group = scope.get(session, group_id)
    return resources.patch(session, scope, group, resources.patch_values(data, UserGroupWrite))


def delete_group(session: Session, *, caller: Caller, company: Company, group_id: str) -> None:
    access.check_write(caller, company)
    group = groups_of(company).get(session, group_id)
    for rule in (ApprovalRule, SellerApprovalRule):
        if session.scalar(select(rule.pk).where(rule.approving_group_pk == group.pk).limit(1)):
            raise ApiError(
                f"User group {group_id} approves orders under an approval rule; change or "
                "delete the rule first.",
                code="UserGroup.CannotDeleteApprovingGroup",
            )
    session.delete(group)
    session.flush()


def list_memberships(
    session: Session, *, caller: Caller, company: Company, args: ListArgs
) -> Page[UserGroupMember]:
    access.check_read(caller, company)
    stmt = (
        select(UserGroupMember)
        .join(UserGroup, UserGroup.pk == UserGroupMember.group_pk)
        .join(User, User.pk == UserGroupMember.user_pk)
        .where(UserGroup.company_pk == company.pk)
    )
    if group_id := args.filter_value("userGroupID"):
        stmt = stmt.where(UserGroup.id == group_id)
    if user_id := args.filter_value("userID"):
        stmt = stmt.where(User.id == user_id)
    return paginate(session, stmt, args, MEMBER_LIST)


def save_membership(
    session: Session, *, caller: Caller, company: Company, data: UserGroupAssignment
) -> None:
    access.check_write(caller, company)
    group = groups_of(company).get(session, data.user_group_id)
    user = users_of(company).get(session, data.user_id)
    exists = session.scalar(
        select(UserGroupMember.pk).where(
            UserGroupMember.group_pk == group.pk, UserGroupMember.user_pk == user.pk
        )
    )
    if exists is None:
        session.add(UserGroupMember(group_pk=group.pk, user_pk=user.pk))
        session.flush()


def delete_membership(
    session: Session, *, caller: Caller, company: Company, group_id: str, user_id: str
) -> None:
    access.check_write(caller, company)
    group = groups_of(company).get(session, group_id)
    user = users_of(company).get(session, user_id)
    member = session.scalars(
        select(UserGroupMember).where(
            UserGroupMember.group_pk == group.pk, UserGroupMember.user_pk == user.pk
        )
    ).first()
    if member is None:
        raise NotFound("UserGroupAssignment", f"{group_id}/{user_id}")
    session.delete(member)
    session.flush()


def drop_memberships(session: Session, user: User) -> None:
    session.execute(delete(UserGroupMember).where(UserGroupMember.user_pk == user.pk))
