"""A marketplace to place orders in, shared by the order tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.factories import Api, Tenant, created


@dataclass
class Market:
    """Buyers A and B shop catalog `store`, which shows every product to both.

    Products: `pen` (1 → 10.00, 10 → 8.00; buyer A pays 9.00 through an assignment),
    `cup` (3.33), `hidden` (in no catalog). Users: `alice` and `anna` of buyer A,
    `bob` of buyer B; each shops with the Shopper role.
    """

    tenant: Tenant
    a: str
    b: str
    users: dict[str, Api]
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def admin(self) -> Api:
        return self.tenant.admin

    def order(self, who: str = "alice", **fields: Any) -> dict[str, Any]:
        return created(self.users[who].post("/orders/outgoing", fields))

    def line(self, order_id: str, who: str = "alice", **fields: Any) -> dict[str, Any]:
        return created(self.users[who].post(f"/orders/outgoing/{order_id}/lineitems", fields))

    def schedule(self, schedule_id: str, breaks: list[tuple[int, float]], **fields: Any) -> None:
        body = {
            "ID": schedule_id,
            "Name": schedule_id,
            "PriceBreaks": [{"Quantity": q, "Price": p} for q, p in breaks],
            **fields,
        }
        created(self.admin.post("/priceschedules", body))

    def product(self, product_id: str, schedule_id: str | None, **fields: Any) -> None:
        body = {"ID": product_id, "Name": product_id.title(), "Active": True, **fields}
        if schedule_id:
            body["DefaultPriceScheduleID"] = schedule_id
        created(self.admin.post("/products", body))
        assignment = {"CatalogID": "store", "ProductID": product_id}
        assert self.admin.post("/catalogs/productassignments", assignment).status_code == 204


def build_market(tenant: Tenant) -> Market:
    a, b = tenant.buyer()["ID"], tenant.buyer()["ID"]
    created(tenant.admin.post("/catalogs", {"ID": "store", "Name": "Store", "Active": True}))
    for buyer in (a, b):
        body = {"CatalogID": "store", "BuyerID": buyer, "ViewAllProducts": True}
        assert tenant.admin.post("/catalogs/assignments", body).status_code == 204
    users, ids = {}, {}
    for name, buyer in (("alice", a), ("anna", a), ("bob", b)):
        user = tenant.user(f"/buyers/{buyer}/users")
        users[name] = tenant.as_user(user["Username"], "Shopper")
        ids[name] = user["ID"]
    market = Market(tenant, a, b, users, ids)
    market.schedule("pen-list", [(1, 10), (10, 8)])
    market.schedule("pen-a", [(1, 9)])
    market.schedule("cup-list", [(1, 3.33)])
    market.product("pen", "pen-list")
    market.product("cup", "cup-list")
    created(tenant.admin.post("/products", {"ID": "hidden", "Name": "Hidden", "Active": True}))
    body = {"ProductID": "pen", "BuyerID": a, "PriceScheduleID": "pen-a"}
    assert tenant.admin.post("/products/assignments", body).status_code == 204
    return market


@pytest.fixture
def market(tenant: Tenant) -> Market:
    return build_market(tenant)
