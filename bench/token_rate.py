"""Token issuance rate, against the bare argon2 verification rate measured in the same run.

Not a test: it prints figures. Run with `.venv/bin/python bench/token_rate.py [seconds]`.
The server runs in-process (ASGI, no network) on a throwaway SQLite file, so the figures
are the cost of the endpoint itself: parsing, the rate-limit counters, the database work,
password hashing and RS256 signing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from mercato import bootstrap, migrate
from mercato.app import create_app
from mercato.auth import passwords
from mercato.db import make_engine, make_session_factory, transaction
from mercato.settings import Settings

PASSWORD = "Bench-Passw0rd"
SECRET = "bench-client-secret"


def rate(seconds: float, action: Callable[[], object]) -> float:
    """Operations per second of ``action`` over about ``seconds``."""
    action()  # warm up
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        action()
        done += 1
    return done / (time.perf_counter() - start)


def main(seconds: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            bootstrap.init_marketplace(
                session,
                admin_username="bench",
                admin_password=PASSWORD,
                marketplace_id="bench",
                client_id="bench-client",
                client_secret=SECRET,
            )
        settings = Settings(
            base_url="http://bench", auth_rate_per_address=10**9, auth_rate_per_username=10**9
        )
        app = create_app(settings, engine=engine)
        hashed = passwords.hash_password(PASSWORD)
        with TestClient(app) as client:

            def token(form: dict[str, str]) -> None:
                response = client.post("/oauth/token", data=form)
                assert response.status_code == 200, response.text

            common = {"client_id": "bench-client", "client_secret": SECRET}
            figures = {
                "argon2id verify (baseline)": rate(
                    seconds, lambda: passwords.verify_password(hashed, PASSWORD)
                ),
                "client_credentials grant": rate(
                    seconds, lambda: token({**common, "grant_type": "client_credentials"})
                ),
                "password grant": rate(
                    seconds,
                    lambda: token(
                        {
                            **common,
                            "grant_type": "password",
                            "username": "bench",
                            "password": PASSWORD,
                        }
                    ),
                ),
            }
        engine.dispose()
    baseline = figures["argon2id verify (baseline)"]
    print(f"{'operation':32} {'per second':>12} {'vs argon2 verify':>18}")
    for name, value in figures.items():
        print(f"{name:32} {value:12.1f} {value / baseline:17.2f}x")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
