"""Shared test plumbing: one migrated database per run, one fresh marketplace per test.

Marketplaces are isolated from each other by the session layer, so a test that builds its
own marketplace needs no cleanup and cannot see another test's data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from mercato import migrate
from mercato.app import create_app
from mercato.db import make_engine
from mercato.settings import Settings
from tests.factories import Tenant, make_tenant


def _database_url(tmp_dir: Path) -> str:
    return os.environ.get("MERCATO_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'mercato-test.db'}"


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(_database_url(tmp_path_factory.mktemp("db")))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app(engine: Engine) -> FastAPI:
    # Every test logs in from the same test-client address; the limit has its own tests.
    settings = Settings(base_url="http://testserver", auth_rate_per_address=1_000_000)
    return create_app(settings, engine=engine)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def tenant(app: FastAPI, client: TestClient) -> Tenant:
    """A fresh marketplace with a FullAccess admin, reachable through ``tenant.admin``."""
    return make_tenant(app, client)


@pytest.fixture
def other_tenant(app: FastAPI, client: TestClient) -> Tenant:
    """A second marketplace, for proving what one marketplace's actions do not reach."""
    return make_tenant(app, client)
