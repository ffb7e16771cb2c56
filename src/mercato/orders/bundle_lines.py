"""Bundles on orders: one call puts a bundle's products on an order, one takes them off.

Adding bundle B to an order makes a *bundle line* that stands for the bundle (IsBundle true,
ProductID B, priced 0, not counted in LineItemCount) and one ordinary line per product bought
with it, priced for the order's user like any line but at the price break's BundlePrice when
there is one. The bundle line's ID is the *bundle item ID*: every line of the group carries it
in BundleItemID, the bundle line included, so ``BundleItemID=X`` lists the whole group.

Which products: with no ``LineItems`` in the body, every product of the bundle at its
DefaultQuantity (else 1). With ``LineItems``, those lines (each naming a product of the bundle,
several lines per product allowed, e.g. in different spec options) plus, at their defaults, the
bundle's required products the body left out.

A bundle is offered to a user when it is active and sits in an active catalog of the user's
buyer whose assignment shows everything, or is assigned to the buyer or one of the user's
groups there, the same rule as for products. Each product still has to be visible and priced
for the user; if one is not, nothing is added.

Deleting the bundle item removes the whole group; the bundle line alone cannot be removed
and a product the bundle requires cannot be removed from it (line_items.delete_line).
"""

from __future__ import annotations

from sqlalchemy import or_, select, union
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.models import (
    Bundle,
    BundleAssignment,
    BundleCatalogAssignment,
    BundleProductAssignment,
    Catalog,
    CatalogAssignment,
)
from mercato.catalog.scopes import BUNDLES
from mercato.catalog.shopping import check_buyer
from mercato.core.errors import NotFound
from mercato.orders import line_items
from mercato.orders.directions import Direction
from mercato.orders.models import ZERO, LineItem
from mercato.orders.orders import as_orderer, check_editable, get_order, recalculate
from mercato.orders.schemas import BundleItems, LineItemWrite
from mercato.organizations.scopes import group_pks_of


def offered_bundle(session: Session, buyer: Caller, bundle_id: str) -> Bundle:
    """Bundle ``bundle_id`` if it is offered to the buyer user ``buyer``, else 404."""
    check_buyer(buyer)
    shown = (
        select(CatalogAssignment.catalog_pk, CatalogAssignment.view_all_products)
        .join(Catalog, Catalog.pk == CatalogAssignment.catalog_pk)
        .where(CatalogAssignment.buyer_pk == buyer.company.pk, Catalog.active)
        .subquery()
    )
    catalogued = select(BundleCatalogAssignment.bundle_pk).join(
        shown, shown.c.catalog_pk == BundleCatalogAssignment.catalog_pk
    )
    assigned = select(BundleAssignment.bundle_pk).where(
        BundleAssignment.buyer_pk == buyer.company.pk,
        or_(
            BundleAssignment.group_pk.is_(None),
            BundleAssignment.group_pk.in_(group_pks_of(buyer.user.pk)),
        ),
        BundleAssignment.bundle_pk.in_(catalogued),
    )
    offered = union(catalogued.where(shown.c.view_all_products), assigned)
    bundle = session.scalars(
        BUNDLES.query().where(Bundle.id == bundle_id, Bundle.active, Bundle.pk.in_(offered))
    ).first()
    if bundle is None:
        raise NotFound("Bundle", bundle_id)
    return bundle


def _wanted_lines(
    session: Session, bundle: Bundle, data: BundleItems | None
) -> list[LineItemWrite]:
    members = session.scalars(
        select(BundleProductAssignment)
        .where(BundleProductAssignment.bundle_pk == bundle.pk)
        .order_by(BundleProductAssignment.pk)
    ).all()
    by_product = {m.product.id.lower(): m for m in members}
    sent = list(data.line_items) if data is not None else []
    wanted = []
    for line in sent:
        member = by_product.get(line.product_id.lower())
        if member is None:
            raise NotFound("Product", line.product_id)
        quantity = (
            line.quantity if "quantity" in line.model_fields_set else member.default_quantity or 1
        )
        wanted.append(
            line.model_copy(update={"product_id": member.product.id, "quantity": quantity})
        )
    named = {line.product_id.lower() for line in sent}
    for key, member in by_product.items():
        if not sent or (member.required and key not in named):
            wanted.append(
                LineItemWrite(product_id=member.product.id, quantity=member.default_quantity or 1)
            )
    return wanted


def _snapshot(bundle: Bundle) -> dict[str, object]:
    return {
        "ID": bundle.id,
        "Name": bundle.name,
        "Description": bundle.description,
        "Returnable": False,
        "QuantityMultiplier": 1,
        "ShipWeight": None,
        "ShipHeight": None,
        "ShipWidth": None,
        "ShipLength": None,
        "DefaultSupplierID": None,
        "ParentID": None,
        "xp": bundle.xp,
    }


def create_bundle_item(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    bundle_id: str,
    data: BundleItems | None,
) -> LineItem:
    """Put bundle ``bundle_id`` on the order; returns the bundle line."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    bundle = offered_bundle(session, as_orderer(caller, order), bundle_id)
    wanted = _wanted_lines(session, bundle, data)
    item_id = line_items.lines_of(order).claim_id(session, None)
    bundle_line = LineItem(
        order_pk=order.pk,
        id=item_id,
        bundle_item_id=item_id,
        is_bundle=True,
        product_id=bundle.id,
        product=_snapshot(bundle),
        quantity=1,
        quantity_shipped=0,
        unit_price=ZERO,
        promotion_discount=ZERO,
        line_subtotal=ZERO,
        line_total=ZERO,
        specs=[],
        is_on_sale=False,
        price_overridden=False,
    )
    order.line_items.append(bundle_line)
    session.flush()
    for line in wanted:
        line_items.create_line(session, caller, direction, order.id, line, bundle_item_id=item_id)
    recalculate(order)
    session.flush()
    return bundle_line


def delete_bundle_item(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    bundle_id: str,
    bundle_item_id: str,
) -> None:
    """Take a bundle item, its bundle line and every product line, off the order."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    bundle_line = next(
        (
            line
            for line in order.line_items
            if line.is_bundle
            and line.id == bundle_item_id
            and line.product_id.lower() == bundle_id.lower()
        ),
        None,
    )
    if bundle_line is None:
        raise NotFound("LineItem", bundle_item_id)
    group = [line for line in order.line_items if line.bundle_item_id == bundle_line.id]
    line_items.remove_lines(session, caller, order, group)
