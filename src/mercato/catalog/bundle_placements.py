"""Where bundles are shelved: the catalogs and categories they are assigned to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access, bundles, catalogs, categories
from mercato.catalog.models import (
    Bundle,
    BundleCatalogAssignment,
    Catalog,
    Category,
    CategoryBundleAssignment,
)
from mercato.catalog.schemas import BundleCatalogAssignment as CatalogBody
from mercato.catalog.schemas import CategoryBundleAssignment as CategoryBody
from mercato.core.errors import NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_linked

CATALOG_ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=BundleCatalogAssignment.pk,
    params=frozenset({"catalogid", "bundleid"}),
)  # fmt: skip
CATEGORY_ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=CategoryBundleAssignment.pk,
    params=frozenset({"categoryid", "bundleid"}),
)  # fmt: skip


def _catalog_row(
    session: Session, catalog_pk: int, bundle: Bundle
) -> BundleCatalogAssignment | None:
    return session.scalars(
        select(BundleCatalogAssignment).where(
            BundleCatalogAssignment.catalog_pk == catalog_pk,
            BundleCatalogAssignment.bundle_pk == bundle.pk,
        )
    ).first()


def _shelve(session: Session, caller: Caller, catalog: Catalog, bundle: Bundle) -> None:
    catalogs.check_fits(caller, catalog, bundle.owner_id)
    if _catalog_row(session, catalog.pk, bundle) is None:
        session.add(BundleCatalogAssignment(catalog_pk=catalog.pk, bundle_pk=bundle.pk))
        session.flush()


def save_catalog_assignment(session: Session, caller: Caller, data: CatalogBody) -> None:
    catalog = catalogs.get_catalog(session, caller, data.catalog_id)
    _shelve(session, caller, catalog, bundles.get_bundle(session, caller, data.bundle_id))


def delete_catalog_assignment(
    session: Session, caller: Caller, catalog_id: str, bundle_id: str
) -> None:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    row = _catalog_row(session, catalog.pk, bundles.get_bundle(session, caller, bundle_id))
    if row is None:
        raise NotFound("BundleCatalogAssignment", bundle_id)
    session.delete(row)
    session.flush()


def list_catalog_assignments(
    session: Session, caller: Caller, args: ListArgs
) -> Page[BundleCatalogAssignment]:
    a = BundleCatalogAssignment
    stmt = select(a).join(Catalog, Catalog.pk == a.catalog_pk)
    stmt = access.visible(caller, stmt, Catalog.owner_id)
    links = (("catalogID", a.catalog_pk, Catalog), ("bundleID", a.bundle_pk, Bundle))
    return paginate(session, where_linked(stmt, args, links), args, CATALOG_ASSIGNMENT_LIST)


def catalog_assignment_to_read(row: BundleCatalogAssignment) -> CatalogBody:
    return CatalogBody(catalog_id=row.catalog.id, bundle_id=row.bundle.id)


# --- categories -------------------------------------------------------------------------------


def _category_row(
    session: Session, category: Category, bundle: Bundle
) -> CategoryBundleAssignment | None:
    return session.scalars(
        select(CategoryBundleAssignment).where(
            CategoryBundleAssignment.category_pk == category.pk,
            CategoryBundleAssignment.bundle_pk == bundle.pk,
        )
    ).first()


def save_category_assignment(
    session: Session, caller: Caller, catalog_id: str, data: CategoryBody
) -> None:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    category = categories.categories_of(catalog).get(session, data.category_id)
    bundle = bundles.get_bundle(session, caller, data.bundle_id)
    # As with products, a bundle in a category is in that category's catalog too.
    _shelve(session, caller, catalog, bundle)
    row = _category_row(session, category, bundle)
    if row is None:
        row = CategoryBundleAssignment(category_pk=category.pk, bundle_pk=bundle.pk)
        session.add(row)
    row.list_order = data.list_order
    session.flush()


def delete_category_assignment(
    session: Session, caller: Caller, catalog_id: str, category_id: str, bundle_id: str
) -> None:
    """Take a bundle out of a category; it stays in the catalog."""
    category = categories.get_category(session, caller, catalog_id, category_id)
    row = _category_row(session, category, bundles.get_bundle(session, caller, bundle_id))
    if row is None:
        raise NotFound("CategoryBundleAssignment", bundle_id)
    session.delete(row)
    session.flush()


def list_category_assignments(
    session: Session, caller: Caller, catalog_id: str, args: ListArgs
) -> Page[CategoryBundleAssignment]:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    a = CategoryBundleAssignment
    stmt = (
        select(a)
        .join(Category, Category.pk == a.category_pk)
        .where(Category.catalog_pk == catalog.pk)
    )
    category_id = args.filter_value("categoryID")
    if category_id:
        stmt = stmt.where(Category.id == category_id)
    stmt = where_linked(stmt, args, [("bundleID", a.bundle_pk, Bundle)])
    return paginate(session, stmt, args, CATEGORY_ASSIGNMENT_LIST)


def category_assignment_to_read(row: CategoryBundleAssignment) -> CategoryBody:
    return CategoryBody(
        category_id=row.category.id, bundle_id=row.bundle.id, list_order=row.list_order
    )
