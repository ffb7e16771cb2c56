"""Inventory records of products and variants, as admin and supplier users manage them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import size_variants
from tests.factories import Api, Tenant, created

STREET = {"Street1": "1 Dock Road", "City": "Leeds", "Country": "GB"}
PRODUCT = "/products/shirt/inventoryrecords"
VARIANT = "/products/shirt/variants/shirt-s/inventoryrecords"


def _address(tenant: Tenant, company_path: str, address_id: str) -> None:
    body = {"ID": address_id, "AddressName": address_id.title(), **STREET}
    created(tenant.admin.post(f"{company_path}/addresses", body))


def _error(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["Errors"][0]["ErrorCode"]


@pytest.fixture
def stock(tenant: Tenant) -> Tenant:
    """Product shirt (variants shirt-s, shirt-m), addresses leeds, york and acme's dock."""
    created(tenant.admin.post("/products", {"ID": "shirt", "Name": "Shirt", "Active": True}))
    size_variants(tenant, "shirt", ["S", "M"])
    _address(tenant, "", "leeds")
    _address(tenant, "", "york")
    tenant.supplier(ID="acme")
    _address(tenant, "/suppliers/acme", "dock")
    return tenant


def _supplier_admin(tenant: Tenant) -> Api:
    user = tenant.user("/suppliers/acme/users")
    return tenant.as_user(user["Username"], "ProductAdmin")


def test_created_record_has_defaults_owner_and_embedded_address(stock: Tenant) -> None:
    record = created(stock.admin.post(PRODUCT, {"ID": "main", "AddressID": "leeds"}))

    assert record["OwnerID"] == stock.marketplace_id
    assert record["AllowAllBuyers"] is True
    assert record["OrderCanExceed"] is False
    assert record["QuantityAvailable"] == 0
    assert record["NotificationPoint"] is None
    assert record["AddressID"] == "leeds"
    assert record["Address"]["AddressName"] == "Leeds"
    assert record["LastUpdated"].endswith("+00:00")
    assert stock.admin.get(f"{PRODUCT}/main").json() == record


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"AddressID": "dock"}, (404, "NotFound"), id="supplier address, seller owner"),
        pytest.param(
            {"AddressID": "leeds", "OwnerID": "acme"}, (404, "NotFound"), id="seller address"
        ),
        pytest.param({"AddressID": "leeds", "OwnerID": "ghost"}, (404, "NotFound"), id="no owner"),
        pytest.param({"QuantityAvailable": 3}, (400, "ValidationFailure"), id="no address"),
        pytest.param(
            {"AddressID": "leeds", "AllowAllBuyers": None}, (400, "ValidationFailure"), id="null"
        ),
    ],
)
def test_a_record_needs_an_address_of_its_owner(
    stock: Tenant, body: dict[str, Any], expected: tuple[int, str]
) -> None:
    assert _error(stock.admin.post(PRODUCT, body)) == expected
    assert stock.admin.get(PRODUCT).json()["Meta"]["TotalCount"] == 0


def test_the_seller_may_give_a_record_to_a_supplier_at_its_address(stock: Tenant) -> None:
    record = created(stock.admin.post(PRODUCT, {"AddressID": "dock", "OwnerID": "acme"}))

    assert record["OwnerID"] == "acme"
    assert len(record["ID"]) == 22


def test_ids_are_unique_per_product_and_per_variant(stock: Tenant) -> None:
    created(stock.admin.post("/products", {"ID": "hat", "Name": "Hat"}))
    for path in (PRODUCT, VARIANT, "/products/shirt/variants/shirt-m/inventoryrecords"):
        created(stock.admin.post(path, {"ID": "main", "AddressID": "leeds"}))
    created(stock.admin.post("/products/hat/inventoryrecords", {"ID": "main", "AddressID": "york"}))

    again = stock.admin.post(VARIANT, {"ID": "main", "AddressID": "york"})

    assert _error(again) == (409, "IdExists")
    assert [r["ID"] for r in stock.admin.get(PRODUCT).json()["Items"]] == ["main"]
    assert stock.admin.get(f"{VARIANT}/main").json()["AddressID"] == "leeds"


