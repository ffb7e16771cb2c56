"""The caller's own account: ``/me``, its groups, its password and its tokens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth import credentials
from mercato.auth.dependencies import Caller
from mercato.auth.roles import Role
from mercato.auth.schemas import MeBuyer, MeCompany, MeUser
from mercato.core.errors import Forbidden
from mercato.core.listing import ListArgs, Page, paginate
from mercato.organizations import users
from mercato.organizations.groups import GROUP_LIST
from mercato.organizations.models import CompanyKind, UserGroup
from mercato.organizations.schemas import UserPatch, UserWrite
from mercato.organizations.scopes import group_pks_of


def read_me(session: Session, caller: Caller) -> MeUser:
    base = users.to_read(session, [caller.user])[0]
    company = caller.company
    me = MeUser.model_validate({**base.model_dump(), "company_id": company.id})
    if company.kind is CompanyKind.BUYER:
        me.buyer = MeBuyer(id=company.id, default_catalog_id=company.default_catalog_id)
    elif company.kind is CompanyKind.SUPPLIER:
        me.supplier = MeCompany(id=company.id)
    else:
        me.seller = MeCompany(id=company.id)
    return me


def _check_can_change_self(caller: Caller, *, sets_xp: bool) -> None:
    if caller.is_guest:
        raise Forbidden(
            "Anonymous shoppers cannot change the account they browse as.",
            code="Auth.AnonUserProhibited",
        )
    if sets_xp and not caller.roles & {Role.FullAccess, Role.MeXpAdmin}:
        raise Forbidden("Changing your own xp needs the MeXpAdmin role.", code="User.XPNotAllowed")


def save_me(session: Session, caller: Caller, data: UserWrite) -> MeUser:
    _check_can_change_self(caller, sets_xp=data.xp is not None and data.xp != caller.user.xp)
    users.save_user(
        session,
        caller=caller,
        company=caller.company,
        user_id=caller.user.id,
        data=data,
        self_service=True,
    )
    return read_me(session, caller)


def patch_me(session: Session, caller: Caller, data: UserPatch) -> MeUser:
    _check_can_change_self(caller, sets_xp="xp" in data.model_fields_set)
    users.patch_user(
        session,
        caller=caller,
        company=caller.company,
        user_id=caller.user.id,
        data=data,
        self_service=True,
    )
    return read_me(session, caller)


def change_password(session: Session, caller: Caller, new_password: str) -> None:
    _check_can_change_self(caller, sets_xp=False)
    credentials.set_password(session, caller.user, new_password, self_service=True)


def list_my_groups(session: Session, caller: Caller, args: ListArgs) -> Page[UserGroup]:
    mine = group_pks_of(caller.user.pk)
    return paginate(session, select(UserGroup).where(UserGroup.pk.in_(mine)), args, GROUP_LIST)


def revoke_my_tokens(session: Session, caller: Caller) -> None:
    credentials.revoke_tokens(session, caller.user)
