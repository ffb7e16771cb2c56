"""Query plans of the catalogue's hot statements on the benchmark's seeded database.

Used by catalog_load.py: it prints, for a buyer's product page and an admin's
``xp.color`` filter, the plan of the page and count statements each request runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from mercato.app import create_app
from mercato.db import recorded_statements
from mercato.settings import Settings


def _explain(engine: Engine, statement: str, parameters: Any) -> list[str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        return [str(row[-1]) for row in rows]


def print_plans(database_url: str, login: Callable[[TestClient, str], str]) -> None:
    """Print the plans of GET /v1/me/products and GET /v1/products with an xp filter."""
    app = create_app(Settings(database_url=database_url))
    engine: Engine = app.state.engine
    with TestClient(app) as client:
        requests = {
            "buyer  GET /v1/me/products?xp.color=red": ("shopper", "/v1/me/products"),
            "admin  GET /v1/products?xp.color=red": ("owner", "/v1/products"),
        }
        for title, (user, path) in requests.items():
            headers = {"Authorization": f"Bearer {login(client, user)}"}
            with recorded_statements(engine) as seen:
                response = client.get(path, params={"xp.color": "red"}, headers=headers)
            assert response.status_code == 200, response.text
            for statement, parameters in seen:
                if "FROM products" not in statement:
                    continue
                kind = "count" if "count(" in statement else "page"
                print(f"plan of {title} ({kind} statement):")
                for line in _explain(engine, statement, parameters):
                    print(f"    {line}")
    engine.dispose()
