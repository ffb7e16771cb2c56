"""Request context: the database session, the caller behind the token, and role checks.

Every route receives what it needs from these dependencies; nothing reads globals.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from mercato.auth.roles import Role
from mercato.auth.tokens import decode_access_token
from mercato.core.errors import Forbidden, Unauthorized
from mercato.core.idempotency import held_session
from mercato.core.tenancy import bind_marketplace
from mercato.db import transaction
from mercato.organizations.models import Company, CompanyKind, Marketplace, User
from mercato.security import networks
from mercato.security.models import ApiClient

audit = logging.getLogger("mercato.audit")


async def _session(request: Request) -> AsyncIterator[Session]:
    held = held_session(request.scope)
    if held is not None:
        # An Idempotency-Key request: the middleware commits this transaction together with
        # the answer it records, or rolls it back.
        yield held
        return
    # async, so that a request waiting for a slot waits on the event loop (see core.slots).
    # Opening the session does no I/O; committing does, so it runs in a worker thread.
    async with request.app.state.db_slots:
        scope = transaction(request.app.state.session_factory)
        session = scope.__enter__()
        try:
            yield session
        except BaseException as exc:
            # A rollback: brief, and done here so that a cancelled request still does it.
            scope.__exit__(type(exc), exc, exc.__traceback__)
            raise
        await run_in_threadpool(scope.__exit__, None, None, None)


# scope="function": the transaction commits when the route function returns and before the
# response goes out, so a client never sees a 2xx for a write that did not commit (with an
# Idempotency-Key the middleware commits, likewise before anything is sent).
SessionDep = Annotated[Session, Depends(_session, scope="function")]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="oauth/token", scheme_name="OAuth2", auto_error=False)


@dataclass(frozen=True)
class Caller:
    """Who is calling: the user, its company and marketplace, and the roles on the token."""

    marketplace: Marketplace
    user: User
    company: Company
    roles: frozenset[str]
    client_id: str
    # The internal ID of the user who asked for an impersonation token, if this is one.
    impersonator_pk: int | None = None
    # Set on anonymous (guest shopper) tokens: the one order the token may work on.
    anonymous_order_id: str | None = None

    @property
    def kind(self) -> CompanyKind:
        return self.company.kind

    @property
    def is_guest(self) -> bool:
        """An anonymous (guest shopper) token, scoped to one order of the template user."""
        return self.anonymous_order_id is not None

    @property
    def is_seller(self) -> bool:
        return self.company.kind is CompanyKind.SELLER


def _caller(
    request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Caller:
    # FastAPI caches a dependency per set of security scopes, so the route's CallerDep and
    # the one inside requires(...) would each check the token and load the caller again.
    # Kept on the session: the caller's rows belong to it, and it is bound to its tenant.
    known: Caller | None = session.info.get("caller")
    if known is None:
        known = session.info["caller"] = _load_caller(request, session, token)
    return known


# One statement for the token's marketplace and, within it, its user and API client; built
# once, as every authenticated request runs it.
_CALLER_ROWS = (
    select(Marketplace, User, ApiClient)
    .outerjoin(User, and_(User.pk == bindparam("user_pk"), User.marketplace_pk == Marketplace.pk))
    .outerjoin(
        ApiClient,
        and_(ApiClient.id == bindparam("client_id"), ApiClient.marketplace_pk == Marketplace.pk),
    )
    .where(Marketplace.id == bindparam("marketplace_id"))
)


def _load_caller(request: Request, session: Session, token: str | None) -> Caller:
    if not token:
        raise Unauthorized("An access token is required.", code="NoAccessToken")
    claims = decode_access_token(session, token, audience=request.app.state.issuer)
    params = {
        "marketplace_id": claims.marketplace_id,
        "user_pk": claims.user_pk,
        "client_id": claims.client_id,
    }
    found = session.execute(_CALLER_ROWS, params).first()
    if found is None:
        raise Unauthorized("Access token is invalid or expired.")
    marketplace, user, client = found
    bind_marketplace(session, marketplace.pk)
    if user is None or client is None:
        raise Unauthorized("Access token is invalid or expired.")
    valid_after = user.tokens_valid_after
    if valid_after is not None and claims.issued_at <= valid_after.timestamp():
        raise Unauthorized("Access token has been revoked.", code="Auth.TokenRevoked")
    address = networks.client_address(request, request.app.state.settings.trusted_proxies)
    if not networks.is_allowed(client.allowed_networks, address):
        raise Forbidden(
            "This API client may not be used from this network address.",
            code=networks.ADDRESS_NOT_ALLOWED,
            data={"Address": address},
        )
    if claims.impersonator_pk is not None and request.method != "GET":
        # Writes made with an impersonation token are attributed to the real person.
        audit.info(
            "%s %s by user pk %s impersonating user pk %s",
            request.method,
            request.url.path,
            claims.impersonator_pk,
            user.pk,
        )
    return Caller(
        marketplace=marketplace,
        user=user,
        company=user.company,
        roles=frozenset(claims.roles),
        client_id=claims.client_id,
        impersonator_pk=claims.impersonator_pk,
        anonymous_order_id=claims.order_id,
    )


CallerDep = Annotated[Caller, Depends(_caller)]


# async, though it only compares sets, so that FastAPI runs it on the event loop rather than
# in a worker thread (see list_args_dependency).
async def _authorize(scopes: SecurityScopes, caller: CallerDep) -> Caller:
    if not caller.roles.intersection(scopes.scopes):
        raise Forbidden(
            "The caller lacks every role that grants this operation.",
            data={"SufficientRoles": list(scopes.scopes), "AssignedRoles": sorted(caller.roles)},
        )
    return caller


def requires(*roles: Role) -> Any:
    """Declare the roles that grant a route; FullAccess always does."""
    return Security(_authorize, scopes=[Role.FullAccess, *roles])


def authenticated() -> Any:
    """Declare a route open to any valid token, whatever its roles."""
    return Security(_caller)
