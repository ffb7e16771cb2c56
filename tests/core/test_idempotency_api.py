"""Idempotency-Key: a repeated write answers as the first time and runs only once."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from httpx2 import Response
from sqlalchemy import Engine, select, text, update

from mercato.core import idempotency
from mercato.core.idempotency import IdempotencyRecord, purge_expired
from mercato.core.time import utcnow
from mercato.db import make_session_factory, transaction
from mercato.organizations import companies
from mercato.organizations.models import User
from tests.factories import Api, Tenant, bearer, unique

on_postgres = pytest.mark.skipif(
    not (os.environ.get("MERCATO_TEST_DATABASE_URL") or "").startswith("postgresql"),
    reason="PostgreSQL advisory locks",
)


def _send(api: Api, method: str, path: str, body: Any, key: str | None, **params: Any) -> Response:
    headers = bearer(api.token) | ({"Idempotency-Key": key} if key is not None else {})
    return api.client.request(method, f"/v1{path}", json=body, headers=headers, params=params)


def _named(api: Api, name: str) -> list[str]:
    return [b["ID"] for b in api.get("/buyers", Name=name).json()["Items"]]


def _error(response: Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    first: dict[str, Any] = response.json()["Errors"][0]
    return first


def test_a_repeated_key_replays_the_first_answer_and_creates_once(tenant: Tenant) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")

    first = _send(admin, "POST", "/buyers", {"Name": name}, key)
    again = _send(admin, "POST", "/buyers", {"Name": name}, key)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the generated ID too
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert "Idempotent-Replayed" not in first.headers
    assert _named(admin, name) == [first.json()["ID"]]


def test_without_a_key_every_request_runs(tenant: Tenant) -> None:
    admin, name = tenant.admin, unique("b")

    _send(admin, "POST", "/buyers", {"Name": name}, None)
    _send(admin, "POST", "/buyers", {"Name": name}, None)

    assert len(_named(admin, name)) == 2


def test_a_replayed_patch_does_not_run_again(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    buyer = tenant.buyer(Name="Start")["ID"]

    first = _send(admin, "PATCH", f"/buyers/{buyer}", {"Name": "A"}, key)
    admin.patch(f"/buyers/{buyer}", {"Name": "B"})
    replay = _send(admin, "PATCH", f"/buyers/{buyer}", {"Name": "A"}, key)

    assert first.json()["Name"] == replay.json()["Name"] == "A"
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert admin.get(f"/buyers/{buyer}").json()["Name"] == "B"


def test_a_replayed_put_does_not_run_again(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    buyer = tenant.buyer(Name="Start")["ID"]

    _send(admin, "PUT", f"/buyers/{buyer}", {"Name": "A"}, key)
    admin.patch(f"/buyers/{buyer}", {"Name": "B"})
    replay = _send(admin, "PUT", f"/buyers/{buyer}", {"Name": "A"}, key)

    assert replay.status_code == 200
    assert admin.get(f"/buyers/{buyer}").json()["Name"] == "B"


def test_a_reused_key_with_another_body_is_refused_with_422(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    _send(admin, "POST", "/buyers", {"Name": "one"}, key)

    other_body = _send(admin, "POST", "/buyers", {"Name": "two"}, key)
    other_query = _send(admin, "POST", "/buyers", {"Name": "one"}, key, extra="1")

    for refused in (other_body, other_query):
        assert _error(refused, 422) == {
            "ErrorCode": "IdempotencyKey.Reused",
            "Message": "This Idempotency-Key was already used for a different request.",
            "Data": {"IdempotencyKey": key},
        }
    assert _named(admin, "two") == []


def test_the_body_counts_by_content_not_by_spelling(tenant: Tenant) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")
    headers = bearer(admin.token) | {"Idempotency-Key": key, "Content-Type": "application/json"}

    first = admin.client.post(
        "/v1/buyers", content=f'{{"Name": "{name}", "Active": true}}', headers=headers
    )
    again = admin.client.post(
        "/v1/buyers", content=f'{{"Active":true,"Name":"{name}"}}', headers=headers
    )

    assert again.json() == first.json()
    assert len(_named(admin, name)) == 1


def test_keys_are_separate_per_user_client_method_and_path(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    other_user = tenant.as_user(tenant.user("/adminusers")["Username"], "FullAccess")
    buyer = tenant.buyer()["ID"]
    name = unique("b")

    created = [
        _send(admin, "POST", "/buyers", {"Name": name}, key),
        _send(other_user, "POST", "/buyers", {"Name": name}, key),
        _send(admin, "POST", "/suppliers", {"Name": name}, key),
        _send(admin, "PATCH", f"/buyers/{buyer}", {"Name": "x"}, key),
        _send(admin, "PUT", f"/buyers/{buyer}", {"Name": "y"}, key),
    ]

    assert [r.status_code for r in created] == [201, 201, 201, 200, 200]
    assert not any("Idempotent-Replayed" in r.headers for r in created)
    assert len(_named(admin, name)) == 2


def test_paths_differing_only_in_case_share_a_key(tenant: Tenant) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")

    _send(admin, "POST", "/buyers", {"Name": name}, key)
    again = _send(admin, "POST", "/Buyers", {"Name": name}, key)

    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(_named(admin, name)) == 1


def test_client_errors_are_replayed_as_first_answered(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    missing = unique("later")
    body = {"Username": unique("u"), "FirstName": "F", "LastName": "L", "Email": "a@b.c",
            "Active": True}  # fmt: skip

    first = _send(admin, "POST", f"/buyers/{missing}/users", body, key)
    tenant.buyer(ID=missing)
    again = _send(admin, "POST", f"/buyers/{missing}/users", body, key)
    fresh_key = _send(admin, "POST", f"/buyers/{missing}/users", body, unique("k"))

    assert _error(first, 404)["ErrorCode"] == "NotFound"
    assert again.status_code == 404
    assert again.headers["Idempotent-Replayed"] == "true"
    assert fresh_key.status_code == 201, fresh_key.text


def test_a_conflict_is_not_stored_so_a_retry_runs_again(tenant: Tenant) -> None:
    admin, key, taken = tenant.admin, unique("k"), unique("p")
    admin.post("/products", {"ID": taken, "Name": "first"})

    clash = _send(admin, "POST", "/products", {"ID": taken, "Name": "x"}, key)
    admin.delete(f"/products/{taken}")
    retry = _send(admin, "POST", "/products", {"ID": taken, "Name": "x"}, key)

    assert _error(clash, 409)["ErrorCode"] == "IdExists"
    assert retry.status_code == 201, retry.text
    assert "Idempotent-Replayed" not in retry.headers


def test_a_server_error_keeps_nothing_and_the_key_can_be_retried(
    tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")

    def crash(*_: Any, **__: Any) -> None:
        raise RuntimeError("crash after the buyer row was written")

    with monkeypatch.context() as patched:
        patched.setattr(companies, "_attach_default_catalog", crash)
        failed = _send(admin, "POST", "/buyers", {"Name": name}, key)
    kept = _named(admin, name)
    retry = _send(admin, "POST", "/buyers", {"Name": name}, key)

    assert _error(failed, 500)["ErrorCode"] == "ServerError"
    assert kept == []
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry.headers
    assert _named(admin, name) == [retry.json()["ID"]]


def test_a_request_without_a_valid_token_is_not_keyed(tenant: Tenant) -> None:
    client, key = tenant.client, unique("k")

    anonymous = client.post("/v1/buyers", json={"Name": "x"}, headers={"Idempotency-Key": key})
    bad_token = client.post(
        "/v1/buyers", json={"Name": "x"}, headers={**bearer("nope"), "Idempotency-Key": key}
    )
    keyed_later = _send(tenant.admin, "POST", "/buyers", {"Name": unique("b")}, key)

    assert _error(anonymous, 401)["ErrorCode"] == "NoAccessToken"
    assert _error(bad_token, 401)["ErrorCode"] == "InvalidToken"
    assert keyed_later.status_code == 201


def test_a_forbidden_answer_is_stored_for_the_key(tenant: Tenant) -> None:
    reader, key = tenant.as_admin("BuyerReader"), unique("k")

    first = _send(reader, "POST", "/buyers", {"Name": "x"}, key)
    again = _send(reader, "POST", "/buyers", {"Name": "x"}, key)

    assert _error(first, 403)["ErrorCode"] == "InsufficientRoles"
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
def test_a_malformed_key_is_refused_with_400(tenant: Tenant, key: str) -> None:
    headers = bearer(tenant.admin.token) | {"Idempotency-Key": key}

    response = tenant.client.post(
        "/v1/buyers",
        json={"Name": "x"},
        headers={k.encode(): v.encode() for k, v in headers.items()},
    )

    assert _error(response, 400)["ErrorCode"] == "IdempotencyKey.Invalid"


def test_reads_and_deletes_ignore_the_header(tenant: Tenant) -> None:
    admin, key = tenant.admin, unique("k")
    buyer = tenant.buyer()["ID"]

    first = _send(admin, "GET", f"/buyers/{buyer}", None, key)
    deleted = _send(admin, "DELETE", f"/buyers/{buyer}", None, key)
    second = _send(admin, "GET", f"/buyers/{buyer}", None, key)

    assert (first.status_code, deleted.status_code, second.status_code) == (200, 204, 404)


def test_an_expired_key_runs_again(tenant: Tenant, engine: Engine) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")
    _send(admin, "POST", "/buyers", {"Name": name}, key)
    with transaction(make_session_factory(engine)) as session:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.key == key)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

    again = _send(admin, "POST", "/buyers", {"Name": name}, key)
    other_body = _send(admin, "POST", "/buyers", {"Name": name + "x"}, key)

    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers
    assert len(_named(admin, name)) == 2
    assert other_body.status_code == 422  # the fresh record holds the key again


def test_records_are_kept_for_24_hours_and_purged_after(tenant: Tenant, engine: Engine) -> None:
    key = unique("k")
    _send(tenant.admin, "POST", "/buyers", {"Name": unique("b")}, key)
    factory = make_session_factory(engine)
    lookup = select(IdempotencyRecord).where(IdempotencyRecord.key == key)
    with transaction(factory) as session:
        record = session.scalars(lookup).one()
        kept_for = record.expires_at - record.created_at
        record.expires_at = utcnow() - timedelta(seconds=1)

    with transaction(factory) as session:
        purged = purge_expired(session)

    assert kept_for == idempotency.KEEP_FOR == timedelta(hours=24)
    assert purged >= 1
    with transaction(factory) as session:
        assert session.scalars(lookup).first() is None


def test_concurrent_requests_with_one_key_run_once(tenant: Tenant) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(
            pool.map(lambda _: _send(admin, "POST", "/buyers", {"Name": name}, key), range(12))
        )

    made = [a for a in answers if a.status_code == 201]
    busy = [a for a in answers if a.status_code == 409]
    assert len(made) + len(busy) == len(answers)
    assert {a.json()["ID"] for a in made} == set(_named(admin, name))
    assert len(_named(admin, name)) == 1
    assert all(_error(a, 409)["ErrorCode"] == "IdempotencyKey.InProgress" for a in busy)


@on_postgres
def test_a_key_in_use_elsewhere_is_409_in_progress(tenant: Tenant, engine: Engine) -> None:
    admin, name, key = tenant.admin, unique("b"), unique("k")
    claim = idempotency._Request(
        client_id=tenant.client_id,
        user_pk=_user_pk(engine, tenant),
        method="POST",
        path="/v1/buyers",
        key=key,
        request_hash="",
    )

    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:id)"), {"id": claim.lock_id})
        busy = _send(admin, "POST", "/buyers", {"Name": name}, key)
        holder.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": claim.lock_id})
        holder.commit()
    free = _send(admin, "POST", "/buyers", {"Name": name}, key)

    assert _error(busy, 409)["ErrorCode"] == "IdempotencyKey.InProgress"
    assert free.status_code == 201
    assert _named(admin, name) == [free.json()["ID"]]


def _user_pk(engine: Engine, tenant: Tenant) -> int:
    with transaction(make_session_factory(engine)) as session:
        pk: int = session.scalars(
            select(User.pk).where(User.username_key == tenant.admin_username.lower())
        ).one()
        return pk
