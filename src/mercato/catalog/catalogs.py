"""Catalogs, the buyers that shop them, and the products in them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access
from mercato.catalog.models import (
    Catalog,
    CatalogAssignment,
    Category,
    Product,
    ProductCatalogAssignment,
)
from mercato.catalog.schemas import CatalogAssignment as AssignmentBody
from mercato.catalog.schemas import CatalogPatch, CatalogRead, CatalogWrite
from mercato.catalog.schemas import ProductCatalogAssignment as ProductBody
from mercato.catalog.scopes import CATALOGS, PRODUCTS
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_linked
from mercato.organizations.companies import BUYERS
from mercato.organizations.models import Company

CATALOG_LIST = ListSpec(
    fields={
        "ID": Catalog.id,
        "Name": Catalog.name,
        "Description": Catalog.description,
        "OwnerID": Catalog.owner_id,
        "Active": Catalog.active,
    },
    search=("ID", "Name", "Description"),
    sort=("Name", "ID"),
    tiebreak=Catalog.pk,
    xp=Catalog.xp,
)
ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=CatalogAssignment.pk,
    params=frozenset({"catalogid", "buyerid"}),
)  # fmt: skip
PRODUCT_ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=ProductCatalogAssignment.pk,
    params=frozenset({"catalogid", "productid"}),
)  # fmt: skip


def to_read(session: Session, rows: Sequence[Catalog]) -> list[CatalogRead]:
    counts: dict[int, int] = {}
    if rows:
        counted = (
            select(Category.catalog_pk, func.count())
            .where(Category.catalog_pk.in_([c.pk for c in rows]))
            .group_by(Category.catalog_pk)
        )
        counts = dict(session.execute(counted).all())
    return [
        CatalogRead.model_validate(c).model_copy(update={"category_count": counts.get(c.pk, 0)})
        for c in rows
    ]


def list_catalogs(session: Session, caller: Caller, args: ListArgs) -> Page[Catalog]:
    stmt = access.visible(caller, CATALOGS.query(), Catalog.owner_id)
    return paginate(session, stmt, args, CATALOG_LIST)


def get_catalog(session: Session, caller: Caller, catalog_id: str) -> Catalog:
    catalog = CATALOGS.get(session, catalog_id)
    access.check_owner(caller, catalog, "Catalog")
    return catalog


def create_catalog(session: Session, caller: Caller, data: CatalogWrite) -> Catalog:
    values = access.with_owner(caller, data.model_dump(by_alias=False), new=True)
    return resources.create(session, CATALOGS, values)


def save_catalog(session: Session, caller: Caller, catalog_id: str, data: CatalogWrite) -> Catalog:
    existing = CATALOGS.find(session, catalog_id)
    if existing is not None:
        access.check_owner(caller, existing, "Catalog")
    values = access.with_owner(caller, data.model_dump(by_alias=False), new=existing is None)
    return resources.save(session, CATALOGS, catalog_id, values)


def patch_catalog(session: Session, caller: Caller, catalog_id: str, data: CatalogPatch) -> Catalog:
    catalog = get_catalog(session, caller, catalog_id)
    old_id = catalog.id
    values = access.with_owner(caller, resources.patch_values(data, CatalogWrite), new=False)
    resources.patch(session, CATALOGS, catalog, values)
    if catalog.id != old_id:
        # Buyers name their default catalog by ID; keep them pointing at it.
        for buyer in session.scalars(select(Company).where(Company.default_catalog_id == old_id)):
            buyer.default_catalog_id = catalog.id
        session.flush()
    return catalog


def delete_catalog(session: Session, caller: Caller, catalog_id: str) -> None:
    catalog = get_catalog(session, caller, catalog_id)
    holder = session.scalar(select(Company.id).where(Company.default_catalog_id == catalog.id))
    if holder is not None:
        raise ApiError(
            f"Catalog {catalog.id} is the default catalog of buyer {holder}.",
            code="Catalog.CannotDelete",
            data={"BuyerID": holder},
        )
    session.delete(catalog)
    session.flush()


# --- buyer assignments ----------------------------------------------------------------------


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    catalog = get_catalog(session, caller, data.catalog_id)
    buyer = BUYERS.get(session, data.buyer_id)
    row = session.scalars(
        select(CatalogAssignment).where(
            CatalogAssignment.catalog_pk == catalog.pk, CatalogAssignment.buyer_pk == buyer.pk
        )
    ).first()
    if row is None:
        row = CatalogAssignment(catalog_pk=catalog.pk, buyer_pk=buyer.pk)
        session.add(row)
    row.view_all_categories = data.view_all_categories
    row.view_all_products = data.view_all_products
    session.flush()


def delete_assignment(session: Session, caller: Caller, catalog_id: str, buyer_id: str) -> None:
    catalog = get_catalog(session, caller, catalog_id)
    buyer = BUYERS.get(session, buyer_id)
    row = session.scalars(
        select(CatalogAssignment).where(
            CatalogAssignment.catalog_pk == catalog.pk, CatalogAssignment.buyer_pk == buyer.pk
        )
    ).first()
    if row is None:
        raise NotFound("CatalogAssignment", catalog_id)
    session.delete(row)
    session.flush()


def list_assignments(session: Session, caller: Caller, args: ListArgs) -> Page[CatalogAssignment]:
    stmt = select(CatalogAssignment).join(Catalog, Catalog.pk == CatalogAssignment.catalog_pk)
    stmt = access.visible(caller, stmt, Catalog.owner_id)
    catalog_id = args.filter_value("catalogID")
    if catalog_id:
        stmt = stmt.where(Catalog.id == catalog_id)
    stmt = where_linked(stmt, args, [("buyerID", CatalogAssignment.buyer_pk, Company)])
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: CatalogAssignment) -> AssignmentBody:
    return AssignmentBody(
        catalog_id=row.catalog.id,
        buyer_id=row.buyer.id,
        view_all_categories=row.view_all_categories,
        view_all_products=row.view_all_products,
    )


# --- product assignments --------------------------------------------------------------------


def check_fits(caller: Caller, catalog: Catalog, owner_id: str) -> None:
    """A catalog holds the marketplace's products and bundles and its own owner's only."""
    if owner_id not in (catalog.owner_id, caller.marketplace.id):
        raise ApiError(
            "Only the marketplace's or the catalog owner's products go in this catalog.",
            code="Catalog.CannotAssignProduct",
        )


def save_product_assignment(session: Session, caller: Caller, data: ProductBody) -> None:
    catalog = get_catalog(session, caller, data.catalog_id)
    product = PRODUCTS.get(session, data.product_id)
    access.check_owner(caller, product, "Product")
    if product.parent_id:
        raise ApiError(
            "Variants and child products follow their parent; assign the parent.",
            code="Catalog.CannotAssignChildProduct",
        )
    check_fits(caller, catalog, product.owner_id)
    exists = session.scalar(
        select(ProductCatalogAssignment.pk).where(
            ProductCatalogAssignment.catalog_pk == catalog.pk,
            ProductCatalogAssignment.product_pk == product.pk,
        )
    )
    if exists is None:
        session.add(ProductCatalogAssignment(catalog_pk=catalog.pk, product_pk=product.pk))
        session.flush()


def delete_product_assignment(
    session: Session, caller: Caller, catalog_id: str, product_id: str
) -> None:
    catalog = get_catalog(session, caller, catalog_id)
    product = PRODUCTS.get(session, product_id)
    row = session.scalars(
        select(ProductCatalogAssignment).where(
            ProductCatalogAssignment.catalog_pk == catalog.pk,
            ProductCatalogAssignment.product_pk == product.pk,
        )
    ).first()
    if row is None:
        raise NotFound("ProductCatalogAssignment", product_id)
    session.delete(row)
    session.flush()


def list_product_assignments(
    session: Session, caller: Caller, args: ListArgs
) -> Page[ProductCatalogAssignment]:
    stmt = (
        select(ProductCatalogAssignment)
        .join(Catalog, Catalog.pk == ProductCatalogAssignment.catalog_pk)
        .join(Product, Product.pk == ProductCatalogAssignment.product_pk)
    )
    stmt = access.visible(caller, stmt, Catalog.owner_id)
    for param, column in (("catalogID", Catalog.id), ("productID", Product.id)):
        value = args.filter_value(param)
        if value:
            stmt = stmt.where(column == value)
    return paginate(session, stmt, args, PRODUCT_ASSIGNMENT_LIST)
