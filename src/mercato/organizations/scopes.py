"""Where the IDs of a company's users, user groups and addresses are unique."""

from sqlalchemy import BindParameter, Select, select

from mercato.core.resources import Scope
from mercato.organizations.models import Address, Company, User, UserGroup, UserGroupMember


def users_of(company: Company) -> Scope[User]:
    return Scope(User, "User", (User.company_pk == company.pk,))


def groups_of(company: Company) -> Scope[UserGroup]:
    return Scope(UserGroup, "UserGroup", (UserGroup.company_pk == company.pk,))


def addresses_of(company: Company) -> Scope[Address]:
    return Scope(Address, "Address", (Address.company_pk == company.pk,))


def group_pks_of(user_pk: int | BindParameter[int]) -> Select[int]:
    """The pks of the user groups a user belongs to, as a subquery.

    ``user_pk`` may be a bind parameter, for statements built once and run per caller.
    """
    return select(UserGroupMember.group_pk).where(UserGroupMember.user_pk == user_pk)
