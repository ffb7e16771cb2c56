"""A real Mercato server in a subprocess, for the SDK end-to-end tests.

The SDKs speak HTTP to a URL, so these tests run `mercato serve --demo` on a free local
port with its own SQLite file, exactly as a newcomer would, and create one marketplace
per test with `mercato init`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.factories import unique


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = _free_port()
    database_url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    env = {**os.environ, "MERCATO_AUTH_RATE_PER_ADDRESS": "100000"}
    log = tmp_path_factory.mktemp("live-log") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mercato.cli",
                "serve",
                "--demo",
                "--database",
                database_url,
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield LiveServer(url=url, database_url=database_url)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/v1/openapi/v3", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not start:\n{log.read_text()}")
