"""Wire conventions every resource shares, shown on buyers and admin addresses."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, bearer


def test_generated_ids_are_22_url_safe_characters(tenant: Tenant) -> None:
    buyer = tenant.admin.post("/buyers", {"Name": "No ID"}).json()

    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", buyer["ID"])


@pytest.mark.parametrize("bad_id", ["has space", "slash/inside", "dot.ted", "x" * 101])
def test_writable_ids_reject_characters_outside_the_allowed_set(
    tenant: Tenant, bad_id: str
) -> None:
    response = tenant.admin.post("/buyers", {"ID": bad_id, "Name": "Bad"})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"] == "ID"


def test_duplicate_id_on_create_is_409(tenant: Tenant) -> None:
    tenant.buyer(ID="dup")

    response = tenant.admin.post("/buyers", {"ID": "dup", "Name": "Again"})

    assert response.status_code == 409
    assert response.json()["Errors"][0]["ErrorCode"] == "IdExists"


def test_put_creates_then_replaces_resetting_omitted_fields(tenant: Tenant) -> None:
    first = tenant.admin.put(
        "/addresses/hq", {"Street1": "1 Main", "City": "Oslo", "Country": "NO", "Zip": "0150"}
    )
    second = tenant.admin.put(
        "/addresses/hq", {"Street1": "2 Main", "City": "Oslo", "Country": "NO"}
    )

    assert first.status_code == 200
    assert first.json()["ID"] == "hq"
    assert second.json()["Street1"] == "2 Main"
    assert second.json()["Zip"] is None


def test_patch_merges_fields_and_xp_key_by_key(tenant: Tenant) -> None:
    tenant.buyer(ID="b1", Name="Before", xp={"a": 1, "nested": {"x": 1, "y": 2}})

    patched = tenant.admin.patch("/buyers/b1", {"xp": {"b": 2, "nested": {"y": 3}}}).json()

    assert patched["Name"] == "Before"
    assert patched["xp"] == {"a": 1, "b": 2, "nested": {"x": 1, "y": 3}}


def test_patch_can_change_the_id(tenant: Tenant) -> None:
    tenant.buyer(ID="old-id")

    moved = tenant.admin.patch("/buyers/old-id", {"ID": "new-id"})

    assert moved.json()["ID"] == "new-id"
    assert tenant.admin.get("/buyers/new-id").status_code == 200
    assert tenant.admin.get("/buyers/old-id").status_code == 404


def test_patch_to_an_id_that_exists_is_409(tenant: Tenant) -> None:
    tenant.buyer(ID="one")
    tenant.buyer(ID="two")

    assert tenant.admin.patch("/buyers/one", {"ID": "two"}).status_code == 409


def test_patch_rejects_null_for_a_required_field(tenant: Tenant) -> None:
    tenant.buyer(ID="named")

    response = tenant.admin.patch("/buyers/named", {"Name": None})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"] == {"Property": "Name"}


def test_patch_rejects_null_for_a_field_that_has_a_default_but_no_null(tenant: Tenant) -> None:
    tenant.buyer(ID="flagged")

    response = tenant.admin.patch("/buyers/flagged", {"Active": None})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"] == {"Property": "Active"}
    assert tenant.admin.get("/buyers/flagged").json()["Active"] is True


def test_delete_answers_204_with_empty_body_then_404(tenant: Tenant) -> None:
    tenant.buyer(ID="gone")

    response = tenant.admin.delete("/buyers/gone")

    assert response.status_code == 204
    assert response.content == b""
    missing = tenant.admin.get("/buyers/gone")
    assert missing.status_code == 404
    assert missing.json() == {
        "Errors": [
            {
                "ErrorCode": "NotFound",
                "Message": "Buyer not found: gone",
                "Data": {"ObjectType": "Buyer", "ObjectID": "gone"},
            }
        ]
    }


def test_validation_errors_name_the_offending_field(tenant: Tenant) -> None:
    response = tenant.admin.post(
        "/addresses", {"Street1": "1 Main", "City": "Oslo", "Country": "NOR"}
    )

    assert response.status_code == 400
    error = response.json()["Errors"][0]
    assert error["ErrorCode"] == "ValidationFailure"
    assert error["Data"] == {"Property": "Country"}


def test_missing_required_field_is_400(tenant: Tenant) -> None:
    response = tenant.admin.post("/buyers", {"ID": "nameless"})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"] == {"Property": "Name"}


def test_malformed_json_is_400_in_the_envelope(tenant: Tenant) -> None:
    response = tenant.client.post(
        "/v1/buyers",
        content=b"{not json",
        headers={
            "Authorization": f"Bearer {tenant.admin.token}",
            "Content-Type": "application/json",
        },
    )

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Request.InvalidRequestBody"


def test_xp_larger_than_8000_characters_is_refused(tenant: Tenant) -> None:
    response = tenant.admin.post("/buyers", {"Name": "Big", "xp": {"blob": "x" * 8000}})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"] == {"Property": "xp"}


def test_routes_match_case_insensitively_but_ids_keep_their_case(tenant: Tenant) -> None:
    tenant.buyer(ID="MixedCase")

    response = tenant.client.get(
        "/v1/BUYERS/MixedCase", headers={"Authorization": f"Bearer {tenant.admin.token}"}
    )

    assert response.status_code == 200
    assert tenant.admin.get("/buyers/mixedcase").status_code == 404


def test_unknown_route_is_404_in_the_envelope(client: TestClient) -> None:
    response = client.get("/v1/nothing/here")

    assert response.status_code == 404
    assert response.json()["Errors"][0]["Data"] == {
        "ObjectType": "Route",
        "ObjectID": "/v1/nothing/here",
    }


def test_request_without_token_is_401_in_the_envelope(client: TestClient) -> None:
    response = client.get("/v1/buyers")

    assert response.status_code == 401
    assert response.json()["Errors"][0]["ErrorCode"] == "NoAccessToken"


def test_tampered_token_is_401(tenant: Tenant) -> None:
    token = tenant.admin.token
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    response = tenant.client.get("/v1/buyers", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401


def test_failed_write_changes_nothing(tenant: Tenant) -> None:
    """The buyer insert and the default-catalog conflict happen in one transaction."""
    tenant.buyer(ID="taken")
    tenant.admin.patch("/buyers/taken", {"ID": "renamed"})  # catalog "taken" stays behind

    response = tenant.admin.post("/buyers", {"ID": "taken", "Name": "Second"})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "Buyer.DefaultCatalogAlreadyExists"
    assert tenant.admin.get("/buyers/taken").status_code == 404


def test_xp_integer_beyond_64_bits_is_400(tenant: Tenant) -> None:
    response = tenant.admin.post("/buyers", {"Name": "Big", "xp": {"n": 2**64}})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"] == {"Property": "xp"}


def test_nul_character_in_a_value_is_400_not_500(tenant: Tenant) -> None:
    response = tenant.admin.post("/buyers", {"ID": "nul", "Name": "bad\u0000name"})

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "ValidationFailure"
    assert tenant.admin.get("/buyers/nul").status_code == 404


def test_nul_character_deep_in_xp_or_in_a_key_is_400(tenant: Tenant) -> None:
    nested = tenant.admin.post("/buyers", {"ID": "deep", "xp": {"a": [{"b": "x\u0000"}]}})
    keyed = tenant.admin.post("/buyers", {"ID": "key", "xp": {"bad\u0000key": 1}})

    assert (nested.status_code, keyed.status_code) == (400, 400)
    assert tenant.admin.get("/buyers/deep").status_code == 404


def test_text_that_only_spells_a_nul_escape_is_stored_as_sent(tenant: Tenant) -> None:
    # A backslash followed by "u0000" is six ordinary characters, not NUL.
    created = tenant.admin.post("/buyers", {"ID": "spelled", "Name": "\\u0000 and 100%00"})

    assert created.status_code == 201, created.text
    assert created.json()["Name"] == "\\u0000 and 100%00"


def test_nul_character_in_a_token_request_form_is_400(tenant: Tenant) -> None:
    response = tenant.client.post(
        "/oauth/token",
        data={"grant_type": "password", "client_id": tenant.client_id,
              "username": "x\u0000", "password": "p"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "ValidationFailure"


def test_a_write_without_a_body_reads_as_an_empty_object(tenant: Tenant) -> None:
    # The Python SDK sends no body for an empty payload: a route whose fields are all
    # optional accepts it, and one with required fields names them.
    headers = bearer(tenant.admin.token)
    catalog = tenant.client.post("/v1/catalogs", headers=headers)
    assert catalog.status_code == 400
    assert catalog.json()["Errors"][0]["Data"] == {"Property": "Name"}
    buyer_id = tenant.buyer()["ID"]
    group = tenant.client.post(f"/v1/buyers/{buyer_id}/usergroups", headers=headers)
    assert group.status_code == 400
    patched = tenant.client.patch(f"/v1/buyers/{buyer_id}", headers=headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["ID"] == buyer_id
