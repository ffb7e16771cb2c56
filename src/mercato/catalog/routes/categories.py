"""Routes of /catalogs/{catalogID}/categories and their party, product and bundle assignments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import bundle_placements, categories
from mercato.catalog.routes.common import (
    CATALOG_READ,
    CATALOG_WRITE,
    CATEGORY_READ,
    CATEGORY_WRITE,
    OptionalId,
)
from mercato.catalog.schemas import (
    CategoryAssignment,
    CategoryBundleAssignment,
    CategoryPatch,
    CategoryProductAssignment,
    CategoryRead,
    CategoryWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage

router = APIRouter(prefix="/catalogs/{catalogID}/categories", tags=["Categories"])


@router.get("/assignments", operation_id="Categories.ListAssignments", dependencies=[CATEGORY_READ])
def list_category_assignments(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryAssignment]:
    """List what buyers and user groups see of the catalog's categories."""
    page = categories.list_assignments(session, caller, catalogID, args)
    return list_page(page, lambda rows: [categories.assignment_to_read(r) for r in rows])


@router.post(
    "/assignments",
    status_code=204,
    operation_id="Categories.SaveAssignment",
    dependencies=[CATEGORY_WRITE],
)
def save_category_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CategoryAssignment
) -> Response:
    """Set Visible / ViewAllProducts of a category for a buyer or user group."""
    categories.save_assignment(session, caller, catalogID, body)
    return no_content()


@router.get(
    "/bundleassignments",
    operation_id="Categories.ListBundleAssignments",
    dependencies=[CATALOG_READ],
)
def list_category_bundle_assignments(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryBundleAssignment]:
    """List which bundles are in which of the catalog's categories."""
    page = bundle_placements.list_category_assignments(session, caller, catalogID, args)
    return list_page(
        page, lambda rows: [bundle_placements.category_assignment_to_read(r) for r in rows]
    )


@router.post(
    "/bundleassignments",
    status_code=204,
    operation_id="Categories.SaveBundleAssignment",
    dependencies=[CATALOG_WRITE],
)
def save_category_bundle_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CategoryBundleAssignment
) -> Response:
    """Put a bundle in a category (and so in its catalog)."""
    bundle_placements.save_category_assignment(session, caller, catalogID, body)
    return no_content()


@router.get(
    "/productassignments",
    operation_id="Categories.ListProductAssignments",
    dependencies=[CATEGORY_READ],
)
def list_category_product_assignments(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryProductAssignment]:
    """List which products are in which categories."""
    page = categories.list_product_assignments(session, caller, catalogID, args)
    return list_page(
        page,
        lambda rows: [
            CategoryProductAssignment(
                category_id=r.category.id, product_id=r.product.id, list_order=r.list_order
            )
            for r in rows
        ],
    )


@router.post(
    "/productassignments",
    status_code=204,
    operation_id="Categories.SaveProductAssignment",
    dependencies=[CATEGORY_WRITE],
)
def save_category_product_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CategoryProductAssignment
) -> Response:
    """Put a product in a category (and so in its catalog)."""
    categories.save_product_assignment(session, caller, catalogID, body)
    return no_content()


@router.get("", operation_id="Categories.List", dependencies=[CATEGORY_READ])
def list_categories(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryRead]:
    """List categories; ``depth`` (default 1, or "all") counts levels below ParentID."""
    page = categories.list_categories(session, caller, catalogID, args)
    return list_page(page, lambda rows: categories.to_read(session, list(rows)))


@router.post("", status_code=201, operation_id="Categories.Create", dependencies=[CATEGORY_WRITE])
def create_category(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CategoryWrite
) -> CategoryRead:
    """Create a category."""
    category = categories.create_category(session, caller, catalogID, body)
    return categories.to_read(session, [category])[0]


@router.get("/{categoryID}", operation_id="Categories.Get", dependencies=[CATEGORY_READ])
def get_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str
) -> CategoryRead:
    """Get a category."""
    category = categories.get_category(session, caller, catalogID, categoryID)
    return categories.to_read(session, [category])[0]


@router.put("/{categoryID}", operation_id="Categories.Save", dependencies=[CATEGORY_WRITE])
def save_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, body: CategoryWrite
) -> CategoryRead:
    """Create or replace a category."""
    category = categories.save_category(session, caller, catalogID, categoryID, body)
    return categories.to_read(session, [category])[0]


@router.patch("/{categoryID}", operation_id="Categories.Patch", dependencies=[CATEGORY_WRITE])
def patch_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, body: CategoryPatch
) -> CategoryRead:
    """Update the category fields sent; a new ParentID moves its whole subtree."""
    category = categories.patch_category(session, caller, catalogID, categoryID, body)
    return categories.to_read(session, [category])[0]


@router.delete(
    "/{categoryID}",
    status_code=204,
    operation_id="Categories.Delete",
    dependencies=[CATEGORY_WRITE],
)
def delete_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str
) -> Response:
    """Delete a category and everything below it."""
    categories.delete_category(session, caller, catalogID, categoryID)
    return no_content()


@router.delete(
    "/{categoryID}/assignments",
    status_code=204,
    operation_id="Categories.DeleteAssignment",
    dependencies=[CATEGORY_WRITE],
)
def delete_category_assignment(
    session: SessionDep,
    caller: CallerDep,
    catalogID: str,
    categoryID: str,
    buyerID: Annotated[str, Query()],
    userGroupID: OptionalId = None,
) -> Response:
    """Remove a buyer's or user group's settings for a category."""
    categories.delete_assignment(
        session,
        caller,
        catalog_id=catalogID,
        category_id=categoryID,
        buyer_id=buyerID,
        group_id=userGroupID,
    )
    return no_content()


@router.delete(
    "/{categoryID}/bundleassignments/{bundleID}",
    status_code=204,
    operation_id="Categories.DeleteBundleAssignment",
    dependencies=[CATALOG_WRITE],
)
def delete_category_bundle_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, bundleID: str
) -> Response:
    """Take a bundle out of a category (it stays in the catalog)."""
    bundle_placements.delete_category_assignment(session, caller, catalogID, categoryID, bundleID)
    return no_content()


@router.delete(
    "/{categoryID}/productassignments/{productID}",
    status_code=204,
    operation_id="Categories.DeleteProductAssignment",
    dependencies=[CATEGORY_WRITE],
)
def delete_category_product_assignment(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, productID: str
) -> Response:
    """Take a product out of a category (it stays in the catalog)."""
    categories.delete_product_assignment(session, caller, catalogID, categoryID, productID)
    return no_content()
