"""A bound on how many requests work on the database at once in one process.

Route code is synchronous and runs in worker threads, but the GIL lets only one of them run
Python at a time. With dozens of requests in flight, dozens of threads take turns on it: every
SQLite call releases the GIL and must queue to get it back, so a request's CPU cost nearly
doubles under load (measured: 14 ms alone, 28 ms among 32). Requests beyond the bound wait
on the event loop instead, holding neither a thread nor a connection, and the few that run
finish sooner. Waiting requests are served in arrival order.
"""

from __future__ import annotations

import asyncio
import weakref
from types import TracebackType


class Slots:
    """At most ``size`` holders at once; ``async with slots:`` waits for a free one.

    One semaphore per event loop: an app may be driven by several loops in turn (each test
    client runs its own), and an asyncio semaphore belongs to the loop it first waited on.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("Slots needs a size of at least 1.")
        self.size = size
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._by_loop = weakref.WeakKeyDictionary()

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._by_loop.get(loop)
        if semaphore is None:
            semaphore = self._by_loop[loop] = asyncio.Semaphore(self.size)
        return semaphore

    async def __aenter__(self) -> None:
        await self._semaphore().acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._semaphore().release()
