"""A real Mercato server in a subprocess, for the SDK end-to-end tests.

The SDKs speak HTTP to a URL, so these tests run `mercato serve --demo` on a free local
port with its own SQLite file, exactly as a newcomer would, and create one marketplace
per test with `mercato init`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.factories import unique
from tests.live_server import free_port, start_server, wait_until_up


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str

    def init_marketplace(self, *, client_secret: str | None = None) -> dict[str, str]:
        """`mercato init` a fresh marketplace on the server's database."""
        owner = unique("owner")
        password = "Owner-Passw0rd"
        args = [
            "init",
            "--database",
            self.database_url,
            "--admin-username",
            owner,
            "--admin-password",
            password,
            "--marketplace-id",
            unique("mkt"),
            "--client-id",
            unique("owner-client"),
        ]
        if client_secret:
            args += ["--client-secret", client_secret]
        result = _mercato(*args)
        info: dict[str, str] = json.loads(result.stdout)
        return {**info, "OwnerUsername": owner, "OwnerPassword": password}


def _mercato(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mercato.cli", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    log = tmp_path_factory.mktemp("live-log") / "server.log"
    process = start_server(database_url, port, log, "--demo")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield LiveServer(url=url, database_url=database_url)
    finally:
        process.terminate()
        process.wait(timeout=30)
