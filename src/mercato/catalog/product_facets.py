"""Product facets: their definitions (``/productfacets``) and the counts in Meta.Facets.

A facet names an xp path of products. A product list reports, for each facet, the values
found at that path among all the products the request matches (every element of an
array counts), with how many products hold each. As in OrderCloud, a count tells how
many results the list would have if that value were picked next: picked values of one
facet are OR'd together, so a facet's own filter is left out when counting its values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import CompoundSelect, Select, case, func, literal, select, true, union_all, update
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.models import Product, ProductFacet
from mercato.catalog.schemas import ProductFacetPatch, ProductFacetWrite
from mercato.catalog.scopes import FACETS
from mercato.core import resources
from mercato.core.errors import ApiError, ValidationFailure
from mercato.core.ids import check_id
from mercato.core.listing import ListArgs, ListSpec, Page, apply_list_options, paginate
from mercato.core.memo import Memo
from mercato.core.schemas import ListFacet, ListFacetValue
from mercato.core.xp import primitive_values, split_xp_path
from mercato.incrementors.numbering import expand_placeholders
from mercato.organizations.access import check_seller
from mercato.organizations.models import Marketplace

FACET_LIST = ListSpec(
    fields={
        "ID": ProductFacet.id,
        "Name": ProductFacet.name,
        "XpPath": ProductFacet.xp_path,
        "ListOrder": ProductFacet.list_order,
        "MinCount": ProductFacet.min_count,
    },
    search=("ID", "Name", "XpPath"),
    sort=("ListOrder", "ID", "Name", "XpPath"),
    tiebreak=ProductFacet.pk,
    xp=ProductFacet.xp,
)


def list_facets(session: Session, args: ListArgs) -> Page[ProductFacet]:
    return paginate(session, FACETS.query(), args, FACET_LIST)


def get_facet(session: Session, facet_id: str) -> ProductFacet:
    return FACETS.get(session, facet_id)


def _free_path(session: Session, path: str, facet: ProductFacet | None) -> str:
    """``path``, once sure it is a plain xp path no other facet counts."""
    if split_xp_path(path) is None:
        raise ValidationFailure(
            "XpPath",
            "XpPath must be keys under xp joined by dots (e.g. Facets.Color); a key may hold "
            "letters, digits, '-' and '_'.",
        )
    holder = session.scalars(select(ProductFacet).where(ProductFacet.xp_path == path)).first()
    if holder is not None and holder is not facet:
        raise ApiError(
            f"Product facet {holder.id} already counts xp.{path}.",
            code="ProductFacet.XpPathInUse",
            data={"XpPath": path, "ProductFacetID": holder.id},
        )
    return path


def _count_facets(session: Session, caller: Caller, change: int) -> None:
    # One UPDATE adding to the stored number, so concurrent writers cannot lose a change.
    session.execute(
        update(Marketplace)
        .where(Marketplace.pk == caller.marketplace.pk)
        .values(product_facet_count=Marketplace.product_facet_count + change)
    )


def create_facet(session: Session, caller: Caller, data: ProductFacetWrite) -> ProductFacet:
    check_seller(caller)
    values = data.model_dump(by_alias=False)
    values["id"] = FACETS.claim_id(session, values.get("id"))
    # Without an XpPath, OrderCloud looks for the values at xp.{ID}.
    values["xp_path"] = _free_path(session, values["xp_path"] or values["id"], None)
    facet = resources.create(session, FACETS, values)
    _count_facets(session, caller, 1)
    return facet


def save_facet(
    session: Session, caller: Caller, facet_id: str, data: ProductFacetWrite
) -> ProductFacet:
    check_seller(caller)
    existing = FACETS.find(session, facet_id)
    values = data.model_dump(by_alias=False)
    # The ID is settled here, incrementor numbers taken, since the XpPath defaults to it.
    values["id"] = check_id(expand_placeholders(session, values["id"] or facet_id))
    values["xp_path"] = _free_path(session, values["xp_path"] or values["id"], existing)
    facet = resources.save(session, FACETS, facet_id, values)
    if existing is None:
        _count_facets(session, caller, 1)
    return facet


def patch_facet(
    session: Session, caller: Caller, facet_id: str, data: ProductFacetPatch
) -> ProductFacet:
    check_seller(caller)
    facet = FACETS.get(session, facet_id)
    values = resources.patch_values(data, ProductFacetWrite)
    if values.get("id"):
        values["id"] = check_id(expand_placeholders(session, values["id"]))
    if "xp_path" in values:
        default = values["id"] if values.get("id") else facet.id
        values["xp_path"] = _free_path(session, values["xp_path"] or default, facet)
    return resources.patch(session, FACETS, facet, values)


def delete_facet(session: Session, caller: Caller, facet_id: str) -> None:
    check_seller(caller)
    session.delete(FACETS.get(session, facet_id))
    session.flush()
    _count_facets(session, caller, -1)


# --- Meta.Facets --------------------------------------------------------------------------------


# Under a shared base statement (a buyer's visible products): see core.memo.
_FACET_COUNTS: Memo[CompoundSelect[Any]] = Memo(size=512)


def facets_of(
    session: Session, caller: Caller, products: Select[Any], args: ListArgs, spec: ListSpec
) -> list[ListFacet]:
    """Meta.Facets of a product list.

    ``products`` is the list's query before the caller's filters and search (visibility
    and catalog only); ``spec`` is the list's, to apply them the same way.
    """
    if not caller.marketplace.product_facet_count:
        return []
    facets = session.scalars(
        select(ProductFacet).order_by(ProductFacet.list_order, ProductFacet.id)
    ).all()
    if not facets:
        return []
    dialect = session.get_bind().dialect.name
    shapes = tuple((facet.xp_path, facet.min_count) for facet in facets)
    counts = _FACET_COUNTS.get_on(
        products,
        (spec, args.filter_key(), dialect, shapes),
        lambda: union_all(
            *(
                _value_counts(n, facet, products=products, args=args, spec=spec, dialect=dialect)
                for n, facet in enumerate(facets)
            )
        ),
    )
    found: dict[int, list[ListFacetValue]] = defaultdict(list)
    for n, value, count in session.execute(counts).all():
        found[n].append(ListFacetValue(value=value, count=count))
    return [
        ListFacet(
            name=facet.name,
            xp_path=facet.xp_path,
            values=sorted(found[n], key=lambda v: (-v.count, v.value)),
            xp=facet.xp,
        )
        for n, facet in enumerate(facets)
    ]


def _value_counts(
    index: int,
    facet: ProductFacet,
    *,
    products: Select[Any],
    args: ListArgs,
    spec: ListSpec,
    dialect: str,
) -> Select[Any]:
    """One facet's values and counts, grouped in SQL: (index, value, count) rows."""
    others = replace(args, filters=[f for f in args.filters if not _is_filter_on(facet, f[0])])
    matched = apply_list_options(products, spec, others, dialect)
    # MinCount 0 asks for values no matched product holds too, so those facets look at
    # every product the caller may list and count the matched ones among them.
    rows = (matched if facet.min_count else products).subquery()
    elements, value = primitive_values(rows.c.xp, tuple(facet.xp_path.split(".")), dialect)
    # (product, value) pairs first, grouped outside: the grouping key is then a plain column,
    # which PostgreSQL matches reliably, where an expression with parameters may not match.
    pairs = (
        select(rows.c.pk, value.label("value"))
        .select_from(rows)
        .join(elements, true())
        .where(value.is_not(None))
        .subquery()
    )
    if facet.min_count:
        count = func.count(func.distinct(pairs.c.pk))
    else:
        in_result = pairs.c.pk.in_(matched.with_only_columns(Product.pk))
        count = func.count(func.distinct(case((in_result, pairs.c.pk))))
    stmt = select(literal(index), pairs.c.value, count).group_by(pairs.c.value)
    return stmt.having(count >= facet.min_count) if facet.min_count > 1 else stmt


def _is_filter_on(facet: ProductFacet, key: str) -> bool:
    prefix, _, path = key.partition(".")
    return prefix.lower() == "xp" and path == facet.xp_path
