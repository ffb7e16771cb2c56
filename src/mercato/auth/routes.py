"""OAuth routes at the root (/oauth/...) and the caller's own routes under /v1."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from mercato.auth import grants, me, ratelimit, reset
from mercato.auth.dependencies import CallerDep, SessionDep, authenticated, requires
from mercato.auth.roles import Role
from mercato.auth.schemas import (
    AccessToken,
    MeUser,
    PasswordReset,
    PasswordResetRequest,
    TokenPasswordReset,
)
from mercato.auth.tokens import public_jwk
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations.schemas import UserGroupRead, UserPatch, UserWrite
from mercato.security.networks import client_address

oauth = APIRouter(prefix="/oauth", tags=["Auth"])
me_router = APIRouter(prefix="/me", tags=["Me"])
passwords_router = APIRouter(tags=["ForgottenCredentials"])

_FORM = "application/x-www-form-urlencoded"
_TOKEN_FORM_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            _FORM: {
                "schema": {
                    "type": "object",
                    "required": ["grant_type", "client_id"],
                    "properties": {
                        name: {"type": "string"}
                        for name in (
                            "grant_type",
                            "client_id",
                            "client_secret",
                            "username",
                            "password",
                            "scope",
                            "refresh_token",
                            "anonuserid",
                        )
                    },
                }
            }
        },
    }
}


async def _form(request: Request) -> dict[str, str]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != _FORM:
        raise ApiError(
            f"The token endpoint takes {_FORM} bodies.", code="Request.InvalidContentType"
        )
    return dict(parse_qsl((await request.body()).decode("utf-8", "replace")))


def _address(request: Request) -> str:
    return client_address(request, request.app.state.settings.trusted_proxies)


def _limit(request: Request, *keys: str) -> None:
    settings = request.app.state.settings
    limits = [(f"addr:{_address(request)}", settings.auth_rate_per_address)]
    limits += [(key, settings.auth_rate_per_username) for key in keys if key]
    ratelimit.hit(request.app.state.session_factory, limits)


@oauth.post(
    "/token",
    operation_id="Auth.Token",
    response_model=AccessToken,
    response_model_exclude_none=True,
    openapi_extra=_TOKEN_FORM_SCHEMA,
)
def token(request: Request, form: Annotated[dict[str, str], Depends(_form)]) -> JSONResponse:
    """Issue an access token (grants: password, client_credentials, refresh_token)."""
    client_id = form.get("client_id", "")
    username = form.get("username", "").lower()
    _limit(request, f"user:{client_id}:{username}" if username else "")
    scope = form.get("scope", "").split()
    issued = grants.issue_token(
        request.app.state.session_factory,
        grants.TokenRequest(
            grant_type=form.get("grant_type", ""),
            client_id=client_id,
            address=_address(request),
            client_secret=form.get("client_secret") or None,
            username=form.get("username"),
            password=form.get("password"),
            scope=scope or None,
            refresh_token=form.get("refresh_token"),
        ),
        issuer=request.app.state.issuer,
    )
    return JSONResponse(issued.wire(), headers={"Cache-Control": "no-store"})


@oauth.get("/certs/{kid}", operation_id="Auth.Certs")
def certs(session: SessionDep, kid: str) -> dict[str, Any]:
    """The public key that verifies tokens signed with ``kid``, as a JWK."""
    jwk = public_jwk(session, kid)
    if jwk is None:
        raise NotFound("SigningKey", kid)
    return jwk


@me_router.get("", operation_id="Me.Get", dependencies=[authenticated()])
def get_me(session: SessionDep, caller: CallerDep) -> MeUser:
    """The caller with its company."""
    return me.read_me(session, caller)


@me_router.put("", operation_id="Me.Save", dependencies=[requires(Role.MeAdmin)])
def save_me(session: SessionDep, caller: CallerDep, body: UserWrite) -> MeUser:
    """Replace the caller's own profile."""
    return me.save_me(session, caller, body)


@me_router.patch("", operation_id="Me.Patch", dependencies=[requires(Role.MeAdmin)])
def patch_me(session: SessionDep, caller: CallerDep, body: UserPatch) -> MeUser:
    """Update the caller's own profile fields sent."""
    return me.patch_me(session, caller, body)


@me_router.post(
    "/password",
    status_code=204,
    operation_id="Me.ResetPasswordByToken",
    dependencies=[requires(Role.PasswordReset)],
)
def reset_password_by_token(
    session: SessionDep, caller: CallerDep, body: TokenPasswordReset
) -> Response:
    """Set a new password for the caller."""
    me.change_password(session, caller, body.new_password)
    return no_content()


@me_router.get("/usergroups", operation_id="Me.ListUserGroups", dependencies=[authenticated()])
def list_my_user_groups(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[UserGroupRead]:
    """The groups the caller belongs to."""
    return list_page(me.list_my_groups(session, caller, args), each(UserGroupRead))


@me_router.delete(
    "/tokens", status_code=204, operation_id="Me.RevokeTokens", dependencies=[authenticated()]
)
def revoke_my_tokens(session: SessionDep, caller: CallerDep) -> Response:
    """Revoke every token of the caller, this one included."""
    me.revoke_my_tokens(session, caller)
    return no_content()


@passwords_router.post(
    "/password/reset", status_code=204, operation_id="ForgottenCredentials.SendVerificationCode"
)
def send_verification_code(
    request: Request, session: SessionDep, body: PasswordResetRequest
) -> Response:
    """Send a password reset code to the user; answers alike whether or not one matched."""
    _limit(request, f"reset:{body.client_id}:{(body.username or body.email or '').lower()}")
    reset.request_code(
        session,
        client_id=body.client_id,
        username=body.username,
        email=body.email,
        url=body.url,
        sender=request.app.state.reset_sender,
    )
    return no_content()


@passwords_router.put(
    "/password/reset/{verificationCode}",
    status_code=204,
    operation_id="ForgottenCredentials.ResetPasswordByVerificationCode",
)
def reset_password_by_code(
    request: Request, session: SessionDep, verificationCode: str, body: PasswordReset
) -> Response:
    """Set a new password with a code from SendVerificationCode."""
    _limit(request, f"reset:{body.client_id}:{(body.username or '').lower()}")
    reset.reset_with_code(
        session,
        code=verificationCode,
        client_id=body.client_id,
        username=body.username,
        password=body.password,
    )
    return no_content()
