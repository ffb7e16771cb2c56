"""Fixed-window request counters kept in the database, so limits hold across processes."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from mercato.auth.models import RateLimitCounter
from mercato.core.errors import ApiError
from mercato.db import transaction


class TooManyRequests(ApiError):
    status_code = 429
    error_code = "TooManyRequests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many requests; retry in {retry_after} seconds.",
            data={"RetryAfter": retry_after},
        )
        self.headers = {"Retry-After": str(retry_after)}


def hit(
    factory: sessionmaker[Session],
    limits: Iterable[tuple[str, int]],
    *,
    window_seconds: int = 60,
) -> None:
    """Count one request against each (key, limit) in turn; 429 at the first one over.

    Keys after the one over its limit in the window are left uncounted. It runs in one
    transaction of its own for all keys, so a request that fails afterwards still counts
    and a token request pays for one commit, not one per key.
    """
    now = time.time()
    window = int(now // window_seconds)
    over_limit = False
    with transaction(factory) as session:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        for key, limit in limits:
            session.execute(
                insert(RateLimitCounter)
                .values(key=key, window=window, hits=1)
                .on_conflict_do_update(
                    index_elements=["key", "window"], set_={"hits": RateLimitCounter.hits + 1}
                )
            )
            hits = session.scalar(
                select(RateLimitCounter.hits).where(
                    RateLimitCounter.key == key, RateLimitCounter.window == window
                )
            )
            if (hits or 0) > limit:
                over_limit = True
                break
        # Finished windows count for nothing; dropping them keeps the table small.
        session.execute(delete(RateLimitCounter).where(RateLimitCounter.window < window))
    if over_limit:
        raise TooManyRequests(max(1, math.ceil((window + 1) * window_seconds - now)))
