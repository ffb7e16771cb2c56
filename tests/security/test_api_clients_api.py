"""API clients: CRUD, hashed secrets, assignments, delete rules and network allow-lists."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.auth.test_token_api import PASSWORD, buyer_user
from tests.factories import ADMIN_PASSWORD, Tenant, bearer, make_tenant


def test_api_client_round_trips_without_showing_its_secret(tenant: Tenant) -> None:
    client = tenant.api_client(
        AppName="Storefront",
        ClientSecret="a-long-client-secret",
        MinimumRequiredRoles=["Shopper"],
        MaximumGrantedCustomRoles=["VIP"],
        xp={"channel": "web"},
    )

    fetched = tenant.admin.get(f"/apiclients/{client['ID']}").json()

    assert fetched["AppName"] == "Storefront"
    assert fetched["ClientSecret"] is None
    assert fetched["MinimumRequiredRoles"] == ["Shopper"]
    assert fetched["MaximumGrantedCustomRoles"] == ["VIP"]
    assert fetched["AnonymousTokenDuration"] == 10080
    assert fetched["xp"] == {"channel": "web"}
    listed = tenant.admin.get("/apiclients", search="Storefront").json()
    assert [c["ID"] for c in listed["Items"]] == [client["ID"]]


def test_access_token_duration_must_be_between_10_and_600(tenant: Tenant) -> None:
    response = tenant.admin.post("/apiclients", {"AppName": "A", "AccessTokenDuration": 601})
    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"] == "AccessTokenDuration"


def test_client_ids_are_unique_across_marketplaces(app: FastAPI, client: TestClient) -> None:
    first, second = make_tenant(app, client), make_tenant(app, client)
    body = {"ID": f"shared-{first.marketplace_id}", "AppName": "A", "AccessTokenDuration": 60}
    assert first.admin.post("/apiclients", body).status_code == 201

    clash = second.admin.post("/apiclients", body)

    assert clash.status_code == 400
    assert clash.json()["Errors"][0]["ErrorCode"] == "IdExists"


def test_assignments_are_counted_listed_and_removed(tenant: Tenant) -> None:
    buyer = tenant.buyer()["ID"]
    supplier = tenant.supplier()["ID"]
    client = tenant.api_client(AllowAnyBuyer=False)
    for party in ({"BuyerID": buyer}, {"SupplierID": supplier}):
        body = {"ApiClientID": client["ID"], **party}
        assert tenant.admin.post("/apiclients/assignments", body).status_code == 204

    fetched = tenant.admin.get(f"/apiclients/{client['ID']}").json()
    listed = tenant.admin.get("/apiclients/assignments", apiClientID=client["ID"]).json()

    assert fetched["AssignedBuyerCount"] == 1
    assert fetched["AssignedSupplierCount"] == 1
    assert {(a["BuyerID"], a["SupplierID"]) for a in listed["Items"]} == {
        (buyer, None),
        (None, supplier),
    }
    assert (
        tenant.admin.delete(f"/buyers/{buyer}/ApiClients/Assignments/{client['ID']}").status_code
        == 204
    )
    remaining = tenant.admin.get("/apiclients/assignments", apiClientID=client["ID"]).json()
    assert remaining["Meta"]["TotalCount"] == 1


def test_assignment_with_buyer_and_supplier_is_refused(tenant: Tenant) -> None:
    client = tenant.api_client()
    body = {"ApiClientID": client["ID"], "BuyerID": tenant.buyer()["ID"], "SupplierID": "s"}
    response = tenant.admin.post("/apiclients/assignments", body)
    assert (
        response.json()["Errors"][0]["ErrorCode"] == "PartyAssignment.CannotSpecifyBuyerAndSupplier"
    )


def test_last_client_admins_can_use_cannot_be_deleted(tenant: Tenant) -> None:
    response = tenant.admin.delete(f"/apiclients/{tenant.client_id}")
    assert response.status_code == 400
    assert response.json()["Errors"][0]["ErrorCode"] == "ApiClient.CannotDeleteLastFullAccess"

    spare = tenant.api_client()
    assert tenant.admin.delete(f"/apiclients/{tenant.client_id}").status_code == 204

    # Tokens of a deleted client stop working; the spare one still lets admins in.
    assert tenant.admin.get("/me").status_code == 401
    login = tenant.login(tenant.admin_username, ADMIN_PASSWORD, client_id=spare["ID"])
    assert login.status_code == 200


def test_buyer_users_cannot_manage_api_clients_even_with_the_role(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    tenant.grant(["ApiClientAdmin"], BuyerID=buyer)
    token = tenant.login(user["Username"], PASSWORD, client_id=tenant.shared_client_id).json()[
        "access_token"
    ]

    response = tenant.client.get("/v1/apiclients", headers=bearer(token))

    assert response.status_code == 403
    assert response.json()["Errors"][0]["ErrorCode"] == "Auth.UserNotAuthorizedToAdmin"


# --- network allow-lists (a Mercato extension) ---------------------------------------------


def _login_from(app: FastAPI, address: str, tenant: Tenant, client_id: str, **headers: str):  # type: ignore[no-untyped-def]
    with TestClient(app, raise_server_exceptions=False, client=(address, 4000)) as http:
        return http.post(
            "/oauth/token",
            data={
                "grant_type": "password",
                "client_id": client_id,
                "username": tenant.admin_username,
                "password": ADMIN_PASSWORD,
            },
            headers=headers,
        )


def test_allow_list_refuses_tokens_from_other_networks(app: FastAPI, tenant: Tenant) -> None:
    client = tenant.api_client(AllowedNetworks=["203.0.113.0/24", "2001:db8::/32"])
    assert tenant.admin.get(f"/apiclients/{client['ID']}").json()["AllowedNetworks"] == [
        "203.0.113.0/24",
        "2001:db8::/32",
    ]

    inside = _login_from(app, "203.0.113.9", tenant, client["ID"])
    inside_v6 = _login_from(app, "2001:db8::5", tenant, client["ID"])
    outside = _login_from(app, "198.51.100.1", tenant, client["ID"])

    assert inside.status_code == 200
    assert inside_v6.status_code == 200
    assert outside.status_code == 400
    assert outside.json()["Errors"][0]["ErrorCode"] == "Auth.IPAddressNotAllowed"

    token = inside.json()["access_token"]
    with TestClient(app, raise_server_exceptions=False, client=("198.51.100.1", 4000)) as http:
        elsewhere = http.get("/v1/me", headers=bearer(token))
    with TestClient(app, raise_server_exceptions=False, client=("203.0.113.77", 4000)) as http:
        home = http.get("/v1/me", headers=bearer(token))
    assert elsewhere.status_code == 403
    assert elsewhere.json()["Errors"][0]["ErrorCode"] == "Auth.IPAddressNotAllowed"
    assert home.status_code == 200


def test_forwarded_for_is_ignored_unless_a_trusted_proxy_sends_it(
    app: FastAPI, tenant: Tenant
) -> None:
    client = tenant.api_client(AllowedNetworks=["203.0.113.0/24"])
    spoofed = _login_from(
        app, "198.51.100.1", tenant, client["ID"], **{"X-Forwarded-For": "203.0.113.9"}
    )
    assert spoofed.status_code == 400

    app.state.settings.trusted_proxies = ["10.0.0.0/8"]
    try:
        proxied = _login_from(
            app, "10.1.2.3", tenant, client["ID"], **{"X-Forwarded-For": "203.0.113.9"}
        )
    finally:
        app.state.settings.trusted_proxies = []
    assert proxied.status_code == 200


def test_invalid_network_is_a_validation_error(tenant: Tenant) -> None:
    response = tenant.admin.post(
        "/apiclients",
        {"AppName": "A", "AccessTokenDuration": 60, "AllowedNetworks": ["10.0.0.0/99"]},
    )
    assert response.status_code == 400
    assert response.json()["Errors"][0]["Data"]["Property"] == "AllowedNetworks"


def test_default_context_user_cannot_be_deleted_or_moved(tenant: Tenant) -> None:
    buyer, user = buyer_user(tenant)
    other = tenant.buyer()["ID"]
    client = tenant.api_client(DefaultContextUserName=user["Username"].upper())

    deleted = tenant.admin.delete(f"/buyers/{buyer}/users/{user['ID']}")
    moved = tenant.admin.post(f"/buyers/{buyer}/users/{user['ID']}/moveto/{other}")

    assert deleted.json()["Errors"][0]["ErrorCode"] == "User.CannotDeleteDefaultContextUser"
    assert moved.json()["Errors"][0]["ErrorCode"] == "User.CannotMoveDefaultContextUser"
    assert deleted.json()["Errors"][0]["Data"] == {"ApiClientID": client["ID"]}
