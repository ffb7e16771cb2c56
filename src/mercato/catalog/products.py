"""Products (the admin view) and their assignments to buyers and user groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access, inventory, product_facets, product_filters, variants
from mercato.catalog.models import (
    Bundle,
    BundleProductAssignment,
    CatalogAssignment,
    PriceSchedule,
    Product,
    ProductAssignment,
    ProductCatalogAssignment,
)
from mercato.catalog.schemas import ProductAssignment as AssignmentBody
from mercato.catalog.schemas import ProductPatch, ProductRead, ProductWrite
from mercato.catalog.scopes import CATALOGS, PRODUCTS, SCHEDULES
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import (
    FacetedPage,
    ListArgs,
    ListSpec,
    Page,
    paginate,
    where_level,
    where_linked,
)
from mercato.core.schemas import fields_of
from mercato.organizations.companies import SUPPLIERS, at_party, buyer_and_group
from mercato.organizations.models import Company, UserGroup

PRODUCT_LIST = ListSpec(
    fields={
        "ID": Product.id,
        "Name": Product.name,
        "Description": Product.description,
        "OwnerID": Product.owner_id,
        "Active": Product.active,
        "ParentID": Product.parent_id,
        "IsParent": Product.is_parent,
        "QuantityMultiplier": Product.quantity_multiplier,
        "ShipWeight": Product.ship_weight,
        "DefaultSupplierID": Product.default_supplier_id,
        "Returnable": Product.returnable,
        "DateCreated": Product.date_created,
    },
    search=("ID", "Name", "Description"),
    sort=("ID", "Name", "DateCreated", "OwnerID"),
    tiebreak=Product.pk,
    xp=Product.xp,
    params=frozenset({"catalogid", "categoryid", "supplierid"}),
)
ASSIGNMENT_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=ProductAssignment.pk,
    params=frozenset({"productid", "pricescheduleid", "buyerid", "usergroupid", "level"}),
)


def to_read(session: Session, rows: Sequence[Product]) -> list[ProductRead]:
    spec_counts, variant_counts = variants.counts(session, [p.pk for p in rows])
    result = []
    for product in rows:
        values = fields_of(product, ProductRead)
        schedule = product.default_price_schedule
        values["default_price_schedule_id"] = schedule.id if schedule else None
        values["spec_count"] = spec_counts.get(product.pk, 0)
        values["variant_count"] = variant_counts.get(product.pk, 0)
        result.append(ProductRead.model_validate(values))
    return result


def _values(session: Session, caller: Caller, data: dict[str, Any], *, new: bool) -> dict[str, Any]:
    values = access.with_owner(caller, data, new=new)
    if values.get("inventory") is not None:
        values["inventory"] = inventory.stamped(values["inventory"])
    if "default_price_schedule_id" in values:
        schedule_id = values.pop("default_price_schedule_id")
        values["default_price_schedule_pk"] = (
            schedule_for(session, caller, schedule_id).pk if schedule_id else None
        )
    return values


def schedule_for(session: Session, caller: Caller, schedule_id: str) -> PriceSchedule:
    schedule = SCHEDULES.find(session, schedule_id)
    if schedule is None:
        raise ApiError(
            f"Price schedule {schedule_id} does not exist.",
            code="PriceSchedule.InvalidDefaultPriceScheduleID",
            data={"PriceScheduleID": schedule_id},
        )
    access.check_owner(caller, schedule, "PriceSchedule")
    return schedule


def list_products(session: Session, caller: Caller, args: ListArgs) -> FacetedPage[Product]:
    stmt = access.visible(caller, PRODUCTS.query(), Product.owner_id)
    catalog_id = args.filter_value("catalogID")
    product_filters.check_category_needs_catalog(args, catalog_id)
    if catalog_id:
        catalog = CATALOGS.get(session, catalog_id)
        stmt = stmt.where(
            Product.pk.in_(
                select(ProductCatalogAssignment.product_pk).where(
                    ProductCatalogAssignment.catalog_pk == catalog.pk
                )
            )
        )
        if args.filter_value("categoryID"):
            stmt = stmt.where(product_filters.in_category(session, catalog, args))
    supplier_id = args.filter_value("supplierID")
    if supplier_id:
        stmt = stmt.where(
            product_filters.sold_by(SUPPLIERS.get(session, supplier_id), caller.marketplace.id)
        )
    page = paginate(session, stmt, args, PRODUCT_LIST)
    facets = product_facets.facets_of(session, caller, stmt, args, PRODUCT_LIST)
    return FacetedPage(items=page.items, meta=page.meta, facets=facets)


def get_product(session: Session, caller: Caller, product_id: str) -> Product:
    product = PRODUCTS.get(session, product_id)
    access.check_owner(caller, product, "Product")
    return product


def create_product(session: Session, caller: Caller, data: ProductWrite) -> Product:
    values = _values(session, caller, data.model_dump(by_alias=False), new=True)
    return resources.create(session, PRODUCTS, values)


def save_product(session: Session, caller: Caller, product_id: str, data: ProductWrite) -> Product:
    existing = PRODUCTS.find(session, product_id)
    if existing is not None:
        access.check_owner(caller, existing, "Product")
    values = _values(session, caller, data.model_dump(by_alias=False), new=existing is None)
    return resources.save(session, PRODUCTS, product_id, values)


def patch_product(session: Session, caller: Caller, product_id: str, data: ProductPatch) -> Product:
    product = get_product(session, caller, product_id)
    values = _values(session, caller, resources.patch_values(data, ProductWrite), new=False)
    if data.inventory is not None and product.inventory:
        # Inventory is patched field by field, like xp.
        sent = data.inventory.model_dump(exclude_unset=True, by_alias=False)
        values["inventory"] = inventory.stamped(sent, product.inventory)
    return resources.patch(session, PRODUCTS, product, values)


def delete_product(session: Session, caller: Caller, product_id: str) -> None:
    product = get_product(session, caller, product_id)
    bundle_id = session.scalar(
        select(Bundle.id)
        .join(BundleProductAssignment, BundleProductAssignment.bundle_pk == Bundle.pk)
        .where(BundleProductAssignment.product_pk == product.pk)
        .limit(1)
    )
    if bundle_id is not None:
        raise ApiError(
            f"Product {product.id} is in bundle {bundle_id}; take it out of the bundle first.",
            # OrderCloud's own spelling of the code.
            code="Product.CannotDeleteProductAssingedToBundle",
            data={"BundleID": bundle_id},
        )
    session.delete(product)
    session.flush()


# --- assignments to buyers and user groups -------------------------------------------------


def _same_party(
    product: Product, buyer: Company, group: UserGroup | None
) -> Select[ProductAssignment]:
    a = ProductAssignment
    return select(a).where(
        a.product_pk == product.pk, at_party(a.buyer_pk, a.group_pk, buyer, group)
    )


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    access.check_manager(caller)
    product = get_product(session, caller, data.product_id)
    buyer, group = buyer_and_group(session, data.buyer_id, data.user_group_id)
    schedule = (
        schedule_for(session, caller, data.price_schedule_id) if data.price_schedule_id else None
    )
    shared_catalog = session.scalar(
        select(ProductCatalogAssignment.pk)
        .join(
            CatalogAssignment,
            CatalogAssignment.catalog_pk == ProductCatalogAssignment.catalog_pk,
        )
        .where(
            ProductCatalogAssignment.product_pk == product.pk,
            CatalogAssignment.buyer_pk == buyer.pk,
        )
        .limit(1)
    )
    if shared_catalog is None:
        raise ApiError(
            f"Product {product.id} is in no catalog assigned to buyer {buyer.id}.",
            code="Product.CannotAssignNotInBuyerCatalog",
        )
    existing = session.scalars(_same_party(product, buyer, group)).first()
    if existing is None:
        existing = ProductAssignment(
            product_pk=product.pk, buyer_pk=buyer.pk, group_pk=group.pk if group else None
        )
        session.add(existing)
    existing.price_schedule_pk = schedule.pk if schedule else None
    session.flush()


def delete_assignment(
    session: Session, caller: Caller, product_id: str, buyer_id: str, group_id: str | None
) -> None:
    product = get_product(session, caller, product_id)
    buyer, group = buyer_and_group(session, buyer_id, group_id)
    row = session.scalars(_same_party(product, buyer, group)).first()
    if row is None:
        raise NotFound("ProductAssignment", product_id)
    session.delete(row)
    session.flush()


def list_assignments(session: Session, caller: Caller, args: ListArgs) -> Page[ProductAssignment]:
    a = ProductAssignment
    stmt = select(a).join(Product, Product.pk == a.product_pk)
    stmt = access.visible(caller, stmt, Product.owner_id)
    links = (
        ("productID", a.product_pk, Product),
        ("buyerID", a.buyer_pk, Company),
        ("userGroupID", a.group_pk, UserGroup),
        ("priceScheduleID", a.price_schedule_pk, PriceSchedule),
    )
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: ProductAssignment) -> AssignmentBody:
    return AssignmentBody(
        product_id=row.product.id,
        buyer_id=row.buyer.id,
        user_group_id=row.group.id if row.group else None,
        price_schedule_id=row.price_schedule.id if row.price_schedule else None,
    )