def test_put_creates_then_replaces_every_field(stock: Tenant) -> None:
    body = {"AddressID": "leeds", "AllowAllBuyers": False, "QuantityAvailable": 7, "xp": {"a": 1}}
    first = stock.admin.put(f"{VARIANT}/main", body)
    second = stock.admin.put(f"{VARIANT}/main", {"AddressID": "york", "OrderCanExceed": True})

    assert first.status_code == 200
    assert first.json()["QuantityAvailable"] == 7
    replaced = second.json()
    assert (replaced["AddressID"], replaced["AllowAllBuyers"], replaced["QuantityAvailable"]) == (
        "york",
        True,
        0,
    )
    assert replaced["OrderCanExceed"] is True
    assert replaced["xp"] is None
    assert replaced["LastUpdated"] >= first.json()["LastUpdated"]


def test_patch_merges_fields_and_xp_and_may_rename(stock: Tenant) -> None:
    created(stock.admin.post(PRODUCT, {"ID": "main", "AddressID": "leeds", "xp": {"a": 1}}))

    patched = stock.admin.patch(
        f"{PRODUCT}/main", {"ID": "north", "QuantityAvailable": -2, "xp": {"b": 2}}
    ).json()

    assert patched["ID"] == "north"
    assert patched["QuantityAvailable"] == -2
    assert patched["AddressID"] == "leeds"
    assert patched["xp"] == {"a": 1, "b": 2}
    assert stock.admin.get(f"{PRODUCT}/main").status_code == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"OrderCanExceed": None}, (400, "ValidationFailure"), id="null flag"),
        pytest.param({"AddressID": None}, (400, "ValidationFailure"), id="null address"),
        pytest.param({"OwnerID": "acme"}, (404, "NotFound"), id="owner without its address"),
        pytest.param({"AddressID": "dock"}, (404, "NotFound"), id="address of another company"),
    ],
)
def test_patch_keeps_the_address_with_the_owner(
    stock: Tenant, body: dict[str, Any], expected: tuple[int, str]
) -> None:
    created(stock.admin.post(PRODUCT, {"ID": "main", "AddressID": "leeds"}))

    assert _error(stock.admin.patch(f"{PRODUCT}/main", body)) == expected
    assert stock.admin.get(f"{PRODUCT}/main").json()["OwnerID"] == stock.marketplace_id


def test_patch_may_move_a_record_to_a_supplier_with_its_address(stock: Tenant) -> None:
    created(stock.admin.post(PRODUCT, {"ID": "main", "AddressID": "leeds"}))

    moved = stock.admin.patch(f"{PRODUCT}/main", {"OwnerID": "acme", "AddressID": "dock"})

    assert (moved.json()["OwnerID"], moved.json()["Address"]["ID"]) == ("acme", "dock")


def test_lists_embed_the_address_only_when_asked(stock: Tenant) -> None:
    for record_id, address, quantity in (("a", "york", 1), ("b", "leeds", 9), ("c", "york", 6)):
        body = {"ID": record_id, "AddressID": address, "QuantityAvailable": quantity}
        created(stock.admin.post(PRODUCT, body))

    plain = stock.admin.get(PRODUCT).json()["Items"]
    with_address = stock.admin.get(PRODUCT, includeAddress="true").json()["Items"]
    plenty = stock.admin.get(PRODUCT, QuantityAvailable=">5", sortBy="!AddressID,ID").json()
    searched = stock.admin.get(PRODUCT, search="leeds", searchOn="AddressID").json()

    assert [r["Address"] for r in plain] == [None, None, None]
    assert [r["Address"]["ID"] for r in with_address] == ["york", "leeds", "york"]
    assert [r["ID"] for r in plenty["Items"]] == ["c", "b"]
    assert [r["ID"] for r in searched["Items"]] == ["b"]
    assert stock.admin.get(VARIANT).json()["Meta"]["TotalCount"] == 0


