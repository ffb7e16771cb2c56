"""A small marketplace to shop in, shared by the catalog tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import Api, Tenant, created


@dataclass
class Shop:
    """A small marketplace to shop in.

    Buyer A has users `grouped` (in group vip) and `plain`; buyer B has user `other`.
    One product, `shirt` (default price 10), sits in catalog `summer`.
    """

    tenant: Tenant
    a: str
    b: str
    users: dict[str, Api]

    def sees(self, who: str) -> dict[str, Any]:
        page = self.users[who].get("/me/products").json()
        return {p["ID"]: _price(p) for p in page["Items"]}


def _price(product: dict[str, Any]) -> float | None:
    schedule = product["PriceSchedule"]
    return schedule["PriceBreaks"][0]["Price"] if schedule else None


def _schedule(tenant: Tenant, schedule_id: str, price: float) -> None:
    created(
        tenant.admin.post(
            "/priceschedules",
            {
                "ID": schedule_id,
                "Name": schedule_id,
                "PriceBreaks": [{"Quantity": 1, "Price": price}],
            },
        )
    )


@pytest.fixture
def shop(tenant: Tenant) -> Shop:
    a, b = tenant.buyer()["ID"], tenant.buyer()["ID"]
    tenant.admin.post(f"/buyers/{a}/usergroups", {"ID": "vip", "Name": "VIP"})
    grouped = tenant.user(f"/buyers/{a}/users")
    plain = tenant.user(f"/buyers/{a}/users")
    other = tenant.user(f"/buyers/{b}/users")
    tenant.admin.post(
        f"/buyers/{a}/usergroups/assignments", {"UserGroupID": "vip", "UserID": grouped["ID"]}
    )
    for schedule_id, price in (("list", 10), ("buyer-a", 9), ("vip", 8)):
        _schedule(tenant, schedule_id, price)
    created(
        tenant.admin.post(
            "/products",
            {"ID": "shirt", "Name": "Shirt", "Active": True, "DefaultPriceScheduleID": "list"},
        )
    )
    created(tenant.admin.post("/catalogs", {"ID": "summer", "Name": "Summer", "Active": True}))
    tenant.admin.post("/catalogs/productassignments", {"CatalogID": "summer", "ProductID": "shirt"})
    users = {
        name: tenant.as_user(u["Username"], "Shopper")
        for name, u in (("grouped", grouped), ("plain", plain), ("other", other))
    }
    return Shop(tenant, a, b, users)


def size_variants(tenant: Tenant, product_id: str, sizes: list[str]) -> None:
    """Give a product one variant per size: ``{product_id}-{size in lower case}``."""
    spec = {"ID": "size", "Name": "Size", "Required": True, "DefinesVariant": True}
    created(tenant.admin.post("/specs", spec))
    for size in sizes:
        created(tenant.admin.post("/specs/size/options", {"ID": size.lower(), "Value": size}))
    body = {"SpecID": "size", "ProductID": product_id}
    assert tenant.admin.post("/specs/productassignments", body).status_code == 204
    created(tenant.admin.post(f"/products/{product_id}/variants/generate"))
