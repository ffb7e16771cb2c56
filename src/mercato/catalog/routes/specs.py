"""Routes of /specs: specs, options and product assignments."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import (
    specs,
)
from mercato.catalog.routes.common import PRODUCT_READ, PRODUCT_WRITE
from mercato.catalog.schemas import (
    SpecOptionPatch,
    SpecOptionRead,
    SpecOptionWrite,
    SpecPatch,
    SpecProductAssignment,
    SpecRead,
    SpecWrite,
)
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage

router = APIRouter(prefix="/specs", tags=["Specs"])


@router.get(
    "/productassignments",
    operation_id="Specs.ListProductAssignments",
    dependencies=[PRODUCT_READ],
)
def list_spec_product_assignments(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[SpecProductAssignment]:
    """List which specs apply to which products."""
    page = specs.list_assignments(session, caller, args)
    return list_page(page, lambda rows: [specs.assignment_to_read(r) for r in rows])


@router.post(
    "/productassignments",
    status_code=204,
    operation_id="Specs.SaveProductAssignment",
    dependencies=[PRODUCT_WRITE],
)
def save_spec_product_assignment(
    session: SessionDep, caller: CallerDep, body: SpecProductAssignment
) -> Response:
    """Apply a spec to a product."""
    specs.save_assignment(session, caller, body)
    return no_content()


@router.get("", operation_id="Specs.List", dependencies=[PRODUCT_READ])
def list_specs(session: SessionDep, caller: CallerDep, args: ListArgsDep) -> ListPage[SpecRead]:
    """List specs with their options."""
    page = specs.list_specs(session, caller, args)
    return list_page(page, lambda rows: [specs.to_read(r) for r in rows])


@router.post("", status_code=201, operation_id="Specs.Create", dependencies=[PRODUCT_WRITE])
def create_spec(session: SessionDep, caller: CallerDep, body: SpecWrite) -> SpecRead:
    """Create a spec."""
    return specs.to_read(specs.create_spec(session, caller, body))


@router.get("/{specID}", operation_id="Specs.Get", dependencies=[PRODUCT_READ])
def get_spec(session: SessionDep, caller: CallerDep, specID: str) -> SpecRead:
    """Get a spec with its options."""
    return specs.to_read(specs.get_spec(session, caller, specID))


@router.put("/{specID}", operation_id="Specs.Save", dependencies=[PRODUCT_WRITE])
def save_spec(session: SessionDep, caller: CallerDep, specID: str, body: SpecWrite) -> SpecRead:
    """Create or replace a spec."""
    return specs.to_read(specs.save_spec(session, caller, specID, body))


@router.patch("/{specID}", operation_id="Specs.Patch", dependencies=[PRODUCT_WRITE])
def patch_spec(session: SessionDep, caller: CallerDep, specID: str, body: SpecPatch) -> SpecRead:
    """Update the spec fields sent."""
    return specs.to_read(specs.patch_spec(session, caller, specID, body))


@router.delete(
    "/{specID}", status_code=204, operation_id="Specs.Delete", dependencies=[PRODUCT_WRITE]
)
def delete_spec(session: SessionDep, caller: CallerDep, specID: str) -> Response:
    """Delete a spec with its options and product assignments."""
    specs.delete_spec(session, caller, specID)
    return no_content()


@router.delete(
    "/{specID}/productassignments/{productID}",
    status_code=204,
    operation_id="Specs.DeleteProductAssignment",
    dependencies=[PRODUCT_WRITE],
)
def delete_spec_product_assignment(
    session: SessionDep, caller: CallerDep, specID: str, productID: str
) -> Response:
    """Stop a spec applying to a product."""
    specs.delete_assignment(session, caller, specID, productID)
    return no_content()


@router.get("/{specID}/options", operation_id="Specs.ListOptions", dependencies=[PRODUCT_READ])
def list_spec_options(
    session: SessionDep, caller: CallerDep, specID: str, args: ListArgsDep
) -> ListPage[SpecOptionRead]:
    """List a spec's options."""
    return list_page(specs.list_options(session, caller, specID, args), each(SpecOptionRead))


@router.post(
    "/{specID}/options",
    status_code=201,
    operation_id="Specs.CreateOption",
    dependencies=[PRODUCT_WRITE],
)
def create_spec_option(
    session: SessionDep, caller: CallerDep, specID: str, body: SpecOptionWrite
) -> SpecOptionRead:
    """Add an option to a spec."""
    return SpecOptionRead.model_validate(specs.create_option(session, caller, specID, body))


@router.get(
    "/{specID}/options/{optionID}", operation_id="Specs.GetOption", dependencies=[PRODUCT_READ]
)
def get_spec_option(
    session: SessionDep, caller: CallerDep, specID: str, optionID: str
) -> SpecOptionRead:
    """Get a spec option."""
    return SpecOptionRead.model_validate(specs.get_option(session, caller, specID, optionID))


@router.put(
    "/{specID}/options/{optionID}", operation_id="Specs.SaveOption", dependencies=[PRODUCT_WRITE]
)
def save_spec_option(
    session: SessionDep, caller: CallerDep, specID: str, optionID: str, body: SpecOptionWrite
) -> SpecOptionRead:
    """Create or replace a spec option."""
    option = specs.save_option(session, caller, specID, optionID, body)
    return SpecOptionRead.model_validate(option)


@router.patch(
    "/{specID}/options/{optionID}",
    operation_id="Specs.PatchOption",
    dependencies=[PRODUCT_WRITE],
)
def patch_spec_option(
    session: SessionDep, caller: CallerDep, specID: str, optionID: str, body: SpecOptionPatch
) -> SpecOptionRead:
    """Update the option fields sent."""
    option = specs.patch_option(session, caller, specID, optionID, body)
    return SpecOptionRead.model_validate(option)


@router.delete(
    "/{specID}/options/{optionID}",
    status_code=204,
    operation_id="Specs.DeleteOption",
    dependencies=[PRODUCT_WRITE],
)
def delete_spec_option(
    session: SessionDep, caller: CallerDep, specID: str, optionID: str
) -> Response:
    """Delete a spec option."""
    specs.delete_option(session, caller, specID, optionID)
    return no_content()
