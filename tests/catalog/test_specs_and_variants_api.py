"""Specs with options, their product assignments, and generated variants."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop
from tests.factories import Tenant, created


def _spec(tenant: Tenant, spec_id: str, values: list[str], **fields: Any) -> None:
    body = {
        "ID": spec_id,
        "Name": spec_id.title(),
        "Required": True,
        "DefinesVariant": True,
        **fields,
    }
    created(tenant.admin.post("/specs", body))
    for n, value in enumerate(values):
        option = {"ID": value.lower(), "Value": value, "ListOrder": n}
        created(tenant.admin.post(f"/specs/{spec_id}/options", option))


@pytest.fixture
def shirt(tenant: Tenant) -> Tenant:
    created(tenant.admin.post("/products", {"ID": "shirt", "Name": "Shirt", "Active": True}))
    _spec(tenant, "size", ["S", "M", "L"])
    _spec(tenant, "color", ["Red", "Blue"])
    for spec_id in ("size", "color"):
        body = {"SpecID": spec_id, "ProductID": "shirt"}
        assert tenant.admin.post("/specs/productassignments", body).status_code == 204
    return tenant


def test_spec_shows_its_options_in_order(shirt: Tenant) -> None:
    spec = shirt.admin.get("/specs/size").json()

    assert spec["OptionCount"] == 3
    assert [o["Value"] for o in spec["Options"]] == ["S", "M", "L"]
    assert spec["OwnerID"] == shirt.marketplace_id


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"DefinesVariant": True, "AllowOpenText": True}, "Spec.CannotAllowOpenText"),
        ({"DefinesVariant": True, "Required": False}, "Spec.MustBeRequired"),
        ({"DefinesVariant": False, "DefaultOptionID": "nope"}, "Spec.OptionNotFound"),
    ],
)
def test_inconsistent_specs_are_refused(tenant: Tenant, fields: dict[str, Any], code: str) -> None:
    response = tenant.admin.post("/specs", {"Name": "Engraving", "Required": True, **fields})
    assert response.json()["Errors"][0]["ErrorCode"] == code


def test_generating_variants_makes_every_combination_once(shirt: Tenant) -> None:
    product = shirt.admin.post("/products/shirt/variants/generate")

    assert product.status_code == 201
    assert product.json()["VariantCount"] == 6
    assert product.json()["SpecCount"] == 2
    variants = shirt.admin.get("/products/shirt/variants", pageSize=100).json()["Items"]
    assert sorted(v["ID"] for v in variants) == sorted(
        f"shirt-{s}-{c}" for s in ("s", "m", "l") for c in ("red", "blue")
    )
    small_red = next(v for v in variants if v["ID"] == "shirt-s-red")
    assert small_red["Name"] == "Shirt S Red"
    assert [(s["SpecID"], s["OptionID"], s["Value"]) for s in small_red["Specs"]] == [
        ("size", "s", "S"),
        ("color", "red", "Red"),
    ]
    again = shirt.admin.post("/products/shirt/variants/generate")
    assert again.json()["VariantCount"] == 6


def test_variants_keep_their_edits_unless_overwritten(shirt: Tenant) -> None:
    shirt.admin.post("/products/shirt/variants/generate")
    patched = shirt.admin.patch(
        "/products/shirt/variants/shirt-m-blue", {"Active": False, "ShipWeight": 0.3}
    )
    assert patched.json()["Active"] is False

    shirt.admin.post("/products/shirt/variants/generate")
    kept = shirt.admin.get("/products/shirt/variants/shirt-m-blue").json()
    shirt.client.post(
        "/v1/products/shirt/variants/generate",
        params={"overwriteExisting": "true"},
        headers={"Authorization": f"Bearer {shirt.admin.token}"},
    )
    reset = shirt.admin.get("/products/shirt/variants/shirt-m-blue").json()

    assert kept["Active"] is False
    assert kept["ShipWeight"] == 0.3
    assert reset["Active"] is True


def test_too_many_combinations_are_refused(tenant: Tenant) -> None:
    created(tenant.admin.post("/products", {"ID": "big", "Name": "Big"}))
    for spec_id in ("a", "b"):
        _spec(tenant, spec_id, [f"{spec_id}{n}" for n in range(40)])
        tenant.admin.post("/specs/productassignments", {"SpecID": spec_id, "ProductID": "big"})

    response = tenant.admin.post("/products/big/variants/generate")

    assert response.json()["Errors"][0]["ErrorCode"] == "Variant.ExceededLimit"
    assert tenant.admin.get("/products/big").json()["VariantCount"] == 0


def test_product_specs_and_spec_assignments_are_listed(shirt: Tenant) -> None:
    specs = shirt.admin.get("/products/shirt/specs").json()["Items"]
    assigned = shirt.admin.get("/specs/productassignments").json()["Items"]

    assert sorted(s["ID"] for s in specs) == ["color", "size"]
    assert {(a["SpecID"], a["ProductID"]) for a in assigned} == {
        ("size", "shirt"),
        ("color", "shirt"),
    }
    assert shirt.admin.delete("/specs/color/productassignments/shirt").status_code == 204
    assert [s["ID"] for s in shirt.admin.get("/products/shirt/specs").json()["Items"]] == ["size"]


def test_options_can_be_replaced_patched_and_deleted(shirt: Tenant) -> None:
    saved = shirt.admin.put("/specs/size/options/xl", {"Value": "XL", "ListOrder": 3})
    patched = shirt.admin.patch(
        "/specs/size/options/xl", {"PriceMarkupType": "AmountPerQuantity", "PriceMarkup": 2}
    )

    assert saved.status_code == 200
    assert patched.json()["PriceMarkup"] == 2
    assert shirt.admin.delete("/specs/size/options/xl").status_code == 204
    assert shirt.admin.get("/specs/size/options").json()["Meta"]["TotalCount"] == 3


def test_buyers_read_specs_and_variants_of_visible_products_only(shop: Shop) -> None:
    t = shop.tenant
    _spec(t, "size", ["S", "M"])
    t.admin.post("/specs/productassignments", {"SpecID": "size", "ProductID": "shirt"})
    t.admin.post("/products/shirt/variants/generate")
    plain, other = shop.users["plain"], shop.users["other"]
    t.admin.post(
        "/catalogs/assignments", {"CatalogID": "summer", "BuyerID": shop.a, "ViewAllProducts": True}
    )

    assert [s["ID"] for s in plain.get("/me/products/shirt/specs").json()["Items"]] == ["size"]
    assert plain.get("/me/products/shirt/specs/size").json()["OptionCount"] == 2
    assert plain.get("/me/products/shirt/variants").json()["Meta"]["TotalCount"] == 2
    assert plain.get("/me/products/shirt/variants/shirt-s").status_code == 200
    assert plain.get("/me/products/shirt").json()["VariantCount"] == 2
    assert other.get("/me/products/shirt/variants").status_code == 404
