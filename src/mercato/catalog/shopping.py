"""What a buyer user may see and at which price: ``/me/products`` and ``/me/catalogs``.

A product is visible when it is active, sits in an active catalog assigned to the user's
buyer, and either that assignment shows all products or the product is assigned to the
buyer or to one of the user's groups. Its price is the schedule of the most specific
assignment: a group's before the buyer's, and the product's default after both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select, union
from sqlalchemy.orm import Session, defaultload, lazyload

from mercato.auth.dependencies import Caller
from mercato.catalog import product_facets, product_filters, sellers, variants
from mercato.catalog.categories import CATEGORY_LIST, categories_of, parse_depth, within
from mercato.catalog.category_visibility import categories_showing_products, category_view
from mercato.catalog.models import (
    Catalog,
    CatalogAssignment,
    Category,
    CategoryProductAssignment,
    PriceSchedule,
    Product,
    ProductAssignment,
    ProductCatalogAssignment,
)
from mercato.catalog.price_schedules import to_reads as schedules_to_read
from mercato.catalog.products import PRODUCT_LIST
from mercato.catalog.schemas import BuyerProduct, ProductSeller
from mercato.core.errors import NotFound
from mercato.core.listing import FacetedPage, ListArgs, ListSpec, Page, paginate
from mercato.core.memo import Memo, shared_base
from mercato.core.schemas import fields_of
from mercato.organizations import access
from mercato.organizations.models import Company
from mercato.organizations.scopes import group_pks_of

MY_CATALOG_LIST = ListSpec(
    fields={"ID": Catalog.id, "Name": Catalog.name, "Description": Catalog.description},
    search=("ID", "Name", "Description"),
    sort=("Name", "ID"),
    tiebreak=Catalog.pk,
    xp=Catalog.xp,
)


# The buyer's product list takes sellerID and depth besides the admin list's parameters.
MY_PRODUCT_LIST = replace(PRODUCT_LIST, params=PRODUCT_LIST.params | {"sellerid", "depth"})
MY_CATALOG_LIST = replace(MY_CATALOG_LIST, params=frozenset({"sellerid"}))

# The admin category list, plus catalogID (which names the catalog to browse here).
MY_CATEGORY_LIST = replace(CATEGORY_LIST, params=CATEGORY_LIST.params | {"catalogid"})


def check_buyer(caller: Caller) -> None:
    access.check_buyer(caller, "Only buyer users shop through these /me routes.")


# A page's price breaks are read in one statement by to_buyer_products (price_schedules.to_reads).
_BREAKS_LATER = defaultload(Product.default_price_schedule).lazyload(PriceSchedule.price_breaks)

# Per buyer, user, catalog and open categories: a user's requests share one statement.
_VISIBLE: Memo[ColumnElement[bool]] = Memo(size=1024)
_VISIBLE_PRODUCTS: Memo[Select[Product]] = Memo(size=1024)


def _visible(
    session: Session, caller: Caller, catalog_pk: int | None = None
) -> ColumnElement[bool]:
    """Product.pk IN (the products the caller may see), built from the caller's side."""
    showing = tuple(sorted(categories_showing_products(session, caller)))
    company_pk, user_pk = caller.company.pk, caller.user.pk
    return _VISIBLE.get(
        (company_pk, user_pk, catalog_pk, showing),
        lambda: _build_visible(company_pk, user_pk, catalog_pk, showing),
    )


def _visible_products(session: Session, caller: Caller, catalog_pk: int | None) -> Select[Product]:
    """select(Product) of what the caller may see.

    One object per visibility, marked as a shared base, so that the list engine memoises
    the statements it builds on it.
    """
    visible = _visible(session, caller, catalog_pk)
    return _VISIBLE_PRODUCTS.get(
        visible, lambda: shared_base(select(Product).where(visible).options(_BREAKS_LATER))
    )


