"""Routes of /buyers and /suppliers (the companies themselves)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage
from mercato.organizations import companies
from mercato.organizations.models import CompanyKind
from mercato.organizations.schemas import (
    BuyerPatch,
    BuyerRead,
    BuyerSupplier,
    BuyerWrite,
    SupplierPatch,
    SupplierRead,
    SupplierWrite,
)

BUYER = CompanyKind.BUYER
SUPPLIER = CompanyKind.SUPPLIER
buyers = APIRouter(prefix="/buyers", tags=["Buyers"])
suppliers = APIRouter(prefix="/suppliers", tags=["Suppliers"])


@buyers.get(
    "", operation_id="Buyers.List", dependencies=[requires(Role.BuyerAdmin, Role.BuyerReader)]
)
def list_buyers(session: SessionDep, caller: CallerDep, args: ListArgsDep) -> ListPage[BuyerRead]:
    """List buyers."""
    return list_page(companies.list_companies(session, caller, BUYER, args), each(BuyerRead))


@buyers.post(
    "", status_code=201, operation_id="Buyers.Create", dependencies=[requires(Role.BuyerAdmin)]
)
def create_buyer(session: SessionDep, caller: CallerDep, body: BuyerWrite) -> BuyerRead:
    """Create a buyer, with a default catalog unless one is named."""
    return BuyerRead.model_validate(companies.create_buyer(session, caller=caller, data=body))


@buyers.get(
    "/{buyerID}",
    operation_id="Buyers.Get",
    dependencies=[requires(Role.BuyerAdmin, Role.BuyerReader)],
)
def get_buyer(session: SessionDep, caller: CallerDep, buyerID: str) -> BuyerRead:
    """Get a buyer."""
    return BuyerRead.model_validate(companies.get_company(session, caller, BUYER, buyerID))


@buyers.put("/{buyerID}", operation_id="Buyers.Save", dependencies=[requires(Role.BuyerAdmin)])
def save_buyer(session: SessionDep, caller: CallerDep, buyerID: str, body: BuyerWrite) -> BuyerRead:
    """Create or replace a buyer."""
    return BuyerRead.model_validate(
        companies.save_buyer(session, caller=caller, buyer_id=buyerID, data=body)
    )


@buyers.patch("/{buyerID}", operation_id="Buyers.Patch", dependencies=[requires(Role.BuyerAdmin)])
def patch_buyer(
    session: SessionDep, caller: CallerDep, buyerID: str, body: BuyerPatch
) -> BuyerRead:
    """Update the buyer fields sent."""
    return BuyerRead.model_validate(
        companies.patch_buyer(session, caller=caller, buyer_id=buyerID, data=body)
    )


@buyers.delete(
    "/{buyerID}",
    status_code=204,
    operation_id="Buyers.Delete",
    dependencies=[requires(Role.BuyerAdmin)],
)
def delete_buyer(session: SessionDep, caller: CallerDep, buyerID: str) -> Response:
    """Delete a buyer with its users, groups and addresses."""
    companies.delete_company(session, caller=caller, kind=BUYER, company_id=buyerID)
    return no_content()


@buyers.get(
    "/{buyerID}/sellers",
    operation_id="Buyers.ListBuyerSellers",
    dependencies=[requires(Role.BuyerAdmin, Role.BuyerReader)],
)
def list_buyer_sellers(
    session: SessionDep, caller: CallerDep, buyerID: str, args: ListArgsDep
) -> ListPage[BuyerSupplier]:
    """List the marketplace owner and the suppliers this buyer can order from."""
    page = companies.list_buyer_sellers(session, caller=caller, buyer_id=buyerID, args=args)
    return list_page(page, each(BuyerSupplier))


@suppliers.get(
    "",
    operation_id="Suppliers.List",
    dependencies=[requires(Role.SupplierAdmin, Role.SupplierReader)],
)
def list_suppliers(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[SupplierRead]:
    """List suppliers."""
    return list_page(companies.list_companies(session, caller, SUPPLIER, args), each(SupplierRead))


@suppliers.post(
    "",
    status_code=201,
    operation_id="Suppliers.Create",
    dependencies=[requires(Role.SupplierAdmin)],
)
def create_supplier(session: SessionDep, caller: CallerDep, body: SupplierWrite) -> SupplierRead:
    """Create a supplier."""
    return SupplierRead.model_validate(companies.create_supplier(session, caller=caller, data=body))


@suppliers.get(
    "/{supplierID}",
    operation_id="Suppliers.Get",
    dependencies=[requires(Role.SupplierAdmin, Role.SupplierReader)],
)
def get_supplier(session: SessionDep, caller: CallerDep, supplierID: str) -> SupplierRead:
    """Get a supplier."""
    return SupplierRead.model_validate(companies.get_company(session, caller, SUPPLIER, supplierID))


@suppliers.put(
    "/{supplierID}", operation_id="Suppliers.Save", dependencies=[requires(Role.SupplierAdmin)]
)
def save_supplier(
    session: SessionDep, caller: CallerDep, supplierID: str, body: SupplierWrite
) -> SupplierRead:
    """Create or replace a supplier."""
    supplier = companies.save_supplier(session, caller=caller, supplier_id=supplierID, data=body)
    return SupplierRead.model_validate(supplier)


@suppliers.patch(
    "/{supplierID}", operation_id="Suppliers.Patch", dependencies=[requires(Role.SupplierAdmin)]
)
def patch_supplier(
    session: SessionDep, caller: CallerDep, supplierID: str, body: SupplierPatch
) -> SupplierRead:
    """Update the supplier fields sent."""
    supplier = companies.patch_supplier(session, caller=caller, supplier_id=supplierID, data=body)
    return SupplierRead.model_validate(supplier)


@suppliers.delete(
    "/{supplierID}",
    status_code=204,
    operation_id="Suppliers.Delete",
    dependencies=[requires(Role.SupplierAdmin)],
)
def delete_supplier(session: SessionDep, caller: CallerDep, supplierID: str) -> Response:
    """Delete a supplier with its users, groups and addresses."""
    companies.delete_company(session, caller=caller, kind=SUPPLIER, company_id=supplierID)
    return no_content()


@suppliers.get(
    "/{supplierID}/buyers",
    operation_id="Suppliers.ListBuyers",
    dependencies=[requires(Role.SupplierAdmin, Role.SupplierReader)],
)
def list_supplier_buyers(
    session: SessionDep, caller: CallerDep, supplierID: str, args: ListArgsDep
) -> ListPage[BuyerSupplier]:
    """List the buyers a supplier sells to."""
    page = companies.list_supplier_buyers(session, caller=caller, supplier_id=supplierID, args=args)
    return list_page(page, each(BuyerSupplier))


@suppliers.put(
    "/{supplierID}/buyers/{buyerID}",
    status_code=204,
    operation_id="Suppliers.SaveBuyer",
    dependencies=[requires(Role.SupplierAdmin)],
)
def save_supplier_buyer(
    session: SessionDep, caller: CallerDep, supplierID: str, buyerID: str
) -> Response:
    """Let a supplier sell to a buyer."""
    companies.save_supplier_buyer(session, caller=caller, supplier_id=supplierID, buyer_id=buyerID)
    return no_content()


@suppliers.delete(
    "/{supplierID}/buyers/{buyerID}",
    status_code=204,
    operation_id="Suppliers.DeleteBuyer",
    dependencies=[requires(Role.SupplierAdmin)],
)
def delete_supplier_buyer(
    session: SessionDep, caller: CallerDep, supplierID: str, buyerID: str
) -> Response:
    """Stop a supplier selling to a buyer."""
    companies.delete_supplier_buyer(
        session, caller=caller, supplier_id=supplierID, buyer_id=buyerID
    )
    return no_content()
