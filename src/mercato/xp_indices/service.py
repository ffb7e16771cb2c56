"""XP indices: stored per marketplace, backed by real expression indexes in the database.

An index covers ``(marketplace_pk, lower(<xp value as text>))`` of the resource's table,
the very expression that an ``xp.key=value`` list filter compares, so such filters are
served by it. Tables are shared by every marketplace, so one database index serves all
marketplaces that asked for the same key; it is dropped when the last of them lets go.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Connection, Engine, column, func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import models as catalog
from mercato.core.errors import NotFound, ValidationFailure
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, xp_is_array, xp_text
from mercato.core.tenancy import ALL_MARKETPLACES
from mercato.core.xp import split_xp_path
from mercato.db import JSONDocument
from mercato.organizations import access
from mercato.organizations import models as organizations
from mercato.purchasing import models as purchasing
from mercato.xp_indices.models import XpIndex
from mercato.xp_indices.schemas import XpIndex as XpIndexBody
from mercato.xp_indices.schemas import XpThingType

# Types whose resources Mercato stores today. Indices on other types are kept and get
# their database index once the resource exists (see ``create_missing``).
INDEXED_MODELS: dict[XpThingType, Any] = {
    XpThingType.Address: organizations.Address,
    XpThingType.Company: organizations.Company,
    XpThingType.User: organizations.User,
    XpThingType.UserGroup: organizations.UserGroup,
    XpThingType.Catalog: catalog.Catalog,
    XpThingType.Category: catalog.Category,
    XpThingType.PriceSchedule: catalog.PriceSchedule,
    XpThingType.Product: catalog.Product,
    XpThingType.Spec: catalog.Spec,
    XpThingType.SpecOption: catalog.SpecOption,
    XpThingType.Variant: catalog.Variant,
    XpThingType.InventoryRecord: catalog.InventoryRecord,
    XpThingType.ProductFacet: catalog.ProductFacet,
    XpThingType.CostCenter: purchasing.CostCenter,
    XpThingType.SpendingAccount: purchasing.SpendingAccount,
    XpThingType.ApprovalRule: purchasing.ApprovalRule,
    XpThingType.SellerApprovalRule: purchasing.SellerApprovalRule,
}

XP_INDEX_LIST = ListSpec(
    fields={"ThingType": XpIndex.thing_type, "Key": XpIndex.key},
    search=("ThingType", "Key"),
    sort=("ThingType", "Key"),
    tiebreak=XpIndex.pk,
)


def path_of(key: str) -> tuple[str, ...]:
    """The xp path a key names; ``Color``, ``xp.Color`` and ``XP.Color`` are the same."""
    bare = key[3:] if key.lower().startswith("xp.") else key
    segments = split_xp_path(bare)
    if segments is None:
        raise ValidationFailure(
            "Key", "Key must be an xp path of letters, digits, '_' and '-' separated by '.'."
        )
    return segments


def index_name(table: str, path: tuple[str, ...]) -> str:
    # Hashed so any path fits PostgreSQL's 63-character identifiers.
    digest = hashlib.sha256(".".join(path).encode()).hexdigest()[:12]
    return f"xpi_{table}_{digest}"


def to_read(row: XpIndex) -> XpIndexBody:
    return XpIndexBody(thing_type=XpThingType(row.thing_type), key=row.key)


def list_indices(session: Session, caller: Caller, args: ListArgs) -> Page[XpIndex]:
    access.check_seller(caller)
    return paginate(session, select(XpIndex), args, XP_INDEX_LIST)


def put_index(session: Session, caller: Caller, body: XpIndexBody) -> None:
    """Ask for an index; asking again for one that exists changes nothing."""
    access.check_seller(caller)
    path = path_of(body.key)
    if _find(session, body.thing_type, path) is None:
        session.add(
            XpIndex(marketplace_pk=caller.marketplace.pk, thing_type=body.thing_type, key=body.key)
        )
        session.flush()
    _create(session.connection(), body.thing_type, path)


def delete_index(session: Session, caller: Caller, thing_type: str, key: str) -> None:
    access.check_seller(caller)
    path = path_of(key)
    row = _find(session, thing_type, path)
    if row is None:
        raise NotFound("XpIndex", f"{thing_type}/{key}")
    session.delete(row)
    session.flush()
    if not _still_wanted(session, thing_type, path):
        _drop(session.connection(), thing_type, path)


def create_missing(engine: Engine) -> None:
    """Create the database index of every stored XP index that lacks one.

    Run at start: SQLite migrations rebuild tables and lose indexes they cannot reflect.
    """
    with engine.begin() as connection:
        rows = connection.execute(select(XpIndex.thing_type, XpIndex.key).distinct()).all()
        for thing_type, key in rows:
            _create(connection, thing_type, path_of(key))


def _find(session: Session, thing_type: str, path: tuple[str, ...]) -> XpIndex | None:
    rows = session.scalars(select(XpIndex).where(XpIndex.thing_type == thing_type)).all()
    return next((r for r in rows if path_of(r.key) == path), None)


def _still_wanted(session: Session, thing_type: str, path: tuple[str, ...]) -> bool:
    keys = session.scalars(
        select(XpIndex.key)
        .where(XpIndex.thing_type == thing_type)
        .execution_options(**{ALL_MARKETPLACES: True})
    ).all()
    return any(path_of(k) == path for k in keys)


def _create(connection: Connection, thing_type: str, path: tuple[str, ...]) -> None:
    model = INDEXED_MODELS.get(XpThingType(thing_type))
    if model is None:
        return
    table, name, dialect = (
        model.__tablename__,
        index_name(model.__tablename__, path),
        connection.dialect,
    )
    # Unqualified columns: index expressions may not name their table.
    xp = column("xp", JSONDocument)
    value = func.lower(xp_text(xp, path, dialect.name))
    is_array = xp_is_array(xp, path, dialect.name)
    literal = {"literal_binds": True}
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
        f"(marketplace_pk, {value.compile(dialect=dialect, compile_kwargs=literal)})"
    )
    # The rows whose value is an array, which equality filters also search element-wise.
    connection.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {name}_arrays ON {table} (marketplace_pk) "
        f"WHERE {is_array.compile(dialect=dialect, compile_kwargs=literal)}"
    )


def _drop(connection: Connection, thing_type: str, path: tuple[str, ...]) -> None:
    model = INDEXED_MODELS.get(XpThingType(thing_type))
    if model is not None:
        name = index_name(model.__tablename__, path)
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}_arrays")