def _build_visible(
    company_pk: int, user_pk: int, catalog_pk: int | None, showing: tuple[int, ...]
) -> ColumnElement[bool]:
    """The visibility condition, as a union of three small index-driven selects.

    Whole catalogs shown, product assignments, open categories: a buyer's page never scans
    the product table, as a correlated EXISTS per product would (and did, at 100,000).
    """
    ca, pca = CatalogAssignment, ProductCatalogAssignment
    my_catalogs = (
        select(ca.catalog_pk, ca.view_all_products)
        .join(Catalog, Catalog.pk == ca.catalog_pk)
        .where(ca.buyer_pk == company_pk, Catalog.active)
    )
    if catalog_pk is not None:
        my_catalogs = my_catalogs.where(ca.catalog_pk == catalog_pk)
    shown = my_catalogs.subquery()
    whole_catalogs = (
        select(pca.product_pk)
        .join(shown, shown.c.catalog_pk == pca.catalog_pk)
        .where(shown.c.view_all_products)
    )
    assigned = (
        select(ProductAssignment.product_pk)
        .join(pca, pca.product_pk == ProductAssignment.product_pk)
        .join(shown, shown.c.catalog_pk == pca.catalog_pk)
        .where(
            ProductAssignment.buyer_pk == company_pk,
            or_(
                ProductAssignment.group_pk.is_(None),
                ProductAssignment.group_pk.in_(group_pks_of(user_pk)),
            ),
        )
    )
    parts = [whole_catalogs, assigned]
    if showing:
        open_categories = select(CategoryProductAssignment.product_pk).where(
            CategoryProductAssignment.category_pk.in_(showing)
        )
        if catalog_pk is not None:
            open_categories = open_categories.join(
                Category, Category.pk == CategoryProductAssignment.category_pk
            ).where(Category.catalog_pk == catalog_pk)
        parts.append(open_categories)
    return and_(Product.active, Product.pk.in_(union(*parts)))


def visible_product_ids(session: Session, caller: Caller, product_ids: Collection[str]) -> set[str]:
    """Which of ``product_ids`` the caller may see: one query for a whole order's lines."""
    check_buyer(caller)
    stmt = select(Product.id).where(Product.id.in_(sorted(product_ids)), _visible(session, caller))
    return set(session.scalars(stmt))


def seller_filter(session: Session, caller: Caller, seller_id: str | None) -> Company | None:
    """The seller named by ``sellerID``, which must be one of the caller's sellers."""
    return sellers.my_seller(session, caller, seller_id) if seller_id else None


def list_products(
    session: Session, caller: Caller, args: ListArgs, seller: Company | None = None
) -> FacetedPage[Product]:
    check_buyer(caller)
    catalog_id = args.filter_value("catalogID")
    if args.filter_value("categoryID") and not catalog_id:
        # The buyer's default catalog stands in for a missing catalogID.
        catalog_id = caller.company.default_catalog_id
        product_filters.check_category_needs_catalog(args, catalog_id)
    catalog = _my_catalog(session, caller, catalog_id) if catalog_id else None
    stmt = _visible_products(session, caller, catalog.pk if catalog else None)
    if catalog is not None and args.filter_value("categoryID"):
        visible = category_view(session, caller).visible
        stmt = stmt.where(product_filters.in_category(session, catalog, args, visible))
    if seller is not None:
        stmt = stmt.where(product_filters.sold_by(seller, caller.marketplace.id))
    page = paginate(session, stmt, args, MY_PRODUCT_LIST)
    facets = product_facets.facets_of(session, caller, stmt, args, MY_PRODUCT_LIST)
    return FacetedPage(items=page.items, meta=page.meta, facets=facets)


def get_product(
    session: Session, caller: Caller, product_id: str, seller: Company | None = None
) -> Product:
    check_buyer(caller)
    stmt = select(Product).where(Product.id == product_id, _visible(session, caller))
    if seller is not None:
        stmt = stmt.where(product_filters.sold_by(seller, caller.marketplace.id))
    product = session.scalars(stmt).first()
    if product is None:
        raise NotFound("Product", product_id)
    return product


# The schedules alone: the assignment rows would also load their product, buyer and group.
# Built once; the page and the caller are parameters of each execution.
_ASSIGNED_SCHEDULES = (
    select(ProductAssignment.product_pk, PriceSchedule)
    .join(PriceSchedule, PriceSchedule.pk == ProductAssignment.price_schedule_pk)
    .where(
        ProductAssignment.product_pk.in_(bindparam("product_pks", expanding=True)),
        ProductAssignment.buyer_pk == bindparam("buyer_pk"),
        or_(
            ProductAssignment.group_pk.is_(None),
            ProductAssignment.group_pk.in_(group_pks_of(bindparam("user_pk"))),
        ),
    )
    # Group-level rows first, then the oldest: the first match per product wins.
    .order_by(ProductAssignment.group_pk.is_(None), ProductAssignment.pk)
    .options(lazyload(PriceSchedule.price_breaks))
)


