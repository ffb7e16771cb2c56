"""Catalogs, products and the assignments between them and buyers."""

from __future__ import annotations

from typing import Any

from tests.auth.test_token_api import PASSWORD, buyer_user
from tests.factories import Tenant, bearer, created


def _product(tenant: Tenant, product_id: str = "shirt", **fields: Any) -> dict[str, Any]:
    return created(
        tenant.admin.post(
            "/products", {"ID": product_id, "Name": "Shirt", "Active": True, **fields}
        )
    )


def _catalog(tenant: Tenant, catalog_id: str = "spring", **fields: Any) -> dict[str, Any]:
    return created(
        tenant.admin.post(
            "/catalogs", {"ID": catalog_id, "Name": "Spring", "Active": True, **fields}
        )
    )


def test_product_round_trips_with_inventory_and_default_price(tenant: Tenant) -> None:
    created(
        tenant.admin.post(
            "/priceschedules",
            {"ID": "p", "Name": "P", "PriceBreaks": [{"Quantity": 1, "Price": 10}]},
        )
    )

    product = _product(
        tenant,
        DefaultPriceScheduleID="p",
        ShipWeight=1.25,
        Inventory={"Enabled": True, "QuantityAvailable": 5},
        xp={"color": "red"},
    )

    assert product["OwnerID"] == tenant.marketplace_id
    assert product["DefaultPriceScheduleID"] == "p"
    assert product["ShipWeight"] == 1.25
    assert product["Inventory"]["QuantityAvailable"] == 5
    assert product["Inventory"]["LastUpdated"] is not None
    assert product["SpecCount"] == 0
    assert product["VariantCount"] == 0
    assert product["DateCreated"]
    patched = tenant.admin.patch("/products/shirt", {"Inventory": {"QuantityAvailable": 3}}).json()
    assert patched["Inventory"]["Enabled"] is True
    assert patched["Inventory"]["QuantityAvailable"] == 3


def test_unknown_default_price_schedule_is_refused(tenant: Tenant) -> None:
    response = tenant.admin.post("/products", {"Name": "X", "DefaultPriceScheduleID": "nope"})
    assert (
        response.json()["Errors"][0]["ErrorCode"] == "PriceSchedule.InvalidDefaultPriceScheduleID"
    )


def test_products_filter_by_xp_and_catalog(tenant: Tenant) -> None:
    _product(tenant, "red", xp={"color": "red"})
    _product(tenant, "blue", xp={"color": "blue"})
    _catalog(tenant)
    tenant.admin.post("/catalogs/productassignments", {"CatalogID": "spring", "ProductID": "blue"})

    red = tenant.admin.get("/products", **{"xp.color": "red"}).json()
    in_spring = tenant.admin.get("/products", catalogID="spring").json()
    category_only = tenant.admin.get("/products", categoryID="c")

    assert [p["ID"] for p in red["Items"]] == ["red"]
    assert [p["ID"] for p in in_spring["Items"]] == ["blue"]
    assert (
        category_only.json()["Errors"][0]["ErrorCode"] == "Product.CategoryFilterRequiresCatalogID"
    )


