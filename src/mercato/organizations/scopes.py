"""Where the IDs of a company's users, user groups and addresses are unique."""

from sqlalchemy import Select, select

from mercato.core.resources import Scope
from mercato.organizations.models import Address, Company, User, UserGroup, UserGroupMember


def users_of(company: Company) -> Scope[User]:
    return Scope(User, "User", (User.company_pk == company.pk,))


def groups_of(company: Company) -> Scope[UserGroup]:
    return Scope(UserGroup, "UserGroup", (UserGroup.company_pk == company.pk,))


def addresses_of(company: Company) -> Scope[Address]:
    return Scope(Address, "Address", (Address.company_pk == company.pk,))


def group_pks_of(user: User) -> Select[int]:
    """The pks of the user groups ``user`` belongs to, as a subquery."""
    return select(UserGroupMember.group_pk).where(UserGroupMember.user_pk == user.pk)
