"""Who sells to the calling buyer: /me/sellers, /me/products/{id}/sellers and ``sellerID``.

A buyer's sellers are the marketplace owner and the suppliers open to it. A product is
sold by its owner and, when the owner is the marketplace, also by the suppliers listed
on it (or by every supplier when AllSuppliersCanSell). A supplier's own default price
schedule for the product comes before the product's default price.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.models import PriceSchedule, Product, ProductSupplier
from mercato.core.errors import NotFound
from mercato.core.listing import ListArgs, Page, paginate
from mercato.organizations.companies import SUMMARY_LIST, sellers_of
from mercato.organizations.models import Company, CompanyKind


def my_sellers(session: Session, caller: Caller, args: ListArgs) -> Page[Company]:
    return paginate(session, sellers_of(caller.company), args, SUMMARY_LIST)


def my_seller(session: Session, caller: Caller, seller_id: str) -> Company:
    """One of the caller's sellers; any other ID is unknown to the caller."""
    seller = session.scalars(sellers_of(caller.company).where(Company.id == seller_id)).first()
    if seller is None:
        raise NotFound("Seller", seller_id)
    return seller


def sellers_of_product(
    session: Session, caller: Caller, product: Product, args: ListArgs
) -> Page[Company]:
    mine = sellers_of(caller.company)
    listed = select(ProductSupplier.supplier_pk).where(ProductSupplier.product_pk == product.pk)
    owner = Company.id == product.owner_id
    if product.owner_id == caller.marketplace.id:
        owner = Company.kind == CompanyKind.SELLER
        suppliers = (Company.kind == CompanyKind.SUPPLIER) & (
            true() if product.all_suppliers_can_sell else Company.pk.in_(listed)
        )
        stmt = mine.where(owner | suppliers)
    else:
        stmt = mine.where((Company.kind == CompanyKind.SUPPLIER) & owner)
    return paginate(session, stmt, args, SUMMARY_LIST)


def supplier_prices(
    session: Session, seller: Company | None, products: Sequence[Product]
) -> dict[int, PriceSchedule]:
    """The seller's own default price schedules for ``products``, by product pk."""
    if seller is None or seller.kind is not CompanyKind.SUPPLIER or not products:
        return {}
    rows = session.scalars(
        select(ProductSupplier).where(
            ProductSupplier.supplier_pk == seller.pk,
            ProductSupplier.product_pk.in_([p.pk for p in products]),
            ProductSupplier.default_price_schedule_pk.is_not(None),
        )
    ).all()
    return {r.product_pk: r.default_price_schedule for r in rows if r.default_price_schedule}
