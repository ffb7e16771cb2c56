"""Users of every company: admin users, buyer users and supplier users share one model."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mercato.auth import credentials
from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.errors import ApiError
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.schemas import fields_of
from mercato.organizations import access, groups
from mercato.organizations.models import Company, CompanyKind, User
from mercato.organizations.schemas import UserPatch, UserRead, UserWrite
from mercato.organizations.scopes import users_of
from mercato.security import service as security_service
from mercato.security.models import ApiClient

USER_LIST = ListSpec(
    fields={
        "ID": User.id,
        "Username": User.username,
        "FirstName": User.first_name,
        "LastName": User.last_name,
        "Email": User.email,
        "Phone": User.phone,
        "Active": User.active,
        "DateCreated": User.date_created,
        "LastActive": User.last_active,
        "PasswordLastSetDate": User.password_last_set_date,
        "TermsAccepted": User.terms_accepted,
        "CompanyID": Company.id,
    },
    search=("ID", "Username", "LastName", "FirstName", "Email"),
    sort=(
        "LastName",
        "FirstName",
        "Username",
        "ID",
        "Email",
        "DateCreated",
        "LastActive",
        "PasswordLastSetDate",
    ),
    tiebreak=User.pk,
    xp=User.xp,
    params=frozenset({"usergroupid"}),
)


def to_read(session: Session, users: Sequence[User]) -> list[UserRead]:
    roles = security_service.available_roles(session, users)
    return [
        UserRead.model_validate(
            {**fields_of(u, UserRead), "company_id": u.company.id, "available_roles": roles[u.pk]}
        )
        for u in users
    ]


def list_users(session: Session, *, caller: Caller, company: Company, args: ListArgs) -> Page[User]:
    access.check_read(caller, company)
    stmt = select(User).join(User.company).where(User.company_pk == company.pk)
    group_id = args.filter_value("userGroupID")
    if group_id:
        stmt = stmt.where(User.pk.in_(groups.member_pks(company, group_id)))
    return paginate(session, stmt, args, USER_LIST)


def list_buyer_users(session: Session, *, caller: Caller, args: ListArgs) -> Page[User]:
    """Buyer users across every buyer the caller may see."""
    stmt = select(User).join(User.company).where(Company.kind == CompanyKind.BUYER)
    # A buyer user sees its own buyer's users; sellers and suppliers may read every buyer.
    if caller.kind is CompanyKind.BUYER:
        stmt = stmt.where(Company.pk == caller.company.pk)
    return paginate(session, stmt, args, USER_LIST)


def get_user(session: Session, *, caller: Caller, company: Company, user_id: str) -> User:
    access.check_read(caller, company)
    return users_of(company).get(session, user_id)


def _with_password(
    session: Session, user: User, password: str | None, *, self_service: bool = False
) -> User:
    # Set after the row exists: the rules depend on the profiles that reach the user.
    if password is not None:
        credentials.set_password(session, user, password, self_service=self_service)
    return user


def _check_username(session: Session, username: str, current: User | None) -> str:
    key = username.lower()
    holder = session.scalar(select(User).where(User.username_key == key))
    if holder is not None and holder is not current:
        raise ApiError(
            f"Username {username} is already taken in this marketplace.",
            code="User.UsernameMustBeUnique",
            data={"Username": username},
        )
    return key


def create_user(session: Session, *, caller: Caller, company: Company, data: UserWrite) -> User:
    access.check_write(caller, company)
    return add_user(session, company, data)


def add_user(session: Session, company: Company, data: UserWrite) -> User:
    """A new user of ``company``; whoever calls has already decided it may be added."""
    values = data.model_dump(by_alias=False)
    password = values.pop("password")
    values["username_key"] = _check_username(session, data.username, None)
    user = resources.create(session, users_of(company), values, company_pk=company.pk)
    return _with_password(session, user, password)


def save_user(
    session: Session,
    *,
    caller: Caller,
    company: Company,
    user_id: str,
    data: UserWrite,
    self_service: bool = False,
) -> User:
    access.check_write(caller, company)
    scope = users_of(company)
    user = scope.find(session, user_id)
    values = {**data.model_dump(by_alias=False), "id": data.id or user_id}
    # A PUT without a password keeps the current one: it is write-only and never echoed back.
    password = values.pop("password")
    values["username_key"] = _check_username(session, data.username, user)
    if user is None:
        user = resources.create(session, scope, values, company_pk=company.pk)
    else:
        resources.replace(session, scope, user, values)
    return _with_password(session, user, password, self_service=self_service)


def patch_user(
    session: Session,
    *,
    caller: Caller,
    company: Company,
    user_id: str,
    data: UserPatch,
    self_service: bool = False,
) -> User:
    access.check_write(caller, company)
    scope = users_of(company)
    user = scope.get(session, user_id)
    values = resources.patch_values(data, UserWrite)
    password = values.pop("password", None)
    if "username" in values:
        values["username_key"] = _check_username(session, values["username"], user)
    resources.patch(session, scope, user, values)
    return _with_password(session, user, password, self_service=self_service)


def delete_user(session: Session, *, caller: Caller, company: Company, user_id: str) -> None:
    access.check_write(caller, company)
    user = users_of(company).get(session, user_id)
    _check_not_default_context_user(session, user, "User.CannotDeleteDefaultContextUser")
    session.delete(user)
    session.flush()


def _check_not_default_context_user(session: Session, user: User, code: str) -> None:
    # Client-credentials and anonymous logins act as this user; without it they break.
    client_id = session.scalar(
        select(ApiClient.id).where(
            func.lower(ApiClient.default_context_username) == user.username_key
        )
    )
    if client_id is not None:
        raise ApiError(
            f"User {user.id} is the default context user of API client {client_id}.",
            code=code,
            data={"ApiClientID": client_id},
        )


def revoke_tokens(session: Session, *, caller: Caller, company: Company, user_id: str) -> None:
    access.check_write(caller, company)
    credentials.revoke_tokens(session, users_of(company).get(session, user_id))


def unlock(session: Session, *, caller: Caller, company: Company, user_id: str) -> None:
    access.check_write(caller, company)
    credentials.unlock(session, users_of(company).get(session, user_id))


def move_user(
    session: Session, *, caller: Caller, buyer: Company, user_id: str, new_buyer: Company
) -> User:
    """Move a buyer user to another buyer; its group memberships stay behind."""
    access.check_seller(caller)
    user = users_of(buyer).get(session, user_id)
    _check_not_default_context_user(session, user, "User.CannotMoveDefaultContextUser")
    if users_of(new_buyer).find(session, user.id) is not None:
        raise ApiError(
            f"Buyer {new_buyer.id} already has a user with ID {user.id}.",
            code="User.IDMustBeUniqueInNewBuyer",
            data={"UserID": user.id},
        )
    groups.drop_memberships(session, user)
    user.company_pk = new_buyer.pk
    user.company = new_buyer
    session.flush()
    return user
