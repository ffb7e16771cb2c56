"""The token endpoint's grants: password, client credentials, anonymous and refresh.

Checks run in the order OrderCloud documents: the client first (known, active, secret,
network), then the user (credentials, lockout, active, company and marketplace active,
allowed through this client, password still valid), then the roles.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mercato.auth import credentials, passwords
from mercato.auth.client_secrets import hash_secret, secret_accepted
from mercato.auth.models import RefreshToken
from mercato.auth.roles import Role
from mercato.auth.tokens import issue_access_token
from mercato.core.errors import ApiError
from mercato.core.ids import generate_id
from mercato.core.tenancy import bind_marketplace
from mercato.core.time import utcnow
from mercato.db import transaction
from mercato.organizations.models import CompanyKind, Marketplace, User
from mercato.security import networks
from mercato.security import service as security_service
from mercato.security.models import ApiClient, ApiClientAssignment

API_ROLES = frozenset(Role)


class OAuthError(ApiError):
    """A refused token request: OAuth's ``error`` fields plus OrderCloud's ``Errors``."""

    def __init__(
        self,
        message: str,
        *,
        code: str,
        error: str = "invalid_grant",
        data: Any = None,
        status: int = 400,
    ) -> None:
        super().__init__(message, code=code, data=data)
        self.error = error
        self.status_code = status

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.message, **super().body()}


@dataclass(frozen=True)
class TokenRequest:
    grant_type: str
    client_id: str
    address: str
    client_secret: str | None = None
    username: str | None = None
    password: str | None = None
    scope: list[str] | None = None  # None: every role the user has
    refresh_token: str | None = None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    refresh_token: str | None = None

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "access_token": self.access_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
        }
        if self.refresh_token:
            body["refresh_token"] = self.refresh_token
        return body


class _WrongPassword(Exception):
    def __init__(self, user_pk: int | None, marketplace_pk: int) -> None:
        self.user_pk = user_pk
        self.marketplace_pk = marketplace_pk


INVALID_CREDENTIALS = OAuthError(
    "The username or password is incorrect.", code="Auth.InvalidUsernameOrPassword"
)


def issue_token(
    factory: sessionmaker[Session], request: TokenRequest, *, issuer: str
) -> IssuedToken:
    """Run one token request in one transaction.

    A wrong password is counted in a transaction of its own, since the request itself
    fails and rolls back.
    """
    try:
        with transaction(factory) as session:
            return _issue(session, request, issuer=issuer)
    except _WrongPassword as wrong:
        if wrong.user_pk is not None:
            with transaction(factory) as session:
                bind_marketplace(session, wrong.marketplace_pk)
                user = session.get(User, wrong.user_pk)
                if user is not None:
                    credentials.record_failed_login(session, user)
        raise INVALID_CREDENTIALS from None


def _issue(session: Session, request: TokenRequest, *, issuer: str) -> IssuedToken:
    client = _authenticate_client(session, request)
    if request.grant_type == "password":
        user = _password_user(session, client, request)
        return _grant(session, client, user, request.scope, issuer=issuer)
    if request.grant_type == "client_credentials":
        # Acting as the default context user takes a secret the client checked; a client
        # without one hands out guest tokens at most, whatever secret is sent.
        if not client.requires_secret and client.is_anon_buyer:
            return _anonymous(session, client, request.scope, issuer=issuer)
        if not client.requires_secret:
            raise OAuthError(
                "client_credentials needs an API client with a secret.",
                code="Auth.InvalidClientSecret",
                error="invalid_client",
            )
        user = _default_context_user(session, client)
        return _grant(session, client, user, request.scope, issuer=issuer)
    if request.grant_type == "refresh_token":
        return _refresh(session, client, request, issuer=issuer)
    raise OAuthError(
        f"Unsupported grant_type {request.grant_type!r}.",
        code="Auth.OauthError",
        error="unsupported_grant_type",
    )


def _authenticate_client(session: Session, request: TokenRequest) -> ApiClient:
    # The client ID is unique across marketplaces: it is what selects the marketplace.
    client = session.scalar(select(ApiClient).where(ApiClient.id == request.client_id))
    if client is None:
        raise OAuthError(
            "The client_id is not a known API client.",
            code="ApiClient.InvalidClientID",
            error="invalid_client",
        )
    bind_marketplace(session, client.marketplace_pk)
    if not client.active:
        raise OAuthError(
            "The API client is not active.", code="Auth.ClientNotActive", error="invalid_client"
        )
    if client.requires_secret and not secret_accepted(client, request.client_secret):
        raise OAuthError(
            "The client secret is missing or wrong.",
            code="Auth.InvalidClientSecret",
            error="invalid_client",
        )
    if not networks.is_allowed(client.allowed_networks, request.address):
        raise OAuthError(
            "This API client may not be used from this network address.",
            code=networks.ADDRESS_NOT_ALLOWED,
            error="invalid_client",
            data={"Address": request.address},
        )
    return client


def _password_user(session: Session, client: ApiClient, request: TokenRequest) -> User:
    if not request.username or not request.password:
        raise OAuthError(
            "Both username and password are required.", code="Auth.UsernameAndPasswordRequired"
        )
    user = session.scalar(select(User).where(User.username_key == request.username.lower()))
    if user is not None and credentials.is_locked(user):
        raise OAuthError(
            "Too many failed logins: the account is locked for now.", code="Auth.LockedOut"
        )
    if user is None or not passwords.verify_password(user.password_hash, request.password):
        raise _WrongPassword(user.pk if user else None, client.marketplace_pk)
    _check_user(session, client, user)
    rules = security_service.password_rules(session, user)
    if rules.expired(user.password_last_set_date, utcnow()):
        raise OAuthError(
            "The password has expired and must be reset.",
            code="Auth.PasswordExpired",
            data=rules.wire(),
        )
    if rules.violations(request.password):
        raise OAuthError(
            "The password no longer meets the password rules and must be reset.",
            code="Auth.InsecurePassword",
            data=rules.wire(),
        )
    credentials.record_successful_login(user)
    return user


def _default_context_user(session: Session, client: ApiClient) -> User:
    username = client.default_context_username
    user = (
        session.scalar(select(User).where(User.username_key == username.lower()))
        if username
        else None
    )
    if user is None:
        raise OAuthError(
            "The API client has no default context user to act as.",
            code="Auth.UserNotFound",
            error="invalid_client",
        )
    _check_user(session, client, user)
    return user


def _check_user(session: Session, client: ApiClient, user: User) -> None:
    if not user.active:
        raise OAuthError("The user is not active.", code="Auth.UserNotActive")
    company = user.company
    if company.kind is not CompanyKind.SELLER and not company.active:
        raise OAuthError("The user's company is not active.", code="Auth.CompanyNotActive")
    marketplace = session.get(Marketplace, client.marketplace_pk)
    if marketplace is None or not marketplace.active:
        raise OAuthError("The marketplace is not active.", code="Auth.SellerNotActive")
    if not _client_allows(session, client, user):
        raise OAuthError(
            f"This API client does not let {company.kind.value} users log in.",
            code="Auth.ClientNotAllowedForUser",
            error="unauthorized_client",
        )


def _client_allows(session: Session, client: ApiClient, user: User) -> bool:
    kind = user.company.kind
    if kind is CompanyKind.SELLER:
        return client.allow_seller
    if (kind is CompanyKind.BUYER and client.allow_any_buyer) or (
        kind is CompanyKind.SUPPLIER and client.allow_any_supplier
    ):
        return True
    assigned = session.scalar(
        select(ApiClientAssignment.pk).where(
            ApiClientAssignment.client_pk == client.pk,
            ApiClientAssignment.company_pk == user.company_pk,
        )
    )
    return assigned is not None


def granted_roles(
    client: ApiClient, available: list[str], requested: list[str] | None
) -> list[str]:
    """The roles a token gets: requested ∩ available, within the client's limits.

    Nothing requested means everything available. Refused when the client's minimum
    required roles are not met.
    """
    have = set(available)
    full = Role.FullAccess in have
    if requested is None:
        granted = set(have)
    else:
        # FullAccess stands for every API role; custom roles must be held by name.
        granted = {r for r in requested if r in have or (full and r in API_ROLES)}
    if client.maximum_granted_roles:
        cap = set(client.maximum_granted_roles)
        cap_all = Role.FullAccess in cap
        granted = {r for r in granted if r not in API_ROLES or cap_all or r in cap}
    if client.maximum_granted_custom_roles:
        cap = set(client.maximum_granted_custom_roles)
        granted = {r for r in granted if r in API_ROLES or r in cap}
    missing = [
        r
        for r in [*client.minimum_required_roles, *client.minimum_required_custom_roles]
        if r not in granted and not (r in API_ROLES and Role.FullAccess in granted)
    ]
    if missing:
        raise OAuthError(
            "The token would lack roles this API client requires.",
            code="Auth.InsufficientRoles",
            data={"MissingRoles": missing},
        )
    return sorted(granted)


def _grant(
    session: Session,
    client: ApiClient,
    user: User,
    requested: list[str] | None,
    *,
    issuer: str,
    anonymous: bool = False,
) -> IssuedToken:
    """A token for ``user``, with a refresh token when the client allows them.

    An anonymous token lasts the client's anonymous duration, is scoped to a new order
    ID and comes without a refresh token.
    """
    available = security_service.available_roles(session, [user])[user.pk]
    minutes = client.anonymous_token_duration if anonymous else client.access_token_duration
    token = issue_access_token(
        session,
        username=user.username,
        client_id=client.id,
        user_pk=user.pk,
        user_type=user.company.kind.value,
        roles=granted_roles(client, available, requested),
        marketplace_id=_marketplace_id(session, client),
        minutes=minutes,
        issuer=issuer,
        order_id=generate_id() if anonymous else None,
    )
    refresh_token = None
    if not anonymous and client.refresh_token_duration > 0:
        refresh_token = secrets.token_urlsafe(32)
        session.add(
            RefreshToken(
                token_hash=hash_secret(refresh_token),
                user_pk=user.pk,
                client_pk=client.pk,
                requested_roles=requested,
                expires=utcnow() + timedelta(minutes=client.refresh_token_duration),
            )
        )
        session.flush()
    return IssuedToken(token, minutes * 60, refresh_token)


def token_for(
    session: Session, client_id: str, user: User, roles: list[str], *, issuer: str
) -> IssuedToken:
    """A token for ``user`` through an API client the caller already holds a token of.

    For a user who has just come into being inside a request (a guest registering), so the
    client's rules (active, which companies it serves, required roles) are checked again.
    """
    client = session.scalar(select(ApiClient).where(ApiClient.id == client_id))
    if client is None or not client.active:
        raise OAuthError("The API client is not active.", code="Auth.ClientNotActive")
    _check_user(session, client, user)
    return _grant(session, client, user, roles, issuer=issuer)


def _marketplace_id(session: Session, client: ApiClient) -> str:
    marketplace = session.get(Marketplace, client.marketplace_pk)
    assert marketplace is not None  # noqa: S101 - a client cannot outlive its marketplace
    return marketplace.id


def _anonymous(
    session: Session, client: ApiClient, requested: list[str] | None, *, issuer: str
) -> IssuedToken:
    """A guest-shopper token: the default context user's roles, scoped to one new order ID."""
    template = _default_context_user(session, client)
    if template.company.kind is not CompanyKind.BUYER:
        raise OAuthError(
            "An anonymous API client needs a buyer user as its default context user.",
            code="ApiClient.RequiredNotAnonBuyer",
            error="invalid_client",
        )
    return _grant(session, client, template, requested, issuer=issuer, anonymous=True)


def _refresh(
    session: Session, client: ApiClient, request: TokenRequest, *, issuer: str
) -> IssuedToken:
    stored = (
        session.scalar(
            select(RefreshToken).where(
                RefreshToken.token_hash == hash_secret(request.refresh_token)
            )
        )
        if request.refresh_token
        else None
    )
    if stored is None or stored.client_pk != client.pk or stored.expires <= utcnow():
        raise OAuthError("The refresh token is invalid or expired.", code="Auth.OauthError")
    user = session.get(User, stored.user_pk)
    assert user is not None  # noqa: S101 - refresh tokens are deleted with their user
    _check_user(session, client, user)
    requested = stored.requested_roles
    # Each refresh token works once: it is replaced by the one issued now.
    session.delete(stored)
    session.flush()
    return _grant(session, client, user, requested, issuer=issuer)
