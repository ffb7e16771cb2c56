"""Routes of an API client's named secrets (``/apiclients/{apiClientID}/secrets``).

Not ``core.crud``: OrderCloud offers no PUT here, and the create answer is its own model.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage
from mercato.security import api_client_secrets as service
from mercato.security.routes.roles import CLIENT_READ, CLIENT_WRITE
from mercato.security.schemas import (
    ApiClientSecretCreateResponse,
    ApiClientSecretPatch,
    ApiClientSecretRead,
    ApiClientSecretWrite,
)

router = APIRouter(prefix="/apiclients/{apiClientID}/secrets", tags=["ApiClients"])


@router.get("", operation_id="ApiClients.ListSecrets", dependencies=[CLIENT_READ])
def list_secrets(
    session: SessionDep, caller: CallerDep, apiClientID: str, args: ListArgsDep
) -> ListPage[ApiClientSecretRead]:
    """List an API client's secrets, never their values."""
    page = service.list_secrets(session, caller, apiClientID, args)
    return list_page(page, each(ApiClientSecretRead))


@router.post(
    "", status_code=201, operation_id="ApiClients.CreateSecret", dependencies=[CLIENT_WRITE]
)
def create_secret(
    session: SessionDep, caller: CallerDep, apiClientID: str, body: ApiClientSecretWrite
) -> ApiClientSecretCreateResponse:
    """Generate a secret; this answer is the only one that shows its value."""
    return service.create_secret(session, caller, apiClientID, body)


@router.get("/{apiClientSecretID}", operation_id="ApiClients.GetSecret", dependencies=[CLIENT_READ])
def get_secret(
    session: SessionDep, caller: CallerDep, apiClientID: str, apiClientSecretID: str
) -> ApiClientSecretRead:
    """Get one secret of an API client, without its value."""
    secret = service.get_secret(session, caller, apiClientID, apiClientSecretID)
    return ApiClientSecretRead.model_validate(secret)


@router.patch(
    "/{apiClientSecretID}", operation_id="ApiClients.PatchSecret", dependencies=[CLIENT_WRITE]
)
def patch_secret(
    session: SessionDep,
    caller: CallerDep,
    apiClientID: str,
    apiClientSecretID: str,
    body: ApiClientSecretPatch,
) -> ApiClientSecretRead:
    """Update a secret's ID, Name or Expiration; its value never changes."""
    secret = service.patch_secret(session, caller, apiClientID, apiClientSecretID, body)
    return ApiClientSecretRead.model_validate(secret)


@router.delete(
    "/{apiClientSecretID}",
    status_code=204,
    operation_id="ApiClients.DeleteSecret",
    dependencies=[CLIENT_WRITE],
)
def delete_secret(
    session: SessionDep, caller: CallerDep, apiClientID: str, apiClientSecretID: str
) -> Response:
    """Delete a secret: tokens can no longer be requested with it."""
    service.delete_secret(session, caller, apiClientID, apiClientSecretID)
    return no_content()
