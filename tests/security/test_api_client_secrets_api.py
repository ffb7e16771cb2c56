"""Named API client secrets: shown once, hashed, accepted by the token endpoint until expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from mercato.auth.client_secrets import hash_secret
from mercato.core.time import utcnow
from mercato.db import transaction
from mercato.security.api_client_secrets import MAX_SECRETS_PER_CLIENT
from mercato.security.models import ApiClientSecret
from tests.auth.test_token_api import buyer_user, claims, error_of
from tests.factories import ADMIN_PASSWORD, Tenant, created, unique

FUTURE = "2999-01-01T00:00:00+00:00"


def _secrets(client_id: str) -> str:
    return f"/apiclients/{client_id}/secrets"


def _new_secret(tenant: Tenant, client_id: str, **fields: Any) -> dict[str, Any]:
    return created(tenant.admin.post(_secrets(client_id), {"Name": "Rotation", **fields}))


def _login(tenant: Tenant, client_id: str, secret: str | None) -> Any:
    extra = {} if secret is None else {"client_secret": secret}
    return tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id=client_id, **extra)


def _client_credentials(tenant: Tenant, client_id: str, secret: str | None) -> Any:
    form = {"grant_type": "client_credentials", "client_id": client_id, "scope": "Shopper"}
    if secret is not None:
        form["client_secret"] = secret
    return tenant.client.post("/oauth/token", data=form)


def _expire(tenant: Tenant, secret_id: str) -> None:
    """Move a secret's expiration into the past, which the API itself refuses to do."""
    with transaction(tenant.app.state.session_factory) as session:
        session.execute(
            update(ApiClientSecret)
            .where(ApiClientSecret.id == secret_id)
            .values(expiration=utcnow() - timedelta(minutes=1))
        )


