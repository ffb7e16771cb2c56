"""The catalog scenario through the community Python SDK (ordercloud-python).

The owner builds a catalog with categories, products and price schedules with breaks
through the SDK's own resource methods; then two buyer users in different organizations
log in through the SDK and see different products at different prices, and the second
cannot read the first one's assignments. The scenario runs once per module; each test
checks one thing it observed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest
from ordercloud import OrderCloudClient
from ordercloud.errors import OrderCloudError
from ordercloud.models.assignments import (
    CatalogAssignment,
    CategoryAssignment,
    ProductAssignment,
)
from ordercloud.models.buyer import BuyerProduct
from ordercloud.models.catalog import Catalog
from ordercloud.models.category import Category
from ordercloud.models.price_schedule import PriceBreak, PriceSchedule
from ordercloud.models.product import Product

from tests.e2e.conftest import LiveServer
from tests.e2e.python_sdk import OWNER_SECRET, login, person, refusal, sdk

READER_ROLES = ["ProductReader", "CatalogReader", "CategoryReader"]
USERS = {"nora": "north", "sam": "south"}


@dataclass
class Seen:
    """What one buyer user saw through the SDK."""

    listed: dict[str, BuyerProduct[Any]]
    fetched: dict[str, BuyerProduct[Any]]
    categories: list[str]
    catalogs: list[str]


@dataclass
class Scenario:
    seen: dict[str, Seen] = field(default_factory=dict)
    jacket_assignments: list[ProductAssignment] = field(default_factory=list)
    # None when the attempt was allowed, so one wrong answer fails one test, not the module.
    refusals: dict[str, OrderCloudError | None] = field(default_factory=dict)


def _schedule(schedule_id: str, *breaks: tuple[int, float]) -> PriceSchedule[Any]:
    return PriceSchedule(
        id=schedule_id,
        name=schedule_id,
        price_breaks=[PriceBreak(quantity=q, price=p) for q, p in breaks],
    )


def _product(product_id: str, *, price: str | None, active: bool = True) -> Product[Any]:
    return Product(id=product_id, name=product_id, active=active, default_price_schedule_id=price)


async def _build_catalog(owner: OrderCloudClient) -> str:
    """The owner's side; returns the ID of the API client buyers log in through."""
    store = await owner.api_clients.create(
        {"AppName": "Store", "Active": True, "AccessTokenDuration": 600, "AllowAnyBuyer": True}
    )
    await owner.security_profiles.create({"ID": "shopper", "Name": "S", "Roles": ["Shopper"]})
    await owner.security_profiles.create({"ID": "reader", "Name": "R", "Roles": READER_ROLES})
    for user, buyer in USERS.items():
        await owner.buyers.create({"ID": buyer, "Name": buyer, "Active": True})
        await owner.users.create(buyer, person(user, f"{user}-Passw0rd"))
        await owner.security_profiles.save_assignment(
            {"SecurityProfileID": "shopper", "BuyerID": buyer}
        )
    # sam also holds reader roles, to show that roles alone do not open another buyer's data.
    await owner.security_profiles.save_assignment(
        {"SecurityProfileID": "reader", "BuyerID": "south", "UserID": "sam"}
    )

    # The SDK's typed models also send their read-only counts (SpecCount, VariantCount,
    # CategoryCount, ChildCount) on create: the server must ignore them.
    await owner.price_schedules.create(_schedule("list", (1, 20), (10, 18)))
    await owner.price_schedules.create(_schedule("north-deal", (1, 15)))
    await owner.price_schedules.save_price_break("north-deal", PriceBreak(quantity=5, price=14))
    await owner.price_schedules.create(_schedule("south-gloves", (1, 9), (12, 8)))
    await owner.products.create(_product("jacket", price="list"))
    await owner.products.create(_product("boots", price="list"))
    await owner.products.create(_product("gloves", price=None))
    await owner.products.create(_product("tent", price="list", active=False))

    await owner.catalogs.create(Catalog(id="outdoor", name="Outdoor", active=True))
    for category in ("wear", "footwear"):
        await owner.categories.create("outdoor", Category(id=category, name=category, active=True))
    for category, product in (("wear", "jacket"), ("footwear", "boots")):
        await owner.categories.save_product_assignment(
            "outdoor", {"CategoryID": category, "ProductID": product}
        )
    for product in ("gloves", "tent"):
        await owner.catalogs.save_product_assignment({"CatalogID": "outdoor", "ProductID": product})

    # north sees the whole catalog; south only the wear category and what is assigned to it.
    await owner.catalogs.save_assignment(
        CatalogAssignment(
            catalog_id="outdoor", buyer_id="north", view_all_products=True, view_all_categories=True
        )
    )
    await owner.catalogs.save_assignment(CatalogAssignment(catalog_id="outdoor", buyer_id="south"))
    await owner.categories.save_assignment(
        "outdoor",
        CategoryAssignment(
            category_id="wear", buyer_id="south", visible=True, view_all_products=True
        ),
    )
    await owner.products.save_assignment(
        ProductAssignment(product_id="jacket", buyer_id="north", price_schedule_id="north-deal")
    )
    await owner.products.save_assignment(
        ProductAssignment(product_id="gloves", buyer_id="south", price_schedule_id="south-gloves")
    )
    return str(store.id)


