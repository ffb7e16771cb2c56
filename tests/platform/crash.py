"""Kill the server with SIGKILL in the middle of a stream of keyed writes, then check.

``crash_and_recover`` runs one scenario against real server processes (the application
under uvicorn, see ``standby_server``) on a SQLite file of its own, or on the database
named by ``database_url`` (the suite's PostgreSQL, say), in a fresh marketplace:

1. ``prepare`` sets up what the writes need, through the API.
2. A few threads stream writes (``write(http, key, index)``), each with its own
   ``Idempotency-Key``; the server is killed with SIGKILL once ``kill_after`` of them were
   answered with a 2xx, while others are still on the wire.
3. The server restarts on the same database and ``verify`` checks the state: every
   write answered 2xx is there exactly once, the others at most once, nothing half-written.
4. Every write is sent again with its key. An answered one must replay its first answer
   unchanged; an unanswered one must now succeed (replayed if it had committed, or run for
   the first time). ``verify`` runs again, now every write having a 2xx.

A scenario is these functions: ``write`` must put the key in an ``Idempotency-Key``
header and send the same request for the same index every time; ``verify`` raises
AssertionError on anything wrong.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from mercato import bootstrap, migrate
from mercato.db import make_engine, make_session_factory, transaction
from tests.factories import unique
from tests.live_server import free_port, wait_until_up

PASSWORD = "Crash-Test-Passw0rd"


@dataclass
class Outcome:
    """One keyed write and the answer it got (``status`` None: no answer arrived)."""

    index: int
    key: str
    status: int | None = None
    body: Any = None
    sent: bool = False

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


Write = Callable[[httpx.Client, str, int], httpx.Response]
Verify = Callable[[httpx.Client, Sequence[Outcome]], None]
Prepare = Callable[[httpx.Client], None]


@dataclass(frozen=True)
class CrashReport:
    """What happened, for the test to assert on and a reader to learn from."""

    outcomes: list[Outcome]
    answered_before_kill: int
    unanswered_at_kill: int
    # Unanswered writes whose retry was a replay: committed, then the answer was lost.
    committed_unanswered: int
    log: Path


# Tokens name the issuer as their audience; a fixed one keeps them valid across servers.
BASE_URL = "http://mercato.crash.test"
REPOSITORY = Path(__file__).resolve().parents[2]


class _Servers:
    """A loaded standby process that starts serving processes (``standby_server``)."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.log = log
        self.pid = 0
        self.url = ""
        self._out = log.open("ab")
        self.standby = subprocess.Popen(
            [sys.executable, "-m", "tests.platform.standby_server", database_url, BASE_URL],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._out,
            cwd=REPOSITORY,
        )

    def serve(self) -> None:
        """Start a serving process on a free port and wait until it answers."""
        assert self.standby.stdin is not None
        assert self.standby.stdout is not None
        port = free_port()
        self.standby.stdin.write(f"serve {port}\n".encode())
        self.standby.stdin.flush()
        self.pid = int(self.standby.stdout.readline())
        self.url = f"http://127.0.0.1:{port}"
        wait_until_up(self.url, self.standby, self.log, probe="/")

    def kill(self) -> None:
        """SIGKILL the serving process: no shutdown, no cleanup, mid-request."""
        os.kill(self.pid, signal.SIGKILL)
        _reap(self.pid)

    def stop(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
                _reap(self.pid)
        if self.standby.stdin is not None:
            self.standby.stdin.close()  # the standby ends at the end of its input
        try:
            self.standby.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.standby.kill()
            self.standby.wait(timeout=10)
        self._out.close()


def _reap(pid: int) -> None:
    # The serving process is the standby's child; wait until it is really gone.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


@dataclass(frozen=True)
class _Marketplace:
    client_id: str
    admin: str


def _bootstrap(database_url: str) -> _Marketplace:
    marketplace = _Marketplace(client_id=unique("crash-client"), admin=unique("crash-admin"))
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            bootstrap.init_marketplace(
                session,
                admin_username=marketplace.admin,
                admin_password=PASSWORD,
                marketplace_id=unique("crash-mkt"),
                client_id=marketplace.client_id,
            )
    finally:
        engine.dispose()
    return marketplace


def _token(url: str, marketplace: _Marketplace) -> str:
    form = {
        "grant_type": "password",
        "client_id": marketplace.client_id,
        "username": marketplace.admin,
        "password": PASSWORD,
        "scope": "FullAccess",
    }
    response = httpx.post(f"{url}/oauth/token", data=form, timeout=30)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{url}/v1", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


def crash_and_recover(
    workdir: Path,
    *,
    database_url: str | None = None,
    write: Write,
    verify: Verify,
    prepare: Prepare | None = None,
    writers: int = 4,
    kill_after: int = 25,
    limit: int = 400,
) -> CrashReport:
    """Run the scenario described in the module docstring; raise if a check fails."""
    database_url = database_url or f"sqlite:///{workdir / 'crash.db'}"
    log = workdir / "server.log"
    servers = _Servers(database_url, log)  # loads while the marketplace is set up
    try:
        marketplace = _bootstrap(database_url)
        servers.serve()
        token = _token(servers.url, marketplace)
        if prepare is not None:
            with _client(servers.url, token) as http:
                prepare(http)
        outcomes = _stream_until_killed(servers, token, write, (writers, kill_after, limit))
        answered = sum(o.succeeded for o in outcomes)
        unanswered = sum(o.status is None for o in outcomes)
        assert answered >= kill_after, f"{answered} writes succeeded before the kill; see {log}"
        assert unanswered >= 1, "the kill hit no write in flight"

        servers.serve()  # a new process on the same database
        with _client(servers.url, token) as http:
            verify(http, outcomes)
            committed_unanswered = _retry_all(http, write, outcomes)
            verify(http, outcomes)
    finally:
        servers.stop()
    return CrashReport(outcomes, answered, unanswered, committed_unanswered, log)


def _stream_until_killed(
    server: _Servers, token: str, write: Write, sizes: tuple[int, int, int]
) -> list[Outcome]:
    writers, kill_after, limit = sizes
    outcomes = [Outcome(i, f"crash-{i}") for i in range(limit)]
    unsent = iter(outcomes)
    lock = threading.Lock()
    enough = threading.Event()

    def stream() -> None:
        # Keeps writing until the server is gone, so the kill lands among writes in flight.
        with _client(server.url, token) as http:
            while True:
                with lock:
                    outcome = next(unsent, None)
                    if outcome is None:
                        return
                    outcome.sent = True
                try:
                    response = write(http, outcome.key, outcome.index)
                except httpx.TransportError:
                    return  # the server is gone; this write stays unanswered
                outcome.status, outcome.body = response.status_code, _json(response)
                with lock:
                    if sum(o.succeeded for o in outcomes) >= kill_after:
                        enough.set()

    threads = [threading.Thread(target=stream, daemon=True) for _ in range(writers)]
    for thread in threads:
        thread.start()
    enough.wait(timeout=60)
    server.kill()
    for thread in threads:
        thread.join(timeout=30)
    sent = [o for o in outcomes if o.sent]
    failed = [f"write {o.index}: {o.status} {o.body}" for o in sent if o.status and not o.succeeded]
    assert not failed, "\n".join(failed)
    return sent


def _retry_all(http: httpx.Client, write: Write, outcomes: list[Outcome]) -> int:
    """Send every write again; how many unanswered ones turned out to have committed."""
    committed_unanswered = 0
    for outcome in outcomes:
        response = write(http, outcome.key, outcome.index)
        assert 200 <= response.status_code < 300, f"retry {outcome.index}: {response.text}"
        was_replayed = response.headers.get("Idempotent-Replayed") == "true"
        if outcome.succeeded:
            assert was_replayed, f"write {outcome.index} ran twice"
            assert (response.status_code, _json(response)) == (outcome.status, outcome.body)
        else:
            committed_unanswered += was_replayed
            outcome.status, outcome.body = response.status_code, _json(response)
    return committed_unanswered


def _json(response: httpx.Response) -> Any:
    return response.json() if response.content else None
