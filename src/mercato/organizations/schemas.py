"""Wire models of buyers, suppliers, users, user groups and addresses."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.core.schemas import ApiModel, UtcDateTime, Xp

Id = Annotated[str | None, Field(default=None, max_length=100)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Text100 = Annotated[str | None, Field(default=None, max_length=100)]


class BuyerWrite(ApiModel):
    id: Id = None
    name: Name
    default_catalog_id: Id = None
    active: bool = False
    xp: Xp = None


class BuyerRead(BuyerWrite):
    date_created: UtcDateTime


class SupplierWrite(ApiModel):
    id: Id = None
    name: Name
    active: bool = False
    all_buyers_can_order: bool = False
    xp: Xp = None


class SupplierRead(SupplierWrite):
    date_created: UtcDateTime


class BuyerSupplier(ApiModel):
    """A company a buyer can order from (``/buyers/{id}/sellers``)."""

    id: str
    name: str


class UserWrite(ApiModel):
    id: Id = None
    username: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str | None, Field(default=None, max_length=100)] = None
    first_name: Name
    last_name: Name
    email: Annotated[str, Field(min_length=1, max_length=200)]
    phone: Text100 = None
    terms_accepted: UtcDateTime | None = None
    active: bool
    xp: Xp = None


class UserRead(ApiModel):
    id: str
    company_id: str
    username: str
    first_name: str
    last_name: str
    email: str
    phone: str | None
    terms_accepted: UtcDateTime | None
    active: bool
    xp: Xp
    available_roles: list[str]
    locale: None = None
    date_created: UtcDateTime | None
    last_active: UtcDateTime | None
    password_last_set_date: UtcDateTime | None
    failed_login_attempts: int


class UserGroupWrite(ApiModel):
    id: Id = None
    name: Name
    description: Annotated[str | None, Field(default=None, max_length=2000)] = None
    xp: Xp = None


class UserGroupRead(UserGroupWrite):
    id: str


class UserGroupAssignment(ApiModel):
    user_group_id: Annotated[str, Field(min_length=1, max_length=100)]
    user_id: Annotated[str, Field(min_length=1, max_length=100)]


class AddressWrite(ApiModel):
    id: Id = None
    company_name: Text100 = None
    first_name: Text100 = None
    last_name: Text100 = None
    street1: Name
    street2: Text100 = None
    city: Name
    state: Text100 = None
    zip: Text100 = None
    country: Annotated[str, Field(min_length=1, max_length=2)]
    phone: Text100 = None
    address_name: Text100 = None
    xp: Xp = None


class AddressRead(AddressWrite):
    id: str
    date_created: UtcDateTime | None


class AddressAssignment(ApiModel):
    address_id: Annotated[str, Field(min_length=1, max_length=100)]
    user_id: Id = None
    user_group_id: Id = None
    is_shipping: bool = False
    is_billing: bool = False


class BuyerPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    default_catalog_id: Id = None
    active: bool | None = None
    xp: Xp = None


class SupplierPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    active: bool | None = None
    all_buyers_can_order: bool | None = None
    xp: Xp = None


class UserPatch(ApiModel):
    id: Id = None
    username: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    password: Annotated[str | None, Field(default=None, max_length=100)] = None
    first_name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    last_name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    email: Annotated[str | None, Field(default=None, min_length=1, max_length=200)] = None
    phone: Text100 = None
    terms_accepted: UtcDateTime | None = None
    active: bool | None = None
    xp: Xp = None


class UserGroupPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    description: Annotated[str | None, Field(default=None, max_length=2000)] = None
    xp: Xp = None


class AddressPatch(ApiModel):
    id: Id = None
    company_name: Text100 = None
    first_name: Text100 = None
    last_name: Text100 = None
    street1: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    street2: Text100 = None
    city: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    state: Text100 = None
    zip: Text100 = None
    country: Annotated[str | None, Field(default=None, min_length=1, max_length=2)] = None
    phone: Text100 = None
    address_name: Text100 = None
    xp: Xp = None


class BuyerAddressWrite(AddressWrite):
    """A buyer user's private address (``/me/addresses``) and what it may be used for."""

    shipping: bool = False
    billing: bool = False


class BuyerAddressRead(AddressRead):
    shipping: bool
    billing: bool
    editable: bool


class BuyerAddressPatch(AddressPatch):
    shipping: bool | None = None
    billing: bool | None = None
