"""Inventory records: the stock of a product, or of one of its variants, at one location.

A record hangs off a product or off one variant of it, and its ID is unique there. Its
owner is the marketplace or a supplier, settled as for products, and its address must be
one of the owner's addresses. Buyer users see the records of a product they can see when
a record is open to all buyers or is assigned to their buyer or to one of their groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access, products, shopping, variants
from mercato.catalog.models import InventoryRecord, InventoryRecordAssignment, Product, Variant
from mercato.catalog.schemas import InventoryRecordAssignment as AssignmentBody
from mercato.catalog.schemas import InventoryRecordPatch, InventoryRecordRead, InventoryRecordWrite
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_level, where_linked
from mercato.core.resources import Scope
from mercato.core.schemas import fields_of
from mercato.core.time import utcnow
from mercato.organizations.companies import SUPPLIERS, at_party, buyer_and_group, seller
from mercato.organizations.models import Address, Company, UserGroup
from mercato.organizations.schemas import AddressRead
from mercato.organizations.scopes import addresses_of, group_pks_of

RECORD_LIST = ListSpec(
    fields={
        "ID": InventoryRecord.id,
        "OwnerID": InventoryRecord.owner_id,
        "AddressID": Address.id,
        "AllowAllBuyers": InventoryRecord.allow_all_buyers,
        "OrderCanExceed": InventoryRecord.order_can_exceed,
        "QuantityAvailable": InventoryRecord.quantity_available,
        "NotificationPoint": InventoryRecord.notification_point,
        "LastUpdated": InventoryRecord.last_updated,
    },
    search=("ID", "AddressID"),
    sort=("ID", "AddressID"),
    tiebreak=InventoryRecord.pk,
    xp=InventoryRecord.xp,
    params=frozenset({"includeaddress"}),
)
ASSIGNMENT_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=InventoryRecordAssignment.pk,
    params=frozenset({"inventoryrecordid", "buyerid", "usergroupid", "level"}),
)
# A PATCH may leave these out, but may not blank them.
_NOT_NULL = ("allow_all_buyers", "order_can_exceed", "quantity_available")


@dataclass(frozen=True)
class Holder:
    """What records hang off: a product, or one variant of it."""

    product: Product
    variant: Variant | None = None

    @property
    def variant_key(self) -> int:
        return self.variant.pk if self.variant else 0

    @property
    def columns(self) -> dict[str, Any]:
        """The holder's columns of a new record."""
        return {
            "product_pk": self.product.pk,
            "variant_pk": self.variant.pk if self.variant else None,
            "variant_key": self.variant_key,
        }

    def records(self) -> Scope[InventoryRecord]:
        return Scope(
            InventoryRecord,
            "InventoryRecord",
            (
                InventoryRecord.product_pk == self.product.pk,
                InventoryRecord.variant_key == self.variant_key,
            ),
        )

    def listed(self) -> Select[Any]:
        """The records, joined to their address so AddressID can be searched and sorted."""
        return self.records().query().join(Address, Address.pk == InventoryRecord.address_pk)


def _with_variant(session: Session, product: Product, variant_id: str | None) -> Holder:
    variant = variants.variants_of(product).get(session, variant_id) if variant_id else None
    return Holder(product, variant)


def managed(
    session: Session, caller: Caller, product_id: str, variant_id: str | None = None
) -> Holder:
    """The product (or variant) whose records an admin or supplier user works on."""
    return _with_variant(session, products.get_product(session, caller, product_id), variant_id)


def to_read(record: InventoryRecord, *, include_address: bool = True) -> InventoryRecordRead:
    values = fields_of(record, InventoryRecordRead)
    values["address_id"] = record.address.id
    values["address"] = AddressRead.model_validate(record.address) if include_address else None
    return InventoryRecordRead.model_validate(values)


def _owner_company(session: Session, caller: Caller, owner_id: str) -> Company:
    if owner_id == caller.marketplace.id:
        return seller(session)
    return SUPPLIERS.get(session, owner_id)


def _settle(
    session: Session, caller: Caller, values: dict[str, Any], *, current: InventoryRecord | None
) -> dict[str, Any]:
    """Write values with the owner and its address resolved, dated now."""
    values = access.with_owner(caller, values, new=current is None)
    # Creates and PUTs name both; a PATCH may leave either out, keeping the record's own.
    owner_id = values.get("owner_id") or (current.owner_id if current else "")
    address_id = values.pop("address_id", None) or (current.address.id if current else "")
    # Checked on every write, so a new owner must also hold the address the record keeps.
    address = addresses_of(_owner_company(session, caller, owner_id)).find(session, address_id)
    if address is None:
        raise NotFound("Address", address_id)
    return {**values, "address": address, "last_updated": utcnow()}


def get_record(session: Session, caller: Caller, holder: Holder, record_id: str) -> InventoryRecord:
    record = holder.records().get(session, record_id)
    access.check_owner(caller, record, "InventoryRecord")
    return record


def list_records(
    session: Session, caller: Caller, holder: Holder, args: ListArgs
) -> Page[InventoryRecord]:
    stmt = access.visible(caller, holder.listed(), InventoryRecord.owner_id)
    return paginate(session, stmt, args, RECORD_LIST)


