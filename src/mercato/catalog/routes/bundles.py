"""Routes of /bundles: bundles, the products in them and the parties they are offered to."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import bundles
from mercato.catalog.routes.common import (
    BUNDLE_ASSIGN,
    BUNDLE_ASSIGNMENT_READ,
    BUNDLE_READ,
    BUNDLE_WRITE,
    OptionalId,
)
from mercato.catalog.schemas import (
    BundleAssignment,
    BundlePatch,
    BundleProductAssignment,
    BundleRead,
    BundleWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, faceted_page, list_page, no_content
from mercato.core.schemas import FacetedListPage, ListPage

router = APIRouter(prefix="/bundles", tags=["Bundles"])


@router.get(
    "/assignments", operation_id="Bundles.ListAssignments", dependencies=[BUNDLE_ASSIGNMENT_READ]
)
def list_bundle_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[BundleAssignment]:
    """List which buyers and user groups are offered which bundles."""
    page = bundles.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [bundles.assignment_to_read(r) for r in rows])


@router.post(
    "/assignments",
    status_code=204,
    operation_id="Bundles.SaveAssignment",
    dependencies=[BUNDLE_ASSIGN],
)
def save_bundle_assignment(
    session: SessionDep, caller: CallerDep, body: BundleAssignment
) -> Response:
    """Offer a bundle to a buyer or one of its user groups."""
    bundles.save_assignment(session, caller, body)
    return no_content()


@router.get(
    "/productassignments",
    operation_id="Bundles.ListProductAssignments",
    dependencies=[BUNDLE_ASSIGNMENT_READ],
)
def list_bundle_product_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[BundleProductAssignment]:
    """List which products are in which bundles."""
    page = bundles.list_product_assignments(session, caller, args)
    return list_page(page, lambda rows: [bundles.product_assignment_to_read(r) for r in rows])


@router.post(
    "/productassignments",
    status_code=204,
    operation_id="Bundles.SaveProductAssignment",
    dependencies=[BUNDLE_ASSIGN],
)
def save_bundle_product_assignment(
    session: SessionDep, caller: CallerDep, body: BundleProductAssignment
) -> Response:
    """Put a product in a bundle, or change whether it is required and its quantity."""
    bundles.save_product_assignment(session, caller, body)
    return no_content()


@router.get("", operation_id="Bundles.List", dependencies=[BUNDLE_READ])
def list_bundles(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> FacetedListPage[BundleRead]:
    """List bundles (filters: catalogID, categoryID with catalogID, supplierID)."""
    return faceted_page(bundles.list_bundles(session, caller, args), each(BundleRead))


@router.post("", status_code=201, operation_id="Bundles.Create", dependencies=[BUNDLE_WRITE])
def create_bundle(session: SessionDep, caller: CallerDep, body: BundleWrite) -> BundleRead:
    """Create a bundle."""
    return BundleRead.model_validate(bundles.create_bundle(session, caller, body))


@router.get("/{bundleID}", operation_id="Bundles.Get", dependencies=[BUNDLE_READ])
def get_bundle(session: SessionDep, caller: CallerDep, bundleID: str) -> BundleRead:
    """Get a bundle."""
    return BundleRead.model_validate(bundles.get_bundle(session, caller, bundleID))


@router.put("/{bundleID}", operation_id="Bundles.Save", dependencies=[BUNDLE_WRITE])
def save_bundle(
    session: SessionDep, caller: CallerDep, bundleID: str, body: BundleWrite
) -> BundleRead:
    """Create or replace a bundle."""
    return BundleRead.model_validate(bundles.save_bundle(session, caller, bundleID, body))


@router.patch("/{bundleID}", operation_id="Bundles.Patch", dependencies=[BUNDLE_WRITE])
def patch_bundle(
    session: SessionDep, caller: CallerDep, bundleID: str, body: BundlePatch
) -> BundleRead:
    """Update the bundle fields sent."""
    return BundleRead.model_validate(bundles.patch_bundle(session, caller, bundleID, body))


@router.delete(
    "/{bundleID}", status_code=204, operation_id="Bundles.Delete", dependencies=[BUNDLE_WRITE]
)
def delete_bundle(session: SessionDep, caller: CallerDep, bundleID: str) -> Response:
    """Delete a bundle with all its assignments."""
    bundles.delete_bundle(session, caller, bundleID)
    return no_content()


@router.delete(
    "/{bundleID}/assignments/{buyerID}",
    status_code=204,
    operation_id="Bundles.DeleteAssignment",
    dependencies=[BUNDLE_ASSIGN],
)
def delete_bundle_assignment(
    session: SessionDep,
    caller: CallerDep,
    bundleID: str,
    buyerID: str,
    userGroupID: OptionalId = None,
    userID: OptionalId = None,
) -> Response:
    """Stop offering a bundle to a buyer or one of its user groups."""
    bundles.delete_assignment(
        session,
        caller,
        bundle_id=bundleID,
        buyer_id=buyerID,
        group_id=userGroupID,
        user_id=userID,
    )
    return no_content()


@router.delete(
    "/{bundleID}/productassignments/{productID}",
    status_code=204,
    operation_id="Bundles.DeleteProductAssignment",
    dependencies=[BUNDLE_ASSIGN],
)
def delete_bundle_product_assignment(
    session: SessionDep, caller: CallerDep, bundleID: str, productID: str
) -> Response:
    """Take a product out of a bundle."""
    bundles.delete_product_assignment(session, caller, bundleID, productID)
    return no_content()
