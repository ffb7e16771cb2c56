"""Access-token verification, revocation, the public keys and the /me routes."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest

from mercato.auth.tokens import issue_access_token
from mercato.db import transaction
from tests.auth.test_token_api import PASSWORD, buyer_user, claims
from tests.factories import ADMIN_PASSWORD, Tenant, bearer


def _login(tenant: Tenant, username: str, password: str, **kw: Any) -> str:
    response = tenant.login(username, password, **kw)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _me(tenant: Tenant, token: str) -> Any:
    return tenant.client.get("/v1/me", headers=bearer(token))


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_public_key_from_certs_verifies_the_token(tenant: Tenant) -> None:
    token = _login(tenant, tenant.admin_username, ADMIN_PASSWORD)
    kid = jwt.get_unverified_header(token)["kid"]

    jwk = tenant.client.get(f"/oauth/certs/{kid}").json()

    assert jwk["kty"] == "RSA"
    assert jwk["alg"] == "RS256"
    assert jwk["kid"] == kid
    key = jwt.PyJWK(jwk).key
    verified = jwt.decode(token, key, algorithms=["RS256"], audience="http://testserver")
    assert verified["usr"] == tenant.admin_username
    assert tenant.client.get("/oauth/certs/unknown").status_code == 404


def test_tampered_token_is_refused(tenant: Tenant) -> None:
    token = _login(tenant, tenant.admin_username, ADMIN_PASSWORD)
    header, _payload, signature = token.split(".")
    forged = {**claims(token), "role": ["FullAccess", "Extra"]}

    response = _me(tenant, f"{header}.{_b64(forged)}.{signature}")

    assert response.status_code == 401
    assert response.json()["Errors"][0]["ErrorCode"] == "InvalidToken"


def test_unsigned_alg_none_token_is_refused(tenant: Tenant) -> None:
    token = _login(tenant, tenant.admin_username, ADMIN_PASSWORD)
    kid = jwt.get_unverified_header(token)["kid"]
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{_b64(claims(token))}."

    assert _me(tenant, unsigned).status_code == 401


def _signed(tenant: Tenant, *, minutes: int, issuer: str) -> str:
    """A token signed with the server's own key, so only its claims can be wrong."""
    user_pk = int(claims(_login(tenant, tenant.admin_username, ADMIN_PASSWORD))["u"])
    with transaction(tenant.app.state.session_factory) as session:
        return issue_access_token(
            session,
            username=tenant.admin_username,
            client_id=tenant.client_id,
            user_pk=user_pk,
            user_type="admin",
            roles=["FullAccess"],
            marketplace_id=tenant.marketplace_id,
            minutes=minutes,
            issuer=issuer,
        )


def test_expired_token_is_refused(tenant: Tenant) -> None:
    assert _me(tenant, _signed(tenant, minutes=60, issuer="http://testserver")).status_code == 200
    assert _me(tenant, _signed(tenant, minutes=-1, issuer="http://testserver")).status_code == 401


def test_token_of_another_issuer_is_refused(tenant: Tenant) -> None:
    # Properly signed, so the audience check alone must refuse it.
    assert _me(tenant, _signed(tenant, minutes=60, issuer="http://elsewhere")).status_code == 401


def test_revoking_my_tokens_makes_them_fail_with_token_revoked(tenant: Tenant) -> None:
    first = _login(tenant, tenant.admin_username, ADMIN_PASSWORD)
    refresh = tenant.login(tenant.admin_username, ADMIN_PASSWORD).json()["refresh_token"]

    assert tenant.client.delete("/v1/me/tokens", headers=bearer(first)).status_code == 204

    revoked = _me(tenant, first)
    assert revoked.status_code == 401
    assert revoked.json()["Errors"][0]["ErrorCode"] == "Auth.TokenRevoked"
    refreshed = tenant.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": tenant.client_id,
            "refresh_token": refresh,
        },
    )
    assert refreshed.status_code == 400
    # A login right after the revocation, even within the same second, works.
    assert _me(tenant, _login(tenant, tenant.admin_username, ADMIN_PASSWORD)).status_code == 200


