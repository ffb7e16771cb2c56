"""A buyer's product page under load, against a bare endpoint on the same server stack.

Not a test: it prints figures. Run with
    .venv/bin/python bench/catalog_load.py [--products 100000] [--seconds 10] [--database FILE]
It seeds a throwaway SQLite marketplace (100,000 products, 200 catalogs, 1,000 buyers,
and a product facet on xp.color unless --no-facets, so each page also counts its facet values;
with --database FILE it seeds that file once and later runs reuse it, migrated to the schema),
starts `uvicorn` on a free local port with one extra route, /bench/bare, that returns a
precomputed page of the same size, then drives both with 32 concurrent connections:
    GET /v1/me/products?pageSize=20&xp.color=red  (a buyer user's token)
    GET /bench/bare
and prints requests/second, p50 and p99 latency, and their ratio. Target: the real
endpoint at 25% or more of the bare throughput, with p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from plans import print_plans
from sqlalchemy import insert, select, update

from mercato import bootstrap, migrate
from mercato.auth.passwords import hash_password
from mercato.catalog.models import (
    Catalog,
    CatalogAssignment,
    PriceBreak,
    PriceSchedule,
    Product,
    ProductCatalogAssignment,
    ProductFacet,
)
from mercato.core.tenancy import bind_marketplace
from mercato.db import make_engine, make_session_factory, refresh_statistics, transaction
from mercato.organizations.models import Company, CompanyKind, Marketplace, User
from mercato.security.models import ApiClient, SecurityProfile, SecurityProfileAssignment
from mercato.xp_indices import service as xp_indices
from mercato.xp_indices.models import XpIndex

PASSWORD = "Bench-Passw0rd"
QUERY = "/v1/me/products?pageSize=20&xp.color=red"
CONCURRENCY = 32


def seed(database_url: str, products: int, catalogs: int, buyers: int, *, facets: bool) -> str:
    """Seed the marketplace; return the admin API client's ID."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        init = bootstrap.init_marketplace(
            session, admin_username="owner", admin_password=PASSWORD, marketplace_id="bench"
        )
        mkt = session.scalars(select(Marketplace.pk).where(Marketplace.id == "bench")).one()
        bind_marketplace(session, mkt)
        rows = {"marketplace_pk": mkt}
        session.add(ApiClient(id="bench-shop", app_name="Shop", active=True, allow_any_buyer=True,
                              access_token_duration=600))  # fmt: skip
        session.execute(insert(PriceSchedule), [
            {**rows, "id": f"ps{n}", "owner_id": "bench", "name": f"Price {n}"} for n in range(100)
        ])  # fmt: skip
        schedule_pks = session.scalars(select(PriceSchedule.pk).order_by(PriceSchedule.pk)).all()
        session.execute(insert(PriceBreak), [
            {**rows, "schedule_pk": pk, "quantity": 1, "price": 10 + n % 50}
            for n, pk in enumerate(schedule_pks)
        ])  # fmt: skip
        session.execute(insert(Catalog), [
            {**rows, "id": f"cat{n}", "owner_id": "bench", "name": f"Catalog {n}", "active": True}
            for n in range(catalogs)
        ])  # fmt: skip
        catalog_pks = session.scalars(select(Catalog.pk).order_by(Catalog.pk)).all()
        session.execute(insert(Company), [
            {**rows, "kind": CompanyKind.BUYER, "id": f"buyer{n}", "name": f"Buyer {n}",
             "active": True}
            for n in range(buyers)
        ])  # fmt: skip
        buyer_pks = session.scalars(
            select(Company.pk).where(Company.kind == CompanyKind.BUYER).order_by(Company.pk)
        ).all()
        session.execute(insert(CatalogAssignment), [
            {**rows, "catalog_pk": catalog_pks[n % catalogs], "buyer_pk": pk,
             "view_all_products": True, "view_all_categories": True}
            for n, pk in enumerate(buyer_pks)
        ])  # fmt: skip
        session.execute(insert(Product), [
            {**rows, "id": f"prod{n}", "owner_id": "bench", "name": f"Product {n}",
             "active": True, "default_price_schedule_pk": schedule_pks[n % 100],
             "xp": {"color": ["red", "blue", "green"][n % 3]}}
            for n in range(products)
        ])  # fmt: skip
        product_pks = session.scalars(select(Product.pk).order_by(Product.pk)).all()
        session.execute(insert(ProductCatalogAssignment), [
            {**rows, "catalog_pk": catalog_pks[n % catalogs], "product_pk": pk}
            for n, pk in enumerate(product_pks)
        ])  # fmt: skip
        if facets:
            session.add(ProductFacet(id="color", name="Color", xp_path="color"))
            # What the facet service keeps up when facets are created through the API.
            session.execute(
                update(Marketplace).where(Marketplace.pk == mkt).values(product_facet_count=1)
            )
        profile = SecurityProfile(id="shopper", name="Shopper", roles=["Shopper"], custom_roles=[])
        session.add(profile)
        buyer = session.get(Company, buyer_pks[0])
        assert buyer is not None
        user = User(company_pk=buyer.pk, id="shopper", username="shopper", username_key="shopper",
                    password_hash=hash_password(PASSWORD), first_name="S", last_name="B",
                    email="s@example.com", active=True)  # fmt: skip
        session.add(user)
        session.flush()
        session.add(SecurityProfileAssignment(profile_pk=profile.pk, company_pk=buyer.pk))
        # Admins filter products by this key; OrderCloud code never asks for it.
        session.add(XpIndex(marketplace_pk=mkt, thing_type="Product", key="color"))
    # What `mercato serve` does before it starts serving.
    xp_indices.create_missing(engine)
    refresh_statistics(engine)
    engine.dispose()
    return init.client_id


