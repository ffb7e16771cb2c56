"""A SIGKILL in the middle of a stream of keyed writes loses nothing and doubles nothing."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.platform.crash import Outcome, crash_and_recover


def _name(index: int) -> str:
    return f"crash-buyer-{index}"


def create_buyer(http: httpx.Client, key: str, index: int) -> httpx.Response:
    """One multi-row write: the buyer, its default catalog and the catalog's assignment."""
    body = {"Name": _name(index), "Active": True, "xp": {"index": index}}
    return http.post("/buyers", json=body, headers={"Idempotency-Key": key})


def _all(http: httpx.Client, path: str, **params: Any) -> Iterator[dict[str, Any]]:
    page = 1
    while True:
        response = http.get(path, params={**params, "page": page, "pageSize": 100})
        assert response.status_code == 200, response.text
        data = response.json()
        yield from data["Items"]
        if page >= data["Meta"]["TotalPages"]:
            return
        page += 1


def buyers_exactly_once(http: httpx.Client, outcomes: Sequence[Outcome]) -> None:
    """Every answered write's buyer exists once, the others at most once, each whole."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for buyer in _all(http, "/buyers"):
        by_name[buyer["Name"]].append(buyer["ID"])
        assert buyer["DefaultCatalogID"] == buyer["ID"], buyer
    for outcome in outcomes:
        found = by_name.pop(_name(outcome.index), [])
        if outcome.succeeded:
            assert found == [outcome.body["ID"]], f"write {outcome.index}: {found}"
        else:
            assert len(found) <= 1, f"unanswered write {outcome.index} ran twice: {found}"
    assert not by_name, f"buyers nobody asked for: {sorted(by_name)}"
    buyers = {b["ID"] for b in _all(http, "/buyers")}
    catalogs = {c["ID"] for c in _all(http, "/catalogs")}
    assigned = {(a["CatalogID"], a["BuyerID"]) for a in _all(http, "/catalogs/assignments")}
    assert catalogs == buyers, "a buyer without its catalog, or a catalog without its buyer"
    assert assigned == {(b, b) for b in buyers}, "a default catalog left unassigned"


@pytest.mark.slow
def test_a_killed_server_keeps_every_acknowledged_buyer_exactly_once(tmp_path: Path) -> None:
    report = crash_and_recover(
        tmp_path,
        database_url=os.environ.get("MERCATO_TEST_DATABASE_URL"),
        write=create_buyer,
        verify=buyers_exactly_once,
    )

    assert report.answered_before_kill >= 25
    assert report.unanswered_at_kill >= 1
    assert 0 <= report.committed_unanswered <= report.unanswered_at_kill
