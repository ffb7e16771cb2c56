"""Product facets: the /productfacets resource and the value counts in Meta.Facets."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop
from tests.factories import Api, Tenant, created, make_tenant, sql_statements


def _facet(tenant: Tenant, facet_id: str, **fields: Any) -> dict[str, Any]:
    return created(
        tenant.admin.post("/productfacets", {"ID": facet_id, "Name": facet_id, **fields})
    )


def _error(response: Any) -> str:
    return str(response.json()["Errors"][0]["ErrorCode"])


# --- the resource ---------------------------------------------------------------------------


def test_create_facet_fills_the_documented_defaults(tenant: Tenant) -> None:
    facet = tenant.admin.post("/productfacets", {"ID": "color", "Name": "Color"})

    assert facet.status_code == 201
    # OrderCloud looks for the values at xp.{ID} when XpPath is not given; the path is
    # relative to xp, as in the vendor's example XpPath "Facets.Color".
    assert facet.json() == {
        "ID": "color",
        "Name": "Color",
        "XpPath": "color",
        "ListOrder": 0,
        "MinCount": 1,
        "xp": None,
    }
    assert tenant.admin.get("/productfacets/color").json() == facet.json()


def test_facet_is_replaced_patched_and_deleted(tenant: Tenant) -> None:
    _facet(tenant, "color", XpPath="Facets.Color", ListOrder=3, MinCount=2, xp={"Ui": "swatch"})

    replaced = tenant.admin.put("/productfacets/color", {"Name": "Colour"})
    assert replaced.status_code == 200
    assert replaced.json()["XpPath"] == "color"
    assert (replaced.json()["ListOrder"], replaced.json()["MinCount"]) == (0, 1)
    patched = tenant.admin.patch("/productfacets/color", {"ID": "hue", "MinCount": 0})
    assert patched.status_code == 200
    assert (patched.json()["ID"], patched.json()["MinCount"]) == ("hue", 0)
    assert patched.json()["Name"] == "Colour"
    assert tenant.admin.delete("/productfacets/hue").status_code == 204
    assert tenant.admin.get("/productfacets/hue").status_code == 404


def test_put_creates_a_facet_under_the_path_id(tenant: Tenant) -> None:
    response = tenant.admin.put("/productfacets/size", {"Name": "Size"})

    assert response.status_code == 200
    assert (response.json()["ID"], response.json()["XpPath"]) == ("size", "size")


def test_facets_list_in_list_order_and_search_on_xp_path(tenant: Tenant) -> None:
    _facet(tenant, "color", ListOrder=2)
    _facet(tenant, "size", ListOrder=1, XpPath="Facets.Size")
    _facet(tenant, "brand", ListOrder=3)

    listed = tenant.admin.get("/productfacets").json()
    found = tenant.admin.get("/productfacets", search="Facets", searchOn="XpPath").json()

    assert [f["ID"] for f in listed["Items"]] == ["size", "color", "brand"]
    assert [f["ID"] for f in found["Items"]] == ["size"]


@pytest.mark.parametrize(
    ("body", "code", "prop"),
    [
        ({"ID": "color"}, "ValidationFailure", "Name"),
        ({"Name": "Color", "XpPath": "Facets..Color"}, "ValidationFailure", "XpPath"),
        ({"Name": "Color", "XpPath": 'Facets."Color'}, "ValidationFailure", "XpPath"),
        ({"Name": "Color", "XpPath": "x" * 301}, "ValidationFailure", "XpPath"),
        ({"Name": "Color", "MinCount": -1}, "ValidationFailure", "MinCount"),
        ({"Name": "Color", "ListOrder": None}, "ValidationFailure", "ListOrder"),
        ({"ID": "bad id", "Name": "Color"}, "InvalidIDCharacters", "ID"),
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_invalid_facets_are_refused_with_400(
    tenant: Tenant, method: str, body: dict[str, Any], code: str, prop: str
) -> None:
    _facet(tenant, "color")
    if method == "patch" and prop == "Name":
        body = {"Name": None}
    send = getattr(tenant.admin, method)
    response = send("/productfacets" if method == "post" else "/productfacets/color", body)

    assert response.status_code == 400
    assert _error(response) == code
    assert response.json()["Errors"][0]["Data"]["Property"] == prop


def test_null_min_count_means_the_default_of_one(tenant: Tenant) -> None:
    facet = _facet(tenant, "color", MinCount=None)
    patched = tenant.admin.patch("/productfacets/color", {"MinCount": None})

    assert facet["MinCount"] == 1
    assert patched.json()["MinCount"] == 1


def test_two_facets_may_not_count_the_same_xp_path(tenant: Tenant) -> None:
    _facet(tenant, "color")
    _facet(tenant, "size")

    same_as_default = tenant.admin.post("/productfacets", {"Name": "Hue", "XpPath": "color"})
    patched_onto = tenant.admin.patch("/productfacets/size", {"XpPath": "color"})
    own_path_again = tenant.admin.patch("/productfacets/color", {"XpPath": "color"})
    duplicate_id = tenant.admin.post("/productfacets", {"ID": "color", "Name": "Again"})

    assert same_as_default.status_code == 400
    assert _error(same_as_default) == "ProductFacet.XpPathInUse"
    assert _error(patched_onto) == "ProductFacet.XpPathInUse"
    assert own_path_again.status_code == 200
    assert duplicate_id.status_code == 409


def test_facet_readers_read_and_facet_admins_write(tenant: Tenant) -> None:
    _facet(tenant, "color")
    reader = tenant.as_admin("ProductFacetReader")
    admin = tenant.as_admin("ProductFacetAdmin")
    stranger = tenant.as_admin("ProductAdmin")

    assert reader.get("/productfacets/color").status_code == 200
    assert reader.post("/productfacets", {"Name": "Size"}).status_code == 403
    assert admin.post("/productfacets", {"Name": "Size"}).status_code == 201
    assert stranger.get("/productfacets").status_code == 403


@pytest.mark.parametrize("kind", ["buyer", "supplier"])
def test_only_marketplace_owner_users_change_facets(tenant: Tenant, kind: str) -> None:
    _facet(tenant, "color")
    company = tenant.buyer() if kind == "buyer" else tenant.supplier()
    user = tenant.user(f"/{kind}s/{company['ID']}/users")
    api = tenant.as_user(user["Username"], "ProductFacetAdmin")

    assert api.get("/productfacets/color").status_code == 200
    for response in (
        api.post("/productfacets", {"Name": "Size"}),
        api.put("/productfacets/color", {"Name": "Hue"}),
        api.patch("/productfacets/color", {"Name": "Hue"}),
        api.delete("/productfacets/color"),
    ):
        assert response.status_code == 403
        assert _error(response) == "Auth.UserNotAuthorizedToAdmin"
    assert tenant.admin.get("/productfacets/color").json()["Name"] == "color"


# --- Meta.Facets of product lists -----------------------------------------------------------

# (ID, Active, in catalog "summer", xp). The shop's buyer users see active products of
# summer only: p1, p2, p3 (and the shop's own shirt, which has no xp).
PRODUCTS = [
    ("p1", True, True, {"color": "red", "size": ["S", "M"], "fit": {"cut": "slim"}}),
    ("p2", True, True, {"color": "red", "size": ["M"], "fit": {"cut": "slim"}}),
    ("p3", True, True, {"color": "blue", "size": "L", "fit": {"cut": "loose"}}),
    ("p4", False, True, {"color": "green", "size": ["S"]}),
    ("p5", True, False, {"color": "blue", "size": ["S", "XL"]}),
]


@pytest.fixture
def faceted(shop: Shop) -> Shop:
    tenant = shop.tenant
    for product_id, active, in_summer, xp in PRODUCTS:
        body = {"ID": product_id, "Name": product_id, "Active": active, "xp": xp}
        created(tenant.admin.post("/products", body))
        if in_summer:
            assignment = {"CatalogID": "summer", "ProductID": product_id}
            tenant.admin.post("/catalogs/productassignments", assignment)
    catalog = {"CatalogID": "summer", "BuyerID": shop.a, "ViewAllProducts": True}
    assert tenant.admin.post("/catalogs/assignments", catalog).status_code == 204
    _facet(tenant, "color", Name="Color", ListOrder=1, xp={"Ui": "swatch"})
    _facet(tenant, "size", Name="Size", ListOrder=0)
    _facet(tenant, "fit", Name="Fit", XpPath="fit.cut", ListOrder=2, MinCount=2)
    _facet(tenant, "brand", Name="Brand", ListOrder=3)
    return shop


def _lister(shop: Shop, who: str) -> tuple[Api, str]:
    if who == "admin":
        return shop.tenant.admin, "/products"
    return shop.users["plain"], "/me/products"


def _facets(response: Any) -> dict[str, list[tuple[str, int]]]:
    assert response.status_code == 200, response.text
    return {
        f["Name"]: [(v["Value"], v["Count"]) for v in f["Values"]]
        for f in response.json()["Meta"]["Facets"]
    }


def test_facets_are_listed_in_list_order_with_xp_path_and_xp(faceted: Shop) -> None:
    facets = faceted.tenant.admin.get("/products").json()["Meta"]["Facets"]

    assert [(f["Name"], f["XpPath"]) for f in facets] == [
        ("Size", "size"),
        ("Color", "color"),
        ("Fit", "fit.cut"),
        ("Brand", "brand"),
    ]
    assert facets[1]["xp"] == {"Ui": "swatch"}
    # A facet no matched product has a value for stays listed, with no values.
    assert facets[3]["Values"] == []


# Values come most frequent first (ties by value); each array element counts; Fit drops
# values held by fewer than its MinCount of 2 products.
@pytest.mark.parametrize(
    ("who", "params", "expected"),
    [
        pytest.param(
            "admin",
            {},
            {
                "Size": [("S", 3), ("M", 2), ("L", 1), ("XL", 1)],
                "Color": [("blue", 2), ("red", 2), ("green", 1)],
                "Fit": [("slim", 2)],
                "Brand": [],
            },
            id="admin: every product, active or not, in a catalog or not",
        ),
        pytest.param(
            "buyer",
            {},
            {
                "Size": [("M", 2), ("L", 1), ("S", 1)],
                "Color": [("red", 2), ("blue", 1)],
                "Fit": [("slim", 2)],
                "Brand": [],
            },
            id="buyer: only the products the buyer sees",
        ),
        pytest.param(
            "admin",
            {"catalogID": "summer"},
            {
                "Size": [("M", 2), ("S", 2), ("L", 1)],
                "Color": [("red", 2), ("blue", 1), ("green", 1)],
                "Fit": [("slim", 2)],
                "Brand": [],
            },
            id="admin: catalogID narrows",
        ),
        pytest.param(
            "buyer",
            {"ID": "p1|p3"},
            {
                "Size": [("L", 1), ("M", 1), ("S", 1)],
                "Color": [("blue", 1), ("red", 1)],
                "Fit": [],
                "Brand": [],
            },
            id="buyer: a filter narrows every facet",
        ),
        pytest.param(
            "admin",
            {"search": "p5"},
            {"Size": [("S", 1), ("XL", 1)], "Color": [("blue", 1)], "Fit": [], "Brand": []},
            id="admin: search narrows",
        ),
        pytest.param(
            "buyer",
            {"xp.color": "blue"},
            {
                "Size": [("L", 1)],
                "Color": [("red", 2), ("blue", 1)],
                "Fit": [],
                "Brand": [],
            },
            id="buyer: a facet's own filter leaves its counts alone (values of one facet OR)",
        ),
        pytest.param(
            "admin",
            {"xp.size": "S", "xp.color": "blue"},
            {
                "Size": [("L", 1), ("S", 1), ("XL", 1)],
                "Color": [("blue", 1), ("green", 1), ("red", 1)],
                "Fit": [],
                "Brand": [],
            },
            id="admin: two facets filtered, each counted under the other's filter",
        ),
    ],
)
def test_facet_values_are_counted_over_everything_the_request_matches(
    faceted: Shop, who: str, params: dict[str, str], expected: dict[str, list[tuple[str, int]]]
) -> None:
    api, path = _lister(faceted, who)

    assert _facets(api.get(path, **params)) == expected


@pytest.mark.parametrize(
    ("who", "params", "items"),
    [
        ("buyer", {"xp.size": "S"}, ["p1"]),
        ("admin", {"xp.size": "S"}, ["p1", "p4", "p5"]),
        ("admin", {"xp.size": "S", "xp.color": "blue"}, ["p5"]),
    ],
)
def test_picking_an_array_facet_value_filters_the_items(
    faceted: Shop, who: str, params: dict[str, str], items: list[str]
) -> None:
    api, path = _lister(faceted, who)
    page = api.get(path, sortBy="ID", **params).json()

    assert [p["ID"] for p in page["Items"]] == items


def test_counts_cover_every_match_not_just_the_page(faceted: Shop) -> None:
    page = faceted.users["plain"].get("/me/products", pageSize=1)

    assert len(page.json()["Items"]) == 1
    assert _facets(page)["Size"] == [("M", 2), ("L", 1), ("S", 1)]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # p3 is blue and visible to the buyer; green is on p4, which the buyer cannot see.
        ("buyer", [("red", 1), ("blue", 0)]),
        ("admin", [("red", 1), ("blue", 0), ("green", 0)]),
    ],
)
def test_min_count_zero_also_lists_values_no_match_holds(
    faceted: Shop, who: str, expected: list[tuple[str, int]]
) -> None:
    faceted.tenant.admin.patch("/productfacets/color", {"MinCount": 0})
    api, path = _lister(faceted, who)

    assert _facets(api.get(path, ID="p1"))["Color"] == expected


def test_values_are_spelled_as_json_spells_them(tenant: Tenant) -> None:
    for n, xp in enumerate(
        [
            {"organic": True, "weight": 2.5},
            {"organic": False, "weight": 10},
            {"organic": None, "weight": {"kg": 3}},
            {"organic": [True, [False]], "weight": "10"},
        ]
    ):
        created(tenant.admin.post("/products", {"ID": f"p{n}", "Name": "P", "xp": xp}))
    _facet(tenant, "organic")
    _facet(tenant, "weight")

    assert _facets(tenant.admin.get("/products")) == {
        "organic": [("true", 2), ("false", 1)],
        "weight": [("10", 2), ("2.5", 1)],
    }


def test_a_marketplace_without_facets_spends_no_query_on_them(faceted: Shop, app: Any) -> None:
    tenant = faceted.tenant
    for facet_id in ("color", "size", "fit", "brand"):
        assert tenant.admin.delete(f"/productfacets/{facet_id}").status_code == 204

    with sql_statements(app.state.engine) as statements:
        admin = tenant.admin.get("/products")
        buyer = faceted.users["plain"].get("/me/products")

    assert admin.json()["Meta"]["Facets"] == []
    assert buyer.json()["Meta"]["Facets"] == []
    assert not [s for s in statements if "product_facets" in s]


def test_more_facets_cost_no_more_statements(faceted: Shop, app: Any) -> None:
    buyer = faceted.users["plain"]
    with sql_statements(app.state.engine) as four_facets:
        buyer.get("/me/products")
    for n in range(6):
        _facet(faceted.tenant, f"extra{n}")
    with sql_statements(app.state.engine) as ten_facets:
        page = buyer.get("/me/products")

    assert len(page.json()["Meta"]["Facets"]) == 10
    assert len(ten_facets) == len(four_facets)


def test_facets_count_only_the_callers_marketplace(faceted: Shop, app: Any, client: Any) -> None:
    other = make_tenant(app, client)
    created(other.admin.post("/products", {"ID": "p1", "Name": "P", "xp": {"color": "teal"}}))
    _facet(other, "color", Name="Color")

    assert _facets(other.admin.get("/products")) == {"Color": [("teal", 1)]}
    assert _facets(faceted.tenant.admin.get("/products"))["Color"] == [
        ("blue", 2),
        ("red", 2),
        ("green", 1),
    ]
