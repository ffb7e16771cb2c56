"""Wire models of API clients, security profiles, their assignments and impersonation."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.auth.roles import Role
from mercato.core.schemas import ApiModel, UtcDateTime, Xp

Id = Annotated[str | None, Field(default=None, max_length=100)]
RoleList = Annotated[list[Role], Field(max_length=200)]
CustomRoleList = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=100)]],
    Field(max_length=200),
]


class ApiClientWrite(ApiModel):
    # The ID is the OAuth client_id; it may be chosen on create like any other ID.
    id: Id = None
    app_name: Annotated[str, Field(min_length=1, max_length=100)]
    # Write-only: only a hash is stored, so reads never show it.
    client_secret: Annotated[str | None, Field(default=None, min_length=1, max_length=200)] = None
    access_token_duration: Annotated[int, Field(ge=10, le=600)]
    refresh_token_duration: Annotated[int, Field(ge=0, le=524160)] = 0
    anonymous_token_duration: Annotated[int, Field(ge=10, le=524160)] = 10080
    active: bool = False
    default_context_user_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    allow_any_buyer: bool = False
    allow_any_supplier: bool = False
    allow_seller: bool = False
    is_anon_buyer: bool = False
    minimum_required_roles: RoleList = Field(default_factory=list)
    minimum_required_custom_roles: CustomRoleList = Field(default_factory=list)
    maximum_granted_roles: RoleList = Field(default_factory=list)
    maximum_granted_custom_roles: CustomRoleList = Field(default_factory=list)
    # Mercato's extension: CIDR networks the client may be used from; empty = anywhere.
    allowed_networks: Annotated[
        list[Annotated[str, Field(max_length=64)]], Field(max_length=100)
    ] = Field(default_factory=list)
    xp: Xp = None


class ApiClientRead(ApiClientWrite):
    id: str
    client_secret: None = None
    assigned_buyer_count: int = 0
    assigned_supplier_count: int = 0


class ApiClientPatch(ApiModel):
    id: Id = None
    app_name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    client_secret: Annotated[str | None, Field(default=None, max_length=200)] = None
    access_token_duration: Annotated[int | None, Field(default=None, ge=10, le=600)] = None
    refresh_token_duration: Annotated[int | None, Field(default=None, ge=0, le=524160)] = None
    anonymous_token_duration: Annotated[int | None, Field(default=None, ge=10, le=524160)] = None
    active: bool | None = None
    default_context_user_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    allow_any_buyer: bool | None = None
    allow_any_supplier: bool | None = None
    allow_seller: bool | None = None
    is_anon_buyer: bool | None = None
    minimum_required_roles: list[Role] | None = None
    minimum_required_custom_roles: list[str] | None = None
    maximum_granted_roles: list[Role] | None = None
    maximum_granted_custom_roles: list[str] | None = None
    allowed_networks: list[str] | None = None
    xp: Xp = None


class ApiClientSecretWrite(ApiModel):
    id: Id = None
    name: Annotated[str, Field(min_length=1, max_length=100)]
    expiration: UtcDateTime | None = None


class ApiClientSecretRead(ApiClientSecretWrite):
    id: str


class ApiClientSecretCreateResponse(ApiClientSecretRead):
    # The only answer that carries the secret: just its hash is kept.
    client_secret: str


class ApiClientSecretPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    expiration: UtcDateTime | None = None


class ApiClientAssignment(ApiModel):
    api_client_id: Annotated[str, Field(max_length=100)]
    buyer_id: Id = None
    supplier_id: Id = None


class PasswordConfig(ApiModel):
    limit_password_reuse: Annotated[int | None, Field(default=None, ge=0, le=100)] = None
    max_consecutive_dupe_chars: Annotated[int | None, Field(default=None, ge=0, le=24)] = None
    maximum_password_age: Annotated[int | None, Field(default=None, ge=1, le=365)] = None
    minimum_password_age: Annotated[int | None, Field(default=None, ge=0, le=60)] = None
    allowed_failed_attempts: Annotated[int | None, Field(default=None, ge=1, le=100)] = None
    lockout_duration: Annotated[int | None, Field(default=None, ge=0, le=1440)] = None
    upper_case_required: bool = False
    lower_case_required: bool = False
    special_character_required: bool = False
    numeric_required: bool = False
    minimum_character_count: Annotated[int | None, Field(default=None, ge=0, le=100)] = None


class SecurityProfileWrite(ApiModel):
    id: Id = None
    name: Annotated[str, Field(min_length=1, max_length=100)]
    roles: RoleList = Field(default_factory=list)
    custom_roles: CustomRoleList = Field(default_factory=list)
    password_config: PasswordConfig | None = None


class SecurityProfileRead(SecurityProfileWrite):
    id: str
    is_external_role_group: bool = False


class SecurityProfilePatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    roles: list[Role] | None = None
    custom_roles: list[str] | None = None
    password_config: PasswordConfig | None = None


class SecurityProfileAssignment(ApiModel):
    security_profile_id: Annotated[str, Field(max_length=100)]
    buyer_id: Id = None
    supplier_id: Id = None
    user_id: Id = None
    user_group_id: Id = None


class ImpersonationConfigWrite(ApiModel):
    id: Id = None
    impersonation_buyer_id: Id = None
    impersonation_group_id: Id = None
    impersonation_user_id: Id = None
    buyer_id: Id = None
    group_id: Id = None
    user_id: Id = None
    security_profile_id: Annotated[str, Field(max_length=100)]
    client_id: Annotated[str, Field(max_length=100)]


class ImpersonationConfigRead(ImpersonationConfigWrite):
    id: str


class ImpersonationConfigPatch(ApiModel):
    id: Id = None
    impersonation_buyer_id: Id = None
    impersonation_group_id: Id = None
    impersonation_user_id: Id = None
    buyer_id: Id = None
    group_id: Id = None
    user_id: Id = None
    security_profile_id: Id = None
    client_id: Id = None


class ImpersonateTokenRequest(ApiModel):
    client_id: Annotated[str, Field(max_length=100)]
    roles: list[Role]
    custom_roles: CustomRoleList = Field(default_factory=list)
