"""Generated isolation matrix: every implemented route, called by a stranger, leaks nothing.

A victim marketplace is filled with one object of every kind, each carrying in a text
field a secret marker of the company that owns it. Three strangers, each holding
FullAccess so that roles are not what stops them, then call every operation of the API
with the victim's IDs in the path and in a valid body:
- a buyer user of another buyer in the same marketplace,
- a supplier user of another supplier in the same marketplace,
- the owner of another marketplace.
Each answer must not contain the marker of what the stranger may not read (another
buyer's or supplier's data; buyers and suppliers may read the seller's and the other
side's, as in OrderCloud); calls aimed at the victim company's own routes
(or at seller-only resources, for buyer and supplier callers) must be refused with 403 or
404; and, at the end, everything the victim's admin can read is exactly as before.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import Api, created, make_tenant, unique

SELLER_ONLY = (
    "/v1/apiclients",
    "/v1/securityprofiles",
    "/v1/impersonationconfig",
    "/v1/incrementors",
)
SKIP = {"Me.ResetPasswordByToken", "Me.RevokeTokens"}  # act on the caller itself


def _operations(app: FastAPI) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Every secured /v1 operation; PUTs last, since a PUT may create the caller's own copy."""
    doc = app.openapi()
    ops = []
    for path, methods in doc["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in methods.items():
            if op.get("security") and op["operationId"] not in SKIP:
                ops.append((op["operationId"], method.upper(), path, op))
    return sorted(ops, key=lambda o: o[1] == "PUT")


class Victim:
    """A marketplace with one of everything, every text marked with a secret."""

    def __init__(self, app: FastAPI, client: TestClient) -> None:
        self.markers = {k: f"SECRET{k}{uuid.uuid4().hex}" for k in ("buyer", "supplier", "admin")}
        self.tenant = make_tenant(app, client)
        t = self.tenant
        self.buyer = t.buyer(Name=self.markers["buyer"])["ID"]
        self.supplier = t.supplier(Name=self.markers["supplier"])["ID"]
        self.ids: dict[str, dict[str, str]] = {}
        for kind, base in (
            ("buyer", f"/buyers/{self.buyer}"),
            ("supplier", f"/suppliers/{self.supplier}"),
            ("admin", ""),
        ):
            m = self.markers[kind]
            users = f"{base}/users" if base else "/adminusers"
            user = t.user(users, FirstName=m)["ID"]
            group = unique("g")
            t.admin.post(f"{base}/usergroups", {"ID": group, "Name": m})
            t.admin.post(f"{base}/usergroups/assignments", {"UserGroupID": group, "UserID": user})
            address = unique("a")
            t.admin.post(
                f"{base}/addresses",
                {
                    "ID": address,
                    "AddressName": m,
                    "Street1": "1 Main",
                    "City": "X",
                    "Country": "US",
                },
            )
            self.ids[kind] = {"userID": user, "userGroupID": group, "addressID": address}
        m = self.markers["admin"]
        self.profile = t.profile(["Shopper"], custom=[m])
        t.assign(self.profile, BuyerID=self.buyer)
        self.api_client = t.api_client(AppName=m)["ID"]
        secret = {"ID": unique("secret"), "Name": m}
        self.client_secret = created(
            t.admin.post(f"/apiclients/{self.api_client}/secrets", secret)
        )["ID"]
        t.admin.post(
            "/apiclients/assignments", {"ApiClientID": self.api_client, "BuyerID": self.buyer}
        )
        config = t.admin.post(
            "/impersonationconfig",
            {"ID": unique("cfg"), "SecurityProfileID": self.profile, "ClientID": self.api_client},
        ).json()
        self.config = config["ID"]
        self.schedule = t.admin.post(
            "/priceschedules",
            {"ID": unique("ps"), "Name": m, "PriceBreaks": [{"Quantity": 1, "Price": 1}]},
        ).json()["ID"]
        self.product = t.admin.post(
            "/products", {"ID": unique("prod"), "Name": m, "DefaultPriceScheduleID": self.schedule}
        ).json()["ID"]
        self.catalog = t.admin.post("/catalogs", {"ID": unique("cat"), "Name": m}).json()["ID"]
        t.admin.post(
            "/catalogs/productassignments", {"CatalogID": self.buyer, "ProductID": self.product}
        )
        self.spec = unique("spec")
        t.admin.post(
            "/specs", {"ID": self.spec, "Name": m, "Required": True, "DefinesVariant": True}
        )
        t.admin.post(f"/specs/{self.spec}/options", {"ID": "opt", "Value": m})
        t.admin.post("/specs/productassignments", {"SpecID": self.spec, "ProductID": self.product})
        t.admin.post(f"/products/{self.product}/variants/generate")
        self.category = unique("cg")
        t.admin.post(f"/catalogs/{self.catalog}/categories", {"ID": self.category, "Name": m})
        t.admin.post(
            f"/catalogs/{self.catalog}/categories/productassignments",
            {"CategoryID": self.category, "ProductID": self.product},
        )
        t.admin.post(
            "/products/assignments",
            {"ProductID": self.product, "BuyerID": self.buyer, "PriceScheduleID": self.schedule},
        )
        self.bundle = created(t.admin.post("/bundles", {"ID": unique("bdl"), "Name": m}))["ID"]
        group_of_buyer = self.ids["buyer"]["userGroupID"]
        for path, body in (
            ("/bundles/productassignments", {"ProductID": self.product, "Required": True}),
            ("/bundles/assignments", {"BuyerID": self.buyer, "UserGroupID": group_of_buyer}),
            ("/catalogs/bundleassignments", {"CatalogID": self.catalog}),
            (
                f"/catalogs/{self.catalog}/categories/bundleassignments",
                {"CategoryID": self.category},
            ),
        ):
            assert t.admin.post(path, {"BundleID": self.bundle, **body}).status_code == 204, path
        # One record of the product and one of its variant, under the same ID, closed to
        # all buyers but the victim's (and its group).
        self.record = unique("inv")
        for holder in (
            f"/products/{self.product}",
            f"/products/{self.product}/variants/{self.product}-opt",
        ):
            record = {
                "ID": self.record,
                "AddressID": self.ids["admin"]["addressID"],
                "AllowAllBuyers": False,
                "xp": {"marker": m},
            }
            created(t.admin.post(f"{holder}/inventoryrecords", record))
            for to_group in (None, self.ids["buyer"]["userGroupID"]):
                assignment = {
                    "InventoryRecordID": self.record,
                    "BuyerID": self.buyer,
                    "UserGroupID": to_group,
                }
                assigned = t.admin.post(f"{holder}/inventoryrecords/assignments", assignment)
                assert assigned.status_code == 204, assigned.text
        self.facet = t.admin.post("/productfacets", {"ID": unique("pf"), "Name": m}).json()["ID"]
        incrementor = {"ID": unique("inc"), "Name": m, "LastNumber": 0, "LeftPaddingCount": 0}
        self.incrementor = created(t.admin.post("/incrementors", incrementor))["ID"]
        # The order is placed before the approval rules exist, so it opens and can ship.
        self._submitted_order()
        self._purchasing_controls()

    def _purchasing_controls(self) -> None:
        """A cost center, a spending account and rules, assigned to the victim's buyer."""
        t, b, m = self.tenant, f"/buyers/{self.buyer}", self.markers["buyer"]
        group = self.ids["buyer"]["userGroupID"]
        self.cost_center = created(t.admin.post(f"{b}/costcenters", {"Name": m}))["ID"]
        self.spending_account = created(
            t.admin.post(f"{b}/spendingaccounts", {"Name": m, "Balance": 5})
        )["ID"]
        for path, body in (
            (f"{b}/costcenters/assignments", {"CostCenterID": self.cost_center}),
            (f"{b}/spendingaccounts/assignments", {"SpendingAccountID": self.spending_account}),
        ):
            assert t.admin.post(path, {**body, "UserGroupID": group}).status_code == 204, path
        # The buyer's rule and the marketplace's rule share an ID, as their scopes allow.
        self.rule = unique("rule")
        rule = {"ID": self.rule, "ApprovingGroupID": group, "RuleExpression": "true"}
        created(t.admin.post(f"{b}/approvalrules", {**rule, "Name": m}))
        seller_rule = {**rule, "ApprovalType": "Order", "Name": self.markers["admin"]}
        seller_rule["ApprovingGroupID"] = self.ids["admin"]["userGroupID"]
        created(t.admin.post("/approvalrules", seller_rule))

    def _submitted_order(self) -> None:
        """An order of the victim's buyer, submitted, with one line and one payment."""
        t, m = self.tenant, self.markers["buyer"]
        shopper = t.user(f"/buyers/{self.buyer}/users")
        api = t.as_user(shopper["Username"], "Shopper")
        assert t.admin.patch(f"/products/{self.product}", {"Active": True}).status_code == 200
        self.order = created(api.post("/orders/outgoing", {"Comments": m}))["ID"]
        line = {"ProductID": self.product, "Specs": [{"SpecID": self.spec, "OptionID": "opt"}]}
        self.line = created(api.post(f"/orders/outgoing/{self.order}/lineitems", line))["ID"]
        payment = {"Type": "PurchaseOrder", "Description": m}
        payments = f"/orders/incoming/{self.order}/payments"
        self.payment = created(api.post(f"/orders/outgoing/{self.order}/payments", payment))["ID"]
        transaction = {"ID": unique("tx"), "Type": m, "DateExecuted": "2026-01-01T00:00:00Z"}
        created(t.admin.post(f"{payments}/{self.payment}/transactions", transaction))
        self.transaction = transaction["ID"]
        t.admin.patch(f"{payments}/{self.payment}", {"Accepted": True})
        assert api.post(f"/orders/outgoing/{self.order}/submit").status_code == 201
        self._shipment()

    def _shipment(self) -> None:
        """A shipment of the seller holding the victim's order line, marked for both sides."""
        t, m = self.tenant, self.markers
        body = {"TrackingNumber": m["buyer"], "Shipper": m["supplier"], "xp": {"m": m["admin"]}}
        self.shipment = created(t.admin.post("/shipments", body))["ID"]
        item = {"OrderID": self.order, "LineItemID": self.line, "QuantityShipped": 1}
        assert t.admin.post(f"/shipments/{self.shipment}/items", item).status_code == 200

    def path_value(self, name: str, path: str) -> str:
        kind = (
            "buyer"
            if path.startswith("/v1/buyers")
            else "supplier"
            if path.startswith("/v1/suppliers")
            else "admin"
        )
        fixed = {
            "buyerID": self.buyer,
            "supplierID": self.supplier,
            "apiClientID": self.api_client,
            "apiClientSecretID": self.client_secret,
            "securityProfileID": self.profile,
            "impersonationConfigID": self.config,
            "priceScheduleID": self.schedule,
            "productID": self.product,
            "catalogID": self.catalog,
            "categoryID": self.category,
            "specID": self.spec,
            "productFacetID": self.facet,
            "optionID": "opt",
            "variantID": f"{self.product}-opt",
            "bundleID": self.bundle,
            "inventoryRecordID": self.record,
            "costCenterID": self.cost_center,
            "spendingAccountID": self.spending_account,
            "approvalRuleID": self.rule,
            "direction": "Incoming",
            "orderID": self.order,
            "lineItemID": self.line,
            "shipmentID": self.shipment,
            "paymentID": self.payment,
            "transactionID": self.transaction,
            "incrementorID": self.incrementor,
        }
        return fixed.get(name) or self.ids[kind].get(name) or "missing"

    def url(self, path: str) -> str:
        """``path`` with every parameter replaced by the victim's object of that kind."""

        def value(match: re.Match[str]) -> str:
            return self.path_value(match.group(1), path)

        return re.sub(r"\{(\w+)\}", value, path)

    def snapshot(self) -> dict[str, Any]:
        """Everything the victim's owner can read through list routes with the victim's IDs."""
        api = self.tenant.admin
        seen = {}
        for op_id, method, path, _ in _operations(self.tenant.app):
            if method != "GET" or op_id.startswith("Me."):
                continue
            url = self.url(path)
            response = api.client.get(url, headers={"Authorization": f"Bearer {api.token}"})
            seen[op_id] = (response.status_code, self._victims_only(response.json()))
        return seen

    def all_ids(self) -> list[str]:
        fixed = [self.buyer, self.supplier, self.profile, self.api_client, self.config]
        fixed.append(self.client_secret)
        fixed += [
            self.schedule,
            self.product,
            self.catalog,
            self.category,
            self.spec,
            self.bundle,
            self.record,
            self.facet,
            self.cost_center,
            self.spending_account,
            self.rule,
            self.order,
            self.line,
            self.shipment,
            self.payment,
            self.transaction,
            self.incrementor,
        ]
        return fixed + [v for ids in self.ids.values() for v in ids.values()]

    def _victims_only(self, body: Any) -> Any:
        # Lists across companies also show the stranger's own objects, which it may change.
        if isinstance(body, dict) and "Items" in body:
            marked = [
                i for i in body["Items"] if any(m in json.dumps(i) for m in self.markers.values())
            ]
            return {"Items": marked}
        return body


_SCALARS: dict[str, Any] = {"array": [], "boolean": True, "number": 1}


class BodyMaker:
    """Minimal valid bodies built from the OpenAPI schemas.

    Required fields are filled, and the victim's IDs go wherever a body asks for a party
    or resource ID.
    """

    def __init__(self, doc: dict[str, Any], victim: Victim) -> None:
        self.doc = doc
        self.ids = {
            "BuyerID": victim.buyer,
            "SupplierID": victim.supplier,
            "UserID": victim.ids["buyer"]["userID"],
            "UserGroupID": victim.ids["buyer"]["userGroupID"],
            "AddressID": victim.ids["buyer"]["addressID"],
            "SecurityProfileID": victim.profile,
            "ApiClientID": victim.api_client,
            "ClientID": victim.api_client,
            "ProductID": victim.product,
            "CatalogID": victim.catalog,
            "PriceScheduleID": victim.schedule,
            "CategoryID": victim.category,
            "SpecID": victim.spec,
            "BundleID": victim.bundle,
            "InventoryRecordID": victim.record,
            "CostCenterID": victim.cost_center,
            "SpendingAccountID": victim.spending_account,
            "ApprovingGroupID": victim.ids["buyer"]["userGroupID"],
            "OrderID": victim.order,
            "LineItemID": victim.line,
        }

    def make(self, schema: dict[str, Any]) -> Any:
        schema = self._resolve(schema)
        if "anyOf" in schema:
            options = [s for s in schema["anyOf"] if s.get("type") != "null"]
            return self.make(options[0]) if options else None
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return self._object(schema)
        if kind == "integer":
            return max(int(schema.get("minimum", 10)), 10)
        if kind == "string":
            # Dates must parse, or the body is refused before the victim's IDs are looked at.
            is_date = schema.get("format") == "date-time"
            return "2026-01-01T00:00:00Z" if is_date else unique("Stranger-Passw0rd-")
        return _SCALARS.get(str(kind))

    def _object(self, schema: dict[str, Any]) -> dict[str, Any]:
        properties = schema.get("properties", {})
        body = {
            name: self.ids.get(name) or self.make(properties[name])
            for name in schema.get("required", [])
        }
        body.update({k: v for k, v in self.ids.items() if k in properties and k not in body})
        return body

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema


def _required_query(op: dict[str, Any], victim: Victim, path: str) -> dict[str, Any]:
    """Required query parameters, pointing at the victim's objects (or 1 for numbers)."""
    params: dict[str, Any] = {}
    for p in op.get("parameters", []):
        if p["in"] == "query" and p.get("required"):
            is_number = p.get("schema", {}).get("type") == "integer"
            params[p["name"]] = 1 if is_number else victim.path_value(p["name"], path)
    return params


def _stranger(app: FastAPI, client: TestClient, victim: Victim, kind: str) -> Api:
    t = victim.tenant
    if kind == "other marketplace":
        return make_tenant(app, client).admin
    path = (
        f"/buyers/{t.buyer()['ID']}/users"
        if kind == "buyer"
        else f"/suppliers/{t.supplier()['ID']}/users"
    )
    return t.as_user(t.user(path)["Username"], "FullAccess")


@pytest.mark.parametrize("kind", ["buyer", "supplier", "other marketplace"])
def test_strangers_get_nothing_and_change_nothing(
    app: FastAPI, client: TestClient, kind: str
) -> None:
    victim = Victim(app, client)
    stranger = _stranger(app, client, victim, kind)
    before = victim.snapshot()
    bodies = BodyMaker(app.openapi(), victim)
    own_company = "/v1/buyers/{buyerID}" if kind == "buyer" else "/v1/suppliers/{supplierID}"
    hidden = (
        list(victim.markers.values()) if kind == "other marketplace" else [victim.markers[kind]]
    )
    problems = []

    for op_id, method, path, op in _operations(app):
        url = victim.url(path)
        body = None
        if "requestBody" in op:
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            body = bodies.make(schema)
        response = client.request(
            method,
            url,
            json=body,
            params=_required_query(op, victim, path),
            headers={"Authorization": f"Bearer {stranger.token}"},
        )
        if response.status_code >= 500:
            problems.append(f"{op_id}: {response.status_code}")
        if any(marker in response.text for marker in hidden):
            problems.append(f"{op_id}: leaked victim data ({response.status_code})")
        if kind == "other marketplace":
            # A PUT may create the stranger's own object under the same ID; that is fine,
            # and the final snapshot proves the victim's object was not touched.
            # `{direction}` names a view, not an object of the victim.
            names_an_object = re.search(r"\{(?!direction\})", path) is not None
            must_refuse = names_an_object and method != "PUT"
        else:
            must_refuse = path.startswith((own_company, *SELLER_ONLY))
        if must_refuse and response.status_code not in (403, 404):
            problems.append(f"{op_id}: {method} {url} answered {response.status_code}")

    assert not problems, "\n".join(problems)
    assert victim.snapshot() == before
