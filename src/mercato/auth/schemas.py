"""Wire models of the token endpoint, the current user and password resets."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from mercato.core.schemas import ApiModel
from mercato.organizations.schemas import UserRead

Text = Annotated[str | None, Field(default=None, max_length=200)]


class AccessToken(BaseModel):
    """The token endpoint's answer; OAuth's snake_case names, not OrderCloud's."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
    refresh_token: str | None = None


class MeBuyer(ApiModel):
    id: str
    default_catalog_id: str | None


class MeCompany(ApiModel):
    id: str


class MeUser(UserRead):
    """The caller, with the company it belongs to under Buyer, Supplier or Seller."""

    buyer: MeBuyer | None = None
    supplier: MeCompany | None = None
    seller: MeCompany | None = None


class TokenPasswordReset(ApiModel):
    new_password: Annotated[str, Field(max_length=100)]


class PasswordResetRequest(ApiModel):
    client_id: Text = None
    email: Text = None
    username: Text = None
    url: Annotated[str | None, Field(default=None, alias="URL", max_length=2000)] = None


class PasswordReset(ApiModel):
    client_id: Text = None
    username: Text = None
    password: Annotated[str | None, Field(default=None, max_length=100)] = None
