"""Incrementors: CRUD for the marketplace owner, and their numbers in any object's ID."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.factories import Api, Tenant, created


def _incrementor(tenant: Tenant, incrementor_id: str, **fields: Any) -> dict[str, Any]:
    body = {"ID": incrementor_id, "LastNumber": 0, "LeftPaddingCount": 0, **fields}
    return created(tenant.admin.post("/incrementors", body))


def _last_number(tenant: Tenant, incrementor_id: str) -> int:
    number: int = tenant.admin.get(f"/incrementors/{incrementor_id}").json()["LastNumber"]
    return number


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    first: dict[str, Any] = response.json()["Errors"][0]
    return first


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["ID"] for item in response.json()["Items"]]


# --- the resource -------------------------------------------------------------------------


def test_incrementor_round_trips_through_every_verb(tenant: Tenant) -> None:
    admin = tenant.admin
    made = _incrementor(tenant, "orders", Name="Orders", LastNumber=7, LeftPaddingCount=4)

    replaced = admin.put("/incrementors/orders", {"LastNumber": 10, "LeftPaddingCount": 2})
    patched = admin.patch("/incrementors/orders", {"Name": "Order numbers"})
    renamed = admin.patch("/incrementors/orders", {"ID": "ord"})

    assert made == {"ID": "orders", "Name": "Orders", "LastNumber": 7, "LeftPaddingCount": 4}
    assert replaced.json() == {"ID": "orders", "Name": None, "LastNumber": 10,
                               "LeftPaddingCount": 2}  # fmt: skip
    assert patched.json()["Name"] == "Order numbers"
    assert patched.json()["LastNumber"] == 10
    assert renamed.json()["ID"] == "ord"
    assert admin.get("/incrementors/ord").json()["Name"] == "Order numbers"
    assert admin.delete("/incrementors/ord").status_code == 204
    assert _error(admin.get("/incrementors/ord"), 404)["Data"] == {
        "ObjectType": "Incrementor",
        "ObjectID": "ord",
    }


def test_put_creates_an_incrementor_under_the_path_id(tenant: Tenant) -> None:
    response = tenant.admin.put("/incrementors/inv", {"LastNumber": 5, "LeftPaddingCount": 3})

    assert response.status_code == 200
    assert response.json()["ID"] == "inv"


def test_duplicate_incrementor_id_is_refused(tenant: Tenant) -> None:
    _incrementor(tenant, "dup")

    again = tenant.admin.post(
        "/incrementors", {"ID": "dup", "LastNumber": 0, "LeftPaddingCount": 0}
    )

    assert _error(again, 409)["ErrorCode"] == "IdExists"


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"LeftPaddingCount": 0}, "LastNumber"),
        ({"LastNumber": 0}, "LeftPaddingCount"),
        ({"LastNumber": -1, "LeftPaddingCount": 0}, "LastNumber"),
        ({"LastNumber": 0, "LeftPaddingCount": 101}, "LeftPaddingCount"),
        ({"LastNumber": 2**31, "LeftPaddingCount": 0}, "LastNumber"),
        ({"LastNumber": 0, "LeftPaddingCount": 0, "Name": "x" * 101}, "Name"),
        ({"ID": "bad id", "LastNumber": 0, "LeftPaddingCount": 0}, "ID"),
    ],
)
def test_invalid_incrementor_is_refused_with_400(
    tenant: Tenant, body: dict[str, Any], prop: str
) -> None:
    error = _error(tenant.admin.post("/incrementors", body), 400)

    assert error["Data"]["Property"] == prop


def test_patch_may_not_null_a_required_number(tenant: Tenant) -> None:
    _incrementor(tenant, "n")

    error = _error(tenant.admin.patch("/incrementors/n", {"LastNumber": None}), 400)

    assert error["Data"] == {"Property": "LastNumber"}


def test_incrementor_list_searches_filters_and_sorts(tenant: Tenant) -> None:
    _incrementor(tenant, "b", Name="Orders", LastNumber=5)
    _incrementor(tenant, "a", Name="Invoices", LastNumber=50)
    _incrementor(tenant, "c", Name="Orders EU", LastNumber=1)
    admin = tenant.admin

    assert _ids(admin.get("/incrementors")) == ["a", "b", "c"]
    assert _ids(admin.get("/incrementors", sortBy="!LastNumber")) == ["a", "b", "c"]
    assert _ids(admin.get("/incrementors", sortBy="LastNumber")) == ["c", "b", "a"]
    assert _ids(admin.get("/incrementors", search="Orders")) == ["b", "c"]
    assert _ids(admin.get("/incrementors", LastNumber=">4")) == ["a", "b"]
    assert _error(admin.get("/incrementors", sortBy="Bogus"), 400)["ErrorCode"] == (
        "List.InvalidSortProperty"
    )


def test_incrementor_readers_read_and_admins_write(tenant: Tenant) -> None:
    _incrementor(tenant, "r")
    reader = tenant.as_admin("IncrementorReader")
    writer = tenant.as_admin("IncrementorAdmin")
    stranger = tenant.as_admin("ProductAdmin")
    body = {"LastNumber": 0, "LeftPaddingCount": 0}

    assert reader.get("/incrementors").status_code == 200
    assert reader.get("/incrementors/r").status_code == 200
    for refused in (
        reader.post("/incrementors", body),
        reader.put("/incrementors/r", body),
        reader.patch("/incrementors/r", {"Name": "x"}),
        reader.delete("/incrementors/r"),
        stranger.get("/incrementors"),
        stranger.get("/incrementors/r"),
    ):
        error = _error(refused, 403)
        assert error["ErrorCode"] == "InsufficientRoles"
        assert "IncrementorAdmin" in error["Data"]["SufficientRoles"]
    assert writer.post("/incrementors", body).status_code == 201
    assert writer.patch("/incrementors/r", {"Name": "x"}).status_code == 200


@pytest.mark.parametrize("kind", ["buyer", "supplier"])
def test_only_marketplace_owner_users_manage_incrementors(tenant: Tenant, kind: str) -> None:
    _incrementor(tenant, "r")
    company = tenant.buyer() if kind == "buyer" else tenant.supplier()
    user = tenant.user(f"/{kind}s/{company['ID']}/users")
    api = tenant.as_user(user["Username"], "IncrementorAdmin")
    body = {"LastNumber": 0, "LeftPaddingCount": 0}

    for response in (
        api.get("/incrementors"),
        api.get("/incrementors/r"),
        api.post("/incrementors", body),
        api.put("/incrementors/r", body),
        api.patch("/incrementors/r", {"Name": "x"}),
        api.delete("/incrementors/r"),
    ):
        assert _error(response, 403)["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"
    assert _last_number(tenant, "r") == 0


def test_incrementors_belong_to_their_marketplace(tenant: Tenant, other_tenant: Tenant) -> None:
    _incrementor(tenant, "shared", LastNumber=40)
    _incrementor(other_tenant, "shared", LastNumber=0)
    _incrementor(tenant, "mine")

    ours = tenant.buyer(ID="B-{shared}")
    theirs = other_tenant.buyer(ID="B-{shared}")
    unknown = other_tenant.admin.post("/buyers", {"ID": "B-{mine}", "Name": "x"})

    assert (ours["ID"], theirs["ID"]) == ("B-41", "B-1")
    assert _error(unknown, 404)["Data"] == {"ObjectType": "Incrementor", "ObjectID": "mine"}
    assert _ids(other_tenant.admin.get("/incrementors")) == ["shared"]
    assert _error(other_tenant.admin.get("/incrementors/mine"), 404)["ErrorCode"] == "NotFound"
    assert _last_number(tenant, "mine") == 0


# --- numbers in IDs -----------------------------------------------------------------------


def test_numbers_are_left_padded_to_the_padding_count(tenant: Tenant) -> None:
    _incrementor(tenant, "wide", LeftPaddingCount=11)
    _incrementor(tenant, "narrow", LastNumber=99, LeftPaddingCount=1)

    first = tenant.buyer(ID="TestCorp-{wide}")["ID"]
    second = tenant.buyer(ID="TestCorp-{wide}")["ID"]
    past_the_padding = tenant.buyer(ID="{narrow}")["ID"]

    assert (first, second) == ("TestCorp-00000000001", "TestCorp-00000000002")
    assert past_the_padding == "100"
    assert _last_number(tenant, "wide") == 2
    assert _last_number(tenant, "narrow") == 100


def test_a_product_id_takes_a_number_with_prefix_and_suffix(tenant: Tenant) -> None:
    _incrementor(tenant, "sku", LastNumber=41, LeftPaddingCount=5)

    product = created(tenant.admin.post("/products", {"ID": "SKU-{sku}-A", "Name": "Shirt"}))

    assert product["ID"] == "SKU-00042-A"
    assert tenant.admin.get("/products/SKU-00042-A").status_code == 200


def test_one_id_may_take_numbers_from_several_incrementors(tenant: Tenant) -> None:
    _incrementor(tenant, "year", LastNumber=2025)
    _incrementor(tenant, "seq", LeftPaddingCount=3)

    assert tenant.buyer(ID="{year}-{seq}")["ID"] == "2026-001"


def test_patch_moves_an_object_to_a_numbered_id(tenant: Tenant) -> None:
    _incrementor(tenant, "p", LeftPaddingCount=2)
    created(tenant.admin.post("/products", {"ID": "draft", "Name": "Shirt"}))

    moved = tenant.admin.patch("/products/draft", {"ID": "P{p}"})

    assert moved.status_code == 200, moved.text
    assert moved.json()["ID"] == "P01"
    assert tenant.admin.get("/products/P01").json()["Name"] == "Shirt"
    assert tenant.admin.get("/products/draft").status_code == 404


def test_put_with_a_numbered_body_id_creates_or_renames(tenant: Tenant) -> None:
    _incrementor(tenant, "b")
    buyer = tenant.buyer(ID="old")["ID"]

    renamed = tenant.admin.put(f"/buyers/{buyer}", {"ID": "B{b}", "Name": "Renamed"})
    new = tenant.admin.put("/buyers/placeholder", {"ID": "B{b}", "Name": "New"})

    assert renamed.json()["ID"] == "B1"
    assert new.json()["ID"] == "B2"
    assert tenant.admin.get("/buyers/placeholder").status_code == 404


def test_unknown_incrementor_is_404_and_takes_no_number(tenant: Tenant) -> None:
    _incrementor(tenant, "known")

    response = tenant.admin.post("/buyers", {"ID": "{known}-{nope}", "Name": "x"})

    assert _error(response, 404) == {
        "ErrorCode": "NotFound",
        "Message": "Incrementor not found: nope",
        "Data": {"ObjectType": "Incrementor", "ObjectID": "nope"},
    }
    assert _last_number(tenant, "known") == 0


def test_a_failed_write_gives_its_number_back(tenant: Tenant) -> None:
    _incrementor(tenant, "n")
    tenant.buyer(ID="B1")

    clash = tenant.admin.post("/buyers", {"ID": "B{n}", "Name": "x"})

    assert _error(clash, 409)["ErrorCode"] == "IdExists"
    assert _last_number(tenant, "n") == 0


def test_text_that_is_no_placeholder_stays_an_invalid_id(tenant: Tenant) -> None:
    _incrementor(tenant, "n")

    for bad in ("{}", "{n", "{bad id}", "{{n}}"):
        response = tenant.admin.post("/buyers", {"ID": bad, "Name": "x"})
        assert _error(response, 400)["ErrorCode"] == "InvalidIDCharacters", bad
    assert _last_number(tenant, "n") == 0  # "{{n}}" took one, rolled back with the write


def test_an_exhausted_incrementor_refuses_clearly(tenant: Tenant) -> None:
    _incrementor(tenant, "full", LastNumber=2**31 - 1)

    error = _error(tenant.admin.post("/buyers", {"ID": "{full}", "Name": "x"}), 400)

    assert error["ErrorCode"] == "Incrementor.Exhausted"


def test_buyer_users_use_incrementors_they_cannot_manage(tenant: Tenant) -> None:
    _incrementor(tenant, "cc", LeftPaddingCount=3)
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    api = tenant.as_user(user["Username"], "CostCenterAdmin")

    response = api.post(f"/buyers/{buyer}/costcenters", {"ID": "CC-{cc}", "Name": "Ops"})

    assert created(response)["ID"] == "CC-001"


def test_special_id_paths_take_numbers_too(tenant: Tenant) -> None:
    _incrementor(tenant, "f")
    admin = tenant.admin

    facet = created(admin.post("/productfacets", {"ID": "facet{f}", "Name": "Color"}))
    saved = admin.put("/productfacets/x", {"ID": "facet{f}", "Name": "Size"}).json()
    patched = admin.patch(f"/productfacets/{saved['ID']}", {"ID": "moved{f}", "XpPath": None})
    client = tenant.api_client(ID="app{f}")

    assert (facet["ID"], facet["XpPath"]) == ("facet1", "facet1")
    assert (saved["ID"], saved["XpPath"]) == ("facet2", "facet2")
    assert patched.json()["ID"] == "moved3"
    assert patched.json()["XpPath"] == "moved3"
    assert client["ID"] == "app4"


def test_concurrent_creates_get_unique_consecutive_numbers(tenant: Tenant) -> None:
    _incrementor(tenant, "conc", LeftPaddingCount=3)
    admin: Api = tenant.admin
    count = 24

    def create(i: int) -> Any:
        return admin.post("/buyers", {"ID": "C-{conc}", "Name": f"c{i}"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(create, range(count)))

    assert [r.status_code for r in responses] == [201] * count
    assert sorted(r.json()["ID"] for r in responses) == [f"C-{n:03}" for n in range(1, count + 1)]
    assert _last_number(tenant, "conc") == count
