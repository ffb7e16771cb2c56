"""Who may use an inventory record: assignments, and the buyer's view under /me."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.shop import Shop, size_variants
from tests.factories import created

RECORDS = "/products/shirt/inventoryrecords"
MY_RECORDS = "/me/products/shirt/inventoryrecords"
VARIANT_RECORDS = "/products/shirt/variants/shirt-s/inventoryrecords"


@pytest.fixture
def stocked(shop: Shop) -> Shop:
    """The shop, with shirt and its variant shirt-s shown to both buyers; address leeds."""
    t = shop.tenant
    size_variants(t, "shirt", ["S"])
    for buyer in (shop.a, shop.b):
        body = {"CatalogID": "summer", "BuyerID": buyer, "ViewAllProducts": True}
        assert t.admin.post("/catalogs/assignments", body).status_code == 204
    address = {"ID": "leeds", "Street1": "1 Dock Road", "City": "Leeds", "Country": "GB"}
    created(t.admin.post("/addresses", address))
    return shop


def _record(shop: Shop, record_id: str, *, path: str = RECORDS, **fields: Any) -> None:
    body = {"ID": record_id, "AddressID": "leeds", **fields}
    created(shop.tenant.admin.post(path, body))


def _assign(
    shop: Shop, record_id: str, buyer: str, group: str | None = None, *, path: str = RECORDS
) -> None:
    body = {"InventoryRecordID": record_id, "BuyerID": buyer, "UserGroupID": group}
    response = shop.tenant.admin.post(f"{path}/assignments", body)
    assert response.status_code == 204, response.text


def _seen_by(shop: Shop, who: str, path: str = MY_RECORDS) -> list[str]:
    response = shop.users[who].get(path)
    assert response.status_code == 200, response.text
    return [r["ID"] for r in response.json()["Items"]]


# (AllowAllBuyers, assignments as (buyer "a"|"b", group), users who see the record)
# grouped and plain are users of buyer A (grouped is in its group vip); other is buyer B's.
CASES = [
    pytest.param(True, [], {"grouped", "plain", "other"}, id="open to all buyers"),
    pytest.param(False, [], set(), id="closed, unassigned: nobody"),
    pytest.param(False, [("a", None)], {"grouped", "plain"}, id="assigned to buyer A"),
    pytest.param(False, [("a", "vip")], {"grouped"}, id="assigned to A's group vip"),
    pytest.param(False, [("b", None)], {"other"}, id="assigned to buyer B"),
    pytest.param(
        True,
        [("b", None)],
        {"grouped", "plain", "other"},
        id="assignments never narrow an open one",
    ),
]


@pytest.mark.parametrize(("open_to_all", "assignments", "expected"), CASES)
@pytest.mark.parametrize("path", [RECORDS, VARIANT_RECORDS])
def test_buyer_users_see_the_records_they_may_use(
    stocked: Shop,
    path: str,
    open_to_all: bool,
    assignments: list[tuple[str, str | None]],
    expected: set[str],
) -> None:
    _record(stocked, "r", path=path, AllowAllBuyers=open_to_all)
    for buyer, group in assignments:
        _assign(stocked, "r", stocked.a if buyer == "a" else stocked.b, group, path=path)
    my_path = "/me" + path

    seen = {who for who in ("grouped", "plain", "other") if _seen_by(stocked, who, my_path)}

    assert seen == expected


def test_records_of_a_product_the_buyer_cannot_see_are_not_found(stocked: Shop) -> None:
    _record(stocked, "r")
    stocked.tenant.admin.patch("/products/shirt", {"Active": False})

    response = stocked.users["plain"].get(MY_RECORDS)
    variant = stocked.users["plain"].get("/me/products/shirt/variants/nope/inventoryrecords")

    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"] == {"ObjectType": "Product", "ObjectID": "shirt"}
    assert variant.status_code == 404


def test_admin_users_do_not_use_the_buyer_view(stocked: Shop) -> None:
    response = stocked.tenant.admin.get(MY_RECORDS)
    assert response.status_code == 403


def test_buyer_view_lists_with_address_on_request(stocked: Shop) -> None:
    for record_id, quantity in (("a", 2), ("b", 8)):
        _record(stocked, record_id, QuantityAvailable=quantity)
    plain = stocked.users["plain"]

    page = plain.get(MY_RECORDS, includeAddress="true", QuantityAvailable=">5").json()

    assert [(r["ID"], r["Address"]["City"]) for r in page["Items"]] == [("b", "Leeds")]
    assert plain.get(MY_RECORDS).json()["Items"][0]["Address"] is None


def test_assignments_are_saved_once_listed_and_deleted(stocked: Shop) -> None:
    admin, a, b = stocked.tenant.admin, stocked.a, stocked.b
    _record(stocked, "r1", AllowAllBuyers=False)
    _record(stocked, "r2", AllowAllBuyers=False)
    for record_id, buyer, group in (
        ("r1", a, None),
        ("r1", a, None),
        ("r1", a, "vip"),
        ("r2", b, None),
    ):
        _assign(stocked, record_id, buyer, group)

    def listed(**params: str) -> list[tuple[str, str, str | None]]:
        items = admin.get(f"{RECORDS}/assignments", **params).json()["Items"]
        return [(i["InventoryRecordID"], i["BuyerID"], i["UserGroupID"]) for i in items]

    assert listed() == [("r1", a, None), ("r1", a, "vip"), ("r2", b, None)]
    assert listed(inventoryRecordID="r2") == [("r2", b, None)]
    assert listed(buyerID=a, level="Group") == [("r1", a, "vip")]
    assert listed(userGroupID="vip") == [("r1", a, "vip")]
    assert listed(level="Company", buyerID=a) == [("r1", a, None)]

    removed = admin.delete(f"{RECORDS}/r1/assignments", buyerID=a, userGroupID="vip")
    again = admin.delete(f"{RECORDS}/r1/assignments", buyerID=a, userGroupID="vip")

    assert removed.status_code == 204
    assert again.status_code == 404
    assert listed(buyerID=a) == [("r1", a, None)]
    assert _seen_by(stocked, "grouped") == ["r1"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param({"InventoryRecordID": "nope", "BuyerID": "A"}, "InventoryRecord", id="record"),
        pytest.param({"InventoryRecordID": "r", "BuyerID": "nope"}, "Buyer", id="buyer"),
        pytest.param(
            {"InventoryRecordID": "r", "BuyerID": "A", "UserGroupID": "nope"},
            "UserGroup",
            id="group of that buyer",
        ),
    ],
)
def test_assignments_name_existing_records_buyers_and_groups(
    stocked: Shop, body: dict[str, str], expected: str
) -> None:
    _record(stocked, "r")
    body = {k: stocked.a if v == "A" else v for k, v in body.items()}

    response = stocked.tenant.admin.post(f"{RECORDS}/assignments", body)

    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"]["ObjectType"] == expected


def test_assignments_are_to_buyers_and_groups_not_users(stocked: Shop) -> None:
    _record(stocked, "r")
    _assign(stocked, "r", stocked.a)
    admin = stocked.tenant.admin

    by_user = admin.delete(f"{RECORDS}/r/assignments", buyerID=stocked.a, userID="someone")
    by_level = admin.get(f"{RECORDS}/assignments", level="User")

    assert by_user.json()["Errors"][0]["ErrorCode"] == "PartyAssignment.UserLevelNotAllowed"
    assert by_level.status_code == 400
    assert admin.get(f"{RECORDS}/assignments").json()["Meta"]["TotalCount"] == 1


def test_product_and_variant_assignments_are_listed_apart(stocked: Shop) -> None:
    t = stocked.tenant
    for path in (RECORDS, VARIANT_RECORDS):
        _record(stocked, "r", path=path)
    _assign(stocked, "r", stocked.b, path=VARIANT_RECORDS)

    assert t.admin.get(f"{RECORDS}/assignments").json()["Items"] == []
    assert len(t.admin.get(f"{VARIANT_RECORDS}/assignments").json()["Items"]) == 1
    assert t.admin.delete(f"{RECORDS}/r/assignments", buyerID=stocked.b).status_code == 404


def test_deleting_a_group_or_buyer_drops_its_assignments(stocked: Shop) -> None:
    admin = stocked.tenant.admin
    _record(stocked, "r", AllowAllBuyers=False)
    _assign(stocked, "r", stocked.a, "vip")
    _assign(stocked, "r", stocked.b)

    assert admin.delete(f"/buyers/{stocked.a}/usergroups/vip").status_code == 204
    assert admin.delete(f"/buyers/{stocked.b}").status_code == 204

    assert admin.get(f"{RECORDS}/assignments").json()["Items"] == []
