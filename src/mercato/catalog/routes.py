"""Routes of catalogs, products, price schedules and their assignments, with their roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.catalog import catalogs, price_schedules, products, shopping
from mercato.catalog.schemas import (
    BuyerProduct,
    CatalogAssignment,
    CatalogPatch,
    CatalogRead,
    CatalogWrite,
    PriceBreak,
    PriceSchedulePatch,
    PriceScheduleRead,
    PriceScheduleWrite,
    ProductAssignment,
    ProductCatalogAssignment,
    ProductPatch,
    ProductRead,
    ProductWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, faceted_page, list_page, no_content
from mercato.core.schemas import FacetedListPage, ListPage

CATALOG_READ = requires(Role.CatalogAdmin, Role.CatalogReader)
CATALOG_WRITE = requires(Role.CatalogAdmin)
PRODUCT_READ = requires(Role.ProductAdmin, Role.ProductReader)
PRODUCT_WRITE = requires(Role.ProductAdmin)
SCHEDULE_READ = requires(Role.PriceScheduleAdmin, Role.PriceScheduleReader)
SCHEDULE_WRITE = requires(Role.PriceScheduleAdmin)
OptionalId = Annotated[str | None, Query(max_length=100)]

catalog_routes = APIRouter(prefix="/catalogs", tags=["Catalogs"])
product_routes = APIRouter(prefix="/products", tags=["Products"])
schedule_routes = APIRouter(prefix="/priceschedules", tags=["PriceSchedules"])


# --- catalogs -------------------------------------------------------------------------------
@catalog_routes.get(
    "/assignments", operation_id="Catalogs.ListAssignments", dependencies=[CATALOG_READ]
)
def list_catalog_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogAssignment]:
    """List which buyers shop which catalogs."""
    page = catalogs.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [catalogs.assignment_to_read(r) for r in rows])


@catalog_routes.post(
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


@catalog_routes.get(
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


@catalog_routes.post(
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


@catalog_routes.get("", operation_id="Catalogs.List", dependencies=[CATALOG_READ])
def list_catalogs(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogRead]:
    """List catalogs."""
    return list_page(catalogs.list_catalogs(session, caller, args), each(CatalogRead))


@catalog_routes.post(
    "", status_code=201, operation_id="Catalogs.Create", dependencies=[CATALOG_WRITE]
)
def create_catalog(session: SessionDep, caller: CallerDep, body: CatalogWrite) -> CatalogRead:
    """Create a catalog."""
    return CatalogRead.model_validate(catalogs.create_catalog(session, caller, body))


@catalog_routes.get("/{catalogID}", operation_id="Catalogs.Get", dependencies=[CATALOG_READ])
def get_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """Get a catalog."""
    return CatalogRead.model_validate(catalogs.get_catalog(session, caller, catalogID))


@catalog_routes.put("/{catalogID}", operation_id="Catalogs.Save", dependencies=[CATALOG_WRITE])
def save_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogWrite
) -> CatalogRead:
    """Create or replace a catalog."""
    return CatalogRead.model_validate(catalogs.save_catalog(session, caller, catalogID, body))


@catalog_routes.patch("/{catalogID}", operation_id="Catalogs.Patch", dependencies=[CATALOG_WRITE])
def patch_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogPatch
) -> CatalogRead:
    """Update the catalog fields sent."""
    return CatalogRead.model_validate(catalogs.patch_catalog(session, caller, catalogID, body))


@catalog_routes.delete(
    "/{catalogID}",
    status_code=204,
    operation_id="Catalogs.Delete",
    dependencies=[CATALOG_WRITE],
)
def delete_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> Response:
    """Delete a catalog that is no buyer's default catalog."""
    catalogs.delete_catalog(session, caller, catalogID)
    return no_content()


