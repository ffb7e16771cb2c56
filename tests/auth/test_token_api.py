"""POST /oauth/token: grants, scopes, the login-failure matrix, lockout and refresh."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
import pytest
from sqlalchemy import select

from mercato.auth.passwords import hash_password
from mercato.core.tenancy import bind_marketplace
from mercato.core.time import utcnow
from mercato.db import transaction
from mercato.organizations.models import Marketplace, User
from tests.factories import ADMIN_PASSWORD, Tenant, bearer, unique

PASSWORD = "Buyer-Passw0rd"


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def roles_of(token: str) -> set[str]:
    role = claims(token)["role"]
    return {role} if isinstance(role, str) else set(role)


def buyer_user(tenant: Tenant, **fields: Any) -> tuple[str, dict[str, Any]]:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users", Password=PASSWORD, **fields)
    return buyer, user


def error_of(response: Any) -> str:
    body = response.json()
    assert response.status_code == 400, response.text
    assert body["error"]
    assert body["error_description"]
    code: str = body["Errors"][0]["ErrorCode"]
    return code


def test_password_grant_returns_a_bearer_jwt_with_ordercloud_claims(tenant: Tenant) -> None:
    response = tenant.login(tenant.admin_username, ADMIN_PASSWORD)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 600 * 60
    assert body["refresh_token"]
    assert response.headers["cache-control"] == "no-store"
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "RS256"
    assert header["kid"]
    c = claims(body["access_token"])
    assert c["usr"] == tenant.admin_username
    assert c["cid"] == tenant.client_id
    assert c["usrtype"] == "admin"
    assert c["role"] == "FullAccess"  # a single role travels as a bare string
    assert c["iss"] == c["aud"] == "http://testserver"
    assert c["exp"] - c["nbf"] == 600 * 60


def test_token_from_the_endpoint_is_accepted_by_the_api(tenant: Tenant) -> None:
    token = tenant.login(tenant.admin_username, ADMIN_PASSWORD).json()["access_token"]

    response = tenant.client.get("/v1/me", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["Username"] == tenant.admin_username
    assert response.json()["Seller"] == {"ID": tenant.marketplace_id}


def test_scope_grants_requested_roles_the_user_has_and_drops_the_rest(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper", "MeAdmin"], custom=["VIP"], BuyerID=buyer)

    token = tenant.login(
        user["Username"],
        PASSWORD,
        client_id=tenant.shared_client_id,
        scope="Shopper OrderAdmin VIP Gold",
    )

    assert roles_of(token.json()["access_token"]) == {"Shopper", "VIP"}


def test_omitted_scope_grants_every_available_role(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper", "MeAdmin"], custom=["VIP"], BuyerID=buyer)

    token = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).json()[
        "access_token"
    ]

    assert roles_of(token) == {"Shopper", "MeAdmin", "VIP"}


def test_full_access_holder_gets_the_specific_roles_it_asks_for(tenant: Tenant) -> None:
    token = tenant.login(tenant.admin_username, ADMIN_PASSWORD, scope="BuyerReader OrderAdmin")

    assert roles_of(token.json()["access_token"]) == {"BuyerReader", "OrderAdmin"}


def test_buyer_token_without_roles_is_forbidden_with_the_role_lists(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper"], BuyerID=buyer)
    token = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).json()[
        "access_token"
    ]

    response = tenant.client.get("/v1/buyers", headers=bearer(token))

    assert response.status_code == 403
    error = response.json()["Errors"][0]
    assert error["ErrorCode"] == "InsufficientRoles"
    assert set(error["Data"]["SufficientRoles"]) == {"FullAccess", "BuyerAdmin", "BuyerReader"}
    assert error["Data"]["AssignedRoles"] == ["Shopper"]


# --- the login-failure matrix ----------------------------------------------------------


def test_unknown_client_is_refused(tenant: Tenant) -> None:
    response = tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id="nope")
    assert error_of(response) == "ApiClient.InvalidClientID"
    assert response.json()["error"] == "invalid_client"


def test_inactive_client_is_refused(tenant: Tenant) -> None:
    client = tenant.api_client(Active=False)
    response = tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id=client["ID"])
    assert error_of(response) == "Auth.ClientNotActive"


@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_client_with_secret_requires_it_on_every_grant(tenant: Tenant, secret: str | None) -> None:
    client = tenant.api_client(ClientSecret="s3cret-value-long-enough")
    extra = {} if secret is None else {"client_secret": secret}
    response = tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id=client["ID"], **extra)
    assert error_of(response) == "Auth.InvalidClientSecret"

    ok = tenant.login(
        tenant.admin_username,
        ADMIN_PASSWORD,
        client_id=client["ID"],
        client_secret="s3cret-value-long-enough",
    )
    assert ok.status_code == 200


def test_missing_username_or_password_is_refused(tenant: Tenant) -> None:
    assert error_of(tenant.login("", ADMIN_PASSWORD)) == "Auth.UsernameAndPasswordRequired"
    assert error_of(tenant.login(tenant.admin_username, "")) == "Auth.UsernameAndPasswordRequired"


def test_wrong_password_and_unknown_user_get_the_same_answer(tenant: Tenant) -> None:
    wrong = tenant.login(tenant.admin_username, "Wrong-Passw0rd")
    unknown = tenant.login("nobody-" + unique("u"), ADMIN_PASSWORD)

    assert error_of(wrong) == error_of(unknown) == "Auth.InvalidUsernameOrPassword"
    assert wrong.json() == unknown.json()


def test_inactive_user_is_refused(tenant: Tenant) -> None:
    _, user = buyer_user(tenant, Active=False)
    response = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id)
    assert error_of(response) == "Auth.UserNotActive"


def test_user_of_inactive_buyer_is_refused(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.admin.patch(f"/buyers/{buyer}", {"Active": False})
    response = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id)
    assert error_of(response) == "Auth.CompanyNotActive"


def test_user_type_the_client_does_not_allow_is_refused(tenant: Tenant) -> None:
    _, user = buyer_user(tenant)
    # The Default Access client of `mercato init` lets admin users in, not buyers.
    response = tenant.login(user["Username"], PASSWORD)

    assert error_of(response) == "Auth.ClientNotAllowedForUser"
    assert response.json()["error"] == "unauthorized_client"


def test_client_assignment_lets_one_buyer_in(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    _, other = buyer_user(tenant)
    client = tenant.api_client(AllowAnyBuyer=False)
    assigned = tenant.admin.post(
        "/apiclients/assignments", {"ApiClientID": client["ID"], "BuyerID": buyer}
    )
    assert assigned.status_code == 204

    assert tenant.login(user["Username"], PASSWORD, client_id=client["ID"]).status_code == 200
    refused = tenant.login(other["Username"], PASSWORD, client_id=client["ID"])
    assert error_of(refused) == "Auth.ClientNotAllowedForUser"


def test_expired_password_is_refused_with_the_rules(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    client = tenant.api_client()
    profile = tenant.profile(["Shopper"], password_config={"MaximumPasswordAge": 1})
    tenant.assign(profile, BuyerID=buyer)
    _age_password(tenant, user["Username"], days=2)

    response = tenant.login(user["Username"], PASSWORD, client_id=client["ID"])

    assert error_of(response) == "Auth.PasswordExpired"
    assert response.json()["Errors"][0]["Data"]["MaximumPasswordAge"] == 1


def test_password_that_no_longer_meets_stricter_rules_is_refused(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    client = tenant.api_client()
    profile = tenant.profile(["Shopper"], password_config={"SpecialCharacterRequired": True})
    tenant.assign(profile, BuyerID=buyer)
    plain = "Plainpassw0rd"
    assert tenant.admin.patch(f"/buyers/{buyer}/users/{user['ID']}", {"Password": "X-" + plain})
    _set_hash(tenant, user["Username"], plain)

    response = tenant.login(user["Username"], plain, client_id=client["ID"])

    assert error_of(response) == "Auth.InsecurePassword"
    assert response.json()["Errors"][0]["Data"]["SpecialCharacterRequired"] is True


def test_too_many_failures_lock_the_account_until_unlocked(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    client = tenant.api_client()
    profile = tenant.profile(["Shopper"], password_config={"AllowedFailedAttempts": 3})
    tenant.assign(profile, BuyerID=buyer)

    for _ in range(3):
        wrong = tenant.login(user["Username"], "Wrong-Passw0rd", client_id=client["ID"])
        assert error_of(wrong) == "Auth.InvalidUsernameOrPassword"
    locked = tenant.login(user["Username"], PASSWORD, client_id=client["ID"])
    assert error_of(locked) == "Auth.LockedOut"
    shown = tenant.admin.get(f"/buyers/{buyer}/users/{user['ID']}").json()
    assert shown["FailedLoginAttempts"] == 3

    unlocked = tenant.admin.post(f"/buyers/{buyer}/users/{user['ID']}/unlock")
    assert unlocked.status_code == 201
    assert tenant.login(user["Username"], PASSWORD, client_id=client["ID"]).status_code == 200


def test_success_resets_the_failure_count(tenant: Tenant) -> None:
    tenant.login(tenant.admin_username, "Wrong-Passw0rd")
    assert tenant.login(tenant.admin_username, ADMIN_PASSWORD).status_code == 200

    me = tenant.admin.get("/me").json()
    assert me["FailedLoginAttempts"] == 0
    assert me["LastActive"] is not None


def test_client_minimum_roles_must_be_met(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper"], BuyerID=buyer)
    client = tenant.api_client(MinimumRequiredRoles=["OrderAdmin"])

    response = tenant.login(user["Username"], PASSWORD, client_id=client["ID"])

    assert error_of(response) == "Auth.InsufficientRoles"


def test_client_maximum_roles_cap_the_token(tenant: Tenant) -> None:
    client = tenant.api_client(MaximumGrantedRoles=["BuyerReader", "MeAdmin"])

    token = tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id=client["ID"])

    # FullAccess is not in the cap, so only the capped roles it implies are requested.
    assert roles_of(token.json()["access_token"]) == set()
    token = tenant.login(
        tenant.admin_username,
        ADMIN_PASSWORD,
        client_id=client["ID"],
        scope="BuyerReader ProductAdmin",
    )
    assert roles_of(token.json()["access_token"]) == {"BuyerReader"}


def test_unsupported_grant_and_wrong_content_type_are_refused(tenant: Tenant) -> None:
    grant = tenant.client.post(
        "/oauth/token", data={"grant_type": "authorization_code", "client_id": tenant.client_id}
    )
    assert grant.status_code == 400
    assert grant.json()["error"] == "unsupported_grant_type"
    as_json = tenant.client.post("/oauth/token", json={"grant_type": "password"})
    assert as_json.status_code == 400
    assert as_json.json()["Errors"][0]["ErrorCode"] == "Request.InvalidContentType"


# --- client credentials, anonymous, refresh ----------------------------------------------


def test_client_credentials_act_as_the_default_context_user(tenant: Tenant) -> None:
    client = tenant.api_client(
        ClientSecret="middleware-secret-123", DefaultContextUserName=tenant.admin_username
    )
    response = tenant.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client["ID"],
            "client_secret": "middleware-secret-123",
            "scope": "FullAccess",
        },
    )
    assert response.status_code == 200, response.text
    assert claims(response.json()["access_token"])["usr"] == tenant.admin_username


def test_client_credentials_without_secret_on_a_normal_client_are_refused(tenant: Tenant) -> None:
    client = tenant.api_client(DefaultContextUserName=tenant.admin_username)
    response = tenant.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client["ID"], "client_secret": ""},
    )
    assert error_of(response) == "Auth.InvalidClientSecret"


def test_anonymous_token_is_scoped_to_an_order_and_has_no_refresh(tenant: Tenant) -> None:
    buyer, template = buyer_user(tenant)
    tenant.grant(["Shopper"], BuyerID=buyer)
    client = tenant.api_client(
        IsAnonBuyer=True, DefaultContextUserName=template["Username"], AnonymousTokenDuration=60
    )
    response = tenant.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client["ID"], "scope": "Shopper"},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert "refresh_token" not in body
    assert body["expires_in"] == 3600
    c = claims(body["access_token"])
    assert c["orderid"]
    assert c["usrtype"] == "buyer"
    assert c["role"] == "Shopper"
    patch = tenant.client.patch(
        "/v1/me", json={"FirstName": "Guest"}, headers=bearer(body["access_token"])
    )
    assert patch.status_code == 403


def test_anonymous_client_needs_a_buyer_default_user(tenant: Tenant) -> None:
    response = tenant.admin.post(
        "/apiclients",
        {
            "AppName": "Anon",
            "AccessTokenDuration": 60,
            "IsAnonBuyer": True,
            "DefaultContextUserName": tenant.admin_username,
        },
    )
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "ApiClient.RequiredNotAnonBuyer"


def _refresh(tenant: Tenant, token: str, client_id: str | None = None) -> Any:
    return tenant.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": client_id or tenant.client_id,
            "refresh_token": token,
        },
    )


def test_refresh_token_is_rotated_and_works_once(tenant: Tenant) -> None:
    first = tenant.login(tenant.admin_username, ADMIN_PASSWORD).json()

    second = _refresh(tenant, first["refresh_token"])
    again = _refresh(tenant, first["refresh_token"])

    assert second.status_code == 200, second.text
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert claims(second.json()["access_token"])["usr"] == tenant.admin_username
    assert error_of(again) == "Auth.OauthError"
    assert _refresh(tenant, second.json()["refresh_token"]).status_code == 200


def test_refresh_drops_roles_taken_away_since_login(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    client = tenant.api_client()
    shopper = tenant.grant(["Shopper"], BuyerID=buyer)
    tenant.grant(["MeAdmin"], BuyerID=buyer)
    login = tenant.login(user["Username"], PASSWORD, client_id=client["ID"]).json()
    assert roles_of(login["access_token"]) == {"Shopper", "MeAdmin"}

    tenant.admin.delete(f"/securityprofiles/{shopper}/assignments", buyerID=buyer)
    refreshed = _refresh(tenant, login["refresh_token"], client["ID"]).json()

    assert roles_of(refreshed["access_token"]) == {"MeAdmin"}


def test_refresh_token_of_another_client_is_refused(tenant: Tenant) -> None:
    login = tenant.login(tenant.admin_username, ADMIN_PASSWORD).json()
    other = tenant.api_client()
    assert error_of(_refresh(tenant, login["refresh_token"], other["ID"])) == "Auth.OauthError"


# --- helpers that reach below the API ------------------------------------------------------


def _user_row(session: Any, tenant: Tenant, username: str) -> Any:
    marketplace = session.scalars(
        select(Marketplace).where(Marketplace.id == tenant.marketplace_id)
    ).one()
    bind_marketplace(session, marketplace.pk)
    return session.scalars(select(User).where(User.username_key == username.lower())).one()


def _age_password(tenant: Tenant, username: str, *, days: int) -> None:
    with transaction(tenant.app.state.session_factory) as session:
        _user_row(session, tenant, username).password_last_set_date = utcnow() - timedelta(
            days=days
        )


def _set_hash(tenant: Tenant, username: str, password: str) -> None:
    """Store a password the current rules would refuse, as if set before they changed."""
    with transaction(tenant.app.state.session_factory) as session:
        _user_row(session, tenant, username).password_hash = hash_password(password)
