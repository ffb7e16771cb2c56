"""Routes of /products: products, party assignments, specs and variants."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.catalog import (
    product_suppliers,
    products,
    specs,
    variants,
)
from mercato.catalog.routes.common import PRODUCT_ASSIGN, PRODUCT_READ, PRODUCT_WRITE, OptionalId
from mercato.catalog.schemas import (
    ProductAssignment,
    ProductPatch,
    ProductRead,
    ProductSupplier,
    ProductWrite,
    SpecRead,
    VariantPatch,
    VariantRead,
    VariantWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import faceted_page, list_page, no_content
from mercato.core.schemas import FacetedListPage, ListPage

router = APIRouter(prefix="/products", tags=["Products"])


@router.get(
    "/assignments",
    operation_id="Products.ListAssignments",
    dependencies=[requires(Role.ProductAdmin, Role.ProductAssignmentAdmin, Role.ProductReader)],
)
def list_product_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[ProductAssignment]:
    """List products assigned to buyers and user groups, with their prices."""
    page = products.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [products.assignment_to_read(r) for r in rows])


@router.post(
    "/assignments",
    status_code=204,
    operation_id="Products.SaveAssignment",
    dependencies=[PRODUCT_ASSIGN],
)
def save_product_assignment(
    session: SessionDep, caller: CallerDep, body: ProductAssignment
) -> Response:
    """Make a product visible to a buyer or user group, optionally at a price."""
    products.save_assignment(session, caller, body)
    return no_content()


@router.get("", operation_id="Products.List", dependencies=[PRODUCT_READ])
def list_products(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> FacetedListPage[ProductRead]:
    """List every product, active or not (filters: catalogID, categoryID)."""
    page = products.list_products(session, caller, args)
    return faceted_page(page, lambda rows: products.to_read(session, list(rows)))


@router.post("", status_code=201, operation_id="Products.Create", dependencies=[PRODUCT_WRITE])
def create_product(session: SessionDep, caller: CallerDep, body: ProductWrite) -> ProductRead:
    """Create a product."""
    return products.to_read(session, [products.create_product(session, caller, body)])[0]


@router.get("/{productID}", operation_id="Products.Get", dependencies=[PRODUCT_READ])
def get_product(session: SessionDep, caller: CallerDep, productID: str) -> ProductRead:
    """Get a product."""
    return products.to_read(session, [products.get_product(session, caller, productID)])[0]


@router.put("/{productID}", operation_id="Products.Save", dependencies=[PRODUCT_WRITE])
def save_product(
    session: SessionDep, caller: CallerDep, productID: str, body: ProductWrite
) -> ProductRead:
    """Create or replace a product."""
    return products.to_read(session, [products.save_product(session, caller, productID, body)])[0]


@router.patch("/{productID}", operation_id="Products.Patch", dependencies=[PRODUCT_WRITE])
def patch_product(
    session: SessionDep, caller: CallerDep, productID: str, body: ProductPatch
) -> ProductRead:
    """Update the product fields sent."""
    return products.to_read(session, [products.patch_product(session, caller, productID, body)])[0]


@router.delete(
    "/{productID}",
    status_code=204,
    operation_id="Products.Delete",
    dependencies=[PRODUCT_WRITE],
)
def delete_product(session: SessionDep, caller: CallerDep, productID: str) -> Response:
    """Delete a product with its assignments; refused while it is in a bundle."""
    products.delete_product(session, caller, productID)
    return no_content()


@router.delete(
    "/{productID}/assignments/{buyerID}",
    status_code=204,
    operation_id="Products.DeleteAssignment",
    dependencies=[PRODUCT_ASSIGN],
)
def delete_product_assignment(
    session: SessionDep,
    caller: CallerDep,
    productID: str,
    buyerID: str,
    userGroupID: OptionalId = None,
) -> Response:
    """Remove a product's assignment to a buyer or one of its user groups."""
    products.delete_assignment(session, caller, productID, buyerID, userGroupID)
    return no_content()