@catalog_routes.delete(
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


@catalog_routes.delete(
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


# --- price schedules ------------------------------------------------------------------------
@schedule_routes.get("", operation_id="PriceSchedules.List", dependencies=[SCHEDULE_READ])
def list_schedules(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[PriceScheduleRead]:
    """List price schedules."""
    page = price_schedules.list_schedules(session, caller, args)
    return list_page(page, lambda rows: [price_schedules.to_read(r) for r in rows])


@schedule_routes.post(
    "", status_code=201, operation_id="PriceSchedules.Create", dependencies=[SCHEDULE_WRITE]
)
def create_schedule(
    session: SessionDep, caller: CallerDep, body: PriceScheduleWrite
) -> PriceScheduleRead:
    """Create a price schedule with its price breaks."""
    return price_schedules.to_read(price_schedules.create_schedule(session, caller, body))


@schedule_routes.get(
    "/{priceScheduleID}", operation_id="PriceSchedules.Get", dependencies=[SCHEDULE_READ]
)
def get_schedule(session: SessionDep, caller: CallerDep, priceScheduleID: str) -> PriceScheduleRead:
    """Get a price schedule."""
    return price_schedules.to_read(price_schedules.get_schedule(session, caller, priceScheduleID))


@schedule_routes.put(
    "/{priceScheduleID}", operation_id="PriceSchedules.Save", dependencies=[SCHEDULE_WRITE]
)
def save_schedule(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceScheduleWrite
) -> PriceScheduleRead:
    """Create or replace a price schedule, breaks included."""
    schedule = price_schedules.save_schedule(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@schedule_routes.patch(
    "/{priceScheduleID}", operation_id="PriceSchedules.Patch", dependencies=[SCHEDULE_WRITE]
)
def patch_schedule(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceSchedulePatch
) -> PriceScheduleRead:
    """Update the fields sent; PriceBreaks, when sent, replace the current ones."""
    schedule = price_schedules.patch_schedule(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@schedule_routes.delete(
    "/{priceScheduleID}",
    status_code=204,
    operation_id="PriceSchedules.Delete",
    dependencies=[SCHEDULE_WRITE],
)
def delete_schedule(session: SessionDep, caller: CallerDep, priceScheduleID: str) -> Response:
    """Delete a price schedule."""
    price_schedules.delete_schedule(session, caller, priceScheduleID)
    return no_content()


@schedule_routes.post(
    "/{priceScheduleID}/PriceBreaks",
    status_code=201,
    operation_id="PriceSchedules.SavePriceBreak",
    dependencies=[SCHEDULE_WRITE],
)
def save_price_break(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceBreak
) -> PriceScheduleRead:
    """Add a price break, or replace the one with the same Quantity."""
    schedule = price_schedules.save_price_break(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@schedule_routes.delete(
    "/{priceScheduleID}/PriceBreaks",
    status_code=204,
    operation_id="PriceSchedules.DeletePriceBreak",
    dependencies=[SCHEDULE_WRITE],
)
def delete_price_break(
    session: SessionDep,
    caller: CallerDep,
    priceScheduleID: str,
    quantity: Annotated[int, Query(ge=1)],
) -> Response:
    """Remove the price break for ``quantity``."""
    price_schedules.delete_price_break(session, caller, priceScheduleID, quantity)
    return no_content()


# --- products -------------------------------------------------------------------------------
@product_routes.get(
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


@product_routes.post(
    "/assignments",
    status_code=204,
    operation_id="Products.SaveAssignment",
    dependencies=[requires(Role.ProductAdmin, Role.ProductAssignmentAdmin)],
)
def save_product_assignment(
    session: SessionDep, caller: CallerDep, body: ProductAssignment
) -> Response:
    """Make a product visible to a buyer or user group, optionally at a price."""
    products.save_assignment(session, caller, body)
    return no_content()


@product_routes.get("", operation_id="Products.List", dependencies=[PRODUCT_READ])
def list_products(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> FacetedListPage[ProductRead]:
    """List every product, active or not (filters: catalogID, categoryID)."""
    page = products.list_products(session, caller, args)
    return faceted_page(page, lambda rows: [products.to_read(r) for r in rows])


@product_routes.post(
    "", status_code=201, operation_id="Products.Create", dependencies=[PRODUCT_WRITE]
)
def create_product(session: SessionDep, caller: CallerDep, body: ProductWrite) -> ProductRead:
    """Create a product."""
    return products.to_read(products.create_product(session, caller, body))


@product_routes.get("/{productID}", operation_id="Products.Get", dependencies=[PRODUCT_READ])
def get_product(session: SessionDep, caller: CallerDep, productID: str) -> ProductRead:
    """Get a product."""
    return products.to_read(products.get_product(session, caller, productID))


@product_routes.put("/{productID}", operation_id="Products.Save", dependencies=[PRODUCT_WRITE])
def save_product(
    session: SessionDep, caller: CallerDep, productID: str, body: ProductWrite
) -> ProductRead:
    """Create or replace a product."""
    return products.to_read(products.save_product(session, caller, productID, body))


@product_routes.patch("/{productID}", operation_id="Products.Patch", dependencies=[PRODUCT_WRITE])
def patch_product(
    session: SessionDep, caller: CallerDep, productID: str, body: ProductPatch
) -> ProductRead:
    """Update the product fields sent."""
    return products.to_read(products.patch_product(session, caller, productID, body))


@product_routes.delete(
    "/{productID}",
    status_code=204,
    operation_id="Products.Delete",
    dependencies=[PRODUCT_WRITE],
)
def delete_product(session: SessionDep, caller: CallerDep, productID: str) -> Response:
    """Delete a product with its assignments."""
    products.delete_product(session, caller, productID)
    return no_content()


@product_routes.delete(
    "/{productID}/assignments/{buyerID}",
    status_code=204,
    operation_id="Products.DeleteAssignment",
    dependencies=[requires(Role.ProductAdmin, Role.ProductAssignmentAdmin)],
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


router = APIRouter()
for part in (catalog_routes, schedule_routes, product_routes):
    router.include_router(part)


# --- the buyer's view (/me) -------------------------------------------------------------------
me_routes = APIRouter(prefix="/me", tags=["Me"])
SHOPPER = requires(Role.Shopper)


@me_routes.get("/products", operation_id="Me.ListProducts", dependencies=[SHOPPER])
def list_my_products(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> FacetedListPage[BuyerProduct]:
    """The products the caller may buy, each with the price that applies to it."""
    page = shopping.list_products(session, caller, args)
    return faceted_page(page, lambda rows: shopping.to_buyer_products(session, caller, list(rows)))


@me_routes.get("/products/{productID}", operation_id="Me.GetProduct", dependencies=[SHOPPER])
def get_my_product(session: SessionDep, caller: CallerDep, productID: str) -> BuyerProduct:
    """One product the caller may buy, with its price."""
    product = shopping.get_product(session, caller, productID)
    return shopping.to_buyer_products(session, caller, [product])[0]


@me_routes.get("/catalogs", operation_id="Me.ListCatalogs", dependencies=[SHOPPER])
def list_my_catalogs(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CatalogRead]:
    """The active catalogs assigned to the caller's buyer."""
    return list_page(shopping.list_catalogs(session, caller, args), each(CatalogRead))


@me_routes.get("/catalogs/{catalogID}", operation_id="Me.GetCatalog", dependencies=[SHOPPER])
def get_my_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """One catalog assigned to the caller's buyer."""
    return CatalogRead.model_validate(shopping.get_catalog(session, caller, catalogID))


router.include_router(me_routes)