def create_record(
    session: Session, caller: Caller, holder: Holder, data: InventoryRecordWrite
) -> InventoryRecord:
    values = _settle(session, caller, data.model_dump(by_alias=False), current=None)
    return resources.create(session, holder.records(), values, **holder.columns)


def save_record(
    session: Session, caller: Caller, holder: Holder, record_id: str, data: InventoryRecordWrite
) -> InventoryRecord:
    existing = holder.records().find(session, record_id)
    if existing is not None:
        access.check_owner(caller, existing, "InventoryRecord")
    values = _settle(session, caller, data.model_dump(by_alias=False), current=existing)
    return resources.save(session, holder.records(), record_id, {**values, **holder.columns})


def patch_record(
    session: Session, caller: Caller, holder: Holder, record_id: str, data: InventoryRecordPatch
) -> InventoryRecord:
    record = get_record(session, caller, holder, record_id)
    sent = resources.patch_values(data, InventoryRecordWrite, not_null=_NOT_NULL)
    values = _settle(session, caller, sent, current=record)
    return resources.patch(session, holder.records(), record, values)


def delete_record(session: Session, caller: Caller, holder: Holder, record_id: str) -> None:
    session.delete(get_record(session, caller, holder, record_id))
    session.flush()


# --- assignments to buyers and user groups -------------------------------------------------


def _same_party(
    record: InventoryRecord, buyer: Company, group: UserGroup | None
) -> Select[InventoryRecordAssignment]:
    a = InventoryRecordAssignment
    return select(a).where(a.record_pk == record.pk, at_party(a.buyer_pk, a.group_pk, buyer, group))


def save_assignment(session: Session, caller: Caller, holder: Holder, data: AssignmentBody) -> None:
    record = get_record(session, caller, holder, data.inventory_record_id)
    buyer, group = buyer_and_group(session, data.buyer_id, data.user_group_id)
    if session.scalars(_same_party(record, buyer, group)).first() is None:
        session.add(
            InventoryRecordAssignment(
                record_pk=record.pk, buyer_pk=buyer.pk, group_pk=group.pk if group else None
            )
        )
        session.flush()


def delete_assignment(
    session: Session,
    caller: Caller,
    holder: Holder,
    record_id: str,
    *,
    buyer_id: str,
    group_id: str | None,
    user_id: str | None,
) -> None:
    record = get_record(session, caller, holder, record_id)
    if user_id:
        raise ApiError(
            "Inventory records are assigned to buyers and user groups, not to single users.",
            code="PartyAssignment.UserLevelNotAllowed",
        )
    buyer, group = buyer_and_group(session, buyer_id, group_id)
    row = session.scalars(_same_party(record, buyer, group)).first()
    if row is None:
        raise NotFound("InventoryRecordAssignment", record_id)
    session.delete(row)
    session.flush()


def list_assignments(
    session: Session, caller: Caller, holder: Holder, args: ListArgs
) -> Page[InventoryRecordAssignment]:
    a = InventoryRecordAssignment
    stmt = (
        select(a)
        .join(InventoryRecord, InventoryRecord.pk == a.record_pk)
        .where(*holder.records().where)
    )
    stmt = access.visible(caller, stmt, InventoryRecord.owner_id)
    links = (
        ("inventoryRecordID", a.record_pk, InventoryRecord),
        ("buyerID", a.buyer_pk, Company),
        ("userGroupID", a.group_pk, UserGroup),
    )
    stmt = where_level(where_linked(stmt, args, links), args, a.group_pk)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: InventoryRecordAssignment) -> AssignmentBody:
    return AssignmentBody(
        inventory_record_id=row.record.id,
        buyer_id=row.buyer.id,
        user_group_id=row.group.id if row.group else None,
    )


# --- the buyer's view ----------------------------------------------------------------------


def usable_by(caller: Caller) -> ColumnElement[bool]:
    """Records open to every buyer, or assigned to the caller's buyer or one of its groups."""
    a = InventoryRecordAssignment
    assigned = select(a.record_pk).where(
        a.buyer_pk == caller.company.pk,
        or_(a.group_pk.is_(None), a.group_pk.in_(group_pks_of(caller.user.pk))),
    )
    # Orders will need the stock a buyer may draw on for a product or variant: the sum of
    # QuantityAvailable over these records (OrderCloud also reports that sum as
    # Product.Inventory.QuantityAvailable once records exist). It belongs here, next to
    # this filter, when line items arrive.
    return or_(InventoryRecord.allow_all_buyers, InventoryRecord.pk.in_(assigned))


def list_my_records(
    session: Session, caller: Caller, product_id: str, variant_id: str | None, args: ListArgs
) -> Page[InventoryRecord]:
    """The records a buyer user may use, of a product it can see (else 404, as Me.GetProduct)."""
    holder = _with_variant(session, shopping.get_product(session, caller, product_id), variant_id)
    return paginate(session, holder.listed().where(usable_by(caller)), args, RECORD_LIST)
