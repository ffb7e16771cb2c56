"""Line items: a product on an order, priced for the order's user when added or changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.auth.roles import Role
from mercato.catalog import shopping
from mercato.catalog.models import (
    Bundle,
    BundleProductAssignment,
    PriceSchedule,
    Product,
    Variant,
)
from mercato.core import resources
from mercato.core.errors import ApiError
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.time import utcnow
from mercato.core.xp import merge_xp
from mercato.orders import addresses, inventory, line_specs, pricing
from mercato.orders.directions import Direction
from mercato.orders.models import ZERO, LineItem, Order
from mercato.orders.orders import (
    address_body,
    as_orderer,
    check_editable,
    get_order,
    recalculate,
)
from mercato.orders.schemas import LineItemPatch, LineItemRead, LineItemSpec, LineItemWrite
from mercato.organizations.models import CompanyKind
from mercato.organizations.schemas import AddressWrite

LINE_ITEM_LIST = ListSpec(
    fields={
        "ID": LineItem.id,
        "ProductID": LineItem.product_id,
        "Quantity": LineItem.quantity,
        "QuantityShipped": LineItem.quantity_shipped,
        "UnitPrice": LineItem.unit_price,
        "LineTotal": LineItem.line_total,
        "LineSubtotal": LineItem.line_subtotal,
        "CostCenter": LineItem.cost_center,
        "DateNeeded": LineItem.date_needed,
        "DateAdded": LineItem.date_added,
        "ShippingAccount": LineItem.shipping_account,
        "ShippingAddressID": LineItem.shipping_address_id,
        "ShipFromAddressID": LineItem.ship_from_address_id,
        "SupplierID": LineItem.supplier_id,
        "InventoryRecordID": LineItem.inventory_record_id,
        "PriceScheduleID": LineItem.price_schedule_id,
        "IsOnSale": LineItem.is_on_sale,
        "PriceOverridden": LineItem.price_overridden,
        "BundleItemID": LineItem.bundle_item_id,
        "IsBundle": LineItem.is_bundle,
    },
    search=("ID", "ProductID"),
    sort=("DateAdded", "ID", "ProductID", "Quantity", "LineTotal", "UnitPrice"),
    tiebreak=LineItem.pk,
    xp=LineItem.xp,
)


def lines_of(order: Order) -> Scope[LineItem]:
    return Scope(LineItem, "LineItem", (LineItem.order_pk == order.pk,))


def to_read(line: LineItem) -> LineItemRead:
    return LineItemRead.model_validate(line)


def list_lines(
    session: Session, caller: Caller, direction: Direction, order_id: str, args: ListArgs
) -> Page[LineItem]:
    order = get_order(session, caller, direction, order_id)
    return paginate(session, lines_of(order).query(), args, LINE_ITEM_LIST)


def list_across_orders(session: Session, orders: Select[Order], args: ListArgs) -> Page[LineItem]:
    stmt = select(LineItem).where(LineItem.order_pk.in_(orders.with_only_columns(Order.pk)))
    return paginate(session, stmt, args, LINE_ITEM_LIST)


def get_line(
    session: Session, caller: Caller, direction: Direction, order_id: str, line_id: str
) -> LineItem:
    order = get_order(session, caller, direction, order_id)
    return lines_of(order).get(session, line_id)


def _product(session: Session, buyer: Caller, order: Order, product_id: str) -> Product:
    seller = order.to_company if order.to_company.kind is CompanyKind.SUPPLIER else None
    product = shopping.get_product(session, buyer, product_id, seller)
    if product.is_parent:
        raise ApiError(
            f"{product.id} is a parent product; order one of its children.",
            code="LineItem.CannotPurchaseParentProduct",
            data={"ProductID": product.id},
        )
    return product


def _snapshot(product: Product) -> dict[str, Any]:
    return {
        "ID": product.id,
        "Name": product.name,
        "Description": product.description,
        "Returnable": product.returnable,
        "QuantityMultiplier": product.quantity_multiplier or 1,
        "ShipWeight": _num(product.ship_weight),
        "ShipHeight": _num(product.ship_height),
        "ShipWidth": _num(product.ship_width),
        "ShipLength": _num(product.ship_length),
        "DefaultSupplierID": product.default_supplier_id,
        "ParentID": product.parent_id,
        "xp": product.xp,
    }


def _variant_snapshot(variant: Variant | None) -> dict[str, Any] | None:
    if variant is None:
        return None
    return {
        "ID": variant.id,
        "Name": variant.name,
        "Description": variant.description,
        "ShipWeight": _num(variant.ship_weight),
        "ShipHeight": _num(variant.ship_height),
        "ShipWidth": _num(variant.ship_width),
        "ShipLength": _num(variant.ship_length),
        "xp": variant.xp,
    }


def _num(value: Any) -> Any:
    return None if value is None else float(value) if value % 1 else int(value)


def _may_override_price(caller: Caller) -> bool:
    return bool(caller.roles & {Role.OverrideUnitPrice, Role.FullAccess})


def _apply(
    session: Session,
    caller: Caller,
    order: Order,
    line: LineItem,
    values: dict[str, Any],
) -> None:
    """Write the line's fields, then take its product, specs, price and addresses afresh."""
    if line.is_bundle:
        raise ApiError(
            "The line standing for a bundle cannot be edited; its products' lines can.",
            code="LineItem.CannotPurchaseBundleProduct",
            data={"BundleID": line.product_id},
        )
    buyer = as_orderer(caller, order)
    product = _product(session, buyer, order, values["product_id"])
    specs = [LineItemSpec.model_validate(s) for s in values.pop("specs", None) or []]
    chosen = line_specs.choose(session, product, specs)
    sent_price = values.pop("unit_price", None)
    for name in ("id", "quantity", "cost_center", "date_needed", "shipping_account", "xp"):
        if name in values:
            setattr(line, name, values[name])
    line.product_id = product.id
    line.product = _snapshot(product)
    line.variant = _variant_snapshot(chosen.variant)
    line.specs = chosen.specs
    line.supplier_id = product.default_supplier_id
    if "inventory_record_id" in values:
        line.inventory_record_id = values["inventory_record_id"]
    _addresses(session, caller, order, line, values)
    if line.quantity is None or line.quantity < 1:
        raise ApiError("Quantity must be at least 1.", code="LineItem.QuantityMustBePositive")
    inventory.check_available(session, order, line, product, chosen.variant)
    seller = order.to_company if order.to_company.kind is CompanyKind.SUPPLIER else None
    schedule = shopping.price_schedules(session, buyer, [product], seller)[product.pk]
    if sent_price is not None and _may_override_price(caller):
        line.unit_price = pricing.money(sent_price)
        line.price_overridden = True
        line.price_schedule_id = schedule.id if schedule else None
        line.is_on_sale = False
    else:
        if schedule is None:
            raise ApiError(
                f"No price schedule applies to {product.id} for this user.",
                code="PriceSchedule.MissingOrConflicting",
                data={"ProductID": product.id},
            )
        _check_currency(order, schedule.currency)
        counted = _counted(order, line, schedule.use_cumulative_quantity)
        pricing.check_quantity(schedule, line.quantity, counted)
        price = pricing.unit_price(
            schedule,
            counted,
            line.quantity,
            chosen.markups,
            utcnow(),
            bundle=line.bundle_item_id is not None,
        )
        line.unit_price, line.is_on_sale = price.unit_price, price.is_on_sale
        line.price_schedule_id, line.price_overridden = schedule.id, False
    line.line_subtotal = pricing.money(line.unit_price * line.quantity)
    line.line_total = pricing.money(line.line_subtotal - (line.promotion_discount or ZERO))


