"""What a buyer user sees under /me/products, and at which price, stated as tables."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop
from tests.factories import created, sql_statements


def _assign_catalog(shop: Shop, *, view_all: bool) -> None:
    body = {"CatalogID": "summer", "BuyerID": shop.a, "ViewAllProducts": view_all}
    assert shop.tenant.admin.post("/catalogs/assignments", body).status_code == 204


def _assign_product(shop: Shop, *, group: str | None = None, schedule: str | None = None) -> None:
    body = {
        "ProductID": "shirt",
        "BuyerID": shop.a,
        "UserGroupID": group,
        "PriceScheduleID": schedule,
    }
    response = shop.tenant.admin.post("/products/assignments", body)
    assert response.status_code == 204, response.text


# (catalog ViewAllProducts, product assignments [(group, schedule)], expected {user: price})
# A user missing from the expectation does not see the product.
CASES = [
    pytest.param(True, [], {"grouped": 10, "plain": 10}, id="view-all: every user, default price"),
    pytest.param(False, [], {}, id="catalog without view-all and no assignment: nobody"),
    pytest.param(
        False, [(None, None)], {"grouped": 10, "plain": 10}, id="buyer assignment, default price"
    ),
    pytest.param(
        False, [("vip", "vip")], {"grouped": 8}, id="group assignment: group members only"
    ),
    pytest.param(
        True, [(None, "buyer-a")], {"grouped": 9, "plain": 9}, id="buyer price beats default"
    ),
    pytest.param(
        True,
        [(None, "buyer-a"), ("vip", "vip")],
        {"grouped": 8, "plain": 9},
        id="group price beats buyer price",
    ),
    pytest.param(
        False,
        [(None, "buyer-a"), ("vip", None)],
        {"grouped": 9, "plain": 9},
        id="group row without price",
    ),
]


@pytest.mark.parametrize(("view_all", "assignments", "expected"), CASES)
def test_visibility_and_price_follow_the_assignments(
    shop: Shop,
    view_all: bool,
    assignments: list[tuple[str | None, str | None]],
    expected: dict[str, float],
) -> None:
    _assign_catalog(shop, view_all=view_all)
    for group, schedule in assignments:
        _assign_product(shop, group=group, schedule=schedule)

    seen = {who: shop.sees(who).get("shirt", "hidden") for who in ("grouped", "plain", "other")}

    assert seen == {who: expected.get(who, "hidden") for who in seen}


@pytest.mark.parametrize(
    ("change", "body"),
    [
        pytest.param("/products/shirt", {"Active": False}, id="inactive product"),
        pytest.param("/catalogs/summer", {"Active": False}, id="inactive catalog"),
    ],
)
def test_inactive_product_or_catalog_hides_the_product(
    shop: Shop, change: str, body: dict[str, Any]
) -> None:
    _assign_catalog(shop, view_all=True)
    shop.tenant.admin.patch(change, body)

    assert shop.sees("plain") == {}
    assert shop.users["plain"].get("/me/products/shirt").status_code == 404


def test_product_outside_the_buyers_catalogs_is_hidden(shop: Shop) -> None:
    _assign_catalog(shop, view_all=True)
    created(shop.tenant.admin.post("/products", {"ID": "hat", "Name": "Hat", "Active": True}))

    assert set(shop.sees("plain")) == {"shirt"}
    assert shop.users["plain"].get("/me/products/hat").json()["Errors"][0]["Data"] == {
        "ObjectType": "Product",
        "ObjectID": "hat",
    }


def test_buyer_product_hides_admin_fields_and_embeds_the_schedule(shop: Shop) -> None:
    _assign_catalog(shop, view_all=True)

    product = shop.users["plain"].get("/me/products/shirt").json()
    page = shop.users["plain"].get("/me/products").json()

    assert "OwnerID" not in product
    assert "DefaultPriceScheduleID" not in product
    assert product["PriceSchedule"]["ID"] == "list"
    assert page["Meta"]["Facets"] == []


def test_catalog_filter_and_my_catalogs(shop: Shop) -> None:
    _assign_catalog(shop, view_all=True)

    catalogs = shop.users["plain"].get("/me/catalogs").json()["Items"]
    in_summer = shop.users["plain"].get("/me/products", catalogID="summer").json()["Items"]
    in_default = shop.users["plain"].get("/me/products", catalogID=shop.a).json()["Items"]

    assert {c["ID"] for c in catalogs} == {"summer", shop.a}
    assert [p["ID"] for p in in_summer] == ["shirt"]
    assert in_default == []
    assert shop.users["other"].get("/me/catalogs/summer").status_code == 404


def test_only_buyer_users_shop(shop: Shop) -> None:
    response = shop.tenant.admin.get("/me/products")
    assert response.status_code == 403


def test_a_page_of_my_products_takes_a_constant_number_of_statements(shop: Shop, app: Any) -> None:
    _assign_catalog(shop, view_all=False)
    tenant = shop.tenant
    for n in range(60):
        created(tenant.admin.post("/products", {"ID": f"p{n}", "Name": "P", "Active": True}))
        tenant.admin.post(
            "/catalogs/productassignments", {"CatalogID": "summer", "ProductID": f"p{n}"}
        )
        schedule = "vip" if n % 2 else "buyer-a"
        tenant.admin.post(
            "/products/assignments",
            {"ProductID": f"p{n}", "BuyerID": shop.a, "PriceScheduleID": schedule},
        )
    buyer = shop.users["grouped"]

    with sql_statements(app.state.engine) as small_run:
        small = buyer.get("/me/products", pageSize=5)
    with sql_statements(app.state.engine) as big_run:
        big = buyer.get("/me/products", pageSize=60)

    assert len(small.json()["Items"]) == 5
    assert len(big.json()["Items"]) == 60
    assert len(big_run) == len(small_run)


def test_an_assignment_shows_only_the_assigned_product(shop: Shop) -> None:
    # Guards the correlation of the visibility subqueries: one assigned product must not
    # make its catalog neighbours visible.
    _assign_catalog(shop, view_all=False)
    created(shop.tenant.admin.post("/products", {"ID": "hat", "Name": "Hat", "Active": True}))
    shop.tenant.admin.post(
        "/catalogs/productassignments", {"CatalogID": "summer", "ProductID": "hat"}
    )
    _assign_product(shop)

    assert set(shop.sees("plain")) == {"shirt"}
    assert shop.users["plain"].get("/me/products/hat").status_code == 404
