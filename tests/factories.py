"""Factories for marketplaces, tokens and API objects used across the suite."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine, select

from mercato import bootstrap
from mercato.auth.tokens import issue_access_token
from mercato.core.tenancy import bind_marketplace
from mercato.db import recorded_statements, transaction
from mercato.organizations.models import Marketplace, User

ADMIN_PASSWORD = "Sup3r-Secret-Pass"
_counter = itertools.count()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}"


@dataclass
class Api:
    """A test client that sends one bearer token with every request."""

    client: TestClient
    token: str

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(f"/v1{path}", params=params, headers=self._headers())

    def post(self, path: str, body: Any = None) -> Response:
        return self.client.post(f"/v1{path}", json=body, headers=self._headers())

    def put(self, path: str, body: Any = None) -> Response:
        return self.client.put(f"/v1{path}", json=body, headers=self._headers())

    def patch(self, path: str, body: Any = None) -> Response:
        return self.client.patch(f"/v1{path}", json=body, headers=self._headers())

    def delete(self, path: str, **params: Any) -> Response:
        return self.client.delete(f"/v1{path}", params=params, headers=self._headers())


@dataclass
class Tenant:
    """One marketplace under test, with helpers to act as any of its users."""

    app: FastAPI
    client: TestClient
    marketplace_id: str
    admin_username: str
    client_id: str
    _apis: dict[str, Api] = field(default_factory=dict)
    _ids: dict[str, str] = field(default_factory=dict)

    def token_for(self, username: str, roles: list[str]) -> str:
        with transaction(self.app.state.session_factory) as session:
            marketplace = session.scalars(
                select(Marketplace).where(Marketplace.id == self.marketplace_id)
            ).one()
            bind_marketplace(session, marketplace.pk)
            user = session.scalars(select(User).where(User.username_key == username.lower())).one()
            return issue_access_token(
                session,
                username=user.username,
                client_id=self.client_id,
                user_pk=user.pk,
                user_type=user.company.kind.value,
                roles=roles,
                marketplace_id=self.marketplace_id,
                minutes=60,
                issuer=self.app.state.issuer,
            )

    def as_user(self, username: str, *roles: str) -> Api:
        return Api(self.client, self.token_for(username, list(roles)))

    @property
    def admin(self) -> Api:
        if "admin" not in self._apis:
            self._apis["admin"] = self.as_user(self.admin_username, "FullAccess")
        return self._apis["admin"]

    def as_admin(self, *roles: str) -> Api:
        return self.as_user(self.admin_username, *roles)

    # --- objects through the API -------------------------------------------------------

    def buyer(self, **fields: Any) -> dict[str, Any]:
        body = {"ID": unique("buyer"), "Name": "Buyer", "Active": True, **fields}
        return created(self.admin.post("/buyers", body))

    def supplier(self, **fields: Any) -> dict[str, Any]:
        body = {"ID": unique("supplier"), "Name": "Supplier", "Active": True, **fields}
        return created(self.admin.post("/suppliers", body))

    def user(self, path: str, **fields: Any) -> dict[str, Any]:
        """Create a user under ``path`` (``/adminusers``, ``/buyers/B/users``, ...)."""
        name = unique("user")
        body = {
            "ID": name,
            "Username": name,
            "FirstName": "Fiona",
            "LastName": "Tester",
            "Email": f"{name}@example.com",
            "Active": True,
            **fields,
        }
        return created(self.admin.post(path, body))

    def profile(
        self,
        roles: list[str],
        *,
        custom: list[str] | None = None,
        password_config: dict[str, Any] | None = None,
    ) -> str:
        """Create a security profile; returns its ID."""
        body = {
            "ID": unique("profile"),
            "Name": "Profile",
            "Roles": roles,
            "CustomRoles": custom or [],
            "PasswordConfig": password_config,
        }
        return str(created(self.admin.post("/securityprofiles", body))["ID"])

    def assign(self, profile_id: str, **party: str) -> None:
        """Assign a profile; ``party`` takes BuyerID, SupplierID, UserID, UserGroupID."""
        response = self.admin.post(
            "/securityprofiles/assignments", {"SecurityProfileID": profile_id, **party}
        )
        assert response.status_code == 204, response.text

    def grant(self, roles: list[str], *, custom: list[str] | None = None, **party: str) -> str:
        """A new profile with ``roles``, assigned to ``party``; returns the profile ID."""
        profile_id = self.profile(roles, custom=custom)
        self.assign(profile_id, **party)
        return profile_id

    @property
    def shared_client_id(self) -> str:
        """An API client every user type may log in through (the walkthrough's shared one)."""
        if "shared_client" not in self._ids:
            self._ids["shared_client"] = str(self.api_client()["ID"])
        return self._ids["shared_client"]

    def api_client(self, **fields: Any) -> dict[str, Any]:
        body = {
            "AppName": "App",
            "Active": True,
            "AccessTokenDuration": 600,
            "RefreshTokenDuration": 1440,
            "AllowSeller": True,
            "AllowAnyBuyer": True,
            "AllowAnySupplier": True,
            **fields,
        }
        return created(self.admin.post("/apiclients", body))

    def login(
        self,
        username: str,
        password: str,
        *,
        client_id: str | None = None,
        scope: str | None = None,
        **extra: str,
    ) -> Response:
        """POST /oauth/token with the password grant."""
        form = {
            "grant_type": "password",
            "client_id": client_id or self.client_id,
            "username": username,
            "password": password,
            **extra,
        }
        if scope is not None:
            form["scope"] = scope
        return self.client.post("/oauth/token", data=form)


@contextmanager
def sql_statements(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL text of the statements ``engine`` runs inside the block."""
    statements: list[str] = []
    with recorded_statements(engine) as seen:
        yield statements
        statements.extend(sql for sql, _ in seen)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def created(response: Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def make_tenant(app: FastAPI, client: TestClient) -> Tenant:
    marketplace_id = unique("mkt")
    admin = unique("admin")
    client_id = unique("client")
    with transaction(app.state.session_factory) as session:
        bootstrap.init_marketplace(
            session,
            admin_username=admin,
            admin_password=ADMIN_PASSWORD,
            marketplace_id=marketplace_id,
            client_id=client_id,
        )
    return Tenant(
        app=app,
        client=client,
        marketplace_id=marketplace_id,
        admin_username=admin,
        client_id=client_id,
    )
