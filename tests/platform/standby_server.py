"""A Mercato server that loads once and starts a fresh serving process whenever told.

Loading the application takes seconds, and a crash test needs a server started twice:
once to be killed, once more after the kill. This process loads the application, opens
no database connection, and forks a child that serves it with uvicorn (as
`mercato serve` does) for every ``serve`` line it reads on stdin, answering with the
child's process ID. The test kills a child with SIGKILL; the next child starts at once,
on the same database, with nothing carried over but the loaded code.

Usage: python -m tests.platform.standby_server DATABASE_URL BASE_URL
"""

from __future__ import annotations

import os
import signal
import sys

import uvicorn

from mercato.app import create_app
from mercato.settings import Settings


def main() -> None:
    database_url, base_url = sys.argv[1], sys.argv[2]
    settings = Settings(database_url=database_url, base_url=base_url, auth_rate_per_address=100_000)
    app = create_app(settings)  # no connection yet: each child opens its own
    # Do now, once, the slow parts of a first request: uvicorn's protocol imports and the
    # OpenAPI document (route matching reads its paths).
    uvicorn.Config(app, log_level="warning").load()
    app.openapi()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they end
    for line in sys.stdin:
        command, _, port = line.strip().partition(" ")
        if command != "serve":
            return
        child = os.fork()
        if child == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.dup2(2, 1)  # stdout is the parent's answer channel
            uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")
            os._exit(0)
        sys.stdout.write(f"{child}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
