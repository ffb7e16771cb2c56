"""Named secrets of an API client: the value is shown once, on create, and only hashed after.

They let a client rotate secrets without downtime: create a new one, move the callers
over, delete the old one. The token endpoint accepts any unexpired one besides the
client's inline ClientSecret (``mercato.auth.client_secrets``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mercato.auth.client_secrets import hash_secret, new_secret
from mercato.auth.dependencies import Caller
from mercato.core import locks, resources
from mercato.core.errors import ApiError, ValidationFailure
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.time import utcnow
from mercato.organizations import access
from mercato.security.api_clients import CLIENTS
from mercato.security.models import ApiClient, ApiClientSecret
from mercato.security.schemas import (
    ApiClientSecretCreateResponse,
    ApiClientSecretPatch,
    ApiClientSecretRead,
    ApiClientSecretWrite,
)

# Mercato's cap (OrderCloud documents the error, not its number): enough for a rotation
# with a few callers on their own secrets, few enough that each token request stays cheap.
MAX_SECRETS_PER_CLIENT = 5

SECRET_LIST = ListSpec(
    fields={
        "ID": ApiClientSecret.id,
        "Name": ApiClientSecret.name,
        "Expiration": ApiClientSecret.expiration,
    },
    search=("ID",),
    sort=("ID",),
    tiebreak=ApiClientSecret.pk,
)


def _secrets_of(client: ApiClient) -> Scope[ApiClientSecret]:
    # Secret IDs are unique within their client, as the route nests them.
    return Scope(ApiClientSecret, "ApiClientSecret", (ApiClientSecret.client_pk == client.pk,))


def _client(session: Session, caller: Caller, client_id: str) -> ApiClient:
    access.check_seller(caller)
    return CLIENTS.get(session, client_id)


def _check_expiration(expiration: datetime | None) -> None:
    if expiration is not None and expiration <= utcnow():
        raise ValidationFailure(
            "Expiration",
            "Expiration must be in the future.",
            code="ApiClientSecret.InvalidExpirationDate",
        )


def list_secrets(
    session: Session, caller: Caller, client_id: str, args: ListArgs
) -> Page[ApiClientSecret]:
    client = _client(session, caller, client_id)
    return paginate(session, _secrets_of(client).query(), args, SECRET_LIST)


def get_secret(session: Session, caller: Caller, client_id: str, secret_id: str) -> ApiClientSecret:
    return _secrets_of(_client(session, caller, client_id)).get(session, secret_id)


def create_secret(
    session: Session, caller: Caller, client_id: str, data: ApiClientSecretWrite
) -> ApiClientSecretCreateResponse:
    """Generate a secret; the answer is the only place its value ever appears."""
    client = _client(session, caller, client_id)
    _check_expiration(data.expiration)
    # Two concurrent creates must not both see room for one more.
    locks.hold(session, ApiClient, client.pk)
    held = session.scalar(select(func.count()).where(ApiClientSecret.client_pk == client.pk))
    if (held or 0) >= MAX_SECRETS_PER_CLIENT:
        raise ApiError(
            f"An API client holds at most {MAX_SECRETS_PER_CLIENT} secrets; delete one first.",
            code="ApiClientSecret.MaximumClientSecretsReached",
            data={"MaximumClientSecrets": MAX_SECRETS_PER_CLIENT},
        )
    secret = new_secret()
    row = resources.create(
        session,
        _secrets_of(client),
        data.model_dump(by_alias=False),
        client_pk=client.pk,
        secret_hash=hash_secret(secret),
    )
    read = ApiClientSecretRead.model_validate(row)
    return ApiClientSecretCreateResponse(**read.model_dump(by_alias=False), client_secret=secret)


def patch_secret(
    session: Session, caller: Caller, client_id: str, secret_id: str, data: ApiClientSecretPatch
) -> ApiClientSecret:
    """Rename, re-ID or re-date a secret; its value never changes."""
    scope = _secrets_of(_client(session, caller, client_id))
    row = scope.get(session, secret_id)
    values = resources.patch_values(data, ApiClientSecretWrite)
    if "expiration" in values:
        _check_expiration(values["expiration"])
    return resources.patch(session, scope, row, values)


def delete_secret(session: Session, caller: Caller, client_id: str, secret_id: str) -> None:
    row = _secrets_of(_client(session, caller, client_id)).get(session, secret_id)
    session.delete(row)
    session.flush()
