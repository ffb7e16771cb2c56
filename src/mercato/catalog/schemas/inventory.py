"""Wire models of inventory records and their assignments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.catalog.schemas.catalogs import (
    Id,
)
from mercato.core.schemas import ApiModel, UtcDateTime, Xp
from mercato.organizations.schemas import AddressRead

StockQuantity = Annotated[int, Field(ge=-2_000_000_000, le=2_000_000_000)]


class InventoryRecordWrite(ApiModel):
    id: Id = None
    owner_id: Id = None
    address_id: Annotated[str, Field(min_length=1, max_length=100)]
    allow_all_buyers: bool = True
    order_can_exceed: bool = False
    # Orders that may exceed the stock can take it below zero.
    quantity_available: StockQuantity = 0
    notification_point: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    xp: Xp = None


class InventoryRecordRead(InventoryRecordWrite):
    id: str
    owner_id: str
    address: AddressRead | None = None
    last_updated: UtcDateTime


class InventoryRecordPatch(ApiModel):
    id: Id = None
    owner_id: Id = None
    address_id: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    allow_all_buyers: bool | None = None
    order_can_exceed: bool | None = None
    quantity_available: StockQuantity | None = None
    notification_point: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    xp: Xp = None


class InventoryRecordAssignment(ApiModel):
    inventory_record_id: Annotated[str, Field(max_length=100)]
    buyer_id: Annotated[str, Field(max_length=100)]
    user_group_id: Id = None
