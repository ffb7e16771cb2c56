"""Impersonation configs and impersonation tokens."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.auth.test_token_api import PASSWORD, buyer_user, claims, roles_of
from tests.factories import Tenant, bearer


def _setup(tenant: Tenant) -> tuple[str, dict[str, Any], str]:
    buyer, user = buyer_user(tenant)
    tenant.grant(["Shopper", "MeAdmin"], BuyerID=buyer)
    profile = tenant.profile(["Shopper", "MeAdmin"])
    return buyer, user, profile


def _config(tenant: Tenant, profile: str, **fields: Any) -> Any:
    body = {"SecurityProfileID": profile, "ClientID": tenant.shared_client_id, **fields}
    return tenant.admin.post("/impersonationconfig", body)


def _impersonate(tenant: Tenant, buyer: str, user: str, roles: list[str], api: Any = None) -> Any:
    return (api or tenant.admin).post(
        f"/buyers/{buyer}/users/{user}/accesstoken",
        {"ClientID": tenant.shared_client_id, "Roles": roles},
    )


def test_admin_impersonates_a_buyer_user_within_the_configs_profile(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    created = _config(tenant, profile, BuyerID=buyer)
    assert created.status_code == 201, created.text

    response = _impersonate(tenant, buyer, user["ID"], ["Shopper", "OrderAdmin"])

    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    c = claims(token)
    assert c["usr"] == user["Username"]
    assert c["usrtype"] == "buyer"
    assert c["cid"] == tenant.shared_client_id
    assert c["imp"]  # the impersonator's internal ID
    assert roles_of(token) == {"Shopper"}
    me = tenant.client.get("/v1/me", headers=bearer(token)).json()
    assert me["ID"] == user["ID"]


def test_impersonation_without_a_matching_config_is_refused(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    _config(tenant, profile, BuyerID=buyer, UserID="someone-else")

    response = _impersonate(tenant, buyer, user["ID"], ["Shopper"])

    assert response.status_code == 403
    assert response.json()["Errors"][0]["ErrorCode"] == "Impersonation.ConfigError"


def test_impersonation_needs_the_buyer_impersonation_role(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    _config(tenant, profile)
    api = tenant.as_admin("BuyerUserAdmin")

    response = _impersonate(tenant, buyer, user["ID"], ["Shopper"], api=api)

    assert response.status_code == 403
    assert response.json()["Errors"][0]["ErrorCode"] == "InsufficientRoles"
    assert (
        _impersonate(
            tenant, buyer, user["ID"], ["Shopper"], api=tenant.as_admin("BuyerImpersonation")
        ).status_code
        == 200
    )


def test_conflicting_config_is_refused_and_profile_in_use_cannot_be_deleted(
    tenant: Tenant,
) -> None:
    buyer, _, profile = _setup(tenant)
    assert _config(tenant, profile, BuyerID=buyer).status_code == 201

    duplicate = _config(tenant, profile, BuyerID=buyer)
    delete_profile = tenant.admin.delete(f"/securityprofiles/{profile}")

    assert duplicate.json()["Errors"][0]["ErrorCode"] == (
        "ImpersonationConfig.ConflictingImpersonationConfigExists"
    )
    assert (
        delete_profile.json()["Errors"][0]["ErrorCode"]
        == "Impersonation.CannotDeleteSecurityProfile"
    )


def test_config_round_trips_and_patches(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    config = _config(tenant, profile, ID="cfg", BuyerID=buyer).json()
    assert config == {
        "ID": "cfg",
        "ImpersonationBuyerID": None,
        "ImpersonationGroupID": None,
        "ImpersonationUserID": None,
        "BuyerID": buyer,
        "GroupID": None,
        "UserID": None,
        "SecurityProfileID": profile,
        "ClientID": tenant.shared_client_id,
    }

    patched = tenant.admin.patch("/impersonationconfig/cfg", {"UserID": user["ID"]}).json()

    assert patched["UserID"] == user["ID"]
    assert patched["BuyerID"] == buyer
    listed = tenant.admin.get("/impersonationconfig").json()
    assert [c["ID"] for c in listed["Items"]] == ["cfg"]
    assert tenant.admin.delete("/impersonationconfig/cfg").status_code == 204


def test_client_the_buyer_cannot_use_is_refused(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    closed = tenant.api_client(AllowAnyBuyer=False)
    tenant.admin.post(
        "/impersonationconfig", {"SecurityProfileID": profile, "ClientID": closed["ID"]}
    )

    response = tenant.admin.post(
        f"/buyers/{buyer}/users/{user['ID']}/accesstoken",
        {"ClientID": closed["ID"], "Roles": ["Shopper"]},
    )

    assert response.json()["Errors"][0]["ErrorCode"] == "Impersonation.BuyerNotAssigned"


def test_buyer_user_cannot_impersonate_users_of_another_buyer(tenant: Tenant) -> None:
    buyer, user, profile = _setup(tenant)
    other_buyer, other = buyer_user(tenant)
    tenant.grant(["BuyerImpersonation"], BuyerID=buyer)
    _config(tenant, profile)
    token = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).json()[
        "access_token"
    ]

    response = tenant.client.post(
        f"/v1/buyers/{other_buyer}/users/{other['ID']}/accesstoken",
        json={"ClientID": tenant.shared_client_id, "Roles": ["Shopper"]},
        headers=bearer(token),
    )

    assert response.status_code == 404


def test_writes_while_impersonating_are_attributed_to_the_impersonator(
    tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    buyer, user, profile = _setup(tenant)
    _config(tenant, profile)
    token = _impersonate(tenant, buyer, user["ID"], ["MeAdmin"]).json()["access_token"]
    impersonator = claims(token)["imp"]

    with caplog.at_level(logging.INFO, logger="mercato.audit"):
        patched = tenant.client.patch("/v1/me", json={"LastName": "Changed"}, headers=bearer(token))

    assert patched.status_code == 200
    assert f"by user pk {impersonator} impersonating user pk {claims(token)['u']}" in caplog.text
