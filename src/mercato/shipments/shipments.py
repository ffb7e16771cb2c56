"""Shipments: who manages and who sees them, and their fields and addresses.

The marketplace owner manages every shipment of its marketplace, a supplier only those it
owns; buyer users never use these admin routes. A buyer user sees, through ``/me``, the
shipments holding lines of the orders it may see as outgoing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog.access import check_manager
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound, ValidationFailure
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.orders import addresses
from mercato.orders.directions import outgoing
from mercato.orders.models import Order
from mercato.organizations import companies
from mercato.organizations.models import Company, CompanyKind
from mercato.organizations.schemas import AddressWrite
from mercato.organizations.scopes import addresses_of
from mercato.shipments.models import Shipment, ShipmentItem
from mercato.shipments.schemas import ShipmentPatch, ShipmentRead, ShipmentWrite

SHIPMENTS: Scope[Shipment] = Scope(Shipment, "Shipment")
# The plain columns a write sets; BuyerID and the address IDs are resolved to rows.
_FIELDS = frozenset(
    {"id", "shipper", "date_shipped", "date_delivered", "tracking_number", "cost", "account", "xp"}
)


SHIPMENT_LIST = ListSpec(
    fields={
        "ID": Shipment.id,
        "BuyerID": companies.id_of(Shipment.buyer_pk),
        "Shipper": Shipment.shipper,
        "DateShipped": Shipment.date_shipped,
        "DateDelivered": Shipment.date_delivered,
        "TrackingNumber": Shipment.tracking_number,
        "Cost": Shipment.cost,
        "OwnerID": companies.id_of(Shipment.owner_company_pk),
        "Account": Shipment.account,
        "FromAddressID": Shipment.from_address_id,
        "ToAddressID": Shipment.to_address_id,
    },
    search=("ID", "BuyerID", "Shipper", "TrackingNumber"),
    sort=("DateShipped", "OwnerID", "ID", "BuyerID", "Shipper", "DateDelivered", "Cost"),
    tiebreak=Shipment.pk,
    xp=Shipment.xp,
    params=frozenset({"orderid"}),
    default_sort="ID",
)


def to_read(shipment: Shipment) -> ShipmentRead:
    return ShipmentRead.model_validate(
        {
            "id": shipment.id,
            "buyer_id": shipment.buyer.id if shipment.buyer else None,
            "shipper": shipment.shipper,
            "date_shipped": shipment.date_shipped,
            "date_delivered": shipment.date_delivered,
            "tracking_number": shipment.tracking_number,
            "cost": shipment.cost,
            "owner_id": shipment.owner.id,
            "account": shipment.account,
            "from_address_id": shipment.from_address_id,
            "to_address_id": shipment.to_address_id,
            "from_address": shipment.from_address,
            "to_address": shipment.to_address,
            "xp": shipment.xp,
        }
    )


# --- visibility -----------------------------------------------------------------------------


def managed(caller: Caller) -> Select[Shipment]:
    """The shipments the caller manages: all for the marketplace owner, its own for a supplier."""
    check_manager(caller)
    stmt = SHIPMENTS.query()
    if caller.kind is CompanyKind.SUPPLIER:
        stmt = stmt.where(Shipment.owner_company_pk == caller.company.pk)
    return stmt


def holding(orders: ColumnElement[bool]) -> ColumnElement[bool]:
    """Shipments with at least one line of an order matching ``orders``."""
    order_pks = select(Order.pk).where(orders)
    return Shipment.pk.in_(
        select(ShipmentItem.shipment_pk).where(ShipmentItem.order_pk.in_(order_pks))
    )


def mine(caller: Caller) -> Select[Shipment]:
    """Shipments of the orders the caller sees as outgoing (a buyer user's own)."""
    return SHIPMENTS.query().where(holding(outgoing(caller)))


def _order_param(stmt: Select[Shipment], args: ListArgs) -> Select[Shipment]:
    order_id = args.filter_value("orderID")
    return stmt.where(holding(Order.id == order_id)) if order_id else stmt


def list_shipments(session: Session, caller: Caller, args: ListArgs) -> Page[Shipment]:
    return paginate(session, _order_param(managed(caller), args), args, SHIPMENT_LIST)


def list_my_shipments(session: Session, caller: Caller, args: ListArgs) -> Page[Shipment]:
    return paginate(session, _order_param(mine(caller), args), args, SHIPMENT_LIST)


def list_for_order(session: Session, order: Order, args: ListArgs) -> Page[Shipment]:
    stmt = SHIPMENTS.query().where(holding(Order.pk == order.pk))
    return paginate(session, stmt, args, SHIPMENT_LIST)


def _first(session: Session, stmt: Select[Shipment], shipment_id: str) -> Shipment:
    shipment = session.scalars(stmt.where(Shipment.id == shipment_id)).first()
    if shipment is None:
        raise NotFound("Shipment", shipment_id)
    return shipment


def get_shipment(session: Session, caller: Caller, shipment_id: str) -> Shipment:
    return _first(session, managed(caller), shipment_id)


def get_my_shipment(session: Session, caller: Caller, shipment_id: str) -> Shipment:
    return _first(session, mine(caller), shipment_id)


# --- buyer and addresses ----------------------------------------------------------------------


def _buyer_of_items(session: Session, shipment: Shipment) -> Company | None:
    stmt = (
        select(Company)
        .join(Order, Order.from_company_pk == Company.pk)
        .join(ShipmentItem, ShipmentItem.order_pk == Order.pk)
        .where(ShipmentItem.shipment_pk == shipment.pk)
    )
    return session.scalars(stmt.limit(1)).first()


def claim_buyer(shipment: Shipment, order: Order) -> None:
    """A shipment goes to one buyer: the first order shipped in it names that buyer."""
    if shipment.buyer is None:
        shipment.buyer = order.from_company
    elif shipment.buyer.pk != order.from_company.pk:
        raise ApiError(
            f"Shipment {shipment.id} goes to buyer {shipment.buyer.id}; "
            f"order {order.id} is from buyer {order.from_company.id}.",
            code="Shipment.BuyerMismatch",
            data={"BuyerID": shipment.buyer.id, "OrderID": order.id},
        )


def _set_buyer(session: Session, shipment: Shipment, buyer_id: str | None) -> None:
    shipped_to = _buyer_of_items(session, shipment)
    if buyer_id is None:
        shipment.buyer = shipped_to
        return
    buyer = companies.BUYERS.get(session, buyer_id)
    if shipped_to is not None and shipped_to.pk != buyer.pk:
        raise ApiError(
            f"Shipment {shipment.id} holds orders of buyer {shipped_to.id}, not {buyer.id}.",
            code="Shipment.BuyerMismatch",
            data={"BuyerID": buyer.id},
        )
    shipment.buyer = buyer


def _set_links(session: Session, shipment: Shipment, values: dict[str, Any]) -> None:
    """BuyerID, FromAddressID (the owner's address) and ToAddressID (the buyer's) if sent."""
    if "buyer_id" in values:
        _set_buyer(session, shipment, values["buyer_id"])
    for side, company in (("from", shipment.owner), ("to", shipment.buyer)):
        key = f"{side}_address_id"
        if key not in values:
            continue
        address_id = values[key]
        if address_id and company is None:
            raise ValidationFailure("ToAddressID", "A ToAddressID needs the shipment's BuyerID.")
        address = addresses_of(company).get(session, address_id) if address_id and company else None
        setattr(shipment, key, address.id if address else None)
        setattr(shipment, f"{side}_address", addresses.snapshot(address) if address else None)


# --- writes -----------------------------------------------------------------------------------


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in _FIELDS}


