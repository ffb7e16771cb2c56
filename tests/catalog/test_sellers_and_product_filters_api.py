"""Buyers' sellers (/me/sellers, /me/products/{id}/sellers, sellerID) and category filters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop
from tests.factories import Tenant, created


def _ids(page: Any) -> list[str]:
    return sorted(item["ID"] for item in page.json()["Items"])


def _product(tenant: Tenant, product_id: str, **fields: Any) -> None:
    body = {"ID": product_id, "Name": product_id, "Active": True, **fields}
    created(tenant.admin.post("/products", {"DefaultPriceScheduleID": "list", **body}))
    tenant.admin.post(
        "/catalogs/productassignments", {"CatalogID": "summer", "ProductID": product_id}
    )


def _open_catalog(shop: Shop) -> None:
    shop.tenant.admin.post(
        "/catalogs/assignments",
        {
            "CatalogID": "summer",
            "BuyerID": shop.a,
            "ViewAllProducts": True,
            "ViewAllCategories": True,
        },
    )


def _supplier(shop: Shop, *, open_to_all: bool) -> str:
    supplier: str = shop.tenant.supplier(AllBuyersCanOrder=open_to_all, Active=True)["ID"]
    return supplier


def _sell(shop: Shop, product_id: str, supplier: str, schedule: str | None) -> None:
    params = {"defaultPriceScheduleID": schedule} if schedule else {}
    response = shop.tenant.admin.client.put(
        f"/v1/products/{product_id}/suppliers/{supplier}",
        params=params,
        headers={"Authorization": f"Bearer {shop.tenant.admin.token}"},
    )
    assert response.status_code == 204, response.text


@pytest.fixture
def sellers(shop: Shop) -> dict[str, str]:
    """Suppliers selling the shirt: `open` at its own price (7), `closed` not open to A."""
    _open_catalog(shop)
    created(
        shop.tenant.admin.post(
            "/priceschedules",
            {"ID": "open-price", "Name": "Open", "PriceBreaks": [{"Quantity": 1, "Price": 7}]},
        )
    )
    found = {
        "open": _supplier(shop, open_to_all=True),
        "closed": _supplier(shop, open_to_all=False),
    }
    _sell(shop, "shirt", found["open"], "open-price")
    _sell(shop, "shirt", found["closed"], None)
    return found


def test_my_sellers_are_the_marketplace_and_the_suppliers_open_to_my_buyer(
    shop: Shop, sellers: dict[str, str]
) -> None:
    listed = _ids(shop.users["plain"].get("/me/sellers"))

    assert listed == sorted([shop.tenant.marketplace_id, sellers["open"]])


def test_product_sellers_carry_the_price_i_would_pay_each_of_them(
    shop: Shop, sellers: dict[str, str]
) -> None:
    page = shop.users["plain"].get("/me/products/shirt/sellers").json()["Items"]

    prices = {s["ID"]: s["PriceSchedule"]["PriceBreaks"][0]["Price"] for s in page}
    assert prices == {shop.tenant.marketplace_id: 10, sellers["open"]: 7}


@pytest.mark.parametrize(
    ("seller", "expected"),
    [
        ("marketplace", {"shirt": 10, "own-hat": 10}),
        ("open", {"shirt": 7}),
    ],
)
def test_seller_id_narrows_my_products_to_that_seller_at_its_price(
    shop: Shop, sellers: dict[str, str], seller: str, expected: dict[str, float]
) -> None:
    _product(shop.tenant, "own-hat")
    seller_id = shop.tenant.marketplace_id if seller == "marketplace" else sellers[seller]

    page = shop.users["plain"].get("/me/products", sellerID=seller_id).json()["Items"]
    one = shop.users["plain"].get("/me/products/shirt", sellerID=seller_id).json()

    assert {p["ID"]: p["PriceSchedule"]["PriceBreaks"][0]["Price"] for p in page} == expected
    assert one["PriceSchedule"]["PriceBreaks"][0]["Price"] == expected["shirt"]


def test_a_seller_not_open_to_my_buyer_is_unknown_to_me(
    shop: Shop, sellers: dict[str, str]
) -> None:
    response = shop.users["plain"].get("/me/products", sellerID=sellers["closed"])

    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"]["ObjectType"] == "Seller"


def test_another_suppliers_product_is_not_resold_by_a_supplier(
    shop: Shop, sellers: dict[str, str]
) -> None:
    other = _supplier(shop, open_to_all=True)
    body = {"ID": "their-cap", "Name": "Cap", "OwnerID": other, "AllSuppliersCanSell": True}
    created(shop.tenant.admin.post("/products", body))

    sold_by_open = _ids(shop.tenant.admin.get("/products", supplierID=sellers["open"]))
    sold_by_other = _ids(shop.tenant.admin.get("/products", supplierID=other))

    assert sold_by_open == ["shirt"]
    assert sold_by_other == ["their-cap"]


def test_admin_supplier_filter_lists_what_the_supplier_sells(
    shop: Shop, sellers: dict[str, str]
) -> None:
    _product(shop.tenant, "own-hat")

    assert _ids(shop.tenant.admin.get("/products", supplierID=sellers["open"])) == ["shirt"]


@pytest.fixture
def tree(shop: Shop) -> Shop:
    """summer: tops > shirts (shirt) > polos (polo); bottoms (jeans). All visible to A."""
    admin = shop.tenant.admin
    _open_catalog(shop)
    for category, parent in (
        ("tops", None),
        ("shirts", "tops"),
        ("polos", "shirts"),
        ("bottoms", None),
    ):
        body = {"ID": category, "Name": category, "Active": True, "ParentID": parent}
        created(admin.post("/catalogs/summer/categories", body))
    for product, category in (("shirt", "shirts"), ("polo", "polos"), ("jeans", "bottoms")):
        if product != "shirt":
            _product(shop.tenant, product)
        assignment = {"CategoryID": category, "ProductID": product}
        assert (
            admin.post("/catalogs/summer/categories/productassignments", assignment).status_code
            == 204
        )
    return shop


@pytest.mark.parametrize(
    ("category", "depth", "expected"),
    [
        ("tops", None, ["polo", "shirt"]),
        ("tops", "all", ["polo", "shirt"]),
        ("tops", "1", []),
        ("tops", "2", ["shirt"]),
        ("shirts", "1", ["shirt"]),
        ("bottoms", None, ["jeans"]),
    ],
)
def test_category_filter_takes_the_subtree_to_the_given_depth(
    tree: Shop, category: str, depth: str | None, expected: list[str]
) -> None:
    params = {"catalogID": "summer", "categoryID": category}
    mine = tree.users["plain"].get("/me/products", **params, **({"depth": depth} if depth else {}))

    assert _ids(mine) == expected
    if depth is None:  # the admin list has no depth parameter: always the whole subtree
        assert _ids(tree.tenant.admin.get("/products", **params)) == expected


def test_category_filter_without_catalog_uses_the_buyer_default_catalog(tree: Shop) -> None:
    # Every buyer gets a default catalog of its own when created; tops is not in it.
    elsewhere = tree.users["plain"].get("/me/products", categoryID="tops")
    tree.tenant.admin.patch(f"/buyers/{tree.a}", {"DefaultCatalogID": "summer"})

    assert elsewhere.status_code == 404
    assert _ids(tree.users["plain"].get("/me/products", categoryID="tops")) == ["polo", "shirt"]


def test_a_hidden_category_cannot_be_browsed(tree: Shop) -> None:
    tree.tenant.admin.post(
        "/catalogs/summer/categories/assignments",
        {"CategoryID": "bottoms", "BuyerID": tree.a, "Visible": False},
    )

    response = tree.users["plain"].get("/me/products", catalogID="summer", categoryID="bottoms")

    assert response.status_code == 404
    assert _ids(tree.users["plain"].get("/me/products", catalogID="summer", categoryID="tops"))
