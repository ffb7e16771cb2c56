"""The walkthrough through the community Python SDK (ordercloud-python)."""

from __future__ import annotations

import asyncio

import httpx
import jwt
import pytest
from ordercloud.auth import AccessToken
from ordercloud.errors import AuthenticationError

from tests.e2e.conftest import LiveServer
from tests.e2e.python_sdk import OWNER_SECRET, login, person, sdk

BUYER = "BUYER_ORGANIZATION"
ADMIN_ROLES = ["MeAdmin", "PasswordReset", "BuyerReader", "OrderAdmin", "CatalogAdmin"]
BUYER_ROLES = ["MeAdmin", "PasswordReset", "Shopper"]


async def _walkthrough(server: LiveServer) -> None:
    owner_info = server.init_marketplace(client_secret=OWNER_SECRET)
    # Client credentials, the SDK's default: the owner client acts as the first admin.
    async with sdk(server, owner_info["ClientID"], OWNER_SECRET) as owner:
        shared = await owner.api_clients.create(
            {
                "AppName": "Shared",
                "Active": True,
                "AccessTokenDuration": 600,
                "RefreshTokenDuration": 1440,
                "AllowSeller": True,
                "AllowAnyBuyer": True,
            }
        )
        shared_id = str(shared.id)
        await owner.admin_users.create(person("admin01", "Admin01-Passw0rd"))
        buyer = await owner.buyers.create({"ID": BUYER, "Name": "Buyer Org", "Active": True})
        assert buyer.default_catalog_id == BUYER
        await owner.users.create(BUYER, person("buyer01", "Buyer01-Passw0rd"))
        await owner.security_profiles.create(
            {"ID": "ADMIN_PROFILE", "Name": "A", "Roles": ADMIN_ROLES}
        )
        await owner.security_profiles.create(
            {"ID": "BUYER_PROFILE", "Name": "B", "Roles": BUYER_ROLES}
        )
        await owner.security_profiles.save_assignment({"SecurityProfileID": "ADMIN_PROFILE"})
        await owner.security_profiles.save_assignment(
            {"SecurityProfileID": "BUYER_PROFILE", "BuyerID": BUYER}
        )

        admin_user = await owner.admin_users.get("admin01")
        buyer_user = await owner.users.get(BUYER, "buyer01")
        assert sorted(admin_user.available_roles or []) == sorted(ADMIN_ROLES)
        assert buyer_user.available_roles == BUYER_ROLES

        await owner.impersonation_configs.create(
            {"SecurityProfileID": "BUYER_PROFILE", "ClientID": shared_id, "BuyerID": BUYER}
        )
        impersonation_response = await owner.users.get_access_token(
            BUYER, "buyer01", {"ClientID": shared_id, "Roles": ["Shopper"]}
        )
        impersonation = str(impersonation_response.access_token)

    async with sdk(server, shared_id, scopes=ADMIN_ROLES) as admin:
        await login(admin, "admin01", "Admin01-Passw0rd")
        me = await admin.me.get()
        assert me.username == "admin01"
        assert me.seller is not None
        buyers = await admin.buyers.list()
        assert [b.id for b in buyers.items] == [BUYER]

    async with sdk(server, shared_id, scopes=["Shopper"]) as shopper:
        await login(shopper, "buyer01", "Buyer01-Passw0rd")
        me = await shopper.me.get()
        assert me.buyer is not None
        assert me.buyer.id == BUYER
        with pytest.raises(AuthenticationError) as forbidden:
            await shopper.buyers.list()
        assert forbidden.value.status_code == 403
        assert forbidden.value.errors[0].error_code == "InsufficientRoles"

        # Expire the cached token: the SDK refreshes with its refresh token.
        manager = shopper._token_manager
        old_refresh = manager._token.refresh_token  # type: ignore[union-attr]
        manager._token._expires_at = 0  # type: ignore[union-attr]
        assert (await shopper.me.get()).username == "buyer01"
        assert manager._token.refresh_token != old_refresh  # type: ignore[union-attr]

    async with sdk(server, shared_id) as acting:
        acting._token_manager._token = AccessToken(impersonation, 600)
        me = await acting.me.get()
        assert me.username == "buyer01"
        claims = jwt.decode(impersonation, options={"verify_signature": False})
        assert claims["imp"]
        assert claims["role"] == "Shopper"

    async with sdk(server, shared_id) as stranger:
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await login(stranger, "buyer01", "Wrong-Passw0rd1")
        body = refused.value.response.json()
        assert body["error"] == "invalid_grant"
        assert body["Errors"][0]["ErrorCode"] == "Auth.InvalidUsernameOrPassword"


def test_walkthrough_runs_unchanged_through_the_python_sdk(live_server: LiveServer) -> None:
    asyncio.run(_walkthrough(live_server))
