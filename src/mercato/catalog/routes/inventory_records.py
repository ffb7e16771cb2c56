"""Inventory records and their assignments, built once and mounted for products and variants.

A product's own records live at ``/products/{productID}/inventoryrecords`` and a variant's
at ``/products/{productID}/variants/{variantID}/inventoryrecords``; only the object the path
names and the operation IDs differ. Fixed paths (…/assignments) come before {ID} paths.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import inventory_records
from mercato.catalog.inventory_records import Holder
from mercato.catalog.routes.common import PRODUCT_READ, PRODUCT_WRITE, OptionalId
from mercato.catalog.schemas import (
    InventoryRecordAssignment,
    InventoryRecordPatch,
    InventoryRecordRead,
    InventoryRecordWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import include, list_page, no_content
from mercato.core.schemas import ListPage

IncludeAddress = Annotated[
    bool, Query(description="Embed each record's Address; single records always carry it.")
]


def product_records(session: SessionDep, caller: CallerDep, productID: str) -> Holder:
    return inventory_records.managed(session, caller, productID)


def variant_records(
    session: SessionDep, caller: CallerDep, productID: str, variantID: str
) -> Holder:
    return inventory_records.managed(session, caller, productID, variantID)


@dataclass(frozen=True)
class Mount:
    """Where the records of one kind of holder are mounted."""

    path: str
    holder: Callable[..., Holder]
    # OrderCloud names the variant operations with "Variant" after the verb.
    infix: str

    def op(self, verb: str, rest: str = "") -> str:
        return f"InventoryRecords.{verb}{self.infix}{rest}"


def record_routes(m: Mount) -> APIRouter:
    router = APIRouter(prefix=m.path, tags=["InventoryRecords"])
    HolderDep = Annotated[Holder, Depends(m.holder)]

    @router.get(
        "/assignments", operation_id=m.op("List", "Assignments"), dependencies=[PRODUCT_READ]
    )
    def list_record_assignments(
        session: SessionDep, caller: CallerDep, holder: HolderDep, args: ListArgsDep
    ) -> ListPage[InventoryRecordAssignment]:
        """Which buyers and user groups may use the records."""
        page = inventory_records.list_assignments(session, caller, holder, args)
        return list_page(page, lambda rows: [inventory_records.assignment_to_read(r) for r in rows])

    @router.post(
        "/assignments",
        status_code=204,
        operation_id=m.op("Save", "Assignment"),
        dependencies=[PRODUCT_WRITE],
    )
    def save_record_assignment(
        session: SessionDep, caller: CallerDep, holder: HolderDep, body: InventoryRecordAssignment
    ) -> Response:
        """Let a buyer, or one of its user groups, use a record."""
        inventory_records.save_assignment(session, caller, holder, body)
        return no_content()

    @router.get("", operation_id=m.op("List"), dependencies=[PRODUCT_READ])
    def list_records(
        session: SessionDep,
        caller: CallerDep,
        holder: HolderDep,
        args: ListArgsDep,
        includeAddress: IncludeAddress = False,
    ) -> ListPage[InventoryRecordRead]:
        """List the records."""
        page = inventory_records.list_records(session, caller, holder, args)
        return list_page(
            page,
            lambda rows: [
                inventory_records.to_read(r, include_address=includeAddress) for r in rows
            ],
        )

    @router.post("", status_code=201, operation_id=m.op("Create"), dependencies=[PRODUCT_WRITE])
    def create_record(
        session: SessionDep, caller: CallerDep, holder: HolderDep, body: InventoryRecordWrite
    ) -> InventoryRecordRead:
        """Create a record at an address of its owner."""
        return inventory_records.to_read(
            inventory_records.create_record(session, caller, holder, body)
        )

    @router.get("/{inventoryRecordID}", operation_id=m.op("Get"), dependencies=[PRODUCT_READ])
    def get_record(
        session: SessionDep, caller: CallerDep, holder: HolderDep, inventoryRecordID: str
    ) -> InventoryRecordRead:
        """Get a record with its address."""
        record = inventory_records.get_record(session, caller, holder, inventoryRecordID)
        return inventory_records.to_read(record)

    @router.put("/{inventoryRecordID}", operation_id=m.op("Save"), dependencies=[PRODUCT_WRITE])
    def save_record(
        session: SessionDep,
        caller: CallerDep,
        holder: HolderDep,
        inventoryRecordID: str,
        body: InventoryRecordWrite,
    ) -> InventoryRecordRead:
        """Create or replace a record."""
        record = inventory_records.save_record(session, caller, holder, inventoryRecordID, body)
        return inventory_records.to_read(record)

    @router.patch("/{inventoryRecordID}", operation_id=m.op("Patch"), dependencies=[PRODUCT_WRITE])
    def patch_record(
        session: SessionDep,
        caller: CallerDep,
        holder: HolderDep,
        inventoryRecordID: str,
        body: InventoryRecordPatch,
    ) -> InventoryRecordRead:
        """Update the record fields sent."""
        record = inventory_records.patch_record(session, caller, holder, inventoryRecordID, body)
        return inventory_records.to_read(record)

    @router.delete(
        "/{inventoryRecordID}",
        status_code=204,
        operation_id=m.op("Delete"),
        dependencies=[PRODUCT_WRITE],
    )
    def delete_record(
        session: SessionDep, caller: CallerDep, holder: HolderDep, inventoryRecordID: str
    ) -> Response:
        """Delete a record with its assignments."""
        inventory_records.delete_record(session, caller, holder, inventoryRecordID)
        return no_content()

    @router.delete(
        "/{inventoryRecordID}/assignments",
        status_code=204,
        operation_id=m.op("Delete", "Assignment"),
        dependencies=[PRODUCT_WRITE],
    )
    def delete_record_assignment(
        session: SessionDep,
        caller: CallerDep,
        holder: HolderDep,
        inventoryRecordID: str,
        buyerID: Annotated[str, Query(max_length=100)],
        userGroupID: OptionalId = None,
        userID: OptionalId = None,
    ) -> Response:
        """Stop a buyer, or one of its user groups, using a record."""
        inventory_records.delete_assignment(
            session,
            caller,
            holder,
            inventoryRecordID,
            buyer_id=buyerID,
            group_id=userGroupID,
            user_id=userID,
        )
        return no_content()

    return router


router = APIRouter()
for mount in (
    Mount("/products/{productID}/inventoryrecords", product_records, ""),
    Mount(
        "/products/{productID}/variants/{variantID}/inventoryrecords", variant_records, "Variant"
    ),
):
    include(router, record_routes(mount))
