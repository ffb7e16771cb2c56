"""Product list parameters shared by the admin and the buyer lists: categoryID, supplierID."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from mercato.catalog.categories import categories_of, child_path, parse_depth
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
    # Unlike category lists, product lists default to every level below.
    depth = parse_depth(args.filter_value("depth") or "all")
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


def sold_by(seller: Company, marketplace_id: str) -> ColumnElement[bool]:
    """Products a company sells; the same rule as ``sellers.sellers_of_product``.

    Its own and, for a supplier, the marketplace's products it was listed on (all of them
    when AllSuppliersCanSell); another supplier's products are never resold.
    """
    own = Product.owner_id == seller.id
    if seller.kind is not CompanyKind.SUPPLIER:
        return own
    listed = select(ProductSupplier.product_pk).where(ProductSupplier.supplier_pk == seller.pk)
    resold = or_(Product.all_suppliers_can_sell, Product.pk.in_(listed))
    return or_(own, and_(Product.owner_id == marketplace_id, resold))
