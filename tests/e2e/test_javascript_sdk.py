"""The walkthrough through the official OrderCloud JavaScript SDK (Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.e2e.conftest import LiveServer

JS = Path(__file__).with_name("js")


def _run(script: str, live_server: LiveServer) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is required for the JavaScript SDK test (see scripts/test.sh)"
    assert (JS / "node_modules" / "ordercloud-javascript-sdk").is_dir(), (
        "run npm ci in tests/e2e/js"
    )
    owner = live_server.init_marketplace()
    env = {
        **os.environ,
        "BASE_URL": live_server.url,
        "OWNER_CLIENT_ID": owner["ClientID"],
        "OWNER_USERNAME": owner["OwnerUsername"],
        "OWNER_PASSWORD": owner["OwnerPassword"],
    }
    result = subprocess.run(
        [node, script],
        check=False,
        cwd=JS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def test_walkthrough_runs_unchanged_through_the_javascript_sdk(live_server: LiveServer) -> None:
    out = _run("walkthrough.mjs", live_server)

    assert out["defaultCatalog"] == "BUYER_ORGANIZATION"
    assert set(out["adminAvailableRoles"]) == {
        "MeAdmin", "PasswordReset", "BuyerReader", "OrderAdmin", "CatalogAdmin",
        "ProductAdmin", "ProductAssignmentAdmin", "PriceScheduleAdmin", "ShipmentAdmin",
    }  # fmt: skip
    assert out["buyerAvailableRoles"] == ["MeAdmin", "PasswordReset", "Shopper"]
    assert out["adminMe"] == "admin01"
    assert out["adminSeesBuyers"] == 1
    assert out["buyerMe"] == {
        "username": "buyer01",
        "buyer": {"ID": "BUYER_ORGANIZATION", "DefaultCatalogID": "BUYER_ORGANIZATION"},
    }
    assert out["forbidden"] == {
        "status": 403,
        "errorCode": "InsufficientRoles",
        "data": {
            "SufficientRoles": ["FullAccess", "BuyerAdmin", "BuyerReader"],
            "AssignedRoles": ["Shopper"],
        },
    }
    assert out["refreshedMe"] == "buyer01"
    assert out["refreshRotated"] is True
    assert out["badLogin"]["errorCode"] == "Auth.InvalidUsernameOrPassword"
    assert out["impersonatedMe"] == "buyer01"
    claims = out["impersonationClaims"]
    assert claims["role"] == "Shopper"
    assert claims["imp"]
    assert out["middlewareMe"] == "admin01"


def test_buyers_shop_their_own_catalog_and_prices_through_the_javascript_sdk(
    live_server: LiveServer,
) -> None:
    out = _run("shopping.mjs", live_server)

    # nora (north): the whole catalog, the jacket at north's price; sam (south): only the
    # jacket, through its category, at the list price.
    assert out["views"] == {
        "nora": {"boots": [[1, 20], [10, 18]], "jacket": [[1, 15], [5, 14]]},
        "sam": {"jacket": [[1, 20], [10, 18]]},
    }
    assert out["noraFacets"] == []
    assert out["samCategories"] == ["wear"]
    assert out["noraCategories"] == []
    assert out["assignments"] == [
        {"SellerID": None, "ProductID": "jacket", "BuyerID": "north", "UserGroupID": None,
         "PriceScheduleID": "north-deal"}
    ]  # fmt: skip
    assert out["noraFetched"] == {"boots": "list", "jacket": "north-deal"}
    assert out["samFetched"] == {"jacket": "list"}
    # Each buyer also has its own default catalog, created with the buyer.
    assert out["noraCatalogs"] == ["north", "outdoor"]
    assert out["samCatalogs"] == ["outdoor", "south"]
    assert out["samAssignments"] == _refusal(
        403,
        "InsufficientRoles",
        {
            "SufficientRoles": [
                "FullAccess", "ProductAdmin", "ProductAssignmentAdmin", "ProductReader"
            ],
            "AssignedRoles": ["Shopper"],
        },
    )  # fmt: skip
    assert out["samNorthProduct"] == _refusal(
        404, "NotFound", {"ObjectType": "Product", "ObjectID": "boots"}
    )
    # Reader roles do not let a buyer user read assignments: they belong to the seller.
    assert out["readerRefusals"] == {
        listing: _refusal(403, "Auth.UserNotAuthorizedToAdmin", None)
        for listing in ("products", "catalogs", "categories")
    }


def _refusal(status: int, error_code: str, data: object) -> dict[str, object]:
    """An error as shopping.mjs reports it: the OrderCloud envelope, one error."""
    return {
        "status": status,
        "errorCode": error_code,
        "envelope": ["Errors"],
        "fields": ["ErrorCode", "Message", "Data"],
        "data": data,
    }