def test_catalog_assignments_are_saved_listed_and_deleted(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    _catalog(tenant)
    body = {"CatalogID": "spring", "BuyerID": buyer, "ViewAllProducts": True}

    assert tenant.admin.post("/catalogs/assignments", body).status_code == 204
    listed = tenant.admin.get("/catalogs/assignments", buyerID=buyer).json()["Items"]

    assert {(a["CatalogID"], a["ViewAllProducts"]) for a in listed} == {
        (buyer, True),
        ("spring", True),
    }
    assert tenant.admin.delete("/catalogs/spring/assignments", buyerID=buyer).status_code == 204
    assert tenant.admin.get("/catalogs/assignments", catalogID="spring").json()["Items"] == []


def test_default_catalog_of_a_buyer_cannot_be_deleted(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]

    response = tenant.admin.delete(f"/catalogs/{buyer}")

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Catalog.CannotDelete"
    _catalog(tenant)
    assert tenant.admin.delete("/catalogs/spring").status_code == 204


def test_renaming_a_default_catalog_keeps_the_buyer_pointing_at_it(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]

    tenant.admin.patch(f"/catalogs/{buyer}", {"ID": "renamed"})

    assert tenant.admin.get(f"/buyers/{buyer}").json()["DefaultCatalogID"] == "renamed"


def test_product_assignment_needs_a_shared_catalog(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    _product(tenant)
    created(
        tenant.admin.post(
            "/priceschedules",
            {"ID": "vip", "Name": "VIP", "PriceBreaks": [{"Quantity": 1, "Price": 5}]},
        )
    )
    body = {"ProductID": "shirt", "BuyerID": buyer, "PriceScheduleID": "vip"}

    refused = tenant.admin.post("/products/assignments", body)
    tenant.admin.post("/catalogs/productassignments", {"CatalogID": buyer, "ProductID": "shirt"})
    accepted = tenant.admin.post("/products/assignments", body)

    assert refused.json()["Errors"][0]["ErrorCode"] == "Product.CannotAssignNotInBuyerCatalog"
    assert accepted.status_code == 204
    listed = tenant.admin.get("/products/assignments", productID="shirt").json()["Items"]
    assert listed == [
        {
            "SellerID": None,
            "ProductID": "shirt",
            "BuyerID": buyer,
            "UserGroupID": None,
            "PriceScheduleID": "vip",
        }
    ]
    assert tenant.admin.delete(f"/products/shirt/assignments/{buyer}").status_code == 204
    assert tenant.admin.get("/products/assignments", productID="shirt").json()["Items"] == []


def test_group_level_product_assignment_is_its_own_row(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    tenant.admin.post(f"/buyers/{buyer}/usergroups", {"ID": "vip", "Name": "VIP"})
    _product(tenant)
    tenant.admin.post("/catalogs/productassignments", {"CatalogID": buyer, "ProductID": "shirt"})

    tenant.admin.post("/products/assignments", {"ProductID": "shirt", "BuyerID": buyer})
    tenant.admin.post(
        "/products/assignments", {"ProductID": "shirt", "BuyerID": buyer, "UserGroupID": "vip"}
    )

    assert (
        tenant.admin.get("/products/assignments", level="Group").json()["Meta"]["TotalCount"] == 1
    )
    assert (
        tenant.admin.get("/products/assignments", level="Company").json()["Meta"]["TotalCount"] == 1
    )


def test_buyer_users_cannot_use_the_admin_catalog_routes(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["ProductReader", "CatalogReader"], BuyerID=buyer)
    token = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).json()[
        "access_token"
    ]

    for path in ("/v1/products", "/v1/catalogs", "/v1/products/assignments"):
        response = tenant.client.get(path, headers=bearer(token))
        assert response.status_code == 403, path
        assert response.json()["Errors"][0]["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


def test_supplier_users_manage_only_their_own_products(tenant: Tenant) -> None:
    supplier = tenant.supplier()["ID"]
    user = tenant.user(f"/suppliers/{supplier}/users")
    api = tenant.as_user(user["Username"], "ProductAdmin")
    _product(tenant, "sellers")

    own = api.post("/products", {"ID": "mine", "Name": "Mine", "OwnerID": "someone-else"})
    listed = api.get("/products").json()

    assert own.json()["OwnerID"] == supplier
    assert [p["ID"] for p in listed["Items"]] == ["mine"]
    assert api.get("/products/sellers").status_code == 404
    assert api.patch("/products/sellers", {"Name": "Mine now"}).status_code == 404


def test_product_suppliers_are_saved_with_their_price_and_removed(tenant: Tenant) -> None:
    supplier = tenant.supplier(Name="Acme")["ID"]
    _product(tenant)
    created(
        tenant.admin.post(
            "/priceschedules",
            {"ID": "acme", "Name": "Acme", "PriceBreaks": [{"Quantity": 1, "Price": 7}]},
        )
    )

    saved = tenant.admin.client.put(
        f"/v1/products/shirt/suppliers/{supplier}",
        params={"defaultPriceScheduleID": "acme"},
        headers={"Authorization": f"Bearer {tenant.admin.token}"},
    )
    listed = tenant.admin.get("/products/shirt/suppliers").json()["Items"]

    assert saved.status_code == 204
    assert [(s["ID"], s["Name"], s["DefaultPriceScheduleID"]) for s in listed] == [
        (supplier, "Acme", "acme")
    ]
    assert tenant.admin.delete(f"/products/shirt/suppliers/{supplier}").status_code == 204
    assert tenant.admin.get("/products/shirt/suppliers").json()["Items"] == []
    missing = tenant.admin.delete(f"/products/shirt/suppliers/{supplier}")
    assert missing.status_code == 404
