"""Stock on orders: checked when a line is added, taken when the order is submitted.

Products (or their variants, with variant-level tracking) keep ``QuantityAvailable`` in
their inventory document. An order may not ask for more than is available unless the
product allows orders to exceed it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.catalog import inventory as stock
from mercato.catalog.models import Product, Variant
from mercato.core.errors import ApiError
from mercato.orders.models import LineItem, Order


def _tracked(product: Product, variant: Variant | None) -> tuple[Any, dict[str, Any]] | None:
    """The row that holds the count for this product or variant, with its document."""
    if not _keeps_stock(product.inventory):
        return None
    settings = product.inventory or {}
    if settings.get("variant_level_tracking") and variant is not None:
        return variant, dict(variant.inventory or {})
    return product, settings


def _wanted(order: Order, product_id: str, variant_id: str | None) -> int:
    return sum(
        line.quantity
        for line in order.line_items
        if line.product_id == product_id
        and not line.is_bundle
        and (variant_id is None or (line.variant or {}).get("ID") == variant_id)
    )


def _insufficient(product: Product, available: int, wanted: int) -> ApiError:
    return ApiError(
        f"Only {available} of {product.id} available; {wanted} ordered.",
        code="Inventory.Insufficient",
        data={"ProductID": product.id, "QuantityAvailable": available, "Quantity": wanted},
    )


def check_available(
    session: Session, order: Order, line: LineItem, product: Product, variant: Variant | None
) -> None:
    tracked = _tracked(product, variant)
    if tracked is None:
        return
    holder, document = tracked
    available = document.get("quantity_available")
    if available is None:
        return
    wanted = _wanted(order, product.id, variant.id if holder is variant and variant else None)
    if wanted > available:
        raise _insufficient(product, available, wanted)


def take(session: Session, order: Order) -> None:
    """Take the order's quantities out of stock; refuse if any ran out meanwhile."""
    _move(session, order, -1)


def give_back(session: Session, order: Order) -> None:
    """Return the quantities of a submitted order that will not ship (declined, canceled)."""
    _move(session, order, +1)


def _move(session: Session, order: Order, sign: int) -> None:
    lines = [line for line in order.line_items if not line.is_bundle]
    products = _lock_tracked(session, {line.product_id for line in lines})
    per_holder: Counter[tuple[str, str | None]] = Counter()
    for line in lines:
        variant_id = (line.variant or {}).get("ID")
        per_holder[(line.product_id, variant_id)] += line.quantity
    for (product_id, variant_id), quantity in sorted(per_holder.items(), key=str):
        product = products.get(product_id)
        if product is None:
            continue
        variant = _variant(session, product, variant_id)
        tracked = _tracked(product, variant)
        if tracked is None:
            continue
        holder, document = tracked
        available = document.get("quantity_available")
        if available is None:
            continue
        if sign < 0 and quantity > available:
            raise _insufficient(product, available, quantity)
        left = available + sign * quantity
        holder.inventory = stock.stamped({"quantity_available": left}, document)


def _lock_tracked(session: Session, ids: set[str]) -> dict[str, Product]:
    """The products of ``ids`` that keep stock, locked and read afresh, by ID.

    Only those are locked: every order holds the same few popular products, and locking
    untracked ones made all submits of a marketplace wait for each other (on PostgreSQL,
    most of a submit's time under load) for nothing.
    """
    settings = session.execute(
        select(Product.pk, Product.inventory).where(Product.id.in_(sorted(ids)))
    ).all()
    tracked = sorted(pk for pk, inventory in settings if _keeps_stock(inventory))
    if not tracked:
        return {}
    locked = session.scalars(
        select(Product)
        .where(Product.pk.in_(tracked))
        # A fixed order, so two submits of overlapping products cannot deadlock.
        .order_by(Product.pk)
        # of=: PostgreSQL refuses FOR UPDATE over the eagerly outer-joined schedule.
        .with_for_update(of=Product)
        # The locked row's inventory, not the copy this session may have read before.
        .execution_options(populate_existing=True)
    )
    return {p.id: p for p in locked}


def _keeps_stock(inventory: dict[str, Any] | None) -> bool:
    settings = inventory or {}
    return bool(settings.get("enabled")) and not settings.get("order_can_exceed")


def _variant(session: Session, product: Product, variant_id: str | None) -> Variant | None:
    if variant_id is None:
        return None
    return session.scalars(
        select(Variant)
        .where(Variant.product_pk == product.pk, Variant.id == variant_id)
        .with_for_update(of=Variant)
        .execution_options(populate_existing=True)
    ).first()
