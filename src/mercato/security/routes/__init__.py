"""Routes of API clients, security profiles, impersonation configs and impersonation.

An API client's named secrets have their own module, `api_client_secrets`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.auth.schemas import AccessToken
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, include, list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations.models import CompanyKind
from mercato.security import api_clients, impersonation, profiles
from mercato.security.routes import api_client_secrets
from mercato.security.routes.roles import (
    CLIENT_READ,
    CLIENT_WRITE,
    CONFIG_ROLES,
    PROFILE_READ,
    PROFILE_WRITE,
)
from mercato.security.schemas import (
    ApiClientAssignment,
    ApiClientPatch,
    ApiClientRead,
    ApiClientWrite,
    ImpersonateTokenRequest,
    ImpersonationConfigPatch,
    ImpersonationConfigRead,
    ImpersonationConfigWrite,
    SecurityProfileAssignment,
    SecurityProfilePatch,
    SecurityProfileRead,
    SecurityProfileWrite,
)

router = APIRouter()
clients = APIRouter(prefix="/apiclients", tags=["ApiClients"])
profile_routes = APIRouter(prefix="/securityprofiles", tags=["SecurityProfiles"])
configs = APIRouter(prefix="/impersonationconfig", tags=["ImpersonationConfigs"])

OptionalId = Annotated[str | None, Query(max_length=100)]


# --- API clients --------------------------------------------------------------------------
@clients.get("/assignments", operation_id="ApiClients.ListAssignments", dependencies=[CLIENT_READ])
def list_client_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ApiClientAssignment]:
    """List which buyers and suppliers may log in through which clients."""
    page = api_clients.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [api_clients.assignment_to_read(r) for r in rows])


@clients.post(
    "/assignments",
    status_code=204,
    operation_id="ApiClients.SaveAssignment",
    dependencies=[CLIENT_WRITE],
)
def save_client_assignment(
    session: SessionDep, caller: CallerDep, body: ApiClientAssignment
) -> Response:
    """Let a buyer's or supplier's users log in through a client."""
    api_clients.save_assignment(session, caller, body)
    return no_content()


@clients.get("", operation_id="ApiClients.List", dependencies=[CLIENT_READ])
def list_clients(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ApiClientRead]:
    """List API clients."""
    page = api_clients.list_clients(session, caller, args)
    return list_page(page, lambda rows: api_clients.to_read(session, list(rows)))


@clients.post("", status_code=201, operation_id="ApiClients.Create", dependencies=[CLIENT_WRITE])
def create_client(session: SessionDep, caller: CallerDep, body: ApiClientWrite) -> ApiClientRead:
    """Create an API client."""
    return api_clients.to_read(session, [api_clients.create_client(session, caller, body)])[0]


@clients.get("/{apiClientID}", operation_id="ApiClients.Get", dependencies=[CLIENT_READ])
def get_client(session: SessionDep, caller: CallerDep, apiClientID: str) -> ApiClientRead:
    """Get an API client; its secret is never shown."""
    return api_clients.to_read(session, [api_clients.get_client(session, caller, apiClientID)])[0]


@clients.put("/{apiClientID}", operation_id="ApiClients.Save", dependencies=[CLIENT_WRITE])
def save_client(
    session: SessionDep, caller: CallerDep, apiClientID: str, body: ApiClientWrite
) -> ApiClientRead:
    """Create or replace an API client."""
    client = api_clients.save_client(session, caller, apiClientID, body)
    return api_clients.to_read(session, [client])[0]


@clients.patch("/{apiClientID}", operation_id="ApiClients.Patch", dependencies=[CLIENT_WRITE])
def patch_client(
    session: SessionDep, caller: CallerDep, apiClientID: str, body: ApiClientPatch
) -> ApiClientRead:
    """Update the API client fields sent."""
    client = api_clients.patch_client(session, caller, apiClientID, body)
    return api_clients.to_read(session, [client])[0]


@clients.delete(
    "/{apiClientID}",
    status_code=204,
    operation_id="ApiClients.Delete",
    dependencies=[CLIENT_WRITE],
)
def delete_client(session: SessionDep, caller: CallerDep, apiClientID: str) -> Response:
    """Delete an API client."""
    api_clients.delete_client(session, caller, apiClientID)
    return no_content()


assignments = APIRouter(tags=["ApiClients"])


@assignments.delete(
    "/buyers/{buyerID}/ApiClients/Assignments/{apiClientID}",
    status_code=204,
    operation_id="ApiClients.DeleteBuyerAssignment",
    dependencies=[CLIENT_WRITE],
)
def delete_buyer_assignment(
    session: SessionDep, caller: CallerDep, buyerID: str, apiClientID: str
) -> Response:
    """Stop a buyer's users logging in through a client."""
    api_clients.delete_assignment(session, caller, apiClientID, CompanyKind.BUYER, buyerID)
    return no_content()


