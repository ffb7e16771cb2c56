"""Orders placed per second: create an order, add three line items, submit.

Not a test: it prints figures. Run with
    .venv/bin/python bench/orders_load.py [--seconds 10] [--postgres-url URL]
It prepares a small marketplace (one buyer, 32 shoppers, three priced products, and an
approval rule that never matches, so submit evaluates rules as it would in production),
starts `uvicorn` on a free local port with the catalog benchmark's /bench/bare route
(returning a precomputed order), then drives, with 32 concurrent connections, each
shopper repeating the flow
    POST /v1/orders/Outgoing
    POST /v1/orders/Outgoing/{id}/lineitems   (x3)
    POST /v1/orders/Outgoing/{id}/submit
and prints orders/second and p50/p99 of each request, beside the bare endpoint's
requests/second measured in the same run. SQLite always; PostgreSQL too when given
``--postgres-url`` (for instance the one `scripts/postgres.sh` starts).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from catalog_load import CONCURRENCY, free_port, report, server_path
from sqlalchemy import make_url

from mercato import bootstrap, migrate
from mercato.db import make_engine, make_session_factory, transaction

PASSWORD = "Bench-Passw0rd"
PRODUCTS = ("pen", "cup", "pad")


def prepare(database_url: str) -> tuple[str, str]:
    """Migrate and create a fresh marketplace; return its ID and the admin client ID."""
    marketplace_id = f"orders{uuid.uuid4().hex[:8]}"
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        init = bootstrap.init_marketplace(
            session,
            admin_username=f"owner-{marketplace_id}",
            admin_password=PASSWORD,
            marketplace_id=marketplace_id,
        )
    engine.dispose()
    return marketplace_id, init.client_id


def token(http: httpx.Client, client_id: str, username: str, scope: str) -> str:
    response = http.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": client_id, "username": username,
              "password": PASSWORD, "scope": scope},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    value: str = response.json()["access_token"]
    return value


def seed(http: httpx.Client, marketplace_id: str, admin_client: str) -> list[str]:
    """Buyer, shoppers, catalog, products and a rule, through the API; return shopper tokens."""
    admin = {"Authorization": f"Bearer {token(http, admin_client, f'owner-{marketplace_id}', '')}"}

    def call(method: str, path: str, body: Any) -> None:
        response = http.request(method, f"/v1{path}", json=body, headers=admin)
        assert response.status_code < 300, f"{method} {path}: {response.text}"

    call("POST", "/buyers", {"ID": "b1", "Name": "Buyer", "Active": True})
    call("POST", "/securityprofiles", {"ID": "shop", "Name": "Shop", "Roles": ["Shopper"]})
    call("POST", "/securityprofiles/assignments", {"SecurityProfileID": "shop", "BuyerID": "b1"})
    call("POST", "/apiclients/assignments", {"ApiClientID": admin_client, "BuyerID": "b1"})
    call("POST", "/catalogs", {"ID": "store", "Name": "Store", "Active": True})
    store = {"CatalogID": "store", "BuyerID": "b1", "ViewAllProducts": True}
    call("POST", "/catalogs/assignments", store)
    call("POST", "/buyers/b1/usergroups", {"ID": "approvers", "Name": "Approvers"})
    rule = {"ID": "never", "ApprovingGroupID": "approvers", "RuleExpression": "order.Total < 0"}
    call("POST", "/buyers/b1/approvalrules", rule)
    for n, product in enumerate(PRODUCTS):
        breaks = [{"Quantity": 1, "Price": 10 + n}, {"Quantity": 10, "Price": 8 + n}]
        call("POST", "/priceschedules", {"ID": product, "Name": product, "PriceBreaks": breaks})
        call("POST", "/products", {"ID": product, "Name": product, "Active": True,
                                   "DefaultPriceScheduleID": product})  # fmt: skip
        call("POST", "/catalogs/productassignments", {"CatalogID": "store", "ProductID": product})
    tokens = []
    for n in range(CONCURRENCY):
        username = f"shopper{n}-{marketplace_id}"
        user = {"ID": f"u{n}", "Username": username, "Password": PASSWORD, "FirstName": "S",
                "LastName": str(n), "Email": f"s{n}@example.com", "Active": True}  # fmt: skip
        call("POST", "/buyers/b1/users", user)
        tokens.append(token(http, admin_client, username, "Shopper"))
    return tokens


async def place_orders(
    base: str, tokens: list[str], seconds: float
) -> tuple[int, float, dict[str, list[float]]]:
    """Run the flow until ``seconds`` pass; return orders placed, elapsed, latencies by step."""
    latencies: dict[str, list[float]] = {"create": [], "line": [], "submit": []}
    placed = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def step(kind: str, path: str, body: Any, headers: dict[str, str]) -> Any:
            start = time.perf_counter()
            response = await client.post(path, json=body, headers=headers)
            latencies[kind].append(time.perf_counter() - start)
            assert response.status_code == 201, response.text
            return response.json()

        async def shopper(bearer: str) -> None:
            nonlocal placed
            headers = {"Authorization": f"Bearer {bearer}"}
            while time.perf_counter() < deadline:
                order = await step("create", "/v1/orders/Outgoing", {}, headers)
                lines = f"/v1/orders/Outgoing/{order['ID']}/lineitems"
                for n, product in enumerate(PRODUCTS):
                    await step("line", lines, {"ProductID": product, "Quantity": n + 1}, headers)
                submitted = await step(
                    "submit", f"/v1/orders/Outgoing/{order['ID']}/submit", None, headers
                )
                assert submitted["Status"] == "Open", submitted
                placed += 1

        began = time.perf_counter()
        await asyncio.gather(*(shopper(t) for t in tokens))
        elapsed = time.perf_counter() - began
    return placed, elapsed, latencies


async def bare(base: str, seconds: float) -> float:
    done = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                response = await client.get("/bench/bare")
                assert response.status_code == 200
                done += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return done / (time.perf_counter() - began)


def run(database_url: str, seconds: float, tmp: Path) -> None:
    marketplace_id, admin_client = prepare(database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bare_body = tmp / f"bare-{marketplace_id}.json"
    bare_body.write_text("{}")
    env = {
        **os.environ,
        "MERCATO_DATABASE_URL": database_url,
        "MERCATO_BASE_URL": base,
        "MERCATO_AUTH_RATE_PER_ADDRESS": "1000000",
        "BENCH_BARE_BODY": str(bare_body),
        "PYTHONPATH": server_path(),
    }
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "uvicorn", "catalog_load:app_with_bare_endpoint", "--factory",
         "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            wait_until_up(http)
            tokens = seed(http, marketplace_id, admin_client)
            sample = http.get("/v1/me/orders", headers={"Authorization": f"Bearer {tokens[0]}"})
            bare_body.write_bytes(sample.content)
        placed, elapsed, latencies = asyncio.run(place_orders(base, tokens, seconds))
        bare_rps = asyncio.run(bare(base, seconds))
        backend = make_url(database_url).get_backend_name()
        print(f"\n{backend}: {placed} orders in {elapsed:.1f} s")
        print(f"{'request':34} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9}")
        for kind, name in (("create", "POST orders"), ("line", "POST lineitems"),
                           ("submit", "POST submit")):  # fmt: skip
            report(name, len(latencies[kind]) / elapsed, latencies[kind])
        print(f"{'GET /bench/bare (precomputed)':34} {bare_rps:10.1f}")
        requests = sum(len(v) for v in latencies.values())
        worst = max(statistics.quantiles(v, n=100)[98] for v in latencies.values())
        print(f"orders/s: {placed / elapsed:.1f} ({requests / elapsed:.0f} requests/s, "
              f"{requests / elapsed / bare_rps:.0%} of the bare endpoint's); "
              f"worst step p99 {worst * 1000:.1f} ms")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(http: httpx.Client) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            http.get("/bench/bare")
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--postgres-url", help="also measure on this PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'orders.db'}", args.seconds, Path(tmp))
        if args.postgres_url:
            run(args.postgres_url, args.seconds, Path(tmp))


if __name__ == "__main__":
    main()
