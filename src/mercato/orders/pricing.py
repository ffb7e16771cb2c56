"""The unit price of a line: price breaks, sale prices, quantity rules and spec markups.

Pure functions over a price schedule; all arithmetic is Decimal, rounded half-up to the
four places money is stored with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from mercato.catalog.models import PriceSchedule
from mercato.core.errors import ApiError

CENT_FRACTION = Decimal("0.0001")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT_FRACTION, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Markup:
    """A price markup of a chosen spec option."""

    kind: str | None
    amount: Decimal | None


@dataclass(frozen=True)
class Price:
    unit_price: Decimal
    is_on_sale: bool


def is_on_sale(schedule: PriceSchedule, now: datetime) -> bool:
    if schedule.sale_start is None and schedule.sale_end is None:
        return False
    started = schedule.sale_start is None or schedule.sale_start <= now
    return started and (schedule.sale_end is None or now <= schedule.sale_end)


def check_quantity(schedule: PriceSchedule, quantity: int, counted: int) -> None:
    """Enforce the schedule's quantity rules; ``counted`` is what the rules apply to.

    ``counted`` is the line's own quantity, or the order's total of the product when the
    schedule uses cumulative quantities.
    """
    prefix = "Cumulative" if schedule.use_cumulative_quantity else ""
    if quantity < 1:
        raise ApiError("Quantity must be at least 1.", code="LineItem.QuantityMustBePositive")
    if schedule.min_quantity is not None and counted < schedule.min_quantity:
        raise ApiError(
            f"Quantity {counted} is below the minimum of {schedule.min_quantity}.",
            code=f"PriceSchedule.{prefix}CannotBeLessThanMin",
            data={"MinQuantity": schedule.min_quantity, "Quantity": counted},
        )
    if schedule.max_quantity is not None and counted > schedule.max_quantity:
        raise ApiError(
            f"Quantity {counted} is above the maximum of {schedule.max_quantity}.",
            code=f"PriceSchedule.{prefix}CannotExceedMax",
            data={"MaxQuantity": schedule.max_quantity, "Quantity": counted},
        )
    if schedule.restricted_quantity and counted not in {b.quantity for b in schedule.price_breaks}:
        raise ApiError(
            f"Quantity {counted} is not one of the quantities this product is sold in.",
            code=f"PriceSchedule.{prefix}QuantityNotAllowed",
            data={"Allowed": sorted(b.quantity for b in schedule.price_breaks)},
        )


def unit_price(
    schedule: PriceSchedule,
    counted: int,
    quantity: int,
    markups: Iterable[Markup],
    now: datetime,
    *,
    bundle: bool = False,
) -> Price:
    """The price of one unit: the break for ``counted`` units, on sale or not, marked up.

    A product bought as part of a bundle takes the break's BundlePrice when it has one.
    """
    breaks = [b for b in schedule.price_breaks if b.quantity <= counted]
    if not breaks:
        if not schedule.price_breaks:
            raise ApiError(
                "The price schedule has no price breaks.", code="PriceSchedule.NoPriceBreaks"
            )
        breaks = [min(schedule.price_breaks, key=lambda b: b.quantity)]
    chosen = max(breaks, key=lambda b: b.quantity)
    if bundle and chosen.bundle_price is not None:
        on_sale, base = False, Decimal(chosen.bundle_price)
    else:
        on_sale = is_on_sale(schedule, now) and chosen.sale_price is not None
        base = Decimal(chosen.sale_price if on_sale and chosen.sale_price else chosen.price)
    price = base
    for markup in markups:
        amount = Decimal(markup.amount or 0)
        if markup.kind == "AmountPerQuantity":
            price += amount
        elif markup.kind == "AmountTotal":
            # Once per line, spread over its units so UnitPrice times Quantity adds it once.
            price += amount / quantity
        elif markup.kind == "Percentage":
            price += base * amount / 100
    return Price(unit_price=money(price), is_on_sale=on_sale)
