"""Price schedules and their price breaks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access
from mercato.catalog.models import PriceBreak, PriceSchedule, Product, ProductAssignment
from mercato.catalog.schemas import PriceBreak as PriceBreakBody
from mercato.catalog.schemas import (
    PriceSchedulePatch,
    PriceScheduleRead,
    PriceScheduleWrite,
)
from mercato.catalog.scopes import SCHEDULES
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.schemas import fields_of
from mercato.core.time import utcnow

SCHEDULE_LIST = ListSpec(
    fields={
        "ID": PriceSchedule.id,
        "Name": PriceSchedule.name,
        "OwnerID": PriceSchedule.owner_id,
        "Currency": PriceSchedule.currency,
        "MinQuantity": PriceSchedule.min_quantity,
        "MaxQuantity": PriceSchedule.max_quantity,
        "RestrictedQuantity": PriceSchedule.restricted_quantity,
        "UseCumulativeQuantity": PriceSchedule.use_cumulative_quantity,
        "ApplyTax": PriceSchedule.apply_tax,
        "ApplyShipping": PriceSchedule.apply_shipping,
    },
    search=("ID", "Name"),
    sort=("Name", "ID"),
    tiebreak=PriceSchedule.pk,
    xp=PriceSchedule.xp,
)


# Built once; for pages of schedules whose breaks were not loaded with them.
_BREAKS_OF = (
    select(
        PriceBreak.schedule_pk,
        PriceBreak.quantity,
        PriceBreak.price,
        PriceBreak.sale_price,
        PriceBreak.subscription_price,
        PriceBreak.bundle_price,
    )
    .where(PriceBreak.schedule_pk.in_(bindparam("schedule_pks", expanding=True)))
    .order_by(PriceBreak.schedule_pk, PriceBreak.quantity)
)


def to_reads(session: Session, schedules: Iterable[PriceSchedule]) -> dict[int, PriceScheduleRead]:
    """Read models of many schedules by pk, their breaks read as rows in one statement.

    For schedules loaded without their breaks (``lazyload``), where the ORM's own eager
    load of the collection cost more than the rest of the read-out together.
    """
    unique = {schedule.pk: schedule for schedule in schedules}
    breaks: dict[int, list[PriceBreakBody]] = {pk: [] for pk in unique}
    if unique:
        rows = session.execute(_BREAKS_OF, {"schedule_pks": list(unique)})
        for schedule_pk, *values in rows:
            fields = dict(zip(_BREAK_FIELDS, values, strict=True))
            breaks[schedule_pk].append(PriceBreakBody.model_validate(fields))
    return {pk: to_read(schedule, breaks[pk]) for pk, schedule in unique.items()}


_BREAK_FIELDS = ("quantity", "price", "sale_price", "subscription_price", "bundle_price")


def to_read(
    schedule: PriceSchedule, breaks: Sequence[PriceBreakBody] | None = None
) -> PriceScheduleRead:
    """The read model; ``breaks``, if given, in quantity order, else the loaded collection."""
    if breaks is None:
        ordered = sorted(schedule.price_breaks, key=lambda b: b.quantity)
        breaks = [PriceBreakBody.model_validate(b) for b in ordered]
    now = utcnow()
    windowed = schedule.sale_start is not None or schedule.sale_end is not None
    on_sale = (
        windowed
        and (schedule.sale_start is None or schedule.sale_start <= now)
        and (schedule.sale_end is None or now <= schedule.sale_end)
    )
    return PriceScheduleRead.model_validate(
        {
            **fields_of(schedule, PriceScheduleRead, besides={"price_breaks", "is_on_sale"}),
            "price_breaks": breaks,
            "is_on_sale": on_sale,
        }
    )


def _check(schedule: PriceSchedule) -> None:
    if (
        schedule.min_quantity is not None
        and schedule.max_quantity is not None
        and schedule.min_quantity > schedule.max_quantity
    ):
        raise ApiError("MinQuantity exceeds MaxQuantity.", code="PriceSchedule.MinGreaterThanMax")
    if schedule.sale_start and schedule.sale_end and schedule.sale_start > schedule.sale_end:
        raise ApiError(
            "SaleStart is after SaleEnd.", code="PriceSchedule.InvalidSaleStartOrSaleEnd"
        )


def _breaks(items: list[dict[str, Any]]) -> list[PriceBreak]:
    quantities = [b["quantity"] for b in items]
    if len(set(quantities)) != len(quantities):
        raise ApiError(
            "Two price breaks have the same Quantity.", code="PriceSchedule.DuplicatePriceBreaks"
        )
    return [PriceBreak(**b) for b in sorted(items, key=lambda b: b["quantity"])]


def _values(caller: Caller, data: dict[str, Any], *, new: bool) -> dict[str, Any]:
    values = access.with_owner(caller, data, new=new)
    if "price_breaks" in values:
        values["price_breaks"] = _breaks(values["price_breaks"] or [])
    return values


def list_schedules(session: Session, caller: Caller, args: ListArgs) -> Page[PriceSchedule]:
    stmt = access.visible(caller, SCHEDULES.query(), PriceSchedule.owner_id)
    return paginate(session, stmt, args, SCHEDULE_LIST)


def get_schedule(session: Session, caller: Caller, schedule_id: str) -> PriceSchedule:
    schedule = SCHEDULES.get(session, schedule_id)
    access.check_owner(caller, schedule, "PriceSchedule")
    return schedule


def create_schedule(session: Session, caller: Caller, data: PriceScheduleWrite) -> PriceSchedule:
    schedule = resources.create(
        session, SCHEDULES, _values(caller, data.model_dump(by_alias=False), new=True)
    )
    _check(schedule)
    return schedule


def save_schedule(
    session: Session, caller: Caller, schedule_id: str, data: PriceScheduleWrite
) -> PriceSchedule:
    existing = SCHEDULES.find(session, schedule_id)
    if existing is not None:
        access.check_owner(caller, existing, "PriceSchedule")
    values = _values(caller, data.model_dump(by_alias=False), new=existing is None)
    if existing is not None:
        existing.price_breaks.clear()
        session.flush()
    schedule = resources.save(session, SCHEDULES, schedule_id, values)
    _check(schedule)
    return schedule


def patch_schedule(
    session: Session, caller: Caller, schedule_id: str, data: PriceSchedulePatch
) -> PriceSchedule:
    schedule = get_schedule(session, caller, schedule_id)
    values = _values(caller, resources.patch_values(data, PriceScheduleWrite), new=False)
    if "price_breaks" in values:
        schedule.price_breaks.clear()
        session.flush()
    resources.patch(session, SCHEDULES, schedule, values)
    _check(schedule)
    return schedule


def delete_schedule(session: Session, caller: Caller, schedule_id: str) -> None:
    session.delete(get_schedule(session, caller, schedule_id))
    session.flush()


def save_price_break(
    session: Session, caller: Caller, schedule_id: str, data: PriceBreakBody
) -> PriceSchedule:
    """Add a break, or replace the one with the same Quantity."""
    schedule = get_schedule(session, caller, schedule_id)
    for existing in list(schedule.price_breaks):
        if existing.quantity == data.quantity:
            schedule.price_breaks.remove(existing)
    session.flush()
    schedule.price_breaks.append(PriceBreak(**data.model_dump(by_alias=False)))
    session.flush()
    session.refresh(schedule)
    return schedule


def delete_price_break(session: Session, caller: Caller, schedule_id: str, quantity: int) -> None:
    schedule = get_schedule(session, caller, schedule_id)
    match = [b for b in schedule.price_breaks if b.quantity == quantity]
    if not match:
        raise NotFound("PriceBreak", str(quantity))
    if len(schedule.price_breaks) == 1 and _in_use(session, schedule):
        raise ApiError(
            "A price schedule in use keeps at least one price break.",
            code="PriceSchedule.CannotDeleteLastPriceBreak",
        )
    schedule.price_breaks.remove(match[0])
    session.flush()


def _in_use(session: Session, schedule: PriceSchedule) -> bool:
    used = session.scalar(
        select(Product.pk)
        .outerjoin(ProductAssignment, ProductAssignment.product_pk == Product.pk)
        .where(
            or_(
                Product.default_price_schedule_pk == schedule.pk,
                ProductAssignment.price_schedule_pk == schedule.pk,
            )
        )
        .limit(1)
    )
    return used is not None
