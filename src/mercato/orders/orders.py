"""Orders: create, read, edit and delete, with direction-aware visibility and totals."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.auth.roles import Role
from mercato.core import resources
from mercato.core.errors import ApiError, Forbidden, NotFound
from mercato.core.resources import Scope
from mercato.core.time import utcnow
from mercato.orders import addresses
from mercato.orders.directions import Direction, effective, visible
from mercato.orders.models import ZERO, LineItem, Order, OrderStatus
from mercato.orders.pricing import money
from mercato.orders.schemas import FromUserPatch, OrderPatch, OrderRead, OrderUser, OrderWrite
from mercato.organizations import companies
from mercato.organizations.models import Company, CompanyKind, User
from mercato.organizations.schemas import AddressWrite
from mercato.organizations.scopes import users_of

ORDERS: Scope[Order] = Scope(Order, "Order")


def to_read(order: Order, model: type[OrderRead] = OrderRead) -> OrderRead:
    user = order.from_user
    from_user = (
        OrderUser.model_validate(
            {
                "id": user.id,
                "company_id": order.from_company.id,
                "username": user.username,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "phone": user.phone,
                "terms_accepted": user.terms_accepted,
                "active": user.active,
                "xp": user.xp,
                "date_created": user.date_created,
                "last_active": user.last_active,
                "password_last_set_date": user.password_last_set_date,
            }
        )
        if user is not None
        else OrderUser.model_validate(order.from_user_snapshot or {})
    )
    return model.model_validate(
        {
            "id": order.id,
            "from_user": from_user,
            "from_company_id": order.from_company.id,
            "to_company_id": order.to_company.id,
            "from_user_id": from_user.id,
            "billing_address_id": order.billing_address_id,
            "billing_address": order.billing_address,
            "shipping_address_id": order.shipping_address_id,
            "comments": order.comments,
            "line_item_count": order.line_item_count,
            "status": order.status,
            "date_created": order.date_created,
            "date_submitted": order.date_submitted,
            "date_approved": order.date_approved,
            "date_declined": order.date_declined,
            "date_canceled": order.date_canceled,
            "date_completed": order.date_completed,
            "last_updated": order.last_updated,
            "subtotal": order.subtotal,
            "shipping_cost": order.shipping_cost,
            "tax_cost": order.tax_cost,
            "gratuity": order.gratuity,
            "fees": order.fees,
            "promotion_discount": order.promotion_discount,
            "currency": order.currency,
            "total": order.total,
            "is_submitted": order.is_submitted,
            "xp": order.xp,
        }
    )


def order_query(caller: Caller, direction: Direction) -> Select[Order]:
    return ORDERS.query().where(visible(caller, direction))


def get_order(
    session: Session, caller: Caller, direction: Direction, order_id: str, *, lock: bool = False
) -> Order:
    stmt = order_query(caller, direction).where(Order.id == order_id)
    if lock:
        # Serialises concurrent writers of one order.
        # populate_existing: the locked row as committed, not as this session first read it.
        stmt = stmt.with_for_update(of=Order).execution_options(populate_existing=True)
    order = session.scalars(stmt).first()
    if order is None:
        raise NotFound("Order", order_id)
    return order


def as_orderer(caller: Caller, order: Order) -> Caller:
    """The caller seen as the order's buyer user: whose visibility and prices apply."""
    if order.from_user is None:
        raise ApiError("The order's user no longer exists.", code="Order.CannotCreateInvalid")
    user = order.from_user
    return replace(caller, user=user, company=user.company)


def _check_overrides(caller: Caller, values: dict[str, Any]) -> None:
    for field, role, code in (
        ("shipping_cost", Role.OverrideShipping, "Order.OverrideShippingPermission"),
        ("tax_cost", Role.OverrideTax, "Order.OverrideTaxPermission"),
    ):
        if values.get(field) is not None and not caller.roles & {role, Role.FullAccess}:
            raise Forbidden(f"Setting {field} needs the {role} role.", code=code)


