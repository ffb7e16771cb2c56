"""Forgotten-password codes, and the rate limits on the token and reset endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from mercato.app import create_app
from mercato.organizations.models import User
from mercato.settings import Settings
from tests.auth.test_token_api import PASSWORD, buyer_user
from tests.factories import ADMIN_PASSWORD, Tenant, make_tenant


@dataclass
class CapturingSender:
    sent: list[tuple[str, str, str | None]] = field(default_factory=list)

    def send(self, *, user: User, code: str, url: str | None) -> None:
        self.sent.append((user.username, code, url))


@pytest.fixture
def sender(app: FastAPI) -> Iterator[CapturingSender]:
    original = app.state.reset_sender
    app.state.reset_sender = CapturingSender()
    yield app.state.reset_sender
    app.state.reset_sender = original


def _request_code(tenant: Tenant, **body: Any) -> Any:
    return tenant.client.post(
        "/v1/password/reset", json={"ClientID": tenant.shared_client_id, **body}
    )


def test_reset_code_sets_a_new_password(tenant: Tenant, sender: CapturingSender) -> None:
    _, user = buyer_user(tenant)

    sent = _request_code(tenant, Username=user["Username"], URL="https://shop.example/reset")
    assert sent.status_code == 204
    [(username, code, url)] = sender.sent
    assert username == user["Username"]
    assert url == "https://shop.example/reset"

    reset = tenant.client.put(
        f"/v1/password/reset/{code}",
        json={
            "ClientID": tenant.shared_client_id,
            "Username": user["Username"],
            "Password": "Reset-Passw0rd",
        },
    )
    assert reset.status_code == 204, reset.text
    client = tenant.shared_client_id
    assert tenant.login(user["Username"], "Reset-Passw0rd", client_id=client).status_code == 200

    # A code works once.
    again = tenant.client.put(
        f"/v1/password/reset/{code}",
        json={"ClientID": client, "Username": user["Username"], "Password": "Other-Passw0rd"},
    )
    assert again.json()["Errors"][0]["ErrorCode"] == "PasswordReset.InvalidVerification"


def test_reset_request_by_email_reveals_nothing_about_unknown_users(
    tenant: Tenant, sender: CapturingSender
) -> None:
    _, user = buyer_user(tenant)

    known = _request_code(tenant, Email=user["Email"])
    unknown = _request_code(tenant, Email="nobody@example.com")

    assert known.status_code == unknown.status_code == 204
    assert [s[0] for s in sender.sent] == [user["Username"]]


def test_reset_with_a_code_for_another_username_is_refused(
    tenant: Tenant, sender: CapturingSender
) -> None:
    _, user = buyer_user(tenant)
    _request_code(tenant, Username=user["Username"])
    code = sender.sent[0][1]

    response = tenant.client.put(
        f"/v1/password/reset/{code}",
        json={
            "ClientID": tenant.shared_client_id,
            "Username": tenant.admin_username,
            "Password": "Reset-Passw0rd",
        },
    )

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "PasswordReset.InvalidVerification"


def test_reset_needs_a_valid_client_and_a_username_or_email(tenant: Tenant) -> None:
    no_client = tenant.client.post("/v1/password/reset", json={"ClientID": "nope", "Username": "x"})
    no_user = _request_code(tenant)

    assert no_client.json()["Errors"][0]["ErrorCode"] == "PasswordReset.MissingOrInvalidClientID"
    assert no_user.json()["Errors"][0]["ErrorCode"] == "PasswordReset.MissingUsernameOrEmail"


def _strict_app(engine: Engine) -> FastAPI:
    settings = Settings(
        base_url="http://testserver", auth_rate_per_address=1000, auth_rate_per_username=3
    )
    return create_app(settings, engine=engine)


def test_token_endpoint_limits_attempts_per_username(engine: Engine) -> None:
    app = _strict_app(engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        tenant = make_tenant(app, client)
        answers = [tenant.login(tenant.admin_username, "Wrong-Passw0rd") for _ in range(4)]

    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    limited = answers[-1]
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["Errors"][0]["ErrorCode"] == "TooManyRequests"


def test_token_endpoint_limits_requests_per_client_address(engine: Engine) -> None:
    settings = Settings(base_url="http://testserver", auth_rate_per_address=2)
    app = create_app(settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False, client=("198.51.100.7", 5000)) as client:
        tenant = make_tenant(app, client)
        answers = [tenant.login(tenant.admin_username, ADMIN_PASSWORD) for _ in range(3)]
    with TestClient(app, raise_server_exceptions=False, client=("198.51.100.8", 5000)) as other:
        elsewhere = other.post(
            "/oauth/token",
            data={
                "grant_type": "password",
                "client_id": tenant.client_id,
                "username": tenant.admin_username,
                "password": ADMIN_PASSWORD,
            },
        )

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert elsewhere.status_code == 200


def test_reset_endpoint_is_rate_limited_too(engine: Engine) -> None:
    app = _strict_app(engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        tenant = make_tenant(app, client)
        body = {"ClientID": tenant.client_id, "Username": tenant.admin_username}
        codes = [client.post("/v1/password/reset", json=body).status_code for _ in range(4)]

    assert codes == [204, 204, 204, 429]


def test_password_of_a_buyer_user_is_unaffected_by_failed_logins_of_others(tenant: Tenant) -> None:
    _, user = buyer_user(tenant)
    tenant.login(tenant.admin_username, "Wrong-Passw0rd")
    assert (
        tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).status_code
        == 200
    )