def _check_currency(order: Order, currency: str | None) -> None:
    if currency is None:
        return
    if order.currency is None:
        order.currency = currency
    elif order.currency != currency:
        raise ApiError(
            f"The order is in {order.currency}; this product is priced in {currency}.",
            code="Order.CurrencyMismatch",
        )


def _counted(order: Order, line: LineItem, cumulative: bool) -> int:
    if not cumulative:
        return line.quantity
    others = sum(
        other.quantity
        for other in order.line_items
        if other is not line and other.product_id == line.product_id and not other.is_bundle
    )
    return others + line.quantity


def _addresses(
    session: Session, caller: Caller, order: Order, line: LineItem, values: dict[str, Any]
) -> None:
    user = order.from_user if caller.kind is CompanyKind.BUYER else None
    if values.get("shipping_address_id"):
        address = addresses.buyer_address(
            session,
            order.from_company,
            user,
            values["shipping_address_id"],
            shipping=True,
            guest=order.guest,
        )
        line.shipping_address_id = address.id
        line.shipping_address = addresses.snapshot(address)
    elif "shipping_address_id" in values and values["shipping_address_id"] is None:
        line.shipping_address_id = line.shipping_address = None
    elif line.shipping_address is None and order.shipping_address_id:
        # A new line ships where the rest of the order ships; on an order with no line yet,
        # to the saved address the order names.
        first = next((li for li in order.line_items if li.shipping_address), None)
        if first is not None:
            line.shipping_address_id = first.shipping_address_id
            line.shipping_address = first.shipping_address
        else:
            address = addresses.buyer_address(
                session,
                order.from_company,
                user,
                order.shipping_address_id,
                shipping=True,
                guest=order.guest,
            )
            line.shipping_address_id = address.id
            line.shipping_address = addresses.snapshot(address)
    if values.get("ship_from_address_id"):
        address = addresses.seller_address(
            session, order.to_company, values["ship_from_address_id"]
        )
        line.ship_from_address_id = address.id
        line.ship_from_address = addresses.snapshot(address)
    elif "ship_from_address_id" in values:
        line.ship_from_address_id = line.ship_from_address = None


