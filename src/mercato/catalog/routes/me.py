"""The buyer's view under /me: products, catalogs, categories, specs and variants."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller, CallerDep, SessionDep
from mercato.catalog import (
    catalogs,
    categories,
    inventory_records,
    shopping,
    specs,
    variants,
)
from mercato.catalog.models import Spec
from mercato.catalog.routes.common import SHOPPER, OptionalId
from mercato.catalog.routes.inventory_records import IncludeAddress
from mercato.catalog.schemas import (
    BuyerProduct,
    CatalogRead,
    CategoryRead,
    InventoryRecordRead,
    SpecRead,
    VariantRead,
)
from mercato.core.errors import NotFound
from mercato.core.listing import ListArgs, ListArgsDep
from mercato.core.routing import faceted_page, list_page
from mercato.core.schemas import FacetedListPage, ListPage

router = APIRouter(prefix="/me", tags=["Me"])


@router.get("/products/{productID}/specs", operation_id="Me.ListSpecs", dependencies=[SHOPPER])
def list_my_product_specs(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[SpecRead]:
    """The specs of a product the caller may buy."""
    product = shopping.get_product(session, caller, productID)
    page = specs.list_product_specs(session, caller, product, args)
    return list_page(page, lambda rows: [specs.to_read(r) for r in rows])


@router.get(
    "/products/{productID}/specs/{specID}", operation_id="Me.GetSpec", dependencies=[SHOPPER]
)
def get_my_product_spec(
    session: SessionDep, caller: CallerDep, productID: str, specID: str
) -> SpecRead:
    """One spec of a product the caller may buy."""
    product = shopping.get_product(session, caller, productID)
    spec = session.scalars(specs.specs_of_product(product).where(Spec.id == specID)).first()
    if spec is None:
        raise NotFound("Spec", specID)
    return specs.to_read(spec)


@router.get(
    "/products/{productID}/variants", operation_id="Me.ListVariants", dependencies=[SHOPPER]
)
def list_my_variants(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[VariantRead]:
    """The variants of a product the caller may buy."""
    product = shopping.get_product(session, caller, productID)
    page = variants.list_variants(session, product, args)
    return list_page(page, lambda rows: [variants.to_read(r) for r in rows])


@router.get(
    "/products/{productID}/variants/{variantID}",
    operation_id="Me.GetVariant",
    dependencies=[SHOPPER],
)
def get_my_variant(
    session: SessionDep, caller: CallerDep, productID: str, variantID: str
) -> VariantRead:
    """One variant of a product the caller may buy."""
    product = shopping.get_product(session, caller, productID)
    return variants.to_read(variants.variants_of(product).get(session, variantID))


def _my_records(
    session: Session,
    caller: Caller,
    args: ListArgs,
    product_id: str,
    variant_id: str | None,
    include_address: bool,
) -> ListPage[InventoryRecordRead]:
    page = inventory_records.list_my_records(session, caller, product_id, variant_id, args)
    return list_page(
        page,
        lambda rows: [inventory_records.to_read(r, include_address=include_address) for r in rows],
    )


@router.get(
    "/products/{productID}/inventoryrecords",
    operation_id="Me.ListProductInventoryRecords",
    dependencies=[SHOPPER],
)
def list_my_product_inventory_records(
    session: SessionDep,
    caller: CallerDep,
    productID: str,
    args: ListArgsDep,
    includeAddress: IncludeAddress = False,
) -> ListPage[InventoryRecordRead]:
    """The records of a visible product that the caller's buyer or groups may use."""
    return _my_records(session, caller, args, productID, None, includeAddress)


@router.get(
    "/products/{productID}/variants/{variantID}/inventoryrecords",
    operation_id="Me.ListVariantInventoryRecords",
    dependencies=[SHOPPER],
)
def list_my_variant_inventory_records(
    session: SessionDep,
    caller: CallerDep,
    productID: str,
    variantID: str,
    args: ListArgsDep,
    includeAddress: IncludeAddress = False,
) -> ListPage[InventoryRecordRead]:
    """The records of a visible product's variant that the caller's buyer or groups may use."""
    return _my_records(session, caller, args, productID, variantID, includeAddress)


@router.get("/products", operation_id="Me.ListProducts", dependencies=[SHOPPER])
def list_my_products(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> FacetedListPage[BuyerProduct]:
    """The products the caller may buy, each with the price that applies to it."""
    seller = shopping.seller_filter(session, caller, args.filter_value("sellerID"))
    page = shopping.list_products(session, caller, args, seller)
    return faceted_page(
        page, lambda rows: shopping.to_buyer_products(session, caller, list(rows), seller)
    )


@router.get("/products/{productID}", operation_id="Me.GetProduct", dependencies=[SHOPPER])
def get_my_product(
    session: SessionDep, caller: CallerDep, productID: str, sellerID: OptionalId = None
) -> BuyerProduct:
    """One product the caller may buy, with its price (from ``sellerID`` if given)."""
    seller = shopping.seller_filter(session, caller, sellerID)
    product = shopping.get_product(session, caller, productID, seller)
    return shopping.to_buyer_products(session, caller, [product], seller)[0]


@router.get("/catalogs", operation_id="Me.ListCatalogs", dependencies=[SHOPPER])
def list_my_catalogs(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogRead]:
    """The active catalogs assigned to the caller's buyer."""
    page = shopping.list_catalogs(session, caller, args)
    return list_page(page, lambda rows: catalogs.to_read(session, list(rows)))


@router.get("/catalogs/{catalogID}", operation_id="Me.GetCatalog", dependencies=[SHOPPER])
def get_my_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """One catalog assigned to the caller's buyer."""
    return catalogs.to_read(session, [shopping.get_catalog(session, caller, catalogID)])[0]


@router.get("/categories", operation_id="Me.ListCategories", dependencies=[SHOPPER])
def list_my_categories(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CategoryRead]:
    """Visible categories of a catalog (default: the buyer's); ``depth`` as in admin lists."""
    page = shopping.list_categories(session, caller, args)
    return list_page(page, lambda rows: categories.to_read(session, list(rows)))


@router.get("/categories/{categoryID}", operation_id="Me.GetCategory", dependencies=[SHOPPER])
def get_my_category(
    session: SessionDep, caller: CallerDep, categoryID: str, catalogID: OptionalId = None
) -> CategoryRead:
    """One visible category."""
    category = shopping.get_category(session, caller, categoryID, catalogID)
    return categories.to_read(session, [category])[0]
