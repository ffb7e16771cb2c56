"""Bundles, the products in them, and their buyer, catalog and category assignments."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.factories import Api, Tenant, created, make_tenant

CATEGORIES = "/catalogs/summer/categories"


@pytest.fixture
def kit(tenant: Tenant) -> Tenant:
    """Bundle kit (holding shirt), catalog summer with category tops, buyer acme with group vip."""
    admin = tenant.admin
    created(admin.post("/bundles", {"ID": "kit", "Name": "Starter kit", "Active": True}))
    created(admin.post("/products", {"ID": "shirt", "Name": "Shirt", "Active": True}))
    created(admin.post("/catalogs", {"ID": "summer", "Name": "Summer", "Active": True}))
    created(admin.post(CATEGORIES, {"ID": "tops", "Name": "Tops", "Active": True}))
    tenant.buyer(ID="acme")
    created(admin.post("/buyers/acme/usergroups", {"ID": "vip", "Name": "VIP"}))
    _ok(admin.post("/bundles/productassignments", _in_kit("shirt", Required=True)))
    return tenant


def _in_kit(product_id: str, **fields: Any) -> dict[str, Any]:
    return {"BundleID": "kit", "ProductID": product_id, **fields}


def _ok(response: Response) -> None:
    assert response.status_code == 204, response.text


def _error(response: Response) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["Errors"][0]
    return error


def _items(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(path, **params).json()["Items"]
    return items


# --- the bundle itself --------------------------------------------------------------------------


def test_bundle_is_created_read_replaced_patched_and_deleted(tenant: Tenant) -> None:
    admin = tenant.admin
    bundle = created(admin.post("/bundles", {"ID": "kit", "Name": "Kit", "xp": {"a": 1}}))
    assert bundle == {
        "ID": "kit",
        "OwnerID": tenant.marketplace_id,
        "Name": "Kit",
        "Description": None,
        "Active": False,
        "xp": {"a": 1},
    }

    replaced = admin.put("/bundles/kit", {"Name": "Kit 2", "Active": True}).json()
    patched = admin.patch("/bundles/kit", {"ID": "kit2", "xp": {"b": 2}}).json()

    assert (replaced["Name"], replaced["Active"], replaced["xp"]) == ("Kit 2", True, None)
    assert (patched["ID"], patched["Name"], patched["xp"]) == ("kit2", "Kit 2", {"b": 2})
    assert admin.get("/bundles/kit").status_code == 404
    assert admin.delete("/bundles/kit2").status_code == 204
    assert admin.get("/bundles/kit2").status_code == 404


def test_put_creates_a_missing_bundle_under_the_path_id(tenant: Tenant) -> None:
    response = tenant.admin.put("/bundles/new-kit", {"Name": "New"})

    assert response.status_code == 200
    assert tenant.admin.get("/bundles/new-kit").json()["Name"] == "New"


@pytest.mark.parametrize(
    "body", [{}, {"Name": ""}, {"Name": "x" * 101}, {"Name": "Kit", "ID": "bad id"}]
)
def test_invalid_bundles_are_refused_with_400(tenant: Tenant, body: dict[str, Any]) -> None:
    response = tenant.admin.post("/bundles", body)

    assert response.status_code == 400
    assert tenant.admin.get("/bundles").json()["Items"] == []


def test_bundle_ids_are_unique_within_a_marketplace(kit: Tenant) -> None:
    duplicate = kit.admin.post("/bundles", {"ID": "kit", "Name": "Again"})
    renamed = kit.admin.patch("/bundles/kit", {"ID": "kit"})
    created(kit.admin.post("/bundles", {"ID": "other", "Name": "Other"}))
    clash = kit.admin.patch("/bundles/other", {"ID": "kit"})

    assert duplicate.status_code == 409
    assert _error(duplicate)["ErrorCode"] == "IdExists"
    assert renamed.status_code == 200
    assert clash.status_code == 409


def test_another_marketplace_may_use_the_same_bundle_id(
    kit: Tenant, app: FastAPI, client: TestClient
) -> None:
    other = make_tenant(app, client)

    assert other.admin.post("/bundles", {"ID": "kit", "Name": "Theirs"}).status_code == 201
    assert kit.admin.get("/bundles/kit").json()["Name"] == "Starter kit"


def test_bundles_are_listed_with_search_filters_and_facets(kit: Tenant) -> None:
    created(kit.admin.post("/bundles", {"ID": "party", "Name": "Party pack", "xp": {"n": 2}}))

    page = kit.admin.get("/bundles").json()

    assert [b["ID"] for b in page["Items"]] == ["kit", "party"]
    assert page["Meta"]["Facets"] == []
    assert [b["ID"] for b in _items(kit.admin, "/bundles", search="party")] == ["party"]
    assert [b["ID"] for b in _items(kit.admin, "/bundles", Active="true")] == ["kit"]
    assert [b["ID"] for b in _items(kit.admin, "/bundles", **{"xp.n": "2"})] == ["party"]
    assert [b["ID"] for b in _items(kit.admin, "/bundles", sortBy="Name")] == ["party", "kit"]


# --- products in a bundle -----------------------------------------------------------------------


def test_products_are_put_in_a_bundle_changed_and_taken_out(kit: Tenant) -> None:
    admin = kit.admin
    created(admin.post("/products", {"ID": "cap", "Name": "Cap"}))
    _ok(admin.post("/bundles/productassignments", _in_kit("cap", Required=False)))
    _ok(admin.post("/bundles/productassignments", _in_kit("cap", Required=True, DefaultQuantity=2)))

    assert _items(admin, "/bundles/productassignments", productID="cap") == [
        {"ProductID": "cap", "BundleID": "kit", "Required": True, "DefaultQuantity": 2}
    ]
    assert len(_items(admin, "/bundles/productassignments", bundleID="kit")) == 2
    assert admin.delete("/bundles/kit/productassignments/cap").status_code == 204
    again = admin.delete("/bundles/kit/productassignments/cap")
    assert again.status_code == 404
    assert _error(again)["Data"] == {
        "ObjectType": "BundleProductAssignment",
        "ObjectID": "cap",
    }


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        (_in_kit("shirt"), "Required"),
        ({"BundleID": "kit", "Required": True}, "ProductID"),
        (_in_kit("shirt", Required=True, DefaultQuantity=0), "DefaultQuantity"),
    ],
)
def test_product_assignment_needs_product_and_required(
    kit: Tenant, body: dict[str, Any], prop: str
) -> None:
    response = kit.admin.post("/bundles/productassignments", body)

    assert response.status_code == 400
    assert _error(response)["Data"]["Property"] == prop


def test_a_parent_product_cannot_go_in_a_bundle(kit: Tenant) -> None:
    created(kit.admin.post("/products", {"ID": "tee", "Name": "Tee", "IsParent": True}))

    response = kit.admin.post("/bundles/productassignments", _in_kit("tee", Required=True))

    assert response.status_code == 400
    assert _error(response)["ErrorCode"] == "Bundle.ParentProductAssigned"


def test_bundle_and_its_products_share_one_owner(kit: Tenant) -> None:
    supplier = kit.supplier()["ID"]
    created(kit.admin.post("/products", {"ID": "theirs", "Name": "Theirs", "OwnerID": supplier}))

    mixed = kit.admin.post("/bundles/productassignments", _in_kit("theirs", Required=True))
    moved = kit.admin.patch("/bundles/kit", {"OwnerID": supplier})

    assert _error(mixed)["ErrorCode"] == "Bundle.OwnerIDMustMatch"
    assert _error(moved)["ErrorCode"] == "Bundle.OwnerIDMustMatch"
    assert kit.admin.get("/bundles/kit").json()["OwnerID"] == kit.marketplace_id


def test_a_product_in_a_bundle_cannot_be_deleted_until_taken_out(kit: Tenant) -> None:
    refused = kit.admin.delete("/products/shirt")

    assert refused.status_code == 400
    assert _error(refused)["ErrorCode"] == "Product.CannotDeleteProductAssingedToBundle"
    assert kit.admin.get("/products/shirt").status_code == 200
    _ok(kit.admin.delete("/bundles/kit/productassignments/shirt"))
    assert kit.admin.delete("/products/shirt").status_code == 204


def test_products_stay_non_bundles_whatever_is_sent(kit: Tenant) -> None:
    sent = created(kit.admin.post("/products", {"ID": "box", "Name": "Box", "IsBundle": True}))

    assert sent["IsBundle"] is False
    assert kit.admin.get("/products/shirt").json()["IsBundle"] is False


# --- buyers and user groups ---------------------------------------------------------------------


def _offer(kit: Tenant, **party: str) -> None:
    _ok(kit.admin.post("/bundles/assignments", {"BundleID": "kit", "BuyerID": "acme", **party}))


def test_buyer_and_group_assignments_are_separate_rows(kit: Tenant) -> None:
    _offer(kit)
    _offer(kit, UserGroupID="vip")
    _offer(kit, UserGroupID="vip")

    def listed(**params: str) -> list[tuple[str, str, str | None]]:
        rows = _items(kit.admin, "/bundles/assignments", **params)
        return [(r["BundleID"], r["BuyerID"], r["UserGroupID"]) for r in rows]

    assert listed() == [("kit", "acme", None), ("kit", "acme", "vip")]
    assert listed(level="Group") == [("kit", "acme", "vip")]
    assert listed(level="Company", buyerID="acme", bundleID="kit") == [("kit", "acme", None)]
    assert listed(userGroupID="vip") == [("kit", "acme", "vip")]
    assert kit.admin.delete("/bundles/kit/assignments/acme", userGroupID="vip").status_code == 204
    assert listed() == [("kit", "acme", None)]


def test_deleting_with_a_user_id_never_removes_the_buyer_assignment(kit: Tenant) -> None:
    _offer(kit)
    user = kit.user("/buyers/acme/users")["ID"]

    response = kit.admin.delete("/bundles/kit/assignments/acme", userID=user)

    assert response.status_code == 404
    assert len(_items(kit.admin, "/bundles/assignments")) == 1


def test_a_user_group_of_another_buyer_is_not_found(kit: Tenant) -> None:
    kit.buyer(ID="globex")
    created(kit.admin.post("/buyers/globex/usergroups", {"ID": "staff", "Name": "Staff"}))

    response = kit.admin.post(
        "/bundles/assignments", {"BundleID": "kit", "BuyerID": "acme", "UserGroupID": "staff"}
    )

    assert response.status_code == 404
    assert _error(response)["Data"] == {"ObjectType": "UserGroup", "ObjectID": "staff"}


@pytest.mark.parametrize(
    ("path", "body", "missing"),
    [
        ("/bundles/productassignments", {"BundleID": "nope", "ProductID": "shirt"}, "Bundle"),
        ("/bundles/productassignments", {"BundleID": "kit", "ProductID": "nope"}, "Product"),
        ("/bundles/assignments", {"BundleID": "nope", "BuyerID": "acme"}, "Bundle"),
        ("/bundles/assignments", {"BundleID": "kit", "BuyerID": "nope"}, "Buyer"),
        (
            "/bundles/assignments",
            {"BundleID": "kit", "BuyerID": "acme", "UserGroupID": "nope"},
            "UserGroup",
        ),
        ("/catalogs/bundleassignments", {"CatalogID": "nope", "BundleID": "kit"}, "Catalog"),
        ("/catalogs/bundleassignments", {"CatalogID": "summer", "BundleID": "nope"}, "Bundle"),
        (f"{CATEGORIES}/bundleassignments", {"CategoryID": "nope", "BundleID": "kit"}, "Category"),
        (f"{CATEGORIES}/bundleassignments", {"CategoryID": "tops", "BundleID": "nope"}, "Bundle"),
        (CATEGORIES.replace("summer", "nope") + "/bundleassignments",
         {"CategoryID": "tops", "BundleID": "kit"}, "Catalog"),
    ],
)  # fmt: skip
def test_assigning_something_missing_is_not_found(
    kit: Tenant, path: str, body: dict[str, Any], missing: str
) -> None:
    response = kit.admin.post(path, {"Required": True, **body})

    assert response.status_code == 404
    assert _error(response)["ErrorCode"] == "NotFound"
    assert _error(response)["Data"] == {"ObjectType": missing, "ObjectID": "nope"}


# --- catalogs and categories --------------------------------------------------------------------


def test_bundles_go_in_catalogs_and_come_out(kit: Tenant) -> None:
    admin = kit.admin
    _ok(admin.post("/catalogs/bundleassignments", {"CatalogID": "summer", "BundleID": "kit"}))
    _ok(admin.post("/catalogs/bundleassignments", {"CatalogID": "summer", "BundleID": "kit"}))

    assert _items(admin, "/catalogs/bundleassignments", bundleID="kit") == [
        {"CatalogID": "summer", "BundleID": "kit"}
    ]
    assert [b["ID"] for b in _items(admin, "/bundles", catalogID="summer")] == ["kit"]
    assert admin.delete("/catalogs/summer/bundleassignments/kit").status_code == 204
    assert _items(admin, "/bundles", catalogID="summer") == []
    assert admin.delete("/catalogs/summer/bundleassignments/kit").status_code == 404


def test_a_bundle_in_a_category_joins_the_catalog_and_stays_when_taken_out(kit: Tenant) -> None:
    admin = kit.admin
    body = {"CategoryID": "tops", "BundleID": "kit", "ListOrder": 3}
    _ok(admin.post(f"{CATEGORIES}/bundleassignments", body))

    assert _items(admin, f"{CATEGORIES}/bundleassignments", categoryID="tops") == [body]
    assert _items(admin, f"{CATEGORIES}/bundleassignments", bundleID="other") == []
    assert _items(admin, "/catalogs/bundleassignments", catalogID="summer") == [
        {"CatalogID": "summer", "BundleID": "kit"}
    ]
    in_tops = _items(admin, "/bundles", catalogID="summer", categoryID="tops")
    assert [b["ID"] for b in in_tops] == ["kit"]
    assert admin.delete(f"{CATEGORIES}/tops/bundleassignments/kit").status_code == 204
    assert _items(admin, "/bundles", catalogID="summer", categoryID="tops") == []
    assert [b["ID"] for b in _items(admin, "/bundles", catalogID="summer")] == ["kit"]


def test_filtering_bundles_by_category_needs_the_catalog(kit: Tenant) -> None:
    response = kit.admin.get("/bundles", categoryID="tops")
    assert _error(response)["ErrorCode"] == "Product.CategoryFilterRequiresCatalogID"


def test_a_catalog_takes_no_bundle_of_another_owner(kit: Tenant) -> None:
    supplier = kit.supplier()["ID"]
    created(kit.admin.post("/bundles", {"ID": "theirs", "Name": "Theirs", "OwnerID": supplier}))

    response = kit.admin.post(
        "/catalogs/bundleassignments", {"CatalogID": "summer", "BundleID": "theirs"}
    )

    assert _error(response)["ErrorCode"] == "Catalog.CannotAssignProduct"
    assert [b["ID"] for b in _items(kit.admin, "/bundles", supplierID=supplier)] == ["theirs"]


def test_deleting_a_bundle_deletes_every_assignment_of_it(kit: Tenant) -> None:
    admin = kit.admin
    _offer(kit, UserGroupID="vip")
    _ok(admin.post(f"{CATEGORIES}/bundleassignments", {"CategoryID": "tops", "BundleID": "kit"}))

    assert admin.delete("/bundles/kit").status_code == 204
    created(admin.post("/bundles", {"ID": "kit", "Name": "Reborn"}))

    for path in (
        "/bundles/productassignments",
        "/bundles/assignments",
        "/catalogs/bundleassignments",
        f"{CATEGORIES}/bundleassignments",
    ):
        assert _items(admin, path) == [], path
    assert admin.delete("/products/shirt").status_code == 204


# --- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "method", "path", "status"),
    [
        ("BundleReader", "GET", "/bundles/kit", 200),
        ("BundleReader", "GET", "/bundles/productassignments", 200),
        ("BundleReader", "PATCH", "/bundles/kit", 403),
        ("BundleAdmin", "PATCH", "/bundles/kit", 200),
        ("BundleAdmin", "POST", "/bundles/assignments", 403),
        ("BundleAssignmentAdmin", "POST", "/bundles/assignments", 204),
        ("BundleAssignmentAdmin", "GET", "/bundles/assignments", 200),
        ("BundleAssignmentAdmin", "GET", "/bundles", 403),
        ("CatalogReader", "GET", "/catalogs/bundleassignments", 200),
        ("CatalogReader", "POST", "/catalogs/bundleassignments", 403),
        ("CatalogAdmin", "POST", "/catalogs/bundleassignments", 204),
        ("CategoryAdmin", "POST", f"{CATEGORIES}/bundleassignments", 403),
        ("CatalogAdmin", "POST", f"{CATEGORIES}/bundleassignments", 204),
    ],
)  # fmt: skip
def test_roles_grant_bundle_routes_as_in_ordercloud(
    kit: Tenant, role: str, method: str, path: str, status: int
) -> None:
    body = {"BundleID": "kit", "BuyerID": "acme", "CatalogID": "summer", "CategoryID": "tops"}
    api = kit.as_admin(role)

    response = api.client.request(
        method,
        f"/v1{path}",
        json=body if method != "GET" else None,
        headers={"Authorization": f"Bearer {api.token}"},
    )

    assert response.status_code == status, response.text


def _supplier_with_bundle(kit: Tenant, supplier: str, bundle_id: str) -> None:
    """A supplier owning a bundle, offered to acme, that holds a product of the same ID."""
    kit.supplier(ID=supplier)
    created(kit.admin.post("/products", {"ID": bundle_id, "Name": "P", "OwnerID": supplier}))
    created(kit.admin.post("/bundles", {"ID": bundle_id, "Name": "B", "OwnerID": supplier}))
    body = {"BundleID": bundle_id, "ProductID": bundle_id, "Required": True}
    _ok(kit.admin.post("/bundles/productassignments", body))
    _ok(kit.admin.post("/bundles/assignments", {"BundleID": bundle_id, "BuyerID": "acme"}))


@pytest.mark.parametrize(
    ("caller", "bundles", "status"),
    [
        ("seller", ["kit", "north-kit", "south-kit"], 200),
        ("supplier north", ["north-kit"], 200),
        ("supplier south", ["south-kit"], 200),
        ("buyer acme", None, 403),
    ],
)
def test_who_sees_which_bundles_and_their_assignments(
    kit: Tenant, caller: str, bundles: list[str] | None, status: int
) -> None:
    for supplier in ("north", "south"):
        _supplier_with_bundle(kit, supplier, f"{supplier}-kit")
    _offer(kit)
    kind, _, company = caller.partition(" ")
    users = {"supplier": f"/suppliers/{company}/users", "buyer": f"/buyers/{company}/users"}
    api = (
        kit.as_user(kit.user(users[kind])["Username"], "BundleAdmin", "BundleAssignmentAdmin")
        if kind in users
        else kit.as_admin("BundleAdmin", "BundleAssignmentAdmin")
    )

    for path, key in (
        ("/bundles", "ID"),
        ("/bundles/assignments", "BundleID"),
        ("/bundles/productassignments", "BundleID"),
    ):
        response = api.get(path)
        assert response.status_code == status, path
        if bundles is None:
            assert _error(response)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"
        else:
            assert sorted(i[key] for i in response.json()["Items"]) == bundles, path


def test_suppliers_change_only_their_own_bundles(kit: Tenant) -> None:
    _supplier_with_bundle(kit, "north", "north-kit")
    username = kit.user("/suppliers/north/users")["Username"]
    api = kit.as_user(username, "BundleAdmin", "BundleAssignmentAdmin")

    own = created(api.post("/bundles", {"ID": "own", "Name": "Own", "OwnerID": "someone"}))
    mine = {"BundleID": "own", "ProductID": "north-kit", "Required": True}

    assert own["OwnerID"] == "north"
    _ok(api.post("/bundles/productassignments", mine))
    assert api.patch("/bundles/kit", {"Name": "Taken"}).status_code == 404
    assert api.delete("/bundles/kit").status_code == 404
    taking = api.post("/bundles/productassignments", _in_kit("north-kit", Required=True))
    assert taking.status_code == 404
    assert kit.admin.get("/bundles/kit").json()["Name"] == "Starter kit"


def test_bundle_routes_match_paths_case_insensitively(kit: Tenant) -> None:
    _offer(kit)
    response = kit.admin.client.get(
        "/v1/Bundles/Assignments", headers={"Authorization": f"Bearer {kit.admin.token}"}
    )

    assert response.status_code == 200
    assert [a["BundleID"] for a in response.json()["Items"]] == ["kit"]
