"""Role sets and list converters shared by the shipment routers."""

from __future__ import annotations

from collections.abc import Iterable

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role
from mercato.shipments import items, shipments
from mercato.shipments.models import Shipment, ShipmentItem
from mercato.shipments.schemas import ShipmentItemRead, ShipmentRead

R = Role
SHIPMENT_READ = requires(R.ShipmentAdmin, R.ShipmentReader)
SHIPMENT_ADMIN = requires(R.ShipmentAdmin)
ORDER_SHIP = requires(R.OrderAdmin, R.ShipmentAdmin)
ORDER_SHIPMENTS = requires(R.OrderAdmin, R.ShipmentReader)


def each_shipment(rows: Iterable[Shipment]) -> list[ShipmentRead]:
    return [shipments.to_read(s) for s in rows]


def each_item(rows: Iterable[ShipmentItem]) -> list[ShipmentItemRead]:
    return [items.to_read(i) for i in rows]
