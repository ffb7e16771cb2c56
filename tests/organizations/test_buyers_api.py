from tests.factories import Tenant


def test_create_buyer_creates_default_catalog_and_assignment(tenant: Tenant) -> None:
    buyer = tenant.buyer(ID="ACME")

    assert buyer["DefaultCatalogID"] == "ACME"
    assert buyer["DateCreated"].endswith("+00:00")
    assert set(buyer) == {"ID", "Name", "DefaultCatalogID", "Active", "DateCreated", "xp"}


def test_create_buyer_returns_201_and_get_returns_it(tenant: Tenant) -> None:
    buyer = tenant.buyer(Name="Acme Corp", xp={"Region": "EU"})

    got = tenant.admin.get(f"/buyers/{buyer['ID']}")

    assert got.status_code == 200
    assert got.json() == buyer
