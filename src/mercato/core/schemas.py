"""Wire models: OrderCloud's PascalCase names, UTC dates and the list envelope."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
)
from pydantic.alias_generators import to_pascal

from mercato.core.xp import check_xp


def to_wire_name(name: str) -> str:
    """Map a snake_case attribute to OrderCloud's JSON name.

    Pydantic's ``to_pascal`` gives ``BuyerId`` and ``Xp``; OrderCloud spells the word
    ``ID`` in capitals and keeps ``xp`` lower-case.
    """
    if name == "xp":
        return "xp"
    words = name.split("_")
    return "".join("ID" if word == "id" else to_pascal(word) for word in words)


def _to_utc_string(value: datetime) -> str:
    # OrderCloud writes an explicit "+00:00" offset rather than "Z".
    return value.astimezone(UTC).isoformat()


def _require_timezone(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDateTime = Annotated[
    datetime,
    AfterValidator(_require_timezone),
    PlainSerializer(_to_utc_string, return_type=str, when_used="json"),
]
Xp = Annotated[dict[str, Any] | None, AfterValidator(check_xp)]


def _decimal_to_number(value: Decimal) -> int | float:
    # OrderCloud sends prices as JSON numbers; pydantic would write a string.
    return int(value) if value == value.to_integral_value() else float(value)


# Money and measures: exact in the database, plain numbers on the wire.
Amount = Annotated[
    Decimal,
    Field(max_digits=18, decimal_places=4, allow_inf_nan=False),
    PlainSerializer(_decimal_to_number, return_type=int | float, when_used="json"),
]


class ApiModel(BaseModel):
    """Base for every request and response body."""

    # NUL characters are refused for every body at once, by core.bodies.WriteBodies.

    model_config = ConfigDict(
        alias_generator=to_wire_name,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        from_attributes=True,
        str_strip_whitespace=False,
    )


T = TypeVar("T")


class ListMeta(ApiModel):
    page: int
    page_size: int
    total_count: int
    total_pages: int
    item_range: list[int]
    next_page_key: str | None = None


class ListPage(ApiModel, Generic[T]):
    """The list envelope: ``{"Meta": {...}, "Items": [...]}``."""

    meta: ListMeta
    items: list[T]


class ListFacetValue(ApiModel):
    value: str
    count: int


class ListFacet(ApiModel):
    """One product facet in a list's Meta: the values found at its xp path, with counts."""

    name: str
    xp_path: str
    values: list[ListFacetValue] = []
    xp: dict[str, Any] | None = None


class FacetedListMeta(ListMeta):
    # Always present, [] when the marketplace defines no facets: the SDKs reject null.
    facets: list[ListFacet] = []


class FacetedListPage(ApiModel, Generic[T]):
    """The product list envelope (``ListPageWithFacets``): Meta also carries Facets."""

    meta: FacetedListMeta
    items: list[T]


def fields_of(
    obj: object, model: type[ApiModel], *, besides: Collection[str] = ()
) -> dict[str, Any]:
    """The attributes of ``obj`` that ``model`` has fields for, by name.

    For read models that add computed fields (counts, related IDs) to an ORM row's own.
    ``besides`` names fields the caller fills itself: they are not read (on an ORM row, a
    read may load a relationship).
    """
    return {
        name: getattr(obj, name)
        for name in model.model_fields
        if name not in besides and hasattr(obj, name)
    }


def non_nullable_fields(model: type[ApiModel]) -> set[str]:
    """Fields the model would refuse null for: required ones and those typed without None."""
    return {
        name
        for name, info in model.model_fields.items()
        if info.is_required() or not _admits_none(info.annotation)
    }


def _admits_none(annotation: Any) -> bool:
    if annotation is None or annotation is type(None) or annotation is Any:
        return True
    return any(_admits_none(arg) for arg in get_args(annotation))
