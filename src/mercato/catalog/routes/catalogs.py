"""Routes of /catalogs: catalogs, their buyer, product and bundle assignments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import bundle_placements, catalogs
from mercato.catalog.routes.common import CATALOG_READ, CATALOG_WRITE
from mercato.catalog.schemas import (
    BundleCatalogAssignment,
    CatalogAssignment,
    CatalogPatch,
    CatalogRead,
    CatalogWrite,
    ProductCatalogAssignment,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage

router = APIRouter(prefix="/catalogs", tags=["Catalogs"])


@router.get("/assignments", operation_id="Catalogs.ListAssignments", dependencies=[CATALOG_READ])
def list_catalog_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogAssignment]:
    """List which buyers shop which catalogs."""
    page = catalogs.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [catalogs.assignment_to_read(r) for r in rows])


@router.post(
    "/assignments",
    status_code=204,
    operation_id="Catalogs.SaveAssignment",
    dependencies=[CATALOG_WRITE],
)
def save_catalog_assignment(
    session: SessionDep, caller: CallerDep, body: CatalogAssignment
) -> Response:
    """Let a buyer shop a catalog."""
    catalogs.save_assignment(session, caller, body)
    return no_content()


@router.get(
    "/bundleassignments",
    operation_id="Catalogs.ListBundleAssignments",
    dependencies=[CATALOG_READ],
)
def list_catalog_bundle_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[BundleCatalogAssignment]:
    """List which bundles are in which catalogs."""
    page = bundle_placements.list_catalog_assignments(session, caller, args)
    return list_page(
        page, lambda rows: [bundle_placements.catalog_assignment_to_read(r) for r in rows]
    )


@router.post(
    "/bundleassignments",
    status_code=204,
    operation_id="Catalogs.SaveBundleAssignment",
    dependencies=[CATALOG_WRITE],
)
def save_catalog_bundle_assignment(
    session: SessionDep, caller: CallerDep, body: BundleCatalogAssignment
) -> Response:
    """Put a bundle in a catalog."""
    bundle_placements.save_catalog_assignment(session, caller, body)
    return no_content()


@router.get(
    "/productassignments",
    operation_id="Catalogs.ListProductAssignments",
    dependencies=[CATALOG_READ],
)
def list_catalog_product_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ProductCatalogAssignment]:
    """List which products are in which catalogs."""
    page = catalogs.list_product_assignments(session, caller, args)
    return list_page(
        page,
        lambda rows: [
            ProductCatalogAssignment(catalog_id=r.catalog.id, product_id=r.product.id) for r in rows
        ],
    )


@router.post(
    "/productassignments",
    status_code=204,
    operation_id="Catalogs.SaveProductAssignment",
    dependencies=[CATALOG_WRITE],
)
def save_catalog_product_assignment(
    session: SessionDep, caller: CallerDep, body: ProductCatalogAssignment
) -> Response:
    """Put a product in a catalog."""
    catalogs.save_product_assignment(session, caller, body)
    return no_content()


@router.get("", operation_id="Catalogs.List", dependencies=[CATALOG_READ])
def list_catalogs(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogRead]:
    """List catalogs."""
    page = catalogs.list_catalogs(session, caller, args)
    return list_page(page, lambda rows: catalogs.to_read(session, list(rows)))


@router.post("", status_code=201, operation_id="Catalogs.Create", dependencies=[CATALOG_WRITE])
def create_catalog(session: SessionDep, caller: CallerDep, body: CatalogWrite) -> CatalogRead:
    """Create a catalog."""
    return catalogs.to_read(session, [catalogs.create_catalog(session, caller, body)])[0]


@router.get("/{catalogID}", operation_id="Catalogs.Get", dependencies=[CATALOG_READ])
def get_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """Get a catalog."""
    return catalogs.to_read(session, [catalogs.get_catalog(session, caller, catalogID)])[0]


@router.put("/{catalogID}", operation_id="Catalogs.Save", dependencies=[CATALOG_WRITE])
def save_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogWrite
) -> CatalogRead:
    """Create or replace a catalog."""
    return catalogs.to_read(session, [catalogs.save_catalog(session, caller, catalogID, body)])[0]


@router.patch("/{catalogID}", operation_id="Catalogs.Patch", dependencies=[CATALOG_WRITE])
def patch_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogPatch
) -> CatalogRead:
    """Update the catalog fields sent."""
    return catalogs.to_read(session, [catalogs.patch_catalog(session, caller, catalogID, body)])[0]


@router.delete(
    "/{catalogID}",
    status_code=204,
    operation_id="Catalogs.Delete",
    dependencies=[CATALOG_WRITE],
)
def delete_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> Response:
    """Delete a catalog that is no buyer's default catalog."""
    catalogs.delete_catalog(session, caller, catalogID)
    return no_content()


@router.delete(
    "/{catalogID}/assignments",
    status_code=204,
    operation_id="Catalogs.DeleteAssignment",
    dependencies=[CATALOG_WRITE],
)
def delete_catalog_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, buyerID: Annotated[str, Query()]
) -> Response:
    """Stop a buyer shopping a catalog."""
    catalogs.delete_assignment(session, caller, catalogID, buyerID)
    return no_content()


@router.delete(
    "/{catalogID}/bundleassignments/{bundleID}",
    status_code=204,
    operation_id="Catalogs.DeleteBundleAssignment",
    dependencies=[CATALOG_WRITE],
)
def delete_catalog_bundle_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, bundleID: str
) -> Response:
    """Take a bundle out of a catalog."""
    bundle_placements.delete_catalog_assignment(session, caller, catalogID, bundleID)
    return no_content()


@router.delete(
    "/{catalogID}/productassignments/{productID}",
    status_code=204,
    operation_id="Catalogs.DeleteProductAssignment",
    dependencies=[CATALOG_WRITE],
)
def delete_catalog_product_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, productID: str
) -> Response:
    """Take a product out of a catalog."""
    catalogs.delete_product_assignment(session, caller, catalogID, productID)
    return no_content()