async def _shop(server: LiveServer, client_id: str, user: str) -> Seen:
    async with sdk(server, client_id, scopes=["Shopper"]) as buyer:
        await login(buyer, user, f"{user}-Passw0rd")
        listed = await buyer.me.list_products(sort_by="ID")
        fetched = {p.id or "": await buyer.me.get_product(p.id or "") for p in listed.items}
        categories = await buyer.me.list_categories(catalog_id="outdoor", sort_by="ID")
        catalogs = await buyer.me.list_catalogs(sort_by="ID")
        return Seen(
            listed={p.id or "": p for p in listed.items},
            fetched=fetched,
            categories=[c.id or "" for c in categories.items],
            catalogs=[c.id or "" for c in catalogs.items],
        )


async def _snoop(
    server: LiveServer, client_id: str, refusals: dict[str, OrderCloudError | None]
) -> None:
    """sam, in south, tries to read what belongs to north."""
    async with sdk(server, client_id, scopes=["Shopper"]) as shopper:
        await login(shopper, "sam", "sam-Passw0rd")
        refusals["shopper lists north's product assignments"] = await refusal(
            shopper.products.list_assignments(buyer_id="north")
        )
        refusals["shopper gets a product only north sees"] = await refusal(
            shopper.me.get_product("boots")
        )
        refusals["shopper lists north's own catalog"] = await refusal(
            shopper.me.list_products(catalog_id="north")
        )
    async with sdk(server, client_id, scopes=["Shopper", *READER_ROLES]) as reader:
        await login(reader, "sam", "sam-Passw0rd")
        refusals["reader lists north's product assignments"] = await refusal(
            reader.products.list_assignments(buyer_id="north")
        )
        refusals["reader lists north's catalog assignments"] = await refusal(
            reader.catalogs.list_assignments(buyer_id="north")
        )
        refusals["reader lists north's category assignments"] = await refusal(
            reader.categories.list_assignments("outdoor", buyer_id="north")
        )


async def _scenario(server: LiveServer) -> Scenario:
    owner_info = server.init_marketplace(client_secret=OWNER_SECRET)
    scenario = Scenario()
    async with sdk(server, owner_info["ClientID"], OWNER_SECRET) as owner:
        store = await _build_catalog(owner)
        scenario.jacket_assignments = (
            await owner.products.list_assignments(product_id="jacket")
        ).items
    for user in USERS:
        scenario.seen[user] = await _shop(server, store, user)
    await _snoop(server, store, scenario.refusals)
    return scenario


@pytest.fixture(scope="module")
def scenario(live_server: LiveServer) -> Scenario:
    return asyncio.run(_scenario(live_server))


def _breaks(product: BuyerProduct[Any]) -> list[tuple[int, float]] | None:
    schedule = product.price_schedule
    if schedule is None:
        return None
    return [(b.quantity or 0, b.price or 0) for b in schedule.price_breaks or []]


def test_each_buyer_lists_exactly_its_products_with_their_price_breaks(
    scenario: Scenario,
) -> None:
    views = {
        user: {product_id: _breaks(p) for product_id, p in seen.listed.items()}
        for user, seen in scenario.seen.items()
    }

    # nora (north): the whole catalog; the jacket at north's deal, gloves without a price.
    # sam (south): the jacket through its open category at list price, gloves through
    # their assignment at south's price. Nobody sees the inactive tent.
    assert views == {
        "nora": {
            "boots": [(1, 20), (10, 18)],
            "gloves": None,
            "jacket": [(1, 15), (5, 14)],
        },
        "sam": {
            "gloves": [(1, 9), (12, 8)],
            "jacket": [(1, 20), (10, 18)],
        },
    }


def _unit_price(product: BuyerProduct[Any], quantity: int) -> float:
    """The price of the largest break the quantity reaches."""
    breaks = _breaks(product) or []
    return max((q, p) for q, p in breaks if q <= quantity)[1]