def _error_code(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    code: str = response.json()["Errors"][0]["ErrorCode"]
    return code


# --- the secret's value ------------------------------------------------------------------


def test_create_shows_the_secret_once_and_list_and_get_never(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]

    made = _new_secret(tenant, client_id, ID="rotation-1", Expiration=FUTURE)

    assert made["ID"] == "rotation-1"
    assert made["Name"] == "Rotation"
    assert made["Expiration"] == FUTURE
    assert len(made["ClientSecret"]) >= 43  # 32 random bytes, URL-safe base64
    fetched = tenant.admin.get(f"{_secrets(client_id)}/rotation-1")
    listed = tenant.admin.get(_secrets(client_id))
    for response in (fetched, listed):
        assert response.status_code == 200
        assert "ClientSecret" not in response.text
        assert made["ClientSecret"] not in response.text
    assert fetched.json() == {"ID": "rotation-1", "Name": "Rotation", "Expiration": FUTURE}


def test_only_a_hash_of_the_secret_is_stored(tenant: Tenant) -> None:
    made = _new_secret(tenant, tenant.api_client()["ID"], ID=unique("hashed"))

    with transaction(tenant.app.state.session_factory) as session:
        stored = session.scalars(
            select(ApiClientSecret.secret_hash).where(ApiClientSecret.id == made["ID"])
        ).one()

    assert stored == hash_secret(made["ClientSecret"])
    assert made["ClientSecret"] not in stored


def test_secret_ids_are_generated_unique_per_client_and_listed_by_id(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    generated = _new_secret(tenant, client_id)["ID"]
    _new_secret(tenant, client_id, ID="b-secret")
    _new_secret(tenant, client_id, ID="a-secret")
    _new_secret(tenant, tenant.api_client()["ID"], ID="a-secret")  # another client's: no clash

    clash = tenant.admin.post(_secrets(client_id), {"ID": "a-secret", "Name": "Again"})
    listed = tenant.admin.get(_secrets(client_id), sortBy="ID", search="secret")

    assert len(generated) == 22
    assert _error_code(clash, 409) == "IdExists"
    assert [s["ID"] for s in listed.json()["Items"]] == ["a-secret", "b-secret"]


def test_name_is_required(tenant: Tenant) -> None:
    response = tenant.admin.post(_secrets(tenant.api_client()["ID"]), {"ID": "nameless"})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"] == "Name"


# --- the token endpoint ------------------------------------------------------------------


def test_token_with_a_named_secret_is_issued_and_then_required(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    assert _login(tenant, client_id, None).status_code == 200  # no secret yet: none needed

    secret = _new_secret(tenant, client_id)["ClientSecret"]

    assert _login(tenant, client_id, secret).status_code == 200
    assert error_of(_login(tenant, client_id, None)) == "Auth.InvalidClientSecret"
    assert error_of(_login(tenant, client_id, secret + "x")) == "Auth.InvalidClientSecret"


def test_inline_and_named_secrets_both_work(tenant: Tenant) -> None:
    client_id = tenant.api_client(ClientSecret="the-inline-secret-value")["ID"]
    first = _new_secret(tenant, client_id)["ClientSecret"]
    second = _new_secret(tenant, client_id)["ClientSecret"]

    for secret in ("the-inline-secret-value", first, second):
        assert _login(tenant, client_id, secret).status_code == 200, secret


def test_client_credentials_with_a_named_secret_act_as_the_default_user(tenant: Tenant) -> None:
    client_id = tenant.api_client(DefaultContextUserName=tenant.admin_username)["ID"]
    secret = _new_secret(tenant, client_id)["ClientSecret"]

    response = _client_credentials(tenant, client_id, secret)

    assert response.status_code == 200, response.text
    assert claims(response.json()["access_token"])["usr"] == tenant.admin_username


def test_expired_secret_is_refused_like_a_wrong_one(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    made = _new_secret(tenant, client_id, Expiration=FUTURE)
    assert _login(tenant, client_id, made["ClientSecret"]).status_code == 200

    _expire(tenant, made["ID"])

    assert error_of(_login(tenant, client_id, made["ClientSecret"])) == "Auth.InvalidClientSecret"
    # An expired secret does not make the client one that needs no secret.
    assert error_of(_login(tenant, client_id, None)) == "Auth.InvalidClientSecret"


def test_deleted_secret_is_refused(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    kept = _new_secret(tenant, client_id)
    dropped = _new_secret(tenant, client_id)

    deleted = tenant.admin.delete(f"{_secrets(client_id)}/{dropped['ID']}")

    assert deleted.status_code == 204
    assert tenant.admin.get(f"{_secrets(client_id)}/{dropped['ID']}").status_code == 404
    assert error_of(_login(tenant, client_id, dropped["ClientSecret"])) == (
        "Auth.InvalidClientSecret"
    )
    assert _login(tenant, client_id, kept["ClientSecret"]).status_code == 200


def test_guest_tokens_stop_once_the_client_has_a_named_secret(tenant: Tenant) -> None:
    buyer, template = buyer_user(tenant)
    tenant.grant(["Shopper"], BuyerID=buyer)
    client_id = tenant.api_client(IsAnonBuyer=True, DefaultContextUserName=template["Username"])[
        "ID"
    ]
    assert claims(_client_credentials(tenant, client_id, None).json()["access_token"])["orderid"]

    secret = _new_secret(tenant, client_id)["ClientSecret"]

    assert error_of(_client_credentials(tenant, client_id, None)) == "Auth.InvalidClientSecret"
    with_secret = _client_credentials(tenant, client_id, secret)
    assert with_secret.status_code == 200, with_secret.text
    assert "orderid" not in claims(with_secret.json()["access_token"])


def test_client_without_secrets_never_acts_as_its_default_user(tenant: Tenant) -> None:
    client_id = tenant.api_client(DefaultContextUserName=tenant.admin_username)["ID"]
    # Any made-up secret used to pass here, since there was nothing to compare it with.
    response = _client_credentials(tenant, client_id, "made-up-secret")
    assert error_of(response) == "Auth.InvalidClientSecret"


# --- limits and validation ---------------------------------------------------------------


def test_secrets_beyond_the_cap_are_refused(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    for _ in range(MAX_SECRETS_PER_CLIENT):
        _new_secret(tenant, client_id)

    response = tenant.admin.post(_secrets(client_id), {"Name": "One too many"})

    assert _error_code(response, 400) == "ApiClientSecret.MaximumClientSecretsReached"
    assert response.json()["Errors"][0]["Data"] == {"MaximumClientSecrets": 5}


@pytest.mark.parametrize("expiration", ["2001-01-01T00:00:00+00:00", "2001-01-01T00:00:00Z"])
def test_expiration_in_the_past_is_refused_on_create_and_patch(
    tenant: Tenant, expiration: str
) -> None:
    client_id = tenant.api_client()["ID"]
    made = _new_secret(tenant, client_id, ID="dated")

    on_create = tenant.admin.post(_secrets(client_id), {"Name": "Old", "Expiration": expiration})
    on_patch = tenant.admin.patch(f"{_secrets(client_id)}/dated", {"Expiration": expiration})

    for response in (on_create, on_patch):
        assert _error_code(response, 400) == "ApiClientSecret.InvalidExpirationDate"
    assert tenant.admin.get(f"{_secrets(client_id)}/dated").json() == {
        "ID": made["ID"],
        "Name": "Rotation",
        "Expiration": None,
    }


def test_patch_renames_and_redates_a_secret_but_keeps_its_value(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    made = _new_secret(tenant, client_id, ID="old-id", Expiration=FUTURE)

    patched = tenant.admin.patch(
        f"{_secrets(client_id)}/old-id", {"ID": "new-id", "Name": "Renamed", "Expiration": None}
    )
    null_name = tenant.admin.patch(f"{_secrets(client_id)}/new-id", {"Name": None})

    assert patched.status_code == 200, patched.text
    assert patched.json() == {"ID": "new-id", "Name": "Renamed", "Expiration": None}
    assert _error_code(null_name, 400) == "ValidationFailure"
    assert _login(tenant, client_id, made["ClientSecret"]).status_code == 200


# --- who may see and change them -----------------------------------------------------------


def test_reader_can_read_secrets_but_not_write_them(tenant: Tenant) -> None:
    client_id = tenant.api_client()["ID"]
    made = _new_secret(tenant, client_id)
    one = f"{_secrets(client_id)}/{made['ID']}"
    reader = tenant.as_admin("ApiClientReader")

    assert reader.get(_secrets(client_id)).status_code == 200
    assert reader.get(one).status_code == 200
    for response in (
        reader.post(_secrets(client_id), {"Name": "Mine"}),
        reader.patch(one, {"Name": "Mine"}),
        reader.delete(one),
    ):
        assert _error_code(response, 403) == "InsufficientRoles"
    writer = tenant.as_admin("ApiClientAdmin")
    assert writer.patch(one, {"Name": "Renamed"}).status_code == 200


def test_another_marketplaces_client_and_its_secrets_are_not_found(
    tenant: Tenant, other_tenant: Tenant
) -> None:
    client_id = tenant.api_client()["ID"]
    made = _new_secret(tenant, client_id)
    one = f"{_secrets(client_id)}/{made['ID']}"
    stranger = other_tenant.admin

    for response in (
        stranger.get(_secrets(client_id)),
        stranger.post(_secrets(client_id), {"Name": "Mine"}),
        stranger.get(one),
        stranger.patch(one, {"Name": "Mine"}),
        stranger.delete(one),
    ):
        assert _error_code(response, 404) == "NotFound"
    assert tenant.admin.get(one).json()["Name"] == "Rotation"


def test_deleting_the_client_deletes_its_secrets(tenant: Tenant) -> None:
    client_id = tenant.api_client(ID=unique("doomed"))["ID"]
    made = _new_secret(tenant, client_id, ID=unique("doomed-secret"))

    assert tenant.admin.delete(f"/apiclients/{client_id}").status_code == 204

    with transaction(tenant.app.state.session_factory) as session:
        left = session.scalar(select(func.count()).where(ApiClientSecret.id == made["ID"]))
    assert left == 0
    tenant.api_client(ID=client_id)
    assert tenant.admin.get(_secrets(client_id)).json()["Items"] == []
