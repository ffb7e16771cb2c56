"""Product list parameters shared by the admin and the buyer lists: categoryID, supplierID."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from mercato.catalog.categories import categories_of, child_path
from mercato.catalog.models import (
    Catalog,
    Category,
    CategoryProductAssignment,
    Product,
    ProductSupplier,
)
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs
from mercato.organizations.models import Company, CompanyKind


def check_category_needs_catalog(args: ListArgs, catalog_id: str | None) -> None:
    if args.filter_value("categoryID") and not catalog_id:
        raise ApiError(
            "Filtering by categoryID needs catalogID.",
            code="Product.CategoryFilterRequiresCatalogID",
        )


def in_category(
    session: Session,
    catalog: Catalog,
    args: ListArgs,
    visible: Collection[int] | None = None,
) -> ColumnElement[bool]:
    """Products in ``categoryID`` and the categories ``depth`` levels under it.

    ``depth`` counts the category itself as the first level and defaults to all levels.
    ``visible`` limits the categories to those a buyer may see.
    """
    category_id = args.filter_value("categoryID") or ""
    category = categories_of(catalog).find(session, category_id)
    if category is None or (visible is not None and category.pk not in visible):
        raise NotFound("Category", category_id)
    depth = _product_depth(args.filter_value("depth"))
    below = and_(Category.catalog_pk == catalog.pk, Category.path.startswith(child_path(category)))
    if depth is not None:
        below = and_(below, Category.depth <= category.depth + depth - 1)
    categories = select(Category.pk).where(or_(Category.pk == category.pk, below))
    if visible is not None:
        categories = categories.where(Category.pk.in_(sorted(visible)))
    return Product.pk.in_(
        select(CategoryProductAssignment.product_pk).where(
            CategoryProductAssignment.category_pk.in_(categories)
        )
    )


def _product_depth(raw: str | None) -> int | None:
    if raw is None or raw.lower() == "all":
        return None
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise ApiError("depth must be a whole number from 1, or 'all'.", code="Category.InvalidDepth")


def sold_by(seller: Company) -> ColumnElement[bool]:
    """Products a company sells: its own, and for a supplier those it was made a seller of."""
    own = Product.owner_id == seller.id
    if seller.kind is not CompanyKind.SUPPLIER:
        return own
    listed = select(ProductSupplier.product_pk).where(ProductSupplier.supplier_pk == seller.pk)
    return or_(own, Product.all_suppliers_can_sell, Product.pk.in_(listed))