@assignments.delete(
    "/suppliers/{supplierID}/ApiClients/Assignments/{apiClientID}",
    status_code=204,
    operation_id="ApiClients.DeleteSupplierAssignment",
    dependencies=[CLIENT_WRITE],
)
def delete_supplier_assignment(
    session: SessionDep, caller: CallerDep, supplierID: str, apiClientID: str
) -> Response:
    """Stop a supplier's users logging in through a client."""
    api_clients.delete_assignment(session, caller, apiClientID, CompanyKind.SUPPLIER, supplierID)
    return no_content()


# --- security profiles ----------------------------------------------------------------------
@profile_routes.get(
    "/assignments",
    operation_id="SecurityProfiles.ListAssignments",
    dependencies=[PROFILE_WRITE],
)
def list_profile_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[SecurityProfileAssignment]:
    """List where security profiles are assigned."""
    page = profiles.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [profiles.assignment_to_read(r) for r in rows])


@profile_routes.post(
    "/assignments",
    status_code=204,
    operation_id="SecurityProfiles.SaveAssignment",
    dependencies=[PROFILE_WRITE],
)
def save_profile_assignment(
    session: SessionDep, caller: CallerDep, body: SecurityProfileAssignment
) -> Response:
    """Assign a profile to the marketplace, a company, a user group or a user."""
    profiles.save_assignment(session, caller, body)
    return no_content()


