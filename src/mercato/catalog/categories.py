"""Categories: each catalog's tree, and its assignments to parties and products."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import catalogs
from mercato.catalog.models import (
    Catalog,
    Category,
    CategoryAssignment,
    CategoryProductAssignment,
    Product,
    ProductCatalogAssignment,
)
from mercato.catalog.schemas import CategoryAssignment as AssignmentBody
from mercato.catalog.schemas import CategoryPatch, CategoryRead, CategoryWrite
from mercato.catalog.schemas import CategoryProductAssignment as ProductBody
from mercato.catalog.scopes import PRODUCTS
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level, where_linked
from mercato.core.resources import Scope
from mercato.core.schemas import fields_of
from mercato.organizations.companies import at_party, buyer_and_group
from mercato.organizations.models import Company, UserGroup

CATEGORY_LIST = ListSpec(
    fields={
        "ID": Category.id,
        "Name": Category.name,
        "Description": Category.description,
        "ListOrder": Category.list_order,
        "Active": Category.active,
    },
    search=("ID", "Name", "Description"),
    sort=("ListOrder", "Name", "ID"),
    tiebreak=Category.pk,
    xp=Category.xp,
    params=frozenset({"depth", "parentid"}),
    default_sort="ListOrder",
)
ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=CategoryAssignment.pk,
    params=frozenset({"categoryid", "buyerid", "usergroupid", "level"}),
)  # fmt: skip
PRODUCT_ASSIGNMENT_LIST = ListSpec(
    fields={}, search=(), sort=(), tiebreak=CategoryProductAssignment.pk,
    params=frozenset({"categoryid", "productid"}),
)  # fmt: skip


def categories_of(catalog: Catalog) -> Scope[Category]:
    return Scope(Category, "Category", (Category.catalog_pk == catalog.pk,))


def to_read(session: Session, rows: list[Category]) -> list[CategoryRead]:
    counts: dict[int, int] = {}
    if rows:
        counted = (
            select(Category.parent_pk, func.count())
            .where(Category.parent_pk.in_([c.pk for c in rows]))
            .group_by(Category.parent_pk)
        )
        counts = {pk: n for pk, n in session.execute(counted).all() if pk is not None}
    return [
        CategoryRead.model_validate(
            {
                **fields_of(c, CategoryRead),
                "parent_id": c.parent.id if c.parent else None,
                "child_count": counts.get(c.pk, 0),
            }
        )
        for c in rows
    ]


def parse_depth(raw: str | None) -> int | None:
    """``depth``: a level count from 1, or "all" (None)."""
    if raw is None:
        return 1
    if raw.lower() == "all":
        return None
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise ApiError("depth must be a whole number from 1, or 'all'.", code="Category.InvalidDepth")


def within(stmt: Select[Any], parent: Category | None, depth: int | None) -> Select[Any]:
    """Narrow a category query to ``depth`` levels below ``parent`` (or below the roots)."""
    if parent is not None:
        stmt = stmt.where(Category.path.startswith(child_path(parent)))
    base = parent.depth if parent is not None else 0
    if depth is not None:
        stmt = stmt.where(Category.depth <= base + depth)
    return stmt


def child_path(parent: Category) -> str:
    return f"{parent.path}{parent.pk}/"


def list_categories(
    session: Session, caller: Caller, catalog_id: str, args: ListArgs
) -> Page[Category]:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    scope = categories_of(catalog)
    parent_id = args.filter_value("parentID")
    parent = scope.get(session, parent_id) if parent_id else None
    stmt = within(scope.query(), parent, parse_depth(args.filter_value("depth")))
    return paginate(session, stmt, args, CATEGORY_LIST)


def get_category(session: Session, caller: Caller, catalog_id: str, category_id: str) -> Category:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    return categories_of(catalog).get(session, category_id)


def _place(session: Session, category: Category, parent: Category | None) -> None:
    """Put ``category`` (and its subtree) under ``parent``."""
    if parent is not None and (
        parent.pk == category.pk or parent.path.startswith(child_path(category))
    ):
        raise ApiError(
            "A category cannot sit under itself or its own descendants.",
            code="Category.CircularReference",
        )
    old_prefix, old_depth = child_path(category), category.depth
    category.parent_pk = parent.pk if parent else None
    category.parent = parent
    category.path = child_path(parent) if parent else "/"
    category.depth = parent.depth + 1 if parent else 1
    session.flush()
    new_prefix, shift = child_path(category), category.depth - old_depth
    if new_prefix == old_prefix:
        return
    for child in session.scalars(
        select(Category).where(
            Category.catalog_pk == category.catalog_pk, Category.path.startswith(old_prefix)
        )
    ):
        child.path = new_prefix + child.path[len(old_prefix) :]
        child.depth += shift
    session.flush()


def _split(
    session: Session, scope: Scope[Category], data: dict[str, Any]
) -> tuple[dict[str, Any], Category | None, bool]:
    values = dict(data)
    moves = "parent_id" in values
    parent_id = values.pop("parent_id", None)
    parent = scope.get(session, parent_id) if parent_id else None
    return values, parent, moves


def create_category(
    session: Session, caller: Caller, catalog_id: str, data: CategoryWrite
) -> Category:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    scope = categories_of(catalog)
    values, parent, _ = _split(session, scope, data.model_dump(by_alias=False))
    category = resources.create(session, scope, values, catalog_pk=catalog.pk)
    _place(session, category, parent)
    return category


def save_category(
    session: Session, caller: Caller, catalog_id: str, category_id: str, data: CategoryWrite
) -> Category:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    scope = categories_of(catalog)
    values, parent, _ = _split(session, scope, data.model_dump(by_alias=False))
    existing = scope.find(session, category_id)
    if existing is None:
        values = {**values, "id": values.get("id") or category_id}
        category = resources.create(session, scope, values, catalog_pk=catalog.pk)
    else:
        category = resources.replace(session, scope, existing, values)
    _place(session, category, parent)
    return category


def patch_category(
    session: Session, caller: Caller, catalog_id: str, category_id: str, data: CategoryPatch
) -> Category:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    scope = categories_of(catalog)
    category = scope.get(session, category_id)
    values, parent, moves = _split(session, scope, resources.patch_values(data, CategoryWrite))
    resources.patch(session, scope, category, values)
    if moves:
        _place(session, category, parent)
    return category


def delete_category(session: Session, caller: Caller, catalog_id: str, category_id: str) -> None:
    """Delete a category with its whole subtree."""
    category = get_category(session, caller, catalog_id, category_id)
    for row in session.scalars(
        select(Category)
        .where(
            Category.catalog_pk == category.catalog_pk,
            Category.path.startswith(child_path(category)),
        )
        .order_by(Category.depth.desc())
    ):
        session.delete(row)
    session.delete(category)
    session.flush()


# --- party assignments ------------------------------------------------------------------------


def _same_party(
    category: Category, buyer: Company, group: UserGroup | None
) -> Select[CategoryAssignment]:
    a = CategoryAssignment
    return select(a).where(
        a.category_pk == category.pk, at_party(a.buyer_pk, a.group_pk, buyer, group)
    )


def save_assignment(
    session: Session, caller: Caller, catalog_id: str, data: AssignmentBody
) -> None:
    category = get_category(session, caller, catalog_id, data.category_id)
    buyer, group = buyer_and_group(session, data.buyer_id, data.user_group_id)
    row = session.scalars(_same_party(category, buyer, group)).first()
    if row is None:
        row = CategoryAssignment(
            category_pk=category.pk, buyer_pk=buyer.pk, group_pk=group.pk if group else None
        )
        session.add(row)
    row.visible = data.visible
    row.view_all_products = data.view_all_products
    session.flush()


def delete_assignment(
    session: Session,
    caller: Caller,
    *,
    catalog_id: str,
    category_id: str,
    buyer_id: str,
    group_id: str | None,
) -> None:
    category = get_category(session, caller, catalog_id, category_id)
    buyer, group = buyer_and_group(session, buyer_id, group_id)
    row = session.scalars(_same_party(category, buyer, group)).first()
    if row is None:
        raise NotFound("CategoryAssignment", category_id)
    session.delete(row)
    session.flush()


def list_assignments(
    session: Session, caller: Caller, catalog_id: str, args: ListArgs
) -> Page[CategoryAssignment]:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    a = CategoryAssignment
    stmt = (
        select(a)
        .join(Category, Category.pk == a.category_pk)
        .where(Category.catalog_pk == catalog.pk)
    )
    category_id = args.filter_value("categoryID")
    if category_id:
        stmt = stmt.where(Category.id == category_id)
    links = (("buyerID", a.buyer_pk, Company), ("userGroupID", a.group_pk, UserGroup))
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: CategoryAssignment) -> AssignmentBody:
    return AssignmentBody(
        category_id=row.category.id,
        buyer_id=row.buyer.id,
        user_group_id=row.group.id if row.group else None,
        visible=row.visible,
        view_all_products=row.view_all_products,
    )


# --- product assignments ----------------------------------------------------------------------


def save_product_assignment(
    session: Session, caller: Caller, catalog_id: str, data: ProductBody
) -> None:
    category = get_category(session, caller, catalog_id, data.category_id)
    product = PRODUCTS.get(session, data.product_id)
    if product.parent_id:
        raise ApiError(
            "Variants and child products follow their parent; assign the parent.",
            code="Category.CannotAssignChildProduct",
        )
    row = session.scalars(
        select(CategoryProductAssignment).where(
            CategoryProductAssignment.category_pk == category.pk,
            CategoryProductAssignment.product_pk == product.pk,
        )
    ).first()
    if row is None:
        row = CategoryProductAssignment(category_pk=category.pk, product_pk=product.pk)
        session.add(row)
    row.list_order = data.list_order
    # A product in a category is in its catalog too, as in OrderCloud.
    in_catalog = session.scalar(
        select(ProductCatalogAssignment.pk).where(
            ProductCatalogAssignment.catalog_pk == category.catalog_pk,
            ProductCatalogAssignment.product_pk == product.pk,
        )
    )
    if in_catalog is None:
        session.add(ProductCatalogAssignment(catalog_pk=category.catalog_pk, product_pk=product.pk))
    session.flush()


def delete_product_assignment(
    session: Session, caller: Caller, catalog_id: str, category_id: str, product_id: str
) -> None:
    category = get_category(session, caller, catalog_id, category_id)
    product = PRODUCTS.get(session, product_id)
    row = session.scalars(
        select(CategoryProductAssignment).where(
            CategoryProductAssignment.category_pk == category.pk,
            CategoryProductAssignment.product_pk == product.pk,
        )
    ).first()
    if row is None:
        raise NotFound("CategoryProductAssignment", product_id)
    session.delete(row)
    session.flush()


def list_product_assignments(
    session: Session, caller: Caller, catalog_id: str, args: ListArgs
) -> Page[CategoryProductAssignment]:
    catalog = catalogs.get_catalog(session, caller, catalog_id)
    a = CategoryProductAssignment
    stmt = (
        select(a)
        .join(Category, Category.pk == a.category_pk)
        .where(Category.catalog_pk == catalog.pk)
    )
    category_id = args.filter_value("categoryID")
    if category_id:
        stmt = stmt.where(Category.id == category_id)
    product_id = args.filter_value("productID")
    if product_id:
        products = select(Product.pk).where(Product.id == product_id)
        stmt = stmt.where(a.product_pk.in_(products))
    return paginate(session, stmt, args, PRODUCT_ASSIGNMENT_LIST)
