"""Price schedules: breaks, quantities, sale windows, and the price-break routes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Tenant, created


def _schedule(tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {
        "ID": "shirt-price",
        "Name": "Shirt",
        "PriceBreaks": [{"Quantity": 1, "Price": 10}],
        **fields,
    }
    return created(tenant.admin.post("/priceschedules", body))


def test_schedule_round_trips_with_numeric_prices(tenant: Tenant) -> None:
    made = _schedule(
        tenant,
        PriceBreaks=[
            {"Quantity": 10, "Price": 8.5, "SalePrice": 7.25},
            {"Quantity": 1, "Price": 10},
        ],
        Currency="USD",
        MaxQuantity=100,
    )

    assert made["OwnerID"] == tenant.marketplace_id
    assert made["MinQuantity"] == 1
    assert made["PriceBreaks"] == [
        {
            "Quantity": 1,
            "Price": 10,
            "SalePrice": None,
            "SubscriptionPrice": None,
            "BundlePrice": None,
        },
        {
            "Quantity": 10,
            "Price": 8.5,
            "SalePrice": 7.25,
            "SubscriptionPrice": None,
            "BundlePrice": None,
        },
    ]
    assert made["IsOnSale"] is False
    assert tenant.admin.get("/priceschedules/shirt-price").json() == made


def test_prices_keep_their_cents_exactly(tenant: Tenant) -> None:
    made = _schedule(
        tenant, PriceBreaks=[{"Quantity": 1, "Price": 0.1}, {"Quantity": 3, "Price": 19.99}]
    )
    assert [b["Price"] for b in made["PriceBreaks"]] == [0.1, 19.99]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"MinQuantity": 5, "MaxQuantity": 2}, "PriceSchedule.MinGreaterThanMax"),
        (
            {"PriceBreaks": [{"Quantity": 1, "Price": 1}, {"Quantity": 1, "Price": 2}]},
            "PriceSchedule.DuplicatePriceBreaks",
        ),
        (
            {"SaleStart": "2026-02-01T00:00:00Z", "SaleEnd": "2026-01-01T00:00:00Z"},
            "PriceSchedule.InvalidSaleStartOrSaleEnd",
        ),
    ],
)
def test_inconsistent_schedules_are_refused(
    tenant: Tenant, fields: dict[str, Any], code: str
) -> None:
    response = tenant.admin.post("/priceschedules", {"Name": "Bad", **fields})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == code
    assert tenant.admin.get("/priceschedules").json()["Meta"]["TotalCount"] == 0


def test_negative_or_oversized_prices_are_validation_errors(tenant: Tenant) -> None:
    response = tenant.admin.post(
        "/priceschedules", {"Name": "Bad", "PriceBreaks": [{"Quantity": 0, "Price": 1}]}
    )
    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"] == "PriceBreaks.0.Quantity"


def test_sale_window_around_now_is_on_sale(tenant: Tenant) -> None:
    made = _schedule(tenant, SaleStart="2020-01-01T00:00:00Z", SaleEnd="2099-01-01T00:00:00Z")
    assert made["IsOnSale"] is True


def test_price_break_routes_add_replace_and_remove(tenant: Tenant) -> None:
    _schedule(tenant)

    added = tenant.admin.post(
        "/priceschedules/shirt-price/PriceBreaks", {"Quantity": 5, "Price": 9}
    )
    replaced = tenant.admin.post(
        "/priceschedules/shirt-price/PriceBreaks", {"Quantity": 5, "Price": 8}
    )
    removed = tenant.admin.delete("/priceschedules/shirt-price/PriceBreaks", quantity=1)

    assert added.status_code == 201
    assert [(b["Quantity"], b["Price"]) for b in replaced.json()["PriceBreaks"]] == [
        (1, 10),
        (5, 8),
    ]
    assert removed.status_code == 204
    remaining = tenant.admin.get("/priceschedules/shirt-price").json()["PriceBreaks"]
    assert [(b["Quantity"], b["Price"]) for b in remaining] == [(5, 8)]
    missing = tenant.admin.delete("/priceschedules/shirt-price/PriceBreaks", quantity=42)
    assert missing.status_code == 404


def test_last_break_of_a_schedule_in_use_stays(tenant: Tenant) -> None:
    _schedule(tenant)
    created(
        tenant.admin.post(
            "/products", {"ID": "shirt", "Name": "Shirt", "DefaultPriceScheduleID": "shirt-price"}
        )
    )

    response = tenant.admin.delete("/priceschedules/shirt-price/PriceBreaks", quantity=1)

    assert response.json()["Errors"][0]["ErrorCode"] == "PriceSchedule.CannotDeleteLastPriceBreak"


def test_put_and_patch_replace_the_breaks_sent(tenant: Tenant) -> None:
    _schedule(tenant, PriceBreaks=[{"Quantity": 1, "Price": 10}, {"Quantity": 5, "Price": 9}])

    patched = tenant.admin.patch("/priceschedules/shirt-price", {"Name": "Renamed"}).json()
    assert len(patched["PriceBreaks"]) == 2
    patched = tenant.admin.patch(
        "/priceschedules/shirt-price",
        {"PriceBreaks": [{"Quantity": 1, "Price": 12}, {"Quantity": 5, "Price": 11}]},
    ).json()
    assert [b["Price"] for b in patched["PriceBreaks"]] == [12, 11]
    put = tenant.admin.put(
        "/priceschedules/shirt-price",
        {"Name": "Again", "PriceBreaks": [{"Quantity": 1, "Price": 3}]},
    )
    assert [b["Price"] for b in put.json()["PriceBreaks"]] == [3]