def price_schedules(
    session: Session, caller: Caller, products: Sequence[Product], seller: Company | None = None
) -> dict[int, PriceSchedule | None]:
    """The price schedule each of ``products`` has for the caller, by product pk.

    The user's group assignment, its buyer's, the seller's own default (when a supplier is
    named), then the product's default: one query for the assignments of the whole page.
    """
    params = {
        "product_pks": [p.pk for p in products],
        "buyer_pk": caller.company.pk,
        "user_pk": caller.user.pk,
    }
    assignments = session.execute(_ASSIGNED_SCHEDULES, params).all()
    price: dict[int, PriceSchedule] = {}
    seller_defaults = sellers.supplier_prices(session, seller, products)
    for product_pk, schedule in assignments:
        price.setdefault(product_pk, schedule)
    return {
        p.pk: price.get(p.pk) or seller_defaults.get(p.pk) or p.default_price_schedule
        for p in products
    }


def to_buyer_products(
    session: Session, caller: Caller, products: Sequence[Product], seller: Company | None = None
) -> list[BuyerProduct]:
    """Buyer views of ``products``, each with the price the caller pays."""
    schedules = price_schedules(session, caller, products, seller)
    # A page's products share few schedules: each is read out once.
    schedule_views = schedules_to_read(session, filter(None, schedules.values()))
    spec_counts, variant_counts = variants.counts(session, [p.pk for p in products])
    result = []
    for product in products:
        schedule = schedules[product.pk]
        values = fields_of(product, BuyerProduct)
        values["price_schedule"] = schedule_views[schedule.pk] if schedule else None
        values["spec_count"] = spec_counts.get(product.pk, 0)
        values["variant_count"] = variant_counts.get(product.pk, 0)
        result.append(BuyerProduct.model_validate(values))
    return result


def product_seller(
    session: Session, caller: Caller, product: Product, seller: Company
) -> ProductSeller:
    """A seller of ``product`` with the price the caller would pay buying from it."""
    view = to_buyer_products(session, caller, [product], seller)[0]
    return ProductSeller(id=seller.id, name=seller.name, price_schedule=view.price_schedule)


def _my_catalogs(caller: Caller) -> Select[Catalog]:
    assigned = select(CatalogAssignment.catalog_pk).where(
        CatalogAssignment.buyer_pk == caller.company.pk
    )
    return select(Catalog).where(Catalog.active, Catalog.pk.in_(assigned))


def _my_catalog(session: Session, caller: Caller, catalog_id: str) -> Catalog:
    catalog = session.scalars(_my_catalogs(caller).where(Catalog.id == catalog_id)).first()
    if catalog is None:
        raise NotFound("Catalog", catalog_id)
    return catalog


def list_catalogs(session: Session, caller: Caller, args: ListArgs) -> Page[Catalog]:
    check_buyer(caller)
    stmt = _my_catalogs(caller)
    seller = seller_filter(session, caller, args.filter_value("sellerID"))
    if seller is not None:
        stmt = stmt.where(Catalog.owner_id == seller.id)
    return paginate(session, stmt, args, MY_CATALOG_LIST)


def get_catalog(session: Session, caller: Caller, catalog_id: str) -> Catalog:
    check_buyer(caller)
    return _my_catalog(session, caller, catalog_id)


def list_categories(session: Session, caller: Caller, args: ListArgs) -> Page[Category]:
    """Visible categories of one catalog (by default the buyer's default catalog)."""
    check_buyer(caller)
    catalog = _my_catalog(session, caller, _catalog_id(caller, args.filter_value("catalogID")))
    scope = categories_of(catalog)
    parent_id = args.filter_value("parentID")
    parent = scope.get(session, parent_id) if parent_id else None
    view = category_view(session, caller)
    stmt = within(scope.query(), parent, parse_depth(args.filter_value("depth")))
    stmt = stmt.where(Category.pk.in_(sorted(view.visible)))
    return paginate(session, stmt, args, MY_CATEGORY_LIST)


def get_category(
    session: Session, caller: Caller, category_id: str, catalog_id: str | None
) -> Category:
    check_buyer(caller)
    catalog = _my_catalog(session, caller, _catalog_id(caller, catalog_id))
    category = categories_of(catalog).find(session, category_id)
    if category is None or category.pk not in category_view(session, caller).visible:
        raise NotFound("Category", category_id)
    return category


def _catalog_id(caller: Caller, catalog_id: str | None) -> str:
    chosen = catalog_id or caller.company.default_catalog_id
    if not chosen:
        raise NotFound("Catalog", None)
    return chosen