def test_suppliers_manage_records_they_own_on_their_products(stock: Tenant) -> None:
    supplier = _supplier_admin(stock)
    created(supplier.post("/products", {"ID": "boots", "Name": "Boots"}))
    boots = "/products/boots/inventoryrecords"

    own = supplier.post(boots, {"ID": "r", "AddressID": "dock", "OwnerID": stock.marketplace_id})
    created(stock.admin.post(boots, {"ID": "seller", "AddressID": "leeds"}))

    assert own.status_code == 201
    assert own.json()["OwnerID"] == "acme"
    assert [r["ID"] for r in supplier.get(boots).json()["Items"]] == ["r"]
    assert supplier.get(f"{boots}/seller").status_code == 404
    assert supplier.get(PRODUCT).status_code == 404
    assert [r["ID"] for r in stock.admin.get(boots).json()["Items"]] == ["r", "seller"]


def test_buyer_users_cannot_manage_records(stock: Tenant) -> None:
    buyer = stock.buyer()["ID"]
    user = stock.user(f"/buyers/{buyer}/users")
    api = stock.as_user(user["Username"], "ProductAdmin")

    assert _error(api.get(PRODUCT)) == (403, "Auth.UserNotAuthorizedToAdmin")
    assert _error(api.post(PRODUCT, {"AddressID": "leeds"})) == (
        403,
        "Auth.UserNotAuthorizedToAdmin",
    )


def test_unknown_product_variant_or_record_is_not_found(stock: Tenant) -> None:
    missing = (
        "/products/nope/inventoryrecords",
        "/products/shirt/variants/nope/inventoryrecords",
        f"{PRODUCT}/nope",
    )
    data = [stock.admin.get(path).json()["Errors"][0]["Data"]["ObjectType"] for path in missing]

    assert data == ["Product", "Variant", "InventoryRecord"]


def test_records_go_with_their_product_or_variant(stock: Tenant) -> None:
    buyer = stock.buyer(ID="b1")["ID"]
    for path in (PRODUCT, VARIANT):
        created(stock.admin.post(path, {"ID": "main", "AddressID": "leeds"}))
        body = {"InventoryRecordID": "main", "BuyerID": buyer}
        assert stock.admin.post(f"{path}/assignments", body).status_code == 204

    stock.client.post(
        "/v1/products/shirt/variants/generate",
        params={"overwriteExisting": "true"},
        headers={"Authorization": f"Bearer {stock.admin.token}"},
    )
    variant_after = stock.admin.get(VARIANT).json()["Meta"]["TotalCount"]
    product_after = stock.admin.get(PRODUCT).json()["Meta"]["TotalCount"]
    assert stock.admin.delete("/products/shirt").status_code == 204
    created(stock.admin.post("/products", {"ID": "shirt", "Name": "Shirt"}))

    assert (variant_after, product_after) == (0, 1)
    assert stock.admin.get(PRODUCT).json()["Meta"]["TotalCount"] == 0
    assert stock.admin.get(f"{PRODUCT}/assignments").json()["Meta"]["TotalCount"] == 0


def test_an_address_holding_records_cannot_be_deleted(stock: Tenant) -> None:
    created(stock.admin.post(PRODUCT, {"ID": "main", "AddressID": "leeds"}))

    refused = stock.admin.delete("/addresses/leeds")
    assert stock.admin.delete(f"{PRODUCT}/main").status_code == 204
    allowed = stock.admin.delete("/addresses/leeds")

    assert _error(refused) == (400, "Address.CannotDeleteInventoryRecordAddress")
    assert allowed.status_code == 204


def test_deleting_the_owner_supplier_removes_its_records(stock: Tenant) -> None:
    created(stock.admin.post(PRODUCT, {"ID": "acme", "AddressID": "dock", "OwnerID": "acme"}))

    assert stock.admin.delete("/suppliers/acme").status_code == 204
    assert stock.admin.get(PRODUCT).json()["Meta"]["TotalCount"] == 0