@router.get("/{productID}/specs", operation_id="Products.ListSpecs", dependencies=[PRODUCT_READ])
def list_product_specs(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[SpecRead]:
    """The specs that apply to a product."""
    product = products.get_product(session, caller, productID)
    page = specs.list_product_specs(session, caller, product, args)
    return list_page(page, lambda rows: [specs.to_read(r) for r in rows])


@router.post(
    "/{productID}/variants/generate",
    status_code=201,
    operation_id="Products.GenerateVariants",
    dependencies=[PRODUCT_WRITE],
)
def generate_variants(
    session: SessionDep,
    caller: CallerDep,
    productID: str,
    overwriteExisting: Annotated[bool, Query()] = False,
) -> ProductRead:
    """Create one variant per combination of the product's variant-defining spec options."""
    product = products.get_product(session, caller, productID)
    variants.generate(session, product, overwrite=overwriteExisting)
    return products.to_read(session, [product])[0]


@router.get(
    "/{productID}/variants", operation_id="Products.ListVariants", dependencies=[PRODUCT_READ]
)
def list_variants(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[VariantRead]:
    """A product's variants."""
    product = products.get_product(session, caller, productID)
    page = variants.list_variants(session, product, args)
    return list_page(page, lambda rows: [variants.to_read(r) for r in rows])


@router.get(
    "/{productID}/variants/{variantID}",
    operation_id="Products.GetVariant",
    dependencies=[PRODUCT_READ],
)
def get_variant(
    session: SessionDep, caller: CallerDep, productID: str, variantID: str
) -> VariantRead:
    """Get a variant."""
    product = products.get_product(session, caller, productID)
    return variants.to_read(variants.variants_of(product).get(session, variantID))


@router.put(
    "/{productID}/variants/{variantID}",
    operation_id="Products.SaveVariant",
    dependencies=[PRODUCT_WRITE],
)
def save_variant(
    session: SessionDep, caller: CallerDep, productID: str, variantID: str, body: VariantWrite
) -> VariantRead:
    """Replace a variant's editable fields (variants themselves come from GenerateVariants)."""
    product = products.get_product(session, caller, productID)
    return variants.to_read(variants.save_variant(session, product, variantID, body))


@router.patch(
    "/{productID}/variants/{variantID}",
    operation_id="Products.PatchVariant",
    dependencies=[PRODUCT_WRITE],
)
def patch_variant(
    session: SessionDep, caller: CallerDep, productID: str, variantID: str, body: VariantPatch
) -> VariantRead:
    """Update the variant fields sent."""
    product = products.get_product(session, caller, productID)
    return variants.to_read(variants.patch_variant(session, product, variantID, body))


@router.get(
    "/{productID}/suppliers", operation_id="Products.ListSuppliers", dependencies=[PRODUCT_READ]
)
def list_product_suppliers(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[ProductSupplier]:
    """The suppliers that sell a product."""
    page = product_suppliers.list_suppliers(session, caller, productID, args)
    return list_page(page, lambda rows: [product_suppliers.to_read(r) for r in rows])


@router.put(
    "/{productID}/suppliers/{supplierID}",
    status_code=204,
    operation_id="Products.SaveSupplier",
    dependencies=[PRODUCT_WRITE],
)
def save_product_supplier(
    session: SessionDep,
    caller: CallerDep,
    productID: str,
    supplierID: str,
    defaultPriceScheduleID: OptionalId = None,
) -> Response:
    """Let a supplier sell a product, optionally at its own default price schedule."""
    product_suppliers.save_supplier(session, caller, productID, supplierID, defaultPriceScheduleID)
    return no_content()


@router.delete(
    "/{productID}/suppliers/{supplierID}",
    status_code=204,
    operation_id="Products.RemoveSupplier",
    dependencies=[PRODUCT_WRITE],
)
def remove_product_supplier(
    session: SessionDep, caller: CallerDep, productID: str, supplierID: str
) -> Response:
    """Stop a supplier selling a product."""
    product_suppliers.remove_supplier(session, caller, productID, supplierID)
    return no_content()
