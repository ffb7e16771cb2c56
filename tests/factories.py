"""Factories for marketplaces, tokens and API objects used across the suite."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select

from mercato import bootstrap
from mercato.auth.tokens import issue_access_token
from mercato.core.tenancy import bind_marketplace
from mercato.db import transaction
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
    _apis: dict[str, Api] = field(default_factory=dict)

    def token_for(self, username: str, roles: list[str]) -> str:
        for session in transaction(self.app.state.session_factory):
            marketplace = session.scalars(
                select(Marketplace).where(Marketplace.id == self.marketplace_id)
            ).one()
            bind_marketplace(session, marketplace.pk)
            user = session.scalars(select(User).where(User.username_key == username.lower())).one()
            return issue_access_token(
                session,
                username=user.username,
                client_id="test-client",
                user_pk=user.pk,
                user_type=user.company.kind.value,
                roles=roles,
                marketplace_id=self.marketplace_id,
                minutes=60,
                issuer=self.app.state.issuer,
            )
        raise AssertionError("unreachable")

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


def created(response: Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def make_tenant(app: FastAPI, client: TestClient) -> Tenant:
    marketplace_id = unique("mkt")
    admin = unique("admin")
    for session in transaction(app.state.session_factory):
        bootstrap.init_marketplace(
            session,
            admin_username=admin,
            admin_password=ADMIN_PASSWORD,
            marketplace_id=marketplace_id,
            client_id=unique("client"),
        )
    return Tenant(app=app, client=client, marketplace_id=marketplace_id, admin_username=admin)
