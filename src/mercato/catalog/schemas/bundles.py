"""Wire models of bundles and their assignments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.catalog.schemas.catalogs import (
    Id,
    OwnedPatch,
    OwnedWrite,
)
from mercato.core.schemas import ApiModel


class BundleWrite(OwnedWrite):
    """A bundle as created or saved."""


class BundleRead(BundleWrite):
    id: str
    owner_id: str


class BundlePatch(OwnedPatch):
    """The bundle fields a PATCH may set."""


class BundleAssignment(ApiModel):
    # SellerID is accepted for the SDKs' sake; the marketplace is the only seller.
    seller_id: Id = None
    bundle_id: Annotated[str, Field(max_length=100)]
    buyer_id: Annotated[str, Field(max_length=100)]
    user_group_id: Id = None


class BundleProductAssignment(ApiModel):
    product_id: Annotated[str, Field(max_length=100)]
    bundle_id: Annotated[str, Field(max_length=100)]
    required: bool
    default_quantity: Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000)] = None


class BundleCatalogAssignment(ApiModel):
    catalog_id: Annotated[str, Field(max_length=100)]
    bundle_id: Annotated[str, Field(max_length=100)]


class CategoryBundleAssignment(ApiModel):
    category_id: Annotated[str, Field(max_length=100)]
    bundle_id: Annotated[str, Field(max_length=100)]
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
