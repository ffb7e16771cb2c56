"""Suppliers that sell a marketplace product (``/products/{id}/suppliers``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import products
from mercato.catalog.models import Product, ProductSupplier
from mercato.catalog.schemas import ProductSupplier as ProductSupplierBody
from mercato.core.errors import NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.organizations import access
from mercato.organizations.companies import SUPPLIERS
from mercato.organizations.models import Company

SUPPLIER_LIST = ListSpec(
    fields={"ID": Company.id, "Name": Company.name, "Active": Company.active},
    search=("Name", "ID"),
    sort=("Name", "ID"),
    tiebreak=ProductSupplier.pk,
    xp=Company.xp,
)


def to_read(row: ProductSupplier) -> ProductSupplierBody:
    supplier, schedule = row.supplier, row.default_price_schedule
    return ProductSupplierBody(
        id=supplier.id,
        name=supplier.name,
        active=supplier.active,
        all_buyers_can_order=supplier.all_buyers_can_order,
        default_price_schedule_id=schedule.id if schedule else None,
        date_created=supplier.date_created,
        xp=supplier.xp,
    )


def _row(session: Session, product: Product, supplier: Company) -> ProductSupplier | None:
    return session.scalars(
        select(ProductSupplier).where(
            ProductSupplier.product_pk == product.pk, ProductSupplier.supplier_pk == supplier.pk
        )
    ).first()


def list_suppliers(
    session: Session, caller: Caller, product_id: str, args: ListArgs
) -> Page[ProductSupplier]:
    product = products.get_product(session, caller, product_id)
    stmt = (
        select(ProductSupplier)
        .join(Company, Company.pk == ProductSupplier.supplier_pk)
        .where(ProductSupplier.product_pk == product.pk)
    )
    return paginate(session, stmt, args, SUPPLIER_LIST)


def save_supplier(
    session: Session,
    caller: Caller,
    product_id: str,
    supplier_id: str,
    default_price_schedule_id: str | None,
) -> None:
    access.check_seller(caller)
    product = products.get_product(session, caller, product_id)
    supplier = SUPPLIERS.get(session, supplier_id)
    schedule = (
        products.schedule_for(session, caller, default_price_schedule_id)
        if default_price_schedule_id
        else None
    )
    row = _row(session, product, supplier)
    if row is None:
        row = ProductSupplier(product_pk=product.pk, supplier_pk=supplier.pk)
        session.add(row)
    row.default_price_schedule_pk = schedule.pk if schedule else None
    session.flush()


def remove_supplier(session: Session, caller: Caller, product_id: str, supplier_id: str) -> None:
    access.check_seller(caller)
    product = products.get_product(session, caller, product_id)
    supplier = SUPPLIERS.get(session, supplier_id)
    row = _row(session, product, supplier)
    if row is None:
        raise NotFound("ProductSupplier", supplier_id)
    session.delete(row)
    session.flush()
