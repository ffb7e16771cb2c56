"""Routes of /priceschedules and their price breaks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import (
    price_schedules,
)
from mercato.catalog.routes.common import SCHEDULE_READ, SCHEDULE_WRITE
from mercato.catalog.schemas import (
    PriceBreak,
    PriceSchedulePatch,
    PriceScheduleRead,
    PriceScheduleWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage

router = APIRouter(prefix="/priceschedules", tags=["PriceSchedules"])


@router.get("", operation_id="PriceSchedules.List", dependencies=[SCHEDULE_READ])
def list_schedules(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[PriceScheduleRead]:
    """List price schedules."""
    page = price_schedules.list_schedules(session, caller, args)
    return list_page(page, lambda rows: [price_schedules.to_read(r) for r in rows])


@router.post(
    "", status_code=201, operation_id="PriceSchedules.Create", dependencies=[SCHEDULE_WRITE]
)
def create_schedule(
    session: SessionDep, caller: CallerDep, body: PriceScheduleWrite
) -> PriceScheduleRead:
    """Create a price schedule with its price breaks."""
    return price_schedules.to_read(price_schedules.create_schedule(session, caller, body))


@router.get("/{priceScheduleID}", operation_id="PriceSchedules.Get", dependencies=[SCHEDULE_READ])
def get_schedule(session: SessionDep, caller: CallerDep, priceScheduleID: str) -> PriceScheduleRead:
    """Get a price schedule."""
    return price_schedules.to_read(price_schedules.get_schedule(session, caller, priceScheduleID))


@router.put("/{priceScheduleID}", operation_id="PriceSchedules.Save", dependencies=[SCHEDULE_WRITE])
def save_schedule(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceScheduleWrite
) -> PriceScheduleRead:
    """Create or replace a price schedule, breaks included."""
    schedule = price_schedules.save_schedule(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@router.patch(
    "/{priceScheduleID}", operation_id="PriceSchedules.Patch", dependencies=[SCHEDULE_WRITE]
)
def patch_schedule(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceSchedulePatch
) -> PriceScheduleRead:
    """Update the fields sent; PriceBreaks, when sent, replace the current ones."""
    schedule = price_schedules.patch_schedule(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@router.delete(
    "/{priceScheduleID}",
    status_code=204,
    operation_id="PriceSchedules.Delete",
    dependencies=[SCHEDULE_WRITE],
)
def delete_schedule(session: SessionDep, caller: CallerDep, priceScheduleID: str) -> Response:
    """Delete a price schedule."""
    price_schedules.delete_schedule(session, caller, priceScheduleID)
    return no_content()


@router.post(
    "/{priceScheduleID}/PriceBreaks",
    status_code=201,
    operation_id="PriceSchedules.SavePriceBreak",
    dependencies=[SCHEDULE_WRITE],
)
def save_price_break(
    session: SessionDep, caller: CallerDep, priceScheduleID: str, body: PriceBreak
) -> PriceScheduleRead:
    """Add a price break, or replace the one with the same Quantity."""
    schedule = price_schedules.save_price_break(session, caller, priceScheduleID, body)
    return price_schedules.to_read(schedule)


@router.delete(
    "/{priceScheduleID}/PriceBreaks",
    status_code=204,
    operation_id="PriceSchedules.DeletePriceBreak",
    dependencies=[SCHEDULE_WRITE],
)
def delete_price_break(
    session: SessionDep,
    caller: CallerDep,
    priceScheduleID: str,
    quantity: Annotated[int, Query(ge=1)],
) -> Response:
    """Remove the price break for ``quantity``."""
    price_schedules.delete_price_break(session, caller, priceScheduleID, quantity)
    return no_content()