def _reprice_siblings(session: Session, caller: Caller, order: Order, line: LineItem) -> None:
    """With cumulative pricing, the other lines of the product change price too."""
    for other in order.line_items:
        if other is line or other.product_id != line.product_id or other.price_overridden:
            continue
        if other.price_schedule_id and _cumulative(session, other):
            _apply(
                session,
                caller,
                order,
                other,
                {"product_id": other.product_id, "specs": other.specs},
            )


def _cumulative(session: Session, line: LineItem) -> bool:
    schedule = session.scalars(
        select(PriceSchedule).where(PriceSchedule.id == line.price_schedule_id)
    ).first()
    return bool(schedule and schedule.use_cumulative_quantity)


def create_line(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    data: LineItemWrite,
    *,
    bundle_item_id: str | None = None,
) -> LineItem:
    """Add a line; ``bundle_item_id`` makes it one of the products of a bundle line."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    values = data.model_dump(by_alias=False, exclude_unset=True)
    values["id"] = lines_of(order).claim_id(session, data.id)
    values.setdefault("quantity", 1)
    line = LineItem(
        order_pk=order.pk,
        specs=[],
        promotion_discount=ZERO,
        quantity_shipped=0,
        bundle_item_id=bundle_item_id,
    )
    # Pricing queries would otherwise flush the half-built line.
    with session.no_autoflush:
        order.line_items.append(line)
        _apply(session, caller, order, line, values)
    _reprice_siblings(session, caller, order, line)
    recalculate(order)
    session.flush()
    return line


def save_line(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    line_id: str,
    data: LineItemWrite,
) -> LineItem:
    order = get_order(session, caller, direction, order_id, lock=True)
    existing = lines_of(order).find(session, line_id)
    if existing is None:
        return create_line(
            session, caller, direction, order_id, data.model_copy(update={"id": line_id})
        )
    check_editable(order)
    values = data.model_dump(by_alias=False)
    _check_product_unchanged(existing, values["product_id"])
    values["id"] = lines_of(order).claim_id(session, data.id or line_id, current=existing)
    _apply(session, caller, order, existing, values)
    _reprice_siblings(session, caller, order, existing)
    recalculate(order)
    session.flush()
    return existing


def patch_line(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    line_id: str,
    data: LineItemPatch,
) -> LineItem:
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    line = lines_of(order).get(session, line_id)
    values = resources.patch_values(data, LineItemWrite, not_null=("quantity",))
    if "product_id" in values:
        _check_product_unchanged(line, values["product_id"])
    if "id" in values:
        values["id"] = lines_of(order).claim_id(session, values["id"] or line.id, current=line)
    if "xp" in values:
        values["xp"] = merge_xp(line.xp, values["xp"])
    values["product_id"] = line.product_id
    if "specs" not in values:
        values["specs"] = line.specs
    if "unit_price" not in values and line.price_overridden:
        values["unit_price"] = line.unit_price
    _apply(session, caller, order, line, values)
    _reprice_siblings(session, caller, order, line)
    recalculate(order)
    session.flush()
    return line


def _check_product_unchanged(line: LineItem, product_id: str) -> None:
    if product_id.lower() != line.product_id.lower():
        raise ApiError(
            "A line item's ProductID cannot change; add a new line instead.",
            code="LineItem.CannotChangeProductID",
        )


def delete_line(
    session: Session, caller: Caller, direction: Direction, order_id: str, line_id: str
) -> None:
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    line = lines_of(order).get(session, line_id)
    _check_removable(session, line)
    remove_lines(session, caller, order, [line])


def _check_removable(session: Session, line: LineItem) -> None:
    """A bundle goes as a whole; a product it requires stays as long as the bundle does."""
    if line.is_bundle:
        raise ApiError(
            "A bundle's line goes with the whole bundle: delete the bundle item instead.",
            code="LineItem.CannotRemoveBundle",
            data={"BundleID": line.product_id, "BundleItemID": line.id},
        )
    if line.bundle_item_id is None:
        return
    bundle_line = next(
        (li for li in line.order.line_items if li.is_bundle and li.id == line.bundle_item_id),
        None,
    )
    required = bundle_line is not None and session.scalar(
        select(BundleProductAssignment.required)
        .join(Bundle, Bundle.pk == BundleProductAssignment.bundle_pk)
        .join(Product, Product.pk == BundleProductAssignment.product_pk)
        .where(Bundle.id == bundle_line.product_id, Product.id == line.product_id)
    )
    if required:
        raise ApiError(
            f"{line.product_id} is required by its bundle; delete the bundle item instead.",
            code="LineItem.CannotRemoveRequiredBundleItem",
            data={"ProductID": line.product_id, "BundleItemID": line.bundle_item_id},
        )


def remove_lines(session: Session, caller: Caller, order: Order, lines: list[LineItem]) -> None:
    """Take ``lines`` off the order; lines priced with them are priced again."""
    for line in lines:
        order.line_items.remove(line)
    session.flush()
    for line in lines:
        if order.line_items and not line.is_bundle:
            _reprice_siblings(session, caller, order, line)
    recalculate(order)
    session.flush()


def set_line_shipping(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    line_id: str,
    body: AddressWrite | None,
    patch: dict[str, Any] | None,
) -> LineItem:
    """PUT/PATCH a one-off ship-to address on one line."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    line = lines_of(order).get(session, line_id)
    line.shipping_address = address_body(line.shipping_address, body, patch)
    line.shipping_address_id = line.shipping_address.get("ID")
    recalculate(order)
    session.flush()
    return line


def reprice(session: Session, caller: Caller, order: Order) -> None:
    """Price every line afresh for the order's current user (after it changed hands)."""
    for line in order.line_items:
        if not line.price_overridden:
            _apply(
                session, caller, order, line, {"product_id": line.product_id, "specs": line.specs}
            )
    recalculate(order)
    session.flush()