def _parties(
    session: Session, caller: Caller, direction: Direction, data: OrderWrite
) -> tuple[Company, User, Company]:
    """(from company, from user, to company) of a new order."""
    if direction is Direction.Outgoing:
        if caller.kind is not CompanyKind.BUYER:
            raise ApiError(
                "Only buyer users place outgoing orders.", code="Order.CannotCreateInvalid"
            )
        return caller.company, caller.user, _seller_for(session, caller.company, data.to_company_id)
    if caller.kind is CompanyKind.BUYER:
        raise Forbidden(
            "Buyer users have no incoming orders.", code="Auth.UserNotAuthorizedToAdmin"
        )
    if not (data.from_company_id and data.from_user_id):
        raise ApiError(
            "An incoming order needs FromCompanyID and FromUserID.",
            code="Order.CreateIncomingRequiresFromUser",
        )
    buyer = companies.BUYERS.get(session, data.from_company_id)
    user = users_of(buyer).get(session, data.from_user_id)
    # An order placed to the caller's own company, so that it is the caller's to fulfil.
    return buyer, user, caller.company


def _seller_for(session: Session, buyer: Company, to_company_id: str | None) -> Company:
    if not to_company_id:
        return companies.seller(session)
    seller = session.scalars(companies.sellers_of(buyer).where(Company.id == to_company_id)).first()
    if seller is None:
        raise NotFound("Supplier", to_company_id)
    return seller


def _values(data: OrderWrite | OrderPatch, *, partial: bool) -> dict[str, Any]:
    dumped = (
        resources.patch_values(data, OrderWrite, not_null=("shipping_cost", "tax_cost", "gratuity"))
        if partial
        else data.model_dump(by_alias=False)
    )
    fields = {"id", "comments", "shipping_cost", "tax_cost", "gratuity", "xp"}
    values = {k: v for k, v in dumped.items() if k in fields}
    if not partial:
        for money_field in ("shipping_cost", "tax_cost", "gratuity"):
            values[money_field] = values.get(money_field) or ZERO
    return values


def create_order(session: Session, caller: Caller, direction: Direction, data: OrderWrite) -> Order:
    direction = effective(caller, direction)
    values = _values(data, partial=False)
    if caller.is_guest:
        # A guest token carries the ID of the one order its holder may place.
        values["id"] = caller.anonymous_order_id
    _check_overrides(caller, data.model_dump(by_alias=False))
    buyer, user, seller = _parties(session, caller, direction, data)
    order = resources.create(
        session,
        ORDERS,
        values,
        from_company_pk=buyer.pk,
        from_user_pk=user.pk,
        to_company_pk=seller.pk,
        status=OrderStatus.Unsubmitted,
        guest=caller.is_guest,
    )
    session.refresh(order)
    _set_addresses(session, caller, order, data.model_dump(by_alias=False, exclude_unset=True))
    recalculate(order)
    session.flush()
    return order


def _set_addresses(session: Session, caller: Caller, order: Order, values: dict[str, Any]) -> None:
    user = None if caller.kind is not CompanyKind.BUYER else order.from_user
    if values.get("billing_address_id"):
        address = addresses.buyer_address(
            session,
            order.from_company,
            user,
            values["billing_address_id"],
            shipping=False,
            guest=order.guest,
        )
        order.billing_address_id = address.id
        order.billing_address = addresses.snapshot(address)
    elif "billing_address_id" in values:
        order.billing_address_id = order.billing_address = None
    if values.get("shipping_address_id"):
        address = addresses.buyer_address(
            session,
            order.from_company,
            user,
            values["shipping_address_id"],
            shipping=True,
            guest=order.guest,
        )
        set_ship_to(order, address.id, addresses.snapshot(address))


def set_ship_to(order: Order, address_id: str | None, snapshot: dict[str, Any]) -> None:
    """Ship every line of ``order`` to one address."""
    for line in order.line_items:
        line.shipping_address_id = address_id
        line.shipping_address = snapshot
    order.shipping_address_id = address_id
    touch(order)


def check_editable(order: Order) -> None:
    if order.status is not OrderStatus.Unsubmitted:
        raise ApiError(
            f"Order {order.id} is {order.status} and can no longer be edited.",
            code="Order.CannotModifySubmittedOrder",
            data={"Status": str(order.status)},
        )


