"""Routes of /xpindices."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep, requires
from mercato.auth.roles import Role
from mercato.core.listing import ListArgsDep
from mercato.core.routing import list_page, no_content
from mercato.core.schemas import ListPage
from mercato.xp_indices import service
from mercato.xp_indices.schemas import XpIndex

router = APIRouter(prefix="/xpindices", tags=["XpIndices"])
XP_INDEX_ADMIN = requires(Role.XpIndexAdmin)


@router.get("", operation_id="XpIndices.List", dependencies=[XP_INDEX_ADMIN])
def list_xp_indices(session: SessionDep, caller: CallerDep, args: ListArgsDep) -> ListPage[XpIndex]:
    """List the xp keys the marketplace has indexed."""
    page = service.list_indices(session, caller, args)
    return list_page(page, lambda rows: [service.to_read(r) for r in rows])


@router.put("", status_code=204, operation_id="XpIndices.Put", dependencies=[XP_INDEX_ADMIN])
def put_xp_index(session: SessionDep, caller: CallerDep, body: XpIndex) -> Response:
    """Index an xp key of a resource type."""
    service.put_index(session, caller, body)
    return no_content()


@router.delete(
    "/{thingType}/{key}",
    status_code=204,
    operation_id="XpIndices.Delete",
    dependencies=[XP_INDEX_ADMIN],
)
def delete_xp_index(session: SessionDep, caller: CallerDep, thingType: str, key: str) -> Response:
    """Stop indexing an xp key."""
    service.delete_index(session, caller, thingType, key)
    return no_content()