@profile_routes.get("", operation_id="SecurityProfiles.List", dependencies=[PROFILE_READ])
def list_profiles(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[SecurityProfileRead]:
    """List security profiles."""
    return list_page(profiles.list_profiles(session, caller, args), each(SecurityProfileRead))


@profile_routes.post(
    "", status_code=201, operation_id="SecurityProfiles.Create", dependencies=[PROFILE_WRITE]
)
def create_profile(
    session: SessionDep, caller: CallerDep, body: SecurityProfileWrite
) -> SecurityProfileRead:
    """Create a security profile."""
    return SecurityProfileRead.model_validate(profiles.create_profile(session, caller, body))


@profile_routes.get(
    "/{securityProfileID}", operation_id="SecurityProfiles.Get", dependencies=[PROFILE_READ]
)
def get_profile(
    session: SessionDep, caller: CallerDep, securityProfileID: str
) -> SecurityProfileRead:
    """Get a security profile."""
    return SecurityProfileRead.model_validate(
        profiles.get_profile(session, caller, securityProfileID)
    )


@profile_routes.put(
    "/{securityProfileID}", operation_id="SecurityProfiles.Save", dependencies=[PROFILE_WRITE]
)
def save_profile(
    session: SessionDep, caller: CallerDep, securityProfileID: str, body: SecurityProfileWrite
) -> SecurityProfileRead:
    """Create or replace a security profile."""
    return SecurityProfileRead.model_validate(
        profiles.save_profile(session, caller, securityProfileID, body)
    )


@profile_routes.patch(
    "/{securityProfileID}", operation_id="SecurityProfiles.Patch", dependencies=[PROFILE_WRITE]
)
def patch_profile(
    session: SessionDep, caller: CallerDep, securityProfileID: str, body: SecurityProfilePatch
) -> SecurityProfileRead:
    """Update the security profile fields sent."""
    return SecurityProfileRead.model_validate(
        profiles.patch_profile(session, caller, securityProfileID, body)
    )


@profile_routes.delete(
    "/{securityProfileID}",
    status_code=204,
    operation_id="SecurityProfiles.Delete",
    dependencies=[PROFILE_WRITE],
)
def delete_profile(session: SessionDep, caller: CallerDep, securityProfileID: str) -> Response:
    """Delete a security profile and its assignments."""
    profiles.delete_profile(session, caller, securityProfileID)
    return no_content()


@profile_routes.delete(
    "/{securityProfileID}/assignments",
    status_code=204,
    operation_id="SecurityProfiles.DeleteAssignment",
    dependencies=[PROFILE_WRITE],
)
def delete_profile_assignment(
    session: SessionDep,
    caller: CallerDep,
    securityProfileID: str,
    buyerID: OptionalId = None,
    supplierID: OptionalId = None,
    userID: OptionalId = None,
    userGroupID: OptionalId = None,
) -> Response:
    """Remove one assignment of a profile."""
    body = SecurityProfileAssignment(
        security_profile_id=securityProfileID,
        buyer_id=buyerID,
        supplier_id=supplierID,
        user_id=userID,
        user_group_id=userGroupID,
    )
    profiles.delete_assignment(session, caller, securityProfileID, body)
    return no_content()


# --- impersonation --------------------------------------------------------------------------
@configs.get("", operation_id="ImpersonationConfigs.List", dependencies=[CONFIG_ROLES])
def list_configs(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ImpersonationConfigRead]:
    """List impersonation configs."""
    page = impersonation.list_configs(session, caller, args)
    return list_page(page, lambda rows: [impersonation.to_read(r) for r in rows])


@configs.post(
    "", status_code=201, operation_id="ImpersonationConfigs.Create", dependencies=[CONFIG_ROLES]
)
def create_config(
    session: SessionDep, caller: CallerDep, body: ImpersonationConfigWrite
) -> ImpersonationConfigRead:
    """Create an impersonation config."""
    return impersonation.to_read(impersonation.create_config(session, caller, body))


@configs.get(
    "/{impersonationConfigID}",
    operation_id="ImpersonationConfigs.Get",
    dependencies=[CONFIG_ROLES],
)
def get_config(
    session: SessionDep, caller: CallerDep, impersonationConfigID: str
) -> ImpersonationConfigRead:
    """Get an impersonation config."""
    return impersonation.to_read(impersonation.get_config(session, caller, impersonationConfigID))


@configs.put(
    "/{impersonationConfigID}",
    operation_id="ImpersonationConfigs.Save",
    dependencies=[CONFIG_ROLES],
)
def save_config(
    session: SessionDep,
    caller: CallerDep,
    impersonationConfigID: str,
    body: ImpersonationConfigWrite,
) -> ImpersonationConfigRead:
    """Create or replace an impersonation config."""
    config = impersonation.save_config(session, caller, impersonationConfigID, body)
    return impersonation.to_read(config)


@configs.patch(
    "/{impersonationConfigID}",
    operation_id="ImpersonationConfigs.Patch",
    dependencies=[CONFIG_ROLES],
)
def patch_config(
    session: SessionDep,
    caller: CallerDep,
    impersonationConfigID: str,
    body: ImpersonationConfigPatch,
) -> ImpersonationConfigRead:
    """Update the impersonation config fields sent."""
    config = impersonation.patch_config(session, caller, impersonationConfigID, body)
    return impersonation.to_read(config)


@configs.delete(
    "/{impersonationConfigID}",
    status_code=204,
    operation_id="ImpersonationConfigs.Delete",
    dependencies=[CONFIG_ROLES],
)
def delete_config(session: SessionDep, caller: CallerDep, impersonationConfigID: str) -> Response:
    """Delete an impersonation config."""
    impersonation.delete_config(session, caller, impersonationConfigID)
    return no_content()


impersonate = APIRouter(tags=["Users"])


@impersonate.post(
    "/buyers/{buyerID}/users/{userID}/accesstoken",
    operation_id="Users.GetAccessToken",
    dependencies=[requires(Role.BuyerImpersonation)],
    response_model_exclude_none=True,
)
def get_access_token(
    request: Request,
    session: SessionDep,
    caller: CallerDep,
    buyerID: str,
    userID: str,
    body: ImpersonateTokenRequest,
) -> AccessToken:
    """A token that acts as this buyer user, within an impersonation config."""
    token, expires_in = impersonation.impersonation_token(
        session,
        caller,
        buyer_id=buyerID,
        user_id=userID,
        data=body,
        issuer=request.app.state.issuer,
    )
    return AccessToken(access_token=token, expires_in=expires_in)


for part in (
    clients,
    api_client_secrets.router,
    assignments,
    profile_routes,
    configs,
    impersonate,
):
    include(router, part)
