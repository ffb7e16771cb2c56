"""A buyer organization to put purchasing controls on, shared by the purchasing tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import Api, Tenant


@dataclass
class Org:
    """Buyer A has groups `buyers` and `approvers`, user `grouped` (in buyers) and `plain`.

    Buyer B has group `buyers` too (same ID, different group) and user `other`.
    """

    tenant: Tenant
    a: str
    b: str
    users: dict[str, dict[str, Any]]

    @property
    def admin(self) -> Api:
        return self.tenant.admin

    def shopper(self, who: str) -> Api:
        return self.tenant.as_user(self.users[who]["Username"], "Shopper")

    def as_buyer_user(self, who: str, *roles: str) -> Api:
        return self.tenant.as_user(self.users[who]["Username"], *roles)


@pytest.fixture
def org(tenant: Tenant) -> Org:
    a, b = tenant.buyer()["ID"], tenant.buyer()["ID"]
    for buyer in (a, b):
        tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "buyers", "Name": "Buyers"})
    tenant.admin.post(f"/buyers/{a}/usergroups", {"ID": "approvers", "Name": "Approvers"})
    users = {
        "grouped": tenant.user(f"/buyers/{a}/users"),
        "plain": tenant.user(f"/buyers/{a}/users"),
        "other": tenant.user(f"/buyers/{b}/users"),
    }
    membership = {"UserGroupID": "buyers", "UserID": users["grouped"]["ID"]}
    assert tenant.admin.post(f"/buyers/{a}/usergroups/assignments", membership).status_code == 204
    return Org(tenant, a, b, users)


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["ID"] for item in response.json()["Items"]]


def error(response: Any, status: int) -> dict[str, Any]:
    """The first error of a response that must have ``status``."""
    assert response.status_code == status, response.text
    first: dict[str, Any] = response.json()["Errors"][0]
    return first
