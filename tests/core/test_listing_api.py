"""The list grammar, table-driven, against real buyers on the configured database."""

from typing import Any

import pytest

from tests.factories import Tenant

BUYERS = [
    {
        "ID": "alpha",
        "Name": "Alpha Foods",
        "Active": True,
        "xp": {"Tier": 1, "Region": "EU", "Vip": True, "Tags": ["Food", "eu"]},
    },
    {
        "ID": "bravo",
        "Name": "Bravo Tools",
        "Active": False,
        "xp": {"Tier": 2, "Region": "US", "Vip": False, "Tags": ["tools", {"food": 1}]},
    },
    {
        "ID": "charlie",
        "Name": "Charlie Foods",
        "Active": True,
        "xp": {"Tier": 3, "Region": "us", "Tags": "food"},
    },
    {"ID": "delta", "Name": "Delta_Parts", "Active": True, "xp": None},
]


@pytest.fixture
def seeded(tenant: Tenant) -> Tenant:
    for buyer in BUYERS:
        tenant.buyer(**buyer)
    return tenant


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["ID"] for item in response.json()["Items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"Name": "alpha foods"}, ["alpha"]),
        ({"Name": "*Foods"}, ["alpha", "charlie"]),
        ({"Name": "Br*"}, ["bravo"]),
        ({"Name": "*_*"}, ["delta"]),
        ({"ID": "alpha|delta"}, ["alpha", "delta"]),
        ({"ID": "!alpha"}, ["bravo", "charlie", "delta"]),
        ({"Active": "false"}, ["bravo"]),
        ({"Active": "true", "Name": "*Foods"}, ["alpha", "charlie"]),
        ({"ID": ">bravo"}, ["charlie", "delta"]),
        ({"ID": ">=bravo"}, ["bravo", "charlie", "delta"]),
        ({"ID": "<charlie"}, ["alpha", "bravo"]),
        ({"ID": "<=charlie"}, ["alpha", "bravo", "charlie"]),
        ({"ID": "!<charlie"}, ["charlie", "delta"]),
        ({"xp.Tier": "2"}, ["bravo"]),
        ({"xp.Tier": ">1"}, ["bravo", "charlie"]),
        ({"xp.Tier": "<=2"}, ["alpha", "bravo"]),
        ({"xp.Region": "US"}, ["bravo", "charlie"]),
        ({"xp.Region": "E*"}, ["alpha"]),
        ({"xp.Region": "!US"}, ["alpha", "delta"]),
        ({"xp.Vip": "true"}, ["alpha"]),
        ({"xp.Vip": "*"}, ["alpha", "bravo"]),
        ({"xp.Vip": "!*"}, ["charlie", "delta"]),
        ({"xp.Missing.Deep": "!*"}, ["alpha", "bravo", "charlie", "delta"]),
        # An array matches through any of its elements (what a product facet filter needs).
        ({"xp.Tags": "food"}, ["alpha", "charlie"]),
        ({"xp.Tags": "tool*"}, ["bravo"]),
        ({"xp.Tags": "!food"}, ["bravo", "delta"]),
        ({"xp.Tags": "eu|tools"}, ["alpha", "bravo"]),
    ],
)
def test_list_filters_follow_ordercloud_grammar(
    seeded: Tenant, params: dict[str, str], expected: list[str]
) -> None:
    assert ids(seeded.admin.get("/buyers", sortBy="ID", **params)) == expected


def test_repeated_filter_key_means_and(seeded: Tenant) -> None:
    response = seeded.client.get(
        "/v1/buyers?ID=!alpha&ID=!bravo&sortBy=ID",
        headers={"Authorization": f"Bearer {seeded.admin.token}"},
    )
    assert ids(response) == ["charlie", "delta"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "foods"}, ["alpha", "charlie"]),
        ({"search": "alpha tools"}, ["alpha", "bravo"]),
        ({"search": "alpha tools", "searchType": "AllTermsAnyField"}, []),
        ({"search": "charlie foods", "searchType": "AllTermsSameField"}, ["charlie"]),
        ({"search": "Foods", "searchOn": "ID"}, []),
        ({"search": "alpha f", "searchType": "ExactPhrase"}, ["alpha"]),
        ({"search": "Delta", "searchType": "ExactPhrasePrefix"}, ["delta"]),
        ({"search": "elta", "searchType": "ExactPhrasePrefix"}, []),
    ],
)
def test_search_types(seeded: Tenant, params: dict[str, str], expected: list[str]) -> None:
    assert ids(seeded.admin.get("/buyers", sortBy="ID", **params)) == expected


def test_sort_by_several_fields_with_descending_marker(seeded: Tenant) -> None:
    assert ids(seeded.admin.get("/buyers", sortBy="!Name")) == [
        "delta",
        "charlie",
        "bravo",
        "alpha",
    ]
    assert ids(seeded.admin.get("/buyers", sortBy="Name,!ID")) == [
        "alpha",
        "bravo",
        "charlie",
        "delta",
    ]
    assert ids(seeded.admin.get("/buyers", sortBy="!xp.Tier", **{"xp.Tier": "*"})) == [
        "charlie",
        "bravo",
        "alpha",
    ]


def test_paging_meta_is_one_based(seeded: Tenant) -> None:
    body = seeded.admin.get("/buyers", sortBy="ID", page="2", pageSize="3").json()

    assert [b["ID"] for b in body["Items"]] == ["delta"]
    assert body["Meta"] == {
        "Page": 2,
        "PageSize": 3,
        "TotalCount": 4,
        "TotalPages": 2,
        "ItemRange": [4, 4],
        "NextPageKey": None,
    }


def test_empty_list_has_item_range_one_zero(tenant: Tenant) -> None:
    meta = tenant.admin.get("/buyers").json()["Meta"]

    assert meta == {
        "Page": 1,
        "PageSize": 20,
        "TotalCount": 0,
        "TotalPages": 0,
        "ItemRange": [1, 0],
        "NextPageKey": None,
    }


def test_reserved_parameters_match_case_insensitively(seeded: Tenant) -> None:
    assert ids(seeded.admin.get("/buyers", SortBy="!ID", PageSize="1")) == ["delta"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"pageSize": "101"}, "List.InvalidPageSize"),
        ({"pageSize": "0"}, "List.InvalidPageSize"),
        ({"pageSize": "ten"}, "List.InvalidPageSize"),
        ({"page": "0"}, "List.InvalidPage"),
        ({"sortBy": "Nope"}, "List.InvalidSortProperty"),
        ({"search": "x", "searchOn": "Nope"}, "List.InvalidSearchProperty"),
        ({"searchType": "Fuzzy"}, "List.InvalidSearchType"),
        ({"Nope": "x"}, "List.InvalidProperty"),
        ({"Active": "maybe"}, "List.InvalidType"),
        ({"DateCreated": ">yesterday"}, "List.InvalidType"),
        ({"xp.bad key": "1"}, "List.InvalidProperty"),
    ],
)
def test_invalid_list_options_get_400_with_list_codes(
    tenant: Tenant, params: dict[str, str], code: str
) -> None:
    response = tenant.admin.get("/buyers", **params)

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == code


def test_date_filters_accept_iso_dates(seeded: Tenant) -> None:
    assert len(ids(seeded.admin.get("/buyers", DateCreated=">2020-01-01"))) == 4
    assert ids(seeded.admin.get("/buyers", DateCreated="<1/1/2020")) == []


def test_search_on_a_list_without_searchable_fields_is_400(tenant: Tenant) -> None:
    response = tenant.admin.get("/usergroups/assignments", search="x")

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "List.InvalidSearchProperty"
