"""Every implemented route matches the official JS SDK's route table (roles, verb, status)."""

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

TABLE = Path(__file__).with_name("ordercloud-routes.tsv")


def _reference() -> dict[str, dict[str, str]]:
    with TABLE.open() as f:
        return {row["operation"]: row for row in csv.DictReader(f, delimiter="\t")}


def _operations(app: FastAPI) -> dict[str, tuple[str, str, dict[str, Any]]]:
    found = {}
    for path, methods in app.openapi()["paths"].items():
        if not path.startswith("/v1/"):
            continue  # /oauth/token and /oauth/certs are not in the SDK's /v1 table
        for method, op in methods.items():
            found[op["operationId"]] = (method.upper(), path, op)
    return found


def _normalize(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path.lower())


def test_every_operation_id_is_an_ordercloud_operation(app: FastAPI) -> None:
    unknown = set(_operations(app)) - set(_reference())
    assert not unknown, f"operations not in OrderCloud's table: {sorted(unknown)}"


def test_implemented_operations_use_ordercloud_verb_and_path(app: FastAPI) -> None:
    reference = _reference()
    for op_id, (method, path, _) in _operations(app).items():
        row = reference[op_id]
        assert method == row["method"], op_id
        assert _normalize(path) == _normalize("/v1" + row["path_under_v1"]), op_id


def test_implemented_operations_require_exactly_the_reference_roles(app: FastAPI) -> None:
    reference = _reference()
    for op_id, (_, _, op) in _operations(app).items():
        listed = reference[op_id]["roles"]
        security = op.get("security")
        if listed.startswith("(no"):  # callable without a token
            assert not security, op_id
        elif listed == "(any authenticated user)":
            assert security == [{"OAuth2": []}], op_id
        else:
            roles = {r.strip() for r in listed.split(",")}
            assert security, op_id
            assert set(security[0]["OAuth2"]) == roles, op_id


def test_implemented_operations_document_the_reference_status(app: FastAPI) -> None:
    reference = _reference()
    for op_id, (_, _, op) in _operations(app).items():
        status = reference[op_id]["status"].rstrip("*")
        assert status in op["responses"], (
            f"{op_id}: expected {status}, has {sorted(op['responses'])}"
        )


@pytest.mark.parametrize(
    "area",
    [
        "AdminUsers", "AdminUserGroups", "AdminAddresses", "Buyers", "UserGroups", "Addresses",
        "Suppliers", "SupplierUsers", "SupplierUserGroups", "SupplierAddresses", "Users",
        "ApiClients", "SecurityProfiles", "ImpersonationConfigs", "PriceSchedules", "Specs",
        "Products", "Catalogs", "Categories", "Bundles", "XpIndices", "InventoryRecords",
        "ProductFacets",
        "CostCenters", "SpendingAccounts", "ApprovalRules", "SellerApprovalRules", "Shipments",
        "Payments",
        "Incrementors",
        "BundleLineItems",
        "Cart",
    ],
)  # fmt: skip
def test_organization_areas_are_complete(app: FastAPI, area: str) -> None:
    expected = {op for op, row in _reference().items() if row["area"] == area}
    missing = expected - set(_operations(app))
    assert not missing, f"{area} lacks {sorted(missing)}"


def test_buyer_inventory_routes_are_implemented(app: FastAPI) -> None:
    wanted = {"Me.ListProductInventoryRecords", "Me.ListVariantInventoryRecords"}
    assert wanted - set(_operations(app)) == set()


def test_buyer_purchasing_routes_are_implemented(app: FastAPI) -> None:
    wanted = {"Me.ListCostCenters", "Me.ListSpendingAccounts", "Me.GetSpendingAccount"}
    assert wanted - set(_operations(app)) == set()


def test_shipping_routes_of_orders_and_me_are_implemented(app: FastAPI) -> None:
    wanted = {
        "Orders.Ship",
        "Orders.ListShipments",
        "Me.ListShipments",
        "Me.GetShipment",
        "Me.ListShipmentItems",
    }
    assert wanted - set(_operations(app)) == set()


def test_promotion_and_checkout_routes_of_orders_are_implemented(app: FastAPI) -> None:
    reference = _reference().items()
    promotions = {op for op, row in reference if row["area"] == "Orders" and "romotion" in op}
    checkout = {
        op
        for op, row in reference
        if row["area"] == "IntegrationEvents" and row["path_under_v1"].startswith("/orders/")
    }
    assert (len(promotions), len(checkout)) == (6, 4)
    assert (promotions | checkout) - set(_operations(app)) == set()


def test_openapi_document_is_served_with_operation_ids(client: Any) -> None:
    response = client.get("/v1/openapi/v3")

    assert response.status_code == 200
    ids = [op["operationId"] for p in response.json()["paths"].values() for op in p.values()]
    assert "Buyers.List" in ids
    assert all(re.fullmatch(r"[A-Za-z]+\.[A-Za-z]+", i) for i in ids)
    assert client.get("/v1/docs").status_code == 200


def test_every_secured_route_answers_401_without_a_token(app: FastAPI, client: Any) -> None:
    checked = 0
    for op_id, (method, path, op) in _operations(app).items():
        if not op.get("security"):
            continue
        url = re.sub(r"\{[^}]+\}", "x", path)
        response = client.request(method, url, json={})
        assert response.status_code == 401, f"{op_id} answered {response.status_code}"
        assert response.json()["Errors"][0]["ErrorCode"] == "NoAccessToken", op_id
        checked += 1
    assert checked > 100


def test_only_the_reference_public_routes_go_without_a_token(app: FastAPI) -> None:
    reference = _reference()
    public = {op for op, (_, _, o) in _operations(app).items() if not o.get("security")}
    assert public == {op for op in public if reference[op]["roles"].startswith("(no")}, (
        "a route without security must be a public route of the reference"
    )
    assert public == {
        "ForgottenCredentials.SendVerificationCode",
        "ForgottenCredentials.ResetPasswordByVerificationCode",
    }
