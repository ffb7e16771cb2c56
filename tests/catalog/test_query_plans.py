"""The buyer's product page reads through indexes, never a whole table.

Plans of the page and count statements of GET /me/products, read from the database
in use (SQLite, or PostgreSQL told to avoid sequential scans as on a large table).
bench/catalog_load.py prints the same plans on 100,000 products.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.catalog.shop import Shop
from tests.query_plans import full_scans, plan_of

TABLES = ("products", "product_catalog_assignments", "product_assignments", "catalogs")


@pytest.mark.parametrize("statement", ["page", "count"])
def test_buyer_product_list_scans_no_table(engine: Engine, shop: Shop, statement: str) -> None:
    def browse() -> None:
        shop.users["grouped"].get("/me/products", **{"xp.color": "red"})

    def chosen(sql: str) -> bool:
        is_count = "count(" in sql
        return "products" in sql and ("LIMIT" in sql if statement == "page" else is_count)

    plan = plan_of(engine, browse, chosen)

    assert not [t for t in TABLES if full_scans(plan, t)], plan