def create_shipment(session: Session, caller: Caller, data: ShipmentWrite) -> Shipment:
    check_manager(caller)
    dumped = data.model_dump(by_alias=False)
    shipment = resources.create(session, SHIPMENTS, _columns(dumped), owner=caller.company)
    _set_links(session, shipment, dumped)
    session.flush()
    return shipment


def save_shipment(
    session: Session, caller: Caller, shipment_id: str, data: ShipmentWrite
) -> Shipment:
    if SHIPMENTS.find(session, shipment_id) is None:
        return create_shipment(
            session, caller, data.model_copy(update={"id": data.id or shipment_id})
        )
    shipment = get_shipment(session, caller, shipment_id)
    dumped = data.model_dump(by_alias=False)
    resources.replace(
        session, SHIPMENTS, shipment, {**_columns(dumped), "id": data.id or shipment_id}
    )
    _set_links(session, shipment, dumped)
    session.flush()
    return shipment


def patch_shipment(
    session: Session, caller: Caller, shipment_id: str, data: ShipmentPatch
) -> Shipment:
    shipment = get_shipment(session, caller, shipment_id)
    sent = resources.patch_values(data, ShipmentWrite)
    resources.patch(session, SHIPMENTS, shipment, _columns(sent))
    _set_links(session, shipment, sent)
    session.flush()
    return shipment


def set_address(
    session: Session, caller: Caller, shipment_id: str, body: AddressWrite, *, side: str
) -> Shipment:
    """PUT a one-off ship-from (``side="from"``) or ship-to address on the shipment."""
    shipment = get_shipment(session, caller, shipment_id)
    snapshot = addresses.ad_hoc(body)
    setattr(shipment, f"{side}_address", snapshot)
    setattr(shipment, f"{side}_address_id", snapshot.get("ID"))
    session.flush()
    return shipment
