"""Impersonation configs and impersonation tokens.

A config says who may impersonate (``Impersonation*`` IDs; None = anyone) whom (``BuyerID``,
``GroupID``, ``UserID``; None = any), through which API client, and with at most the roles
of which security profile. The token acts as the impersonated buyer user and carries the
impersonator's internal ID in ``imp`` so what it does can be traced back.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.auth.grants import granted_roles
from mercato.auth.tokens import issue_access_token
from mercato.core import resources
from mercato.core.errors import ApiError, Forbidden, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.organizations import access, companies
from mercato.organizations.models import Company, CompanyKind, User, UserGroup, UserGroupMember
from mercato.organizations.scopes import users_of
from mercato.security.models import ApiClient, ApiClientAssignment, ImpersonationConfig
from mercato.security.profiles import PROFILES
from mercato.security.schemas import (
    ImpersonateTokenRequest,
    ImpersonationConfigPatch,
    ImpersonationConfigRead,
    ImpersonationConfigWrite,
)

log = logging.getLogger("mercato.audit")
CONFIGS = Scope(ImpersonationConfig, "ImpersonationConfig")
_PARTY_FIELDS = (
    "impersonation_buyer_id",
    "impersonation_group_id",
    "impersonation_user_id",
    "buyer_id",
    "group_id",
    "user_id",
)
CONFIG_LIST = ListSpec(
    fields={
        "ID": ImpersonationConfig.id,
        "ImpersonationBuyerID": ImpersonationConfig.impersonation_buyer_id,
        "ImpersonationGroupID": ImpersonationConfig.impersonation_group_id,
        "ImpersonationUserID": ImpersonationConfig.impersonation_user_id,
        "BuyerID": ImpersonationConfig.buyer_id,
        "GroupID": ImpersonationConfig.group_id,
        "UserID": ImpersonationConfig.user_id,
    },
    search=("ID", "BuyerID", "UserID", "GroupID"),
    sort=("ID", "BuyerID", "UserID", "GroupID"),
    tiebreak=ImpersonationConfig.pk,
)


def to_read(config: ImpersonationConfig) -> ImpersonationConfigRead:
    return ImpersonationConfigRead.model_validate(
        {
            **{f: getattr(config, f) for f in _PARTY_FIELDS},
            "id": config.id,
            "security_profile_id": config.profile.id,
            "client_id": config.client.id,
        }
    )


def _values(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if values.get("security_profile_id") is not None:
        values["profile_pk"] = PROFILES.get(session, values.pop("security_profile_id")).pk
    values.pop("security_profile_id", None)
    if values.get("client_id") is not None:
        client_id = values.pop("client_id")
        client = session.scalar(select(ApiClient).where(ApiClient.id == client_id))
        if client is None:
            raise NotFound("ApiClient", client_id)
        values["client_pk"] = client.pk
    values.pop("client_id", None)
    return values


def _check_unique(session: Session, config: ImpersonationConfig) -> None:
    same = select(ImpersonationConfig).where(
        ImpersonationConfig.pk != config.pk,
        ImpersonationConfig.client_pk == config.client_pk,
        *[
            getattr(ImpersonationConfig, f).is_(None)
            if getattr(config, f) is None
            else getattr(ImpersonationConfig, f) == getattr(config, f)
            for f in _PARTY_FIELDS
        ],
    )
    if session.scalars(same).first() is not None:
        raise ApiError(
            "An impersonation config for the same parties and client exists.",
            code="ImpersonationConfig.ConflictingImpersonationConfigExists",
        )


def list_configs(session: Session, caller: Caller, args: ListArgs) -> Page[ImpersonationConfig]:
    access.check_seller(caller)
    return paginate(session, CONFIGS.query(), args, CONFIG_LIST)


def get_config(session: Session, caller: Caller, config_id: str) -> ImpersonationConfig:
    access.check_seller(caller)
    return CONFIGS.get(session, config_id)


def create_config(
    session: Session, caller: Caller, data: ImpersonationConfigWrite
) -> ImpersonationConfig:
    access.check_seller(caller)
    config = resources.create(session, CONFIGS, _values(session, data.model_dump(by_alias=False)))
    _check_unique(session, config)
    return config


def save_config(
    session: Session, caller: Caller, config_id: str, data: ImpersonationConfigWrite
) -> ImpersonationConfig:
    access.check_seller(caller)
    values = _values(session, data.model_dump(by_alias=False))
    config = resources.save(session, CONFIGS, config_id, values)
    _check_unique(session, config)
    return config


def patch_config(
    session: Session, caller: Caller, config_id: str, data: ImpersonationConfigPatch
) -> ImpersonationConfig:
    access.check_seller(caller)
    config = CONFIGS.get(session, config_id)
    values = resources.patch_values(data, ImpersonationConfigWrite)
    for required in ("security_profile_id", "client_id"):
        if required in values and values[required] is None:
            values.pop(required)
    resources.patch(session, CONFIGS, config, _values(session, values))
    session.refresh(config)
    _check_unique(session, config)
    return config


def delete_config(session: Session, caller: Caller, config_id: str) -> None:
    access.check_seller(caller)
    session.delete(CONFIGS.get(session, config_id))
    session.flush()


def _group_ids(session: Session, user: User) -> set[str]:
    return set(
        session.scalars(
            select(UserGroup.id)
            .join(UserGroupMember, UserGroupMember.group_pk == UserGroup.pk)
            .where(UserGroupMember.user_pk == user.pk)
        )
    )


def _matches(
    config: ImpersonationConfig,
    *,
    caller: Caller,
    caller_groups: set[str],
    buyer: Company,
    target: User,
    target_groups: set[str],
) -> bool:
    impersonator_buyer = caller.company.id if caller.kind is CompanyKind.BUYER else None
    checks = [
        config.impersonation_buyer_id in (None, impersonator_buyer),
        config.impersonation_group_id is None or config.impersonation_group_id in caller_groups,
        config.impersonation_user_id in (None, caller.user.id),
        config.buyer_id in (None, buyer.id),
        config.group_id is None or config.group_id in target_groups,
        config.user_id in (None, target.id),
    ]
    return all(checks)


def impersonation_token(
    session: Session,
    caller: Caller,
    *,
    buyer_id: str,
    user_id: str,
    data: ImpersonateTokenRequest,
    issuer: str,
) -> tuple[str, int]:
    """A token acting as buyer user ``user_id``, for the caller to use."""
    if caller.kind is CompanyKind.SUPPLIER:
        access.check_seller(caller)
    buyer = companies.get_company(session, caller, CompanyKind.BUYER, buyer_id)
    target = users_of(buyer).get(session, user_id)
    client = session.scalar(select(ApiClient).where(ApiClient.id == data.client_id))
    if client is None:
        raise ApiError(
            f"API client {data.client_id} not found.", code="Impersonation.ClientIDNotFound"
        )
    assigned = client.allow_any_buyer or session.scalar(
        select(ApiClientAssignment.pk).where(
            ApiClientAssignment.client_pk == client.pk, ApiClientAssignment.company_pk == buyer.pk
        )
    )
    if not assigned:
        raise ApiError(
            f"Buyer {buyer.id} may not log in through API client {client.id}.",
            code="Impersonation.BuyerNotAssigned",
        )
    caller_groups = _group_ids(session, caller.user)
    target_groups = _group_ids(session, target)
    configs = session.scalars(
        select(ImpersonationConfig).where(ImpersonationConfig.client_pk == client.pk)
    ).all()
    matching = [
        c
        for c in configs
        if _matches(
            c,
            caller=caller,
            caller_groups=caller_groups,
            buyer=buyer,
            target=target,
            target_groups=target_groups,
        )
    ]
    if not matching:
        raise Forbidden(
            "No impersonation config lets you impersonate this user through this client.",
            code="Impersonation.ConfigError",
        )
    allowed: set[str] = set()
    for config in matching:
        allowed.update(config.profile.roles, config.profile.custom_roles)
    requested = [str(r) for r in data.roles] + list(data.custom_roles)
    roles = granted_roles(client, sorted(allowed), requested)
    log.info(
        "user %s (pk %s) took an impersonation token for %s (pk %s)",
        caller.user.id,
        caller.user.pk,
        target.id,
        target.pk,
    )
    token = issue_access_token(
        session,
        username=target.username,
        client_id=client.id,
        user_pk=target.pk,
        user_type=CompanyKind.BUYER.value,
        roles=roles,
        marketplace_id=caller.marketplace.id,
        minutes=client.access_token_duration,
        issuer=issuer,
        impersonator_pk=caller.user.pk,
    )
    return token, client.access_token_duration * 60
