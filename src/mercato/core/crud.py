"""The six routes of an OrderCloud resource (List, Create, Get, Save, Patch, Delete), built once.

Cost centers, spending accounts, approval rules, seller approval rules and incrementors
differ only in their path, models, roles and service; ``crud_routes`` mounts any of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol, cast

from fastapi import APIRouter, Depends, Path, Response
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller, CallerDep, SessionDep
from mercato.core.listing import ListArgs, ListArgsDep, Page
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ApiModel, ListPage


class CrudService(Protocol):
    """What the routes call; ``parent`` is what the path names (the buyer), if anything."""

    def list(self, session: Session, caller: Caller, parent: Any, args: ListArgs) -> Page[Any]: ...

    def get(self, session: Session, caller: Caller, parent: Any, object_id: str) -> Any: ...

    def create(self, session: Session, caller: Caller, parent: Any, body: ApiModel) -> Any: ...

    def save(
        self, session: Session, caller: Caller, parent: Any, object_id: str, body: ApiModel
    ) -> Any: ...

    def patch(
        self, session: Session, caller: Caller, parent: Any, object_id: str, body: ApiModel
    ) -> Any: ...

    def delete(self, session: Session, caller: Caller, parent: Any, object_id: str) -> None: ...


def no_parent() -> None:
    """The ``parent`` of a resource whose path names no owning object."""


@dataclass(frozen=True)
class Resource:
    """One resource's mount: path, OpenAPI tag, ID parameter, models, service and roles."""

    path: str
    tag: str
    id_param: str
    parent: Callable[..., Any]
    service: CrudService
    read: type[ApiModel]
    write: type[ApiModel]
    patch: type[ApiModel]
    read_roles: Any
    write_roles: Any

    def op(self, name: str) -> str:
        return f"{self.tag}.{name}"


def crud_routes(r: Resource) -> APIRouter:
    router = APIRouter(prefix=r.path, tags=[r.tag])
    ParentDep = Annotated[Any, Depends(r.parent)]  # noqa: N806 - a type, named as one
    ObjectId = Annotated[str, Path(alias=r.id_param)]  # noqa: N806
    read = each(r.read)
    page_model = cast(Any, ListPage)[r.read]

    @router.get(
        "", operation_id=r.op("List"), dependencies=[r.read_roles], response_model=page_model
    )
    def list_objects(
        session: SessionDep, caller: CallerDep, parent: ParentDep, args: ListArgsDep
    ) -> Any:
        """List the objects the caller may see (search, sort, filters)."""
        return list_page(r.service.list(session, caller, parent, args), read)

    @router.post(
        "",
        status_code=201,
        operation_id=r.op("Create"),
        dependencies=[r.write_roles],
        response_model=r.read,
    )
    def create_object(
        session: SessionDep,
        caller: CallerDep,
        parent: ParentDep,
        body: r.write,  # type: ignore[name-defined]
    ) -> Any:
        """Create an object; its ID is generated when none is sent."""
        return r.read.model_validate(r.service.create(session, caller, parent, body))

    @router.get(
        f"/{{{r.id_param}}}",
        operation_id=r.op("Get"),
        dependencies=[r.read_roles],
        response_model=r.read,
    )
    def get_object(
        session: SessionDep, caller: CallerDep, parent: ParentDep, object_id: ObjectId
    ) -> Any:
        """Get one object."""
        return r.read.model_validate(r.service.get(session, caller, parent, object_id))

    @router.put(
        f"/{{{r.id_param}}}",
        operation_id=r.op("Save"),
        dependencies=[r.write_roles],
        response_model=r.read,
    )
    def save_object(
        session: SessionDep,
        caller: CallerDep,
        parent: ParentDep,
        object_id: ObjectId,
        body: r.write,  # type: ignore[name-defined]
    ) -> Any:
        """Create or replace the object with this ID."""
        return r.read.model_validate(r.service.save(session, caller, parent, object_id, body))

    @router.patch(
        f"/{{{r.id_param}}}",
        operation_id=r.op("Patch"),
        dependencies=[r.write_roles],
        response_model=r.read,
    )
    def patch_object(
        session: SessionDep,
        caller: CallerDep,
        parent: ParentDep,
        object_id: ObjectId,
        body: r.patch,  # type: ignore[name-defined]
    ) -> Any:
        """Update the fields sent; xp merges key by key."""
        return r.read.model_validate(r.service.patch(session, caller, parent, object_id, body))

    @router.delete(
        f"/{{{r.id_param}}}",
        status_code=204,
        operation_id=r.op("Delete"),
        dependencies=[r.write_roles],
    )
    def delete_object(
        session: SessionDep, caller: CallerDep, parent: ParentDep, object_id: ObjectId
    ) -> Response:
        """Delete an object."""
        r.service.delete(session, caller, parent, object_id)
        return no_content()

    return router
