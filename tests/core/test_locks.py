"""SELECT ... FOR UPDATE: a second locking reader waits, then reads the first one's commit."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from sqlalchemy import select

from mercato.db import transaction
from mercato.organizations.models import Company
from tests.factories import Tenant


def test_a_locking_read_waits_for_the_holder_and_reads_what_it_committed(
    app: FastAPI, tenant: Tenant
) -> None:
    tenant.buyer(ID="locked", Name="Before")
    factory = app.state.session_factory
    locked = select(Company).where(Company.id == "locked").with_for_update()

    def second_reader() -> str:
        with transaction(factory) as second:
            return second.scalars(locked).one().name

    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction(factory) as first:
            company = first.scalars(locked).one()
            waiting = pool.submit(second_reader)
            time.sleep(0.3)
            # On SQLite, without the write lock the second read ran at once and saw "Before".
            assert not waiting.done()
            company.name = "After"
        assert waiting.result(timeout=30) == "After"
