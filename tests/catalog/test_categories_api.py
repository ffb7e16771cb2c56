"""Category trees, their assignments, and what buyers see through them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop
from tests.factories import Tenant, created

BASE = "/catalogs/summer/categories"


@pytest.fixture
def tree(tenant: Tenant) -> Tenant:
    """summer: clothes > shirts > polos, clothes > hats; shoes."""
    created(tenant.admin.post("/catalogs", {"ID": "summer", "Name": "Summer", "Active": True}))
    for category_id, parent in (
        ("clothes", None),
        ("shirts", "clothes"),
        ("polos", "shirts"),
        ("hats", "clothes"),
        ("shoes", None),
    ):
        body = {"ID": category_id, "Name": category_id, "Active": True, "ParentID": parent}
        created(tenant.admin.post(BASE, body))
    return tenant


def _ids(tenant: Tenant, **params: Any) -> list[str]:
    return [c["ID"] for c in tenant.admin.get(BASE, **params).json()["Items"]]


def test_depth_counts_levels_below_the_parent(tree: Tenant) -> None:
    assert sorted(_ids(tree)) == ["clothes", "shoes"]
    assert sorted(_ids(tree, depth="2")) == ["clothes", "hats", "shirts", "shoes"]
    assert len(_ids(tree, depth="all")) == 5
    assert sorted(_ids(tree, ParentID="clothes")) == ["hats", "shirts"]
    assert sorted(_ids(tree, ParentID="clothes", depth="all")) == ["hats", "polos", "shirts"]
    bad = tree.admin.get(BASE, depth="zero")
    assert bad.json()["Errors"][0]["ErrorCode"] == "Category.InvalidDepth"


def test_child_count_and_catalog_category_count(tree: Tenant) -> None:
    clothes = tree.admin.get(f"{BASE}/clothes").json()
    assert clothes["ChildCount"] == 2
    assert clothes["ParentID"] is None
    assert tree.admin.get(f"{BASE}/polos").json()["ParentID"] == "shirts"
    assert tree.admin.get("/catalogs/summer").json()["CategoryCount"] == 5


def test_moving_a_category_moves_its_subtree(tree: Tenant) -> None:
    moved = tree.admin.patch(f"{BASE}/shirts", {"ParentID": "shoes"})

    assert moved.status_code == 200
    assert sorted(_ids(tree, ParentID="shoes", depth="all")) == ["polos", "shirts"]
    assert _ids(tree, ParentID="clothes", depth="all") == ["hats"]


def test_a_category_cannot_move_under_its_own_descendant(tree: Tenant) -> None:
    response = tree.admin.patch(f"{BASE}/clothes", {"ParentID": "polos"})
    assert response.json()["Errors"][0]["ErrorCode"] == "Category.CircularReference"


def test_deleting_a_category_deletes_its_subtree(tree: Tenant) -> None:
    assert tree.admin.delete(f"{BASE}/clothes").status_code == 204
    assert _ids(tree, depth="all") == ["shoes"]


def test_product_in_a_category_joins_the_catalog(tree: Tenant) -> None:
    created(tree.admin.post("/products", {"ID": "polo", "Name": "Polo", "Active": True}))

    saved = tree.admin.post(
        f"{BASE}/productassignments", {"CategoryID": "polos", "ProductID": "polo"}
    )

    assert saved.status_code == 204
    assert [p["ID"] for p in tree.admin.get("/products", catalogID="summer").json()["Items"]] == [
        "polo"
    ]
    listed = tree.admin.get(f"{BASE}/productassignments", productID="polo").json()["Items"]
    assert listed == [{"CategoryID": "polos", "ProductID": "polo", "ListOrder": None}]
    assert tree.admin.delete(f"{BASE}/polos/productassignments/polo").status_code == 204


# --- what buyers see ----------------------------------------------------------------------------


def _categorise(shop: Shop) -> None:
    """Shirt goes in summer > clothes > shirts; buyer A gets summer without view-all."""
    t = shop.tenant
    for category_id, parent in (("clothes", None), ("shirts", "clothes")):
        created(
            t.admin.post(
                BASE, {"ID": category_id, "Name": category_id, "Active": True, "ParentID": parent}
            )
        )
    t.admin.post(f"{BASE}/productassignments", {"CategoryID": "shirts", "ProductID": "shirt"})
    t.admin.post("/catalogs/assignments", {"CatalogID": "summer", "BuyerID": shop.a})


def _assign(shop: Shop, category: str, *, group: str | None = None, **flags: bool) -> None:
    body = {"CategoryID": category, "BuyerID": shop.a, "UserGroupID": group, **flags}
    assert shop.tenant.admin.post(f"{BASE}/assignments", body).status_code == 204


def test_view_all_products_on_a_parent_reaches_its_subtree(shop: Shop) -> None:
    _categorise(shop)
    assert shop.sees("plain") == {}

    _assign(shop, "clothes", ViewAllProducts=True)

    assert shop.sees("plain") == {"shirt": 10}
    assert shop.sees("other") == {}


def test_a_group_setting_beats_the_buyer_setting_on_the_same_category(shop: Shop) -> None:
    _categorise(shop)
    _assign(shop, "clothes", ViewAllProducts=True)
    _assign(shop, "shirts", group="vip", ViewAllProducts=False)

    assert shop.sees("plain") == {"shirt": 10}
    assert shop.sees("grouped") == {}


def test_an_inactive_ancestor_hides_the_category_and_its_products(shop: Shop) -> None:
    _categorise(shop)
    _assign(shop, "clothes", ViewAllProducts=True, Visible=True)
    shop.tenant.admin.patch(f"{BASE}/clothes", {"Active": False})

    assert shop.sees("plain") == {}
    assert (
        shop.users["plain"].get("/me/categories", catalogID="summer", depth="all").json()["Items"]
        == []
    )


def test_my_categories_follow_visible_settings(shop: Shop) -> None:
    _categorise(shop)
    me = shop.users["plain"]

    def visible() -> list[str]:
        page = me.get("/me/categories", catalogID="summer", depth="all").json()
        return sorted(c["ID"] for c in page["Items"])

    assert visible() == []
    _assign(shop, "clothes", Visible=True)
    assert visible() == ["clothes", "shirts"]
    _assign(shop, "shirts", Visible=False)
    assert visible() == ["clothes"]
    assert me.get("/me/categories/shirts", catalogID="summer").status_code == 404
    assert me.get("/me/categories/clothes", catalogID="summer").json()["ChildCount"] == 1


def test_an_open_category_shows_only_its_own_products(shop: Shop) -> None:
    _categorise(shop)
    created(shop.tenant.admin.post("/products", {"ID": "hat", "Name": "Hat", "Active": True}))
    shop.tenant.admin.post(
        "/catalogs/productassignments", {"CatalogID": "summer", "ProductID": "hat"}
    )
    _assign(shop, "shirts", ViewAllProducts=True)

    assert set(shop.sees("plain")) == {"shirt"}
