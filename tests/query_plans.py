"""Read the database's query plan of the statements a request runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from mercato.db import recorded_statements


def plan(engine: Engine, statement: str, parameters: Any) -> str:
    """The plan as one text: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN.

    PostgreSQL is told to avoid sequential scans, as it would on a large table: the
    test tables hold a handful of rows, where a scan is the cheaper plan.
    """
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            return "\n".join(str(row[-1]) for row in rows)
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
        text = "\n".join(str(row[0]) for row in rows)
        connection.rollback()
        return text


def plan_of(engine: Engine, run: Callable[[], Any], match: Callable[[str], bool]) -> str:
    """The plan of the one statement ``run`` makes that ``match`` picks out."""
    with recorded_statements(engine) as seen:
        run()
    chosen = [(s, p) for s, p in seen if match(s)]
    assert len(chosen) == 1, [s for s, _ in seen]
    return plan(engine, *chosen[0])


def full_scans(plan_text: str, table: str) -> bool:
    """Whether the plan reads every row of ``table`` rather than a range of an index."""
    return bool(re.search(rf"(^|\s)(SCAN {table}\b|Seq Scan on {table}\b)", plan_text, re.M))
