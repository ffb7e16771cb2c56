"""Routes of catalogs, products, price schedules and their assignments, with their roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.catalog import catalogs, categories, price_schedules, products, shopping
from mercato.catalog.schemas import (
    BuyerProduct,
    CatalogAssignment,
    CatalogPatch,
    CatalogRead,
    CatalogWrite,
    CategoryAssignment,
    CategoryPatch,
    CategoryProductAssignment,
    CategoryRead,
    CategoryWrite,
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
from mercato.core.routing import faceted_page, list_page, no_content
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
    page = catalogs.list_catalogs(session, caller, args)
    return list_page(page, lambda rows: catalogs.to_read(session, list(rows)))


@catalog_routes.post(
    "", status_code=201, operation_id="Catalogs.Create", dependencies=[CATALOG_WRITE]
)
def create_catalog(session: SessionDep, caller: CallerDep, body: CatalogWrite) -> CatalogRead:
    """Create a catalog."""
    return catalogs.to_read(session, [catalogs.create_catalog(session, caller, body)])[0]


@catalog_routes.get("/{catalogID}", operation_id="Catalogs.Get", dependencies=[CATALOG_READ])
def get_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """Get a catalog."""
    return catalogs.to_read(session, [catalogs.get_catalog(session, caller, catalogID)])[0]


@catalog_routes.put("/{catalogID}", operation_id="Catalogs.Save", dependencies=[CATALOG_WRITE])
def save_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogWrite
) -> CatalogRead:
    """Create or replace a catalog."""
    return catalogs.to_read(session, [catalogs.save_catalog(session, caller, catalogID, body)])[0]


@catalog_routes.patch("/{catalogID}", operation_id="Catalogs.Patch", dependencies=[CATALOG_WRITE])
def patch_catalog(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CatalogPatch
) -> CatalogRead:
    """Update the catalog fields sent."""
    return catalogs.to_read(session, [catalogs.patch_catalog(session, caller, catalogID, body)])[0]


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


# --- categories -------------------------------------------------------------------------------
category_routes = APIRouter(prefix="/catalogs/{catalogID}/categories", tags=["Categories"])
CATEGORY_READ = requires(Role.CategoryAdmin, Role.CategoryReader)
CATEGORY_WRITE = requires(Role.CategoryAdmin)


@category_routes.get(
    "/assignments", operation_id="Categories.ListAssignments", dependencies=[CATEGORY_READ]
)
def list_category_assignments(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryAssignment]:
    """List what buyers and user groups see of the catalog's categories."""
    page = categories.list_assignments(session, caller, catalogID, args)
    return list_page(page, lambda rows: [categories.assignment_to_read(r) for r in rows])


@category_routes.post(
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


@category_routes.get(
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


@category_routes.post(
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


@category_routes.get("", operation_id="Categories.List", dependencies=[CATEGORY_READ])
def list_categories(
    session: SessionDep, caller: CallerDep, catalogID: str, args: ListArgsDep
) -> ListPage[CategoryRead]:
    """List categories; ``depth`` (default 1, or "all") counts levels below ParentID."""
    page = categories.list_categories(session, caller, catalogID, args)
    return list_page(page, lambda rows: categories.to_read(session, list(rows)))


@category_routes.post(
    "", status_code=201, operation_id="Categories.Create", dependencies=[CATEGORY_WRITE]
)
def create_category(
    session: SessionDep, caller: CallerDep, catalogID: str, body: CategoryWrite
) -> CategoryRead:
    """Create a category."""
    category = categories.create_category(session, caller, catalogID, body)
    return categories.to_read(session, [category])[0]


@category_routes.get("/{categoryID}", operation_id="Categories.Get", dependencies=[CATEGORY_READ])
def get_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str
) -> CategoryRead:
    """Get a category."""
    category = categories.get_category(session, caller, catalogID, categoryID)
    return categories.to_read(session, [category])[0]


@category_routes.put("/{categoryID}", operation_id="Categories.Save", dependencies=[CATEGORY_WRITE])
def save_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, body: CategoryWrite
) -> CategoryRead:
    """Create or replace a category."""
    category = categories.save_category(session, caller, catalogID, categoryID, body)
    return categories.to_read(session, [category])[0]


@category_routes.patch(
    "/{categoryID}", operation_id="Categories.Patch", dependencies=[CATEGORY_WRITE]
)
def patch_category(
    session: SessionDep, caller: CallerDep, catalogID: str, categoryID: str, body: CategoryPatch
) -> CategoryRead:
    """Update the category fields sent; a new ParentID moves its whole subtree."""
    category = categories.patch_category(session, caller, catalogID, categoryID, body)
    return categories.to_read(session, [category])[0]


@category_routes.delete(
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


@category_routes.delete(
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


@category_routes.delete(
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


router = APIRouter()
for part in (category_routes, catalog_routes, schedule_routes, product_routes):
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
    page = shopping.list_catalogs(session, caller, args)
    return list_page(page, lambda rows: catalogs.to_read(session, list(rows)))


@me_routes.get("/catalogs/{catalogID}", operation_id="Me.GetCatalog", dependencies=[SHOPPER])
def get_my_catalog(session: SessionDep, caller: CallerDep, catalogID: str) -> CatalogRead:
    """One catalog assigned to the caller's buyer."""
    return catalogs.to_read(session, [shopping.get_catalog(session, caller, catalogID)])[0]


@me_routes.get("/categories", operation_id="Me.ListCategories", dependencies=[SHOPPER])
def list_my_categories(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[CategoryRead]:
    """Visible categories of a catalog (default: the buyer's); ``depth`` as in admin lists."""
    page = shopping.list_categories(session, caller, args)
    return list_page(page, lambda rows: categories.to_read(session, list(rows)))


@me_routes.get("/categories/{categoryID}", operation_id="Me.GetCategory", dependencies=[SHOPPER])
def get_my_category(
    session: SessionDep, caller: CallerDep, categoryID: str, catalogID: OptionalId = None
) -> CategoryRead:
    """One visible category."""
    category = shopping.get_category(session, caller, categoryID, catalogID)
    return categories.to_read(session, [category])[0]


router.include_router(me_routes)
