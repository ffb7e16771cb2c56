"""Create, replace, patch and look up objects that have a writable public ``ID``.

OrderCloud objects share one life cycle: POST creates (ID given or generated, duplicate
→ 409), PUT creates or replaces, PATCH merges the fields sent (``xp`` key by key, ``ID``
included), DELETE removes. Services describe where an ID is unique (a ``Scope``) and
hand plain column values to these helpers.

Every ID these helpers assign goes through ``Scope.claim_id``, the one place where
``{incrementorID}`` placeholders become numbers, so every resource supports them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from mercato.core.errors import IdExists, NotFound, ValidationFailure
from mercato.core.ids import check_id, resolve_id
from mercato.core.schemas import ApiModel, non_nullable_fields, to_wire_name
from mercato.core.xp import merge_xp
from mercato.incrementors.numbering import expand_placeholders

M = TypeVar("M")


@dataclass(frozen=True)
class Scope(Generic[M]):
    """The set of rows within which one resource's IDs are unique."""

    model: type[M]
    object_type: str
    where: tuple[ColumnElement[bool], ...] = ()

    def query(self) -> Select[M]:
        return select(self.model).where(*self.where)

    def find(self, session: Session, object_id: str) -> M | None:
        id_column = self.model.id  # type: ignore[attr-defined]
        found: M | None = session.scalars(self.query().where(id_column == object_id)).first()
        return found

    def get(self, session: Session, object_id: str) -> M:
        found = self.find(session, object_id)
        if found is None:
            raise NotFound(self.object_type, object_id)
        return found

    def claim_id(self, session: Session, requested: str | None, *, current: M | None = None) -> str:
        """A valid ID no other object in the scope holds.

        ``{incrementorID}`` placeholders in ``requested`` take their incrementor's next number.
        """
        new_id = resolve_id(expand_placeholders(session, requested) if requested else None)
        holder = self.find(session, new_id)
        if holder is not None and holder is not current:
            raise IdExists(self.object_type, new_id)
        return new_id


def create(session: Session, scope: Scope[M], values: dict[str, Any], **extra: Any) -> M:
    values = dict(values)
    values["id"] = scope.claim_id(session, values.get("id"))
    obj = scope.model(**values, **extra)
    session.add(obj)
    session.flush()
    return obj


def replace(session: Session, scope: Scope[M], obj: M, values: dict[str, Any]) -> M:
    """PUT on an existing object: every writable field takes the value sent or its default."""
    values = dict(values)
    values["id"] = scope.claim_id(session, values.get("id") or obj.id, current=obj)  # type: ignore[attr-defined]
    for name, value in values.items():
        setattr(obj, name, value)
    session.flush()
    return obj


def save(
    session: Session, scope: Scope[M], object_id: str, values: dict[str, Any], **extra: Any
) -> M:
    """PUT: replace the object with ``object_id``, or create it under that ID (with ``extra``)."""
    values = {**values, "id": values.get("id") or object_id}
    existing = scope.find(session, object_id)
    if existing is None:
        return create(session, scope, values, **extra)
    return replace(session, scope, existing, values)


def patch_values(
    body: ApiModel, write_model: type[ApiModel], *, not_null: Collection[str] = ()
) -> dict[str, Any]:
    """The fields a PATCH body set; null is refused where the write model refuses it."""
    values = body.model_dump(exclude_unset=True, by_alias=False)
    for name in (non_nullable_fields(write_model) | set(not_null)) & values.keys():
        if values[name] is None:
            raise ValidationFailure(to_wire_name(name), f"{to_wire_name(name)} may not be null.")
    return values


def patch(session: Session, scope: Scope[M], obj: M, values: dict[str, Any]) -> M:
    values = dict(values)
    if "id" in values:
        new_id = values.pop("id")
        if new_id is not None and new_id != obj.id:  # type: ignore[attr-defined]
            if new_id == "":
                check_id(new_id)  # refused: a PATCH never asks for a generated ID
            obj.id = scope.claim_id(session, new_id, current=obj)  # type: ignore[attr-defined]
    if "xp" in values:
        obj.xp = merge_xp(obj.xp, values.pop("xp"))  # type: ignore[attr-defined]
    for name, value in values.items():
        setattr(obj, name, value)
    session.flush()
    return obj
