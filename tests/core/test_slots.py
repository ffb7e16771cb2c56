"""Slots: how many requests hold a database session at once."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import Engine, event

from mercato.app import create_app
from mercato.core.slots import Slots
from mercato.settings import Settings
from tests.factories import Tenant


async def _most_at_once(slots: Slots, tasks: int) -> int:
    inside = most = 0

    async def hold() -> None:
        nonlocal inside, most
        async with slots:
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    await asyncio.gather(*(hold() for _ in range(tasks)))
    return most


def test_slots_admit_at_most_their_size_and_let_every_waiter_through() -> None:
    assert asyncio.run(_most_at_once(Slots(2), tasks=10)) == 2


def test_slots_serve_one_event_loop_after_another() -> None:
    # Each test client runs its own loop; an asyncio semaphore that had waiters on one loop
    # refuses to run on the next.
    slots = Slots(1)
    for _ in range(2):
        assert asyncio.run(_most_at_once(slots, tasks=3)) == 1


def test_slots_refuse_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Slots(0)


def test_requests_beyond_the_bound_wait_for_a_connection_rather_than_share(
    engine: Engine, tenant: Tenant
) -> None:
    app = create_app(Settings(base_url="http://testserver", db_concurrency=1), engine=engine)
    token = tenant.token_for(tenant.admin_username, ["FullAccess"])
    held = most = 0

    def checkout(*_: object) -> None:
        nonlocal held, most
        held += 1
        most = max(most, held)

    def checkin(*_: object) -> None:
        nonlocal held
        held -= 1

    async def eight_at_once() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            calls = (http.get("/v1/buyers", headers=headers) for _ in range(8))
            return [response.status_code for response in await asyncio.gather(*calls)]

    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        statuses = asyncio.run(eight_at_once())
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)
    assert statuses == [200] * 8
    assert most == 1
