"""Which categories a buyer user sees, and which of them show all their products.

Each setting (``Visible``, ``ViewAllProducts``) is taken from the nearest category up
the tree that has one for the user: a row for one of the user's groups wins over the
buyer's row on the same category. With none anywhere, categories follow the catalog
assignment's ViewAllCategories, and show no products of their own. A category is only
seen when it and all its ancestors are active, in an active catalog assigned to the buyer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Row, bindparam, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.models import Catalog, CatalogAssignment, Category, CategoryAssignment
from mercato.organizations.scopes import group_pks_of


@dataclass
class CategoryView:
    visible: set[int] = field(default_factory=set)
    all_products: set[int] = field(default_factory=set)


@dataclass
class _Node:
    parent: int | None
    catalog: int
    active: bool


def categories_showing_products(session: Session, caller: Caller) -> set[int]:
    """``category_view(...).all_products``, in one query when no category shows its products.

    Only a ``ViewAllProducts`` of true on some category assignment of the user can make a
    category show its products, and most buyers have none: then the tree is not read.
    """
    if not any(row.view_all_products for row in _assignments(session, caller)):
        return set()
    return category_view(session, caller).all_products


def _assignments(
    session: Session, caller: Caller
) -> Sequence[Row[int, int | None, bool | None, bool | None]]:
    """The category assignments of the user's buyer and groups."""
    params = {"buyer_pk": caller.company.pk, "user_pk": caller.user.pk}
    return session.execute(_ASSIGNMENTS, params).all()


# Built once (every product page reads it); the caller is a parameter of each execution.
_ASSIGNMENTS = select(
    CategoryAssignment.category_pk,
    CategoryAssignment.group_pk,
    CategoryAssignment.visible,
    CategoryAssignment.view_all_products,
).where(
    CategoryAssignment.buyer_pk == bindparam("buyer_pk"),
    or_(
        CategoryAssignment.group_pk.is_(None),
        CategoryAssignment.group_pk.in_(group_pks_of(bindparam("user_pk"))),
    ),
)


def category_view(session: Session, caller: Caller) -> CategoryView:
    """Three queries: the buyer's catalogs, their categories, the user's assignments."""
    show_all = dict(
        session.execute(
            select(CatalogAssignment.catalog_pk, CatalogAssignment.view_all_categories)
            .join(Catalog, Catalog.pk == CatalogAssignment.catalog_pk)
            .where(CatalogAssignment.buyer_pk == caller.company.pk, Catalog.active)
        ).all()
    )
    if not show_all:
        return CategoryView()
    nodes = {
        pk: _Node(parent, catalog, active)
        for pk, parent, catalog, active in session.execute(
            select(Category.pk, Category.parent_pk, Category.catalog_pk, Category.active).where(
                Category.catalog_pk.in_(list(show_all))
            )
        ).all()
    }
    rows = _assignments(session, caller)
    own_visible: dict[int, bool] = {}
    own_products: dict[int, bool] = {}
    # Buyer rows first, so that group rows overwrite them.
    for category, _group, visible, products in sorted(rows, key=lambda r: r[1] is not None):
        if visible is not None:
            own_visible[category] = visible
        if products is not None:
            own_products[category] = products

    view = CategoryView()
    for pk, node in nodes.items():
        if not _active_chain(nodes, pk):
            continue
        if _inherited(nodes, own_visible, pk, default=show_all[node.catalog]):
            view.visible.add(pk)
        if _inherited(nodes, own_products, pk, default=False):
            view.all_products.add(pk)
    return view


def _active_chain(nodes: dict[int, _Node], pk: int | None) -> bool:
    while pk is not None:
        node = nodes[pk]
        if not node.active:
            return False
        pk = node.parent
    return True


def _inherited(nodes: dict[int, _Node], own: dict[int, bool], pk: int, *, default: bool) -> bool:
    current: int | None = pk
    while current is not None:
        if current in own:
            return own[current]
        current = nodes[current].parent
    return default
