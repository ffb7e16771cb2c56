"""Bundles, the products in them, and the buyers and user groups they are offered to."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access, categories, products
from mercato.catalog.models import (
    Bundle,
    BundleAssignment,
    BundleCatalogAssignment,
    BundleProductAssignment,
    CategoryBundleAssignment,
    Product,
)
from mercato.catalog.schemas import BundleAssignment as AssignmentBody
from mercato.catalog.schemas import BundlePatch, BundleWrite
from mercato.catalog.schemas import BundleProductAssignment as ProductBody
from mercato.catalog.scopes import BUNDLES, CATALOGS
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level, where_linked
from mercato.organizations.companies import at_party, buyer_and_group
from mercato.organizations.models import Company, UserGroup

BUNDLE_LIST = ListSpec(
    fields={
        "ID": Bundle.id,
        "Name": Bundle.name,
        "Description": Bundle.description,
        "OwnerID": Bundle.owner_id,
        "Active": Bundle.active,
    },
    search=("ID", "Name", "Description"),
    sort=("ID", "Name", "OwnerID"),
    tiebreak=Bundle.pk,
    xp=Bundle.xp,
    params=frozenset({"catalogid", "categoryid", "supplierid"}),
)
PRODUCT_ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=BundleProductAssignment.pk,
    params=frozenset({"bundleid", "productid"}),
)  # fmt: skip
ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=BundleAssignment.pk,
    params=frozenset({"bundleid", "buyerid", "usergroupid", "level"}),
)  # fmt: skip


def _owner_mismatch(bundle: Bundle, product_id: str) -> ApiError:
    return ApiError(
        f"Product {product_id} has another owner than bundle {bundle.id} ({bundle.owner_id}).",
        code="Bundle.OwnerIDMustMatch",
        data={"BundleID": bundle.id, "ProductID": product_id},
    )


def _check_products_owned_alike(session: Session, bundle: Bundle) -> None:
    """A bundle and every product in it have one owner, who ships the whole bundle."""
    stray = session.scalar(
        select(Product.id)
        .join(BundleProductAssignment, BundleProductAssignment.product_pk == Product.pk)
        .where(BundleProductAssignment.bundle_pk == bundle.pk, Product.owner_id != bundle.owner_id)
        .limit(1)
    )
    if stray is not None:
        raise _owner_mismatch(bundle, stray)


def list_bundles(session: Session, caller: Caller, args: ListArgs) -> Page[Bundle]:
    stmt = access.visible(caller, BUNDLES.query(), Bundle.owner_id)
    catalog_id, category_id = args.filter_value("catalogID"), args.filter_value("categoryID")
    if category_id and not catalog_id:
        raise ApiError(
            "Filtering by categoryID needs catalogID.",
            code="Product.CategoryFilterRequiresCatalogID",
        )
    if catalog_id:
        catalog = CATALOGS.get(session, catalog_id)
        in_catalog = select(BundleCatalogAssignment.bundle_pk).where(
            BundleCatalogAssignment.catalog_pk == catalog.pk
        )
        stmt = stmt.where(Bundle.pk.in_(in_catalog))
        if category_id:
            category = categories.categories_of(catalog).get(session, category_id)
            in_category = select(CategoryBundleAssignment.bundle_pk).where(
                CategoryBundleAssignment.category_pk == category.pk
            )
            stmt = stmt.where(Bundle.pk.in_(in_category))
    supplier_id = args.filter_value("supplierID")
    if supplier_id:
        stmt = stmt.where(Bundle.owner_id == supplier_id)
    return paginate(session, stmt, args, BUNDLE_LIST)


def get_bundle(session: Session, caller: Caller, bundle_id: str) -> Bundle:
    bundle = BUNDLES.get(session, bundle_id)
    access.check_owner(caller, bundle, "Bundle")
    return bundle


def create_bundle(session: Session, caller: Caller, data: BundleWrite) -> Bundle:
    values = access.with_owner(caller, data.model_dump(by_alias=False), new=True)
    return resources.create(session, BUNDLES, values)


def save_bundle(session: Session, caller: Caller, bundle_id: str, data: BundleWrite) -> Bundle:
    existing = BUNDLES.find(session, bundle_id)
    if existing is not None:
        access.check_owner(caller, existing, "Bundle")
    values = access.with_owner(caller, data.model_dump(by_alias=False), new=existing is None)
    bundle = resources.save(session, BUNDLES, bundle_id, values)
    _check_products_owned_alike(session, bundle)
    return bundle


def patch_bundle(session: Session, caller: Caller, bundle_id: str, data: BundlePatch) -> Bundle:
    bundle = get_bundle(session, caller, bundle_id)
    values = access.with_owner(caller, resources.patch_values(data, BundleWrite), new=False)
    resources.patch(session, BUNDLES, bundle, values)
    _check_products_owned_alike(session, bundle)
    return bundle


def delete_bundle(session: Session, caller: Caller, bundle_id: str) -> None:
    """Delete a bundle; its product, party, catalog and category assignments go with it."""
    session.delete(get_bundle(session, caller, bundle_id))
    session.flush()


# --- products in bundles ----------------------------------------------------------------------


def _product_row(
    session: Session, bundle: Bundle, product: Product
) -> BundleProductAssignment | None:
    return session.scalars(
        select(BundleProductAssignment).where(
            BundleProductAssignment.bundle_pk == bundle.pk,
            BundleProductAssignment.product_pk == product.pk,
        )
    ).first()


def save_product_assignment(session: Session, caller: Caller, data: ProductBody) -> None:
    bundle = get_bundle(session, caller, data.bundle_id)
    product = products.get_product(session, caller, data.product_id)
    if product.is_parent:
        # A parent product is never bought itself, only its children are.
        raise ApiError(
            f"Product {product.id} is a parent product; put one of its children in the bundle.",
            code="Bundle.ParentProductAssigned",
            data={"ProductID": product.id},
        )
    if product.owner_id != bundle.owner_id:
        raise _owner_mismatch(bundle, product.id)
    row = _product_row(session, bundle, product)
    if row is None:
        row = BundleProductAssignment(bundle_pk=bundle.pk, product_pk=product.pk)
        session.add(row)
    row.required = data.required
    row.default_quantity = data.default_quantity
    session.flush()


def delete_product_assignment(
    session: Session, caller: Caller, bundle_id: str, product_id: str
) -> None:
    bundle = get_bundle(session, caller, bundle_id)
    product = products.get_product(session, caller, product_id)
    row = _product_row(session, bundle, product)
    if row is None:
        raise NotFound("BundleProductAssignment", product_id)
    session.delete(row)
    session.flush()


def list_product_assignments(
    session: Session, caller: Caller, args: ListArgs
) -> Page[BundleProductAssignment]:
    a = BundleProductAssignment
    stmt = select(a).join(Bundle, Bundle.pk == a.bundle_pk)
    stmt = access.visible(caller, stmt, Bundle.owner_id)
    links = (("bundleID", a.bundle_pk, Bundle), ("productID", a.product_pk, Product))
    return paginate(session, where_linked(stmt, args, links), args, PRODUCT_ASSIGNMENT_LIST)


def product_assignment_to_read(row: BundleProductAssignment) -> ProductBody:
    return ProductBody(
        product_id=row.product.id,
        bundle_id=row.bundle.id,
        required=row.required,
        default_quantity=row.default_quantity,
    )


# --- buyers and user groups -------------------------------------------------------------------


def _same_party(
    bundle: Bundle, buyer: Company, group: UserGroup | None
) -> Select[BundleAssignment]:
    a = BundleAssignment
    return select(a).where(a.bundle_pk == bundle.pk, at_party(a.buyer_pk, a.group_pk, buyer, group))


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    bundle = get_bundle(session, caller, data.bundle_id)
    buyer, group = buyer_and_group(session, data.buyer_id, data.user_group_id)
    if session.scalars(_same_party(bundle, buyer, group)).first() is None:
        session.add(
            BundleAssignment(
                bundle_pk=bundle.pk, buyer_pk=buyer.pk, group_pk=group.pk if group else None
            )
        )
        session.flush()


def delete_assignment(
    session: Session,
    caller: Caller,
    *,
    bundle_id: str,
    buyer_id: str,
    group_id: str | None,
    user_id: str | None,
) -> None:
    bundle = get_bundle(session, caller, bundle_id)
    buyer, group = buyer_and_group(session, buyer_id, group_id)
    row = session.scalars(_same_party(bundle, buyer, group)).first()
    # Bundles go to buyers and user groups, never to single users: naming a user must not
    # remove the buyer-wide assignment.
    if row is None or user_id:
        raise NotFound("BundleAssignment", bundle_id)
    session.delete(row)
    session.flush()


def list_assignments(session: Session, caller: Caller, args: ListArgs) -> Page[BundleAssignment]:
    a = BundleAssignment
    stmt = select(a).join(Bundle, Bundle.pk == a.bundle_pk)
    stmt = access.visible(caller, stmt, Bundle.owner_id)
    links = (
        ("bundleID", a.bundle_pk, Bundle),
        ("buyerID", a.buyer_pk, Company),
        ("userGroupID", a.group_pk, UserGroup),
    )
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: BundleAssignment) -> AssignmentBody:
    return AssignmentBody(
        bundle_id=row.bundle.id,
        buyer_id=row.buyer.id,
        user_group_id=row.group.id if row.group else None,
    )
