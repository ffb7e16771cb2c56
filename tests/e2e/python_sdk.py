"""Helpers shared by the tests that drive the community Python SDK (ordercloud-python)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from ordercloud import OrderCloudClient
from ordercloud.errors import OrderCloudError

from tests.e2e.conftest import LiveServer

OWNER_SECRET = "owner-client-secret-1"


def sdk(
    server: LiveServer, client_id: str, secret: str = "", scopes: list[str] | None = None
) -> OrderCloudClient:
    return OrderCloudClient.create(
        client_id=client_id,
        client_secret=secret,
        base_url=f"{server.url}/v1",
        auth_url=f"{server.url}/oauth/token",
        scopes=scopes,
    )


async def login(client: OrderCloudClient, username: str, password: str) -> None:
    # The SDK's password grant lives on its token manager.
    await client._token_manager.authenticate_password(client._http._client, username, password)


def person(user_id: str, password: str) -> dict[str, Any]:
    return {
        "ID": user_id,
        "Username": user_id,
        "Password": password,
        "FirstName": user_id,
        "LastName": "Walkthrough",
        "Email": f"{user_id}@example.com",
        "Active": True,
    }


async def refusal(call: Awaitable[object]) -> OrderCloudError | None:
    """The error a call fails with, or None when it was allowed.

    Scenarios record refusals rather than raise, so one wrong answer fails one test.
    """
    try:
        await call
    except OrderCloudError as error:
        return error
    return None