def save_order(
    session: Session, caller: Caller, direction: Direction, order_id: str, data: OrderWrite
) -> Order:
    existing = ORDERS.find(session, order_id)
    if existing is None:
        return create_order(session, caller, direction, data.model_copy(update={"id": order_id}))
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    _check_overrides(caller, data.model_dump(by_alias=False))
    resources.replace(
        session, ORDERS, order, {**_values(data, partial=False), "id": data.id or order_id}
    )
    _set_addresses(session, caller, order, data.model_dump(by_alias=False))
    recalculate(order)
    session.flush()
    return order


def patch_order(
    session: Session, caller: Caller, direction: Direction, order_id: str, data: OrderPatch
) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    values = _values(data, partial=True)
    _check_overrides(caller, values)
    resources.patch(session, ORDERS, order, values)
    _set_addresses(session, caller, order, data.model_dump(by_alias=False, exclude_unset=True))
    recalculate(order)
    session.flush()
    return order


def delete_order(session: Session, caller: Caller, direction: Direction, order_id: str) -> None:
    order = get_order(session, caller, direction, order_id, lock=True)
    if order.is_submitted:
        raise ApiError(
            "Submitted orders are kept; cancel the order instead.",
            code="Order.CannotDeleteSubmittedOrder",
        )
    session.delete(order)
    session.flush()


def set_billing(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    body: AddressWrite | None,
    patch: dict[str, Any] | None = None,
) -> Order:
    """PUT (a whole one-off address) or PATCH (fields over the current one) billto."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    order.billing_address = address_body(order.billing_address, body, patch)
    order.billing_address_id = order.billing_address.get("ID")
    touch(order)
    session.flush()
    return order


def set_shipping(
    session: Session,
    caller: Caller,
    direction: Direction,
    order_id: str,
    *,
    body: AddressWrite | None,
    patch: dict[str, Any] | None = None,
) -> Order:
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    current = order.line_items[0].shipping_address if order.line_items else None
    snapshot = address_body(current, body, patch)
    set_ship_to(order, snapshot.get("ID"), snapshot)
    session.flush()
    return order


def address_body(
    current: dict[str, Any] | None, body: AddressWrite | None, patch: dict[str, Any] | None
) -> dict[str, Any]:
    if body is not None:
        return addresses.ad_hoc(body)
    if current is None:
        raise ApiError(
            "There is no address to patch; PUT one first.",
            code="LineItem.CannotPatchShippingAddressIfMissing",
        )
    merged = {**AddressWrite.model_validate(current).model_dump(by_alias=False), **(patch or {})}
    return addresses.ad_hoc(AddressWrite.model_validate(merged))


def patch_from_user(
    session: Session, caller: Caller, direction: Direction, order_id: str, data: FromUserPatch
) -> Order:
    """Change the name and e-mail an order is from (guest checkout)."""
    order = get_order(session, caller, direction, order_id, lock=True)
    check_editable(order)
    values = data.model_dump(by_alias=False, exclude_unset=True)
    user = order.from_user
    if user is not None:
        for name, value in values.items():
            if name == "xp":
                user.xp = {**(user.xp or {}), **(value or {})}
            elif value is not None:
                setattr(user, name, value)
    touch(order)
    session.flush()
    return order


def touch(order: Order) -> None:
    order.last_updated = utcnow()


def recalculate(order: Order) -> None:
    """Totals, line count and common ship-to from the lines; money stays Decimal."""
    lines: list[LineItem] = list(order.line_items)
    # The line standing for a bundle is not an item bought or shipped; its products' are.
    items = [line for line in lines if not line.is_bundle]
    order.line_item_count = len(items)
    order.subtotal = money(sum((line.line_subtotal for line in lines), ZERO))
    order.promotion_discount = money(sum((line.promotion_discount for line in lines), ZERO))
    order.total = money(
        order.subtotal
        - order.promotion_discount
        + Decimal(order.shipping_cost or 0)
        + Decimal(order.tax_cost or 0)
        + Decimal(order.gratuity or 0)
        + Decimal(order.fees or 0)
    )
    ship_to = {line.shipping_address_id for line in items}
    if items:
        order.shipping_address_id = ship_to.pop() if len(ship_to) == 1 else None
    touch(order)
