"""Run `mercato serve` in a subprocess on a free local port, for tests that need real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(
    database_url: str, port: int, log: Path, *extra_args: str
) -> subprocess.Popen[bytes]:
    """Start `mercato serve` on ``port``; its output goes to ``log`` (appended)."""
    env = {**os.environ, "MERCATO_AUTH_RATE_PER_ADDRESS": "100000"}
    with log.open("a") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mercato.cli",
                "serve",
                *extra_args,
                "--database",
                database_url,
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )


def wait_until_up(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    probe: str = "/v1/openapi/v3",
    timeout: float = 60,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}{probe}", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not start:\n{log.read_text()}")