@pytest.mark.parametrize("path", ["/buyers/{b}/users/{u}/tokens"])
def test_admin_revokes_a_buyer_users_tokens(tenant: Tenant, path: str) -> None:
    buyer, user = buyer_user(tenant)
    token = _login(tenant, user["Username"], PASSWORD, client_id=tenant.shared_client_id)

    response = tenant.admin.delete(path.format(b=buyer, u=user["ID"]))

    assert response.status_code == 204
    assert _me(tenant, token).status_code == 401


def test_me_shows_a_buyer_user_with_its_buyer(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper"], BuyerID=buyer)
    token = _login(tenant, user["Username"], PASSWORD, client_id=tenant.shared_client_id)

    me = _me(tenant, token).json()

    assert me["ID"] == user["ID"]
    assert me["Buyer"] == {"ID": buyer, "DefaultCatalogID": buyer}
    assert me["Supplier"] is None
    assert me["Seller"] is None
    assert me["AvailableRoles"] == ["Shopper"]
    assert "Password" not in me


def test_me_patch_needs_me_admin_and_xp_needs_me_xp_admin(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["MeAdmin"], BuyerID=buyer)
    client = tenant.shared_client_id
    token = _login(tenant, user["Username"], PASSWORD, client_id=client)

    renamed = tenant.client.patch("/v1/me", json={"FirstName": "Renata"}, headers=bearer(token))
    with_xp = tenant.client.patch("/v1/me", json={"xp": {"a": 1}}, headers=bearer(token))

    assert renamed.status_code == 200
    assert renamed.json()["FirstName"] == "Renata"
    assert with_xp.status_code == 403
    assert with_xp.json()["Errors"][0]["ErrorCode"] == "User.XPNotAllowed"


def test_me_password_changes_the_password(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["PasswordReset"], BuyerID=buyer)
    client = tenant.shared_client_id
    token = _login(tenant, user["Username"], PASSWORD, client_id=client)

    weak = tenant.client.post(
        "/v1/me/password", json={"NewPassword": "short"}, headers=bearer(token)
    )
    ok = tenant.client.post(
        "/v1/me/password", json={"NewPassword": "Brand-New-Passw0rd"}, headers=bearer(token)
    )

    assert weak.status_code == 400
    assert weak.json()["Errors"][0]["ErrorCode"] == "PasswordReset.InsecurePassword"
    assert weak.json()["Errors"][0]["Data"]["MinimumCharacterCount"] == 10
    assert ok.status_code == 204
    assert tenant.login(user["Username"], "Brand-New-Passw0rd", client_id=client).status_code == 200
    assert tenant.login(user["Username"], PASSWORD, client_id=client).status_code == 400


def test_password_reuse_is_refused_when_the_profile_limits_it(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    profile = tenant.profile(["PasswordReset"], password_config={"LimitPasswordReuse": 2})
    tenant.assign(profile, BuyerID=buyer)
    token = _login(tenant, user["Username"], PASSWORD, client_id=tenant.shared_client_id)

    reused = tenant.client.post(
        "/v1/me/password", json={"NewPassword": PASSWORD}, headers=bearer(token)
    )

    assert reused.status_code == 400
    assert reused.json()["Errors"][0]["ErrorCode"] == "PasswordReset.CannotReusePassword"


def test_me_usergroups_lists_my_groups(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "g1", "Name": "G"})
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "g2", "Name": "G"})
    tenant.admin.post(
        f"/buyers/{buyer}/usergroups/assignments", {"UserGroupID": "g1", "UserID": user["ID"]}
    )
    token = _login(tenant, user["Username"], PASSWORD, client_id=tenant.shared_client_id)

    groups = tenant.client.get("/v1/me/usergroups", headers=bearer(token)).json()

    assert [g["ID"] for g in groups["Items"]] == ["g1"]


def test_tokens_expire_after_the_clients_duration(tenant: Tenant) -> None:
    client = tenant.api_client(AccessTokenDuration=10)
    token = _login(tenant, tenant.admin_username, ADMIN_PASSWORD, client_id=client["ID"])
    c = claims(token)
    assert c["exp"] - c["nbf"] == 600
    assert c["exp"] > time.time()
