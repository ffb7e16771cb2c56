"""Wire models of product facets."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.catalog.schemas.catalogs import (
    Id,
    Name,
    OneIfNull,
)
from mercato.core.schemas import ApiModel, Xp

# The minimum count of a facet value: 0 lists values no matched product has; null means 1.
MinCount = Annotated[OneIfNull, Field(ge=0, le=2_000_000_000)]
XpPath = Annotated[str | None, Field(default=None, max_length=300)]


class ProductFacetWrite(ApiModel):
    id: Id = None
    name: Name
    xp_path: XpPath = None
    list_order: Annotated[int, Field(ge=0, le=2_000_000_000)] = 0
    min_count: MinCount = 1
    xp: Xp = None


class ProductFacetRead(ProductFacetWrite):
    id: str
    xp_path: str


class ProductFacetPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    xp_path: XpPath = None
    list_order: Annotated[int, Field(ge=0, le=2_000_000_000)] = 0
    min_count: MinCount = 1
    xp: Xp = None