def reuse(database_url: str) -> str:
    """Bring an earlier seed up to the current schema; return the admin API client's ID."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        init = bootstrap.init_marketplace(
            session, admin_username="owner", admin_password=PASSWORD, marketplace_id="bench"
        )
    xp_indices.create_missing(engine)
    engine.dispose()
    return init.client_id


def app_with_bare_endpoint() -> Any:
    """The real app plus /bench/bare, which returns a precomputed product page."""
    from fastapi.responses import Response  # noqa: PLC0415 - only the server needs it

    from mercato.app import create_app  # noqa: PLC0415

    app = create_app()
    body = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()

    @app.get("/bench/bare", include_in_schema=False)
    def bare() -> Response:
        return Response(body, media_type="application/json")

    return app


def server_path() -> str:
    """PYTHONPATH for the server: this folder (for the bare route), then the caller's own."""
    return os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def drive(url: str, headers: dict[str, str], seconds: float) -> tuple[float, list[float]]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                response = await client.get(url, headers=headers)
                latencies.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies


def report(name: str, rps: float, latencies: list[float]) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{name:34} {rps:10.1f} {cuts[49] * 1000:9.1f} {cuts[98] * 1000:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--catalogs", type=int, default=200)
    parser.add_argument("--buyers", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-facets", action="store_true", help="seed no product facet")
    parser.add_argument(
        "--database",
        type=Path,
        help="SQLite file to keep the seed in: seeded when missing, else reused (and migrated)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or Path(tmp) / "bench.db"
        database_url = f"sqlite:///{database.resolve()}"
        if database.exists():
            admin_client = reuse(database_url)
            print(f"reusing the seed in {database}")
        else:
            began = time.perf_counter()
            admin_client = seed(
                database_url, args.products, args.catalogs, args.buyers, facets=not args.no_facets
            )
            print(f"seeded {args.products} products in {time.perf_counter() - began:.1f} s")
        print_plans(database_url, lambda http, user: login(http, user, admin_client))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        bare_body = Path(tmp) / "bare.json"
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
            token = wait_for_login(base)
            headers = {"Authorization": f"Bearer {token}"}
            page = httpx.get(base + QUERY, headers=headers, timeout=30)
            assert page.status_code == 200, page.text
            bare_body.write_bytes(page.content)
            print(f"page: {len(page.json()['Items'])} items of {page.json()['Meta']['TotalCount']}")
            for facet in page.json()["Meta"]["Facets"]:
                counts = ", ".join(f"{v['Value']}={v['Count']}" for v in facet["Values"])
                print(f"facet {facet['Name']}: {counts}")
            print(f"{'endpoint':34} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9}")
            real_rps, real = asyncio.run(drive(base + QUERY, headers, args.seconds))
            bare_rps, bare = asyncio.run(drive(base + "/bench/bare", {}, args.seconds))
            report("GET /v1/me/products (buyer)", real_rps, real)
            report("GET /bench/bare (precomputed)", bare_rps, bare)
            p99 = statistics.quantiles(real, n=100)[98] * 1000
            print(f"real/bare throughput: {real_rps / bare_rps:.0%} (target >= 25%); "
                  f"p99 {p99:.1f} ms (target < 50 ms)")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)


def login(http: Any, username: str, admin_client: str) -> str:
    """A token for the buyer user ``shopper`` or the admin ``owner``."""
    client_id, scope = ("bench-shop", "Shopper") if username == "shopper" else (admin_client, "")
    response = http.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": client_id, "username": username,
              "password": PASSWORD, "scope": scope},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def wait_for_login(base: str) -> str:
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=base) as http:
        while True:
            try:
                return login(http, "shopper", "")
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


if __name__ == "__main__":
    main()
