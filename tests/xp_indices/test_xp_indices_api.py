"""/xpindices: stored per marketplace and backed by real expression indexes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select, text

from mercato import migrate
from mercato.app import create_app
from mercato.catalog.models import Product
from mercato.db import make_engine
from mercato.organizations.models import Marketplace
from mercato.settings import Settings
from tests.factories import Tenant, created, make_tenant, unique
from tests.query_plans import full_scans, plan_of

PRODUCT_COLOR = {"ThingType": "Product", "Key": "color"}


def _database_indexes(engine: Engine, table: str) -> set[str]:
    # Read from the catalogue: SQLAlchemy does not reflect expression indexes on SQLite.
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE tablename = :t"
    )
    with engine.connect() as connection:
        names = connection.execute(text(query), {"t": table}).scalars()
        return {n for n in names if n.startswith("xpi_")}


def _product(tenant: Tenant, **xp: Any) -> str:
    return str(created(tenant.admin.post("/products", {"Name": unique("p"), "xp": xp}))["ID"])


def test_put_is_idempotent_and_delete_removes_the_index(tenant: Tenant) -> None:
    assert tenant.admin.put("/xpindices", PRODUCT_COLOR).status_code == 204
    assert tenant.admin.put("/xpindices", PRODUCT_COLOR).status_code == 204

    assert tenant.admin.get("/xpindices").json()["Items"] == [PRODUCT_COLOR]
    assert tenant.admin.delete("/xpindices/Product/color").status_code == 204
    assert tenant.admin.get("/xpindices").json()["Items"] == []
    missing = tenant.admin.delete("/xpindices/Product/color")
    assert missing.status_code == 404
    assert missing.json()["Errors"][0]["ErrorCode"] == "NotFound"


def test_key_with_and_without_xp_prefix_is_the_same_index(tenant: Tenant) -> None:
    tenant.admin.put("/xpindices", {"ThingType": "Catalog", "Key": "xp.region"})
    tenant.admin.put("/xpindices", {"ThingType": "Catalog", "Key": "region"})

    assert len(tenant.admin.get("/xpindices").json()["Items"]) == 1
    assert tenant.admin.delete("/xpindices/Catalog/region").status_code == 204


@pytest.mark.parametrize(
    "body",
    [
        {"ThingType": "Basket", "Key": "color"},
        {"ThingType": "Product", "Key": "co lor"},
        {"ThingType": "Product", "Key": "a..b"},
        {"ThingType": "Product", "Key": "x'); DROP TABLE products; --"},
        {"ThingType": "Product"},
    ],
)
def test_bad_thing_types_and_keys_are_refused(tenant: Tenant, body: dict[str, Any]) -> None:
    response = tenant.admin.put("/xpindices", body)

    assert response.status_code == 400, response.text
    assert response.json()["Errors"]


def test_only_marketplace_owner_users_manage_indices(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    user = tenant.user(f"/buyers/{buyer}/users")
    tenant.grant(["XpIndexAdmin"], BuyerID=buyer)

    as_buyer = tenant.as_user(user["Username"], "XpIndexAdmin")
    assert as_buyer.get("/xpindices").status_code == 403
    assert as_buyer.put("/xpindices", PRODUCT_COLOR).status_code == 403


def test_indices_of_one_marketplace_are_not_listed_in_another(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    tenant.admin.put("/xpindices", PRODUCT_COLOR)

    assert other_tenant.admin.get("/xpindices").json()["Items"] == []
    assert other_tenant.admin.delete("/xpindices/Product/color").status_code == 404


def test_database_index_lives_until_the_last_marketplace_lets_go(
    engine: Engine, tenant: Tenant, other_tenant: Tenant
) -> None:
    key = {"ThingType": "Product", "Key": unique("k")}
    tenant.admin.put("/xpindices", key)
    other_tenant.admin.put("/xpindices", key)
    created_indexes = _database_indexes(engine, "products")

    tenant.admin.delete(f"/xpindices/Product/{key['Key']}")
    assert _database_indexes(engine, "products") == created_indexes
    other_tenant.admin.delete(f"/xpindices/Product/{key['Key']}")
    # The value index and the partial index of array values.
    assert len(created_indexes - _database_indexes(engine, "products")) == 2


def test_indexed_filter_matches_what_the_unindexed_filter_matched(tenant: Tenant) -> None:
    red, blue, flagged = _product(tenant, color="Red"), _product(tenant, color="blue"), ""
    flagged = _product(tenant, color=True)
    queries = {"red": {red}, "RED": {red}, "true": {flagged}, "!red": {blue, flagged}}
    before = {q: _ids(tenant, q) for q in queries}

    tenant.admin.put("/xpindices", PRODUCT_COLOR)

    assert before == queries
    assert {q: _ids(tenant, q) for q in queries} == queries


def _ids(tenant: Tenant, value: str) -> set[str]:
    page = tenant.admin.get("/products", **{"xp.color": value}).json()
    return {p["ID"] for p in page["Items"]}


@pytest.fixture
def own_database(engine: Engine, tenant: Tenant, tmp_path: Path) -> Iterator[tuple[Engine, Tenant]]:
    """On SQLite, a database file of its own for a planner test.

    SQLite's statistics are averages over every marketplace in the file. The suite's
    shared file holds hundreds of marketplaces with a few products each, so once anything
    has analyzed it the marketplace index looks more selective than any other, and the plan
    depends on which earlier test happened to trigger an ANALYZE.
    """
    if engine.dialect.name != "sqlite":
        yield engine, tenant
        return
    own = make_engine(f"sqlite:///{tmp_path / 'planner.db'}")
    migrate.upgrade(own)
    settings = Settings(base_url="http://testserver", auth_rate_per_address=1_000_000)
    app = create_app(settings, engine=own)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield own, make_tenant(app, client)
    own.dispose()


def test_admin_xp_filter_is_served_by_the_xp_index(
    own_database: tuple[Engine, Tenant],
) -> None:
    engine, tenant = own_database
    _many_products(engine, tenant, 300)
    tenant.admin.put("/xpindices", PRODUCT_COLOR)

    def list_red() -> None:
        tenant.admin.get("/products", **{"xp.color": "red"})

    # The count visits every match, so it is the statement the index must serve. The
    # page may instead walk the ID index in order and stop after a page of matches.
    count = plan_of(engine, list_red, lambda sql: "count(" in sql and "products" in sql)
    page = plan_of(engine, list_red, lambda sql: "FROM products" in sql and "LIMIT" in sql)

    assert "xpi_products_" in count, count
    assert not full_scans(page, "products"), page


def _many_products(engine: Engine, tenant: Tenant, count: int) -> None:
    """Enough products, in 30 colours, that a planner with statistics prefers an index."""
    with engine.begin() as connection:
        marketplace = connection.scalar(
            select(Marketplace.pk).where(Marketplace.id == tenant.marketplace_id)
        )
        rows = [
            {"marketplace_pk": marketplace, "id": f"bulk{n}", "owner_id": tenant.marketplace_id,
             "name": f"Bulk {n}", "xp": {"color": "red" if n % 30 == 0 else f"c{n % 30}"}}
            for n in range(count)
        ]  # fmt: skip
        connection.execute(insert(Product), rows)
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE products")
