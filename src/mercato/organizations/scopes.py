"""Where the IDs of a company's users, user groups and addresses are unique."""

from mercato.core.resources import Scope
from mercato.organizations.models import Address, Company, User, UserGroup


def users_of(company: Company) -> Scope[User]:
    return Scope(User, "User", (User.company_pk == company.pk,))


def groups_of(company: Company) -> Scope[UserGroup]:
    return Scope(UserGroup, "UserGroup", (UserGroup.company_pk == company.pk,))


def addresses_of(company: Company) -> Scope[Address]:
    return Scope(Address, "Address", (Address.company_pk == company.pk,))