@pytest.mark.parametrize(
    ("user", "product_id", "schedule_id"),
    [
        # The buyer's own assignment wins over the product's default ...
        ("nora", "jacket", "north-deal"),
        ("sam", "gloves", "south-gloves"),
        # ... and without one the default applies.
        ("nora", "boots", "list"),
        ("sam", "jacket", "list"),
    ],
)
def test_a_fetched_product_carries_the_buyers_most_specific_schedule(
    scenario: Scenario, user: str, product_id: str, schedule_id: str
) -> None:
    schedule = scenario.seen[user].fetched[product_id].price_schedule

    assert schedule is not None
    assert schedule.id == schedule_id


@pytest.mark.parametrize(
    ("user", "product_id", "quantity", "unit_price"),
    [
        ("nora", "jacket", 1, 15),
        ("nora", "jacket", 4, 15),
        ("nora", "jacket", 5, 14),
        ("nora", "jacket", 50, 14),
        ("nora", "boots", 9, 20),
        ("nora", "boots", 10, 18),
        ("sam", "jacket", 9, 20),
        ("sam", "jacket", 10, 18),
        ("sam", "gloves", 11, 9),
        ("sam", "gloves", 12, 8),
    ],
)
def test_a_buyer_pays_the_largest_break_its_quantity_reaches(
    scenario: Scenario, user: str, product_id: str, quantity: int, unit_price: float
) -> None:
    assert _unit_price(scenario.seen[user].fetched[product_id], quantity) == unit_price


@pytest.mark.parametrize("user", list(USERS))
def test_getting_a_listed_product_returns_the_same_buyer_view(
    scenario: Scenario, user: str
) -> None:
    seen = scenario.seen[user]

    assert seen.fetched.keys() == seen.listed.keys()
    for product_id, product in seen.fetched.items():
        assert product.model_dump() == seen.listed[product_id].model_dump()


@pytest.mark.parametrize(
    ("user", "categories", "catalogs"),
    [
        # Each buyer also has its own default catalog, created with the buyer.
        ("nora", ["footwear", "wear"], ["north", "outdoor"]),
        ("sam", ["wear"], ["outdoor", "south"]),
    ],
)
def test_each_buyer_sees_only_its_categories_and_catalogs(
    scenario: Scenario, user: str, categories: list[str], catalogs: list[str]
) -> None:
    assert scenario.seen[user].categories == categories
    assert scenario.seen[user].catalogs == catalogs


def test_the_owner_reads_the_assignment_the_buyer_may_not(scenario: Scenario) -> None:
    assert [a.model_dump(by_alias=True) for a in scenario.jacket_assignments] == [
        {
            "SellerID": None,
            "ProductID": "jacket",
            "BuyerID": "north",
            "UserGroupID": None,
            "PriceScheduleID": "north-deal",
        }
    ]


@pytest.mark.parametrize(
    ("attempt", "status", "error_code", "data"),
    [
        (
            "shopper lists north's product assignments",
            403,
            "InsufficientRoles",
            {
                "SufficientRoles": [
                    "FullAccess",
                    "ProductAdmin",
                    "ProductAssignmentAdmin",
                    "ProductReader",
                ],
                "AssignedRoles": ["Shopper"],
            },
        ),
        (
            "shopper gets a product only north sees",
            404,
            "NotFound",
            {"ObjectType": "Product", "ObjectID": "boots"},
        ),
        (
            "shopper lists north's own catalog",
            404,
            "NotFound",
            {"ObjectType": "Catalog", "ObjectID": "north"},
        ),
        ("reader lists north's product assignments", 403, "Auth.UserNotAuthorizedToAdmin", None),
        ("reader lists north's catalog assignments", 403, "Auth.UserNotAuthorizedToAdmin", None),
        ("reader lists north's category assignments", 403, "Auth.UserNotAuthorizedToAdmin", None),
    ],
)
def test_second_buyer_cannot_read_what_belongs_to_the_first(
    scenario: Scenario, attempt: str, status: int, error_code: str, data: Any
) -> None:
    refused = scenario.refusals[attempt]

    assert refused is not None, f"allowed: {attempt}"
    assert refused.status_code == status
    assert [e.error_code for e in refused.errors] == [error_code]
    assert refused.raw is not None
    assert list(refused.raw) == ["Errors"]
    (error,) = refused.raw["Errors"]
    assert set(error) == {"ErrorCode", "Message", "Data"}
    assert error["Message"]
    assert error["Data"] == data
