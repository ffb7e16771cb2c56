"""Wire models of shipments and shipment items."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from mercato.core.schemas import Amount, ApiModel, UtcDateTime, Xp
from mercato.orders.schemas import LineItemSpec

Id = Annotated[str | None, Field(default=None, max_length=100)]
RequiredId = Annotated[str, Field(min_length=1, max_length=100)]


class ShipmentWrite(ApiModel):
    id: Id = None
    buyer_id: Id = None
    shipper: Annotated[str | None, Field(default=None, max_length=100)] = None
    date_shipped: UtcDateTime | None = None
    date_delivered: UtcDateTime | None = None
    tracking_number: Annotated[str | None, Field(default=None, max_length=3000)] = None
    cost: Annotated[Amount | None, Field(default=None, ge=0)] = None
    account: Id = None
    from_address_id: Id = None
    to_address_id: Id = None
    xp: Xp = None


class ShipmentPatch(ShipmentWrite):
    pass


class ShipmentRead(ApiModel):
    id: str
    buyer_id: str | None
    shipper: str | None
    date_shipped: UtcDateTime | None
    date_delivered: UtcDateTime | None
    tracking_number: str | None
    cost: Amount | None
    owner_id: str
    account: str | None
    from_address_id: str | None
    to_address_id: str | None
    from_address: dict[str, Any] | None
    to_address: dict[str, Any] | None
    xp: dict[str, Any] | None


class ShipmentItemWrite(ApiModel):
    order_id: RequiredId
    line_item_id: RequiredId
    quantity_shipped: Annotated[int, Field(ge=1)]


class ShipmentItemRead(ApiModel):
    """The quantity shipped, with the line's price and product as ordered (read-only)."""

    order_id: str
    line_item_id: str
    quantity_shipped: int
    unit_price: Amount
    cost_center: str | None
    date_needed: UtcDateTime | None
    product: dict[str, Any]
    variant: dict[str, Any] | None
    specs: list[LineItemSpec]
    xp: dict[str, Any] | None
