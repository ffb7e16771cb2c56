"""Wire models of catalogs, categories, products, price schedules, specs and variants."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BeforeValidator, Field

from mercato.core.schemas import Amount, ApiModel, UtcDateTime, Xp

Id = Annotated[str | None, Field(default=None, max_length=100)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Description = Annotated[str | None, Field(default=None, max_length=2000)]
Quantity = Annotated[int, Field(ge=0, le=2_000_000_000)]
# Read models never show null where the SDKs' models reject it (the Python SDK's do).
OneIfNull = Annotated[int, BeforeValidator(lambda v: 1 if v is None else v)]


class OwnedWrite(ApiModel):
    """The writable fields catalogs and bundles share: an owned, named switchable object."""

    id: Id = None
    owner_id: Id = None
    name: Name
    description: Description = None
    active: bool = False
    xp: Xp = None


class OwnedPatch(ApiModel):
    id: Id = None
    owner_id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    description: Description = None
    active: bool | None = None
    xp: Xp = None


class CatalogWrite(OwnedWrite):
    """A catalog as created or saved."""


class CatalogRead(CatalogWrite):
    owner_id: str
    category_count: int = 0


class CategoryWrite(ApiModel):
    id: Id = None
    name: Name
    description: Description = None
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    active: bool = False
    parent_id: Id = None
    xp: Xp = None


class CategoryRead(CategoryWrite):
    id: str
    child_count: int = 0


class CategoryPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    description: Description = None
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    active: bool | None = None
    parent_id: Id = None
    xp: Xp = None


class CategoryAssignment(ApiModel):
    category_id: Annotated[str, Field(max_length=100)]
    buyer_id: Annotated[str, Field(max_length=100)]
    user_group_id: Id = None
    visible: bool | None = None
    view_all_products: bool | None = None


class CategoryProductAssignment(ApiModel):
    category_id: Annotated[str, Field(max_length=100)]
    product_id: Annotated[str, Field(max_length=100)]
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None


class CatalogPatch(OwnedPatch):
    """The catalog fields a PATCH may set."""


class CatalogAssignment(ApiModel):
    catalog_id: Annotated[str, Field(max_length=100)]
    buyer_id: Annotated[str, Field(max_length=100)]
    view_all_categories: bool = False
    view_all_products: bool = False


class ProductCatalogAssignment(ApiModel):
    catalog_id: Annotated[str, Field(max_length=100)]
    product_id: Annotated[str, Field(max_length=100)]


class PriceBreak(ApiModel):
    quantity: Annotated[int, Field(ge=1, le=2_000_000_000)]
    price: Amount
    sale_price: Amount | None = None
    subscription_price: Amount | None = None
    bundle_price: Amount | None = None


class PriceScheduleWrite(ApiModel):
    id: Id = None
    owner_id: Id = None
    name: Name
    apply_tax: bool = False
    apply_shipping: bool = False
    min_quantity: Annotated[int | None, Field(default=1, ge=1, le=2_000_000_000)] = 1
    max_quantity: Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000)] = None
    use_cumulative_quantity: bool = False
    restricted_quantity: bool = False
    price_breaks: Annotated[list[PriceBreak], Field(max_length=100)] = Field(default_factory=list)
    currency: Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{3}$")] = None
    sale_start: UtcDateTime | None = None
    sale_end: UtcDateTime | None = None
    xp: Xp = None


class PriceScheduleRead(PriceScheduleWrite):
    owner_id: str
    min_quantity: OneIfNull = 1
    is_on_sale: bool = False


class PriceSchedulePatch(ApiModel):
    id: Id = None
    owner_id: Id = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    apply_tax: bool | None = None
    apply_shipping: bool | None = None
    min_quantity: Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000)] = None
    max_quantity: Annotated[int | None, Field(default=None, ge=1, le=2_000_000_000)] = None
    use_cumulative_quantity: bool | None = None
    restricted_quantity: bool | None = None
    price_breaks: Annotated[list[PriceBreak] | None, Field(default=None, max_length=100)] = None
    currency: Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{3}$")] = None
    sale_start: UtcDateTime | None = None
    sale_end: UtcDateTime | None = None
    xp: Xp = None


class Inventory(ApiModel):
    enabled: bool = False
    notification_point: Annotated[int | None, Field(default=None, ge=0)] = None
    variant_level_tracking: bool = False
    order_can_exceed: bool = False
    quantity_available: int | None = None
    last_updated: UtcDateTime | None = None


class _ProductFields(ApiModel):
    """What buyers and admins both see of a product."""

    id: Id = None
    parent_id: Id = None
    is_parent: bool = False
    name: Name
    description: Description = None
    quantity_multiplier: Annotated[int | None, Field(default=1, ge=1, le=1_000_000)] = 1
    ship_weight: Amount | None = None
    ship_height: Amount | None = None
    ship_width: Amount | None = None
    ship_length: Amount | None = None
    active: bool = False
    ship_from_address_id: Id = None
    inventory: Inventory | None = None
    default_supplier_id: Id = None
    all_suppliers_can_sell: bool = False
    returnable: bool = False
    xp: Xp = None


class ProductWrite(_ProductFields):
    owner_id: Id = None
    default_price_schedule_id: Id = None
    auto_forward: bool = False


class ProductRead(ProductWrite):
    owner_id: str
    quantity_multiplier: OneIfNull = 1
    is_bundle: bool = False
    spec_count: int = 0
    variant_count: int = 0
    date_created: UtcDateTime | None = None


class BuyerProduct(_ProductFields):
    """A product as a buyer user sees it: with the price schedule that applies to it."""

    id: str
    quantity_multiplier: OneIfNull = 1
    price_schedule: PriceScheduleRead | None = None
    is_bundle: bool = False
    spec_count: int = 0
    variant_count: int = 0
    date_created: UtcDateTime | None = None


class ProductSeller(ApiModel):
    """A company that sells a product to the caller, at the price the caller would pay."""

    id: str
    name: str
    price_schedule: PriceScheduleRead | None = None


class ProductPatch(ApiModel):
    id: Id = None
    owner_id: Id = None
    default_price_schedule_id: Id = None
    auto_forward: bool | None = None
    parent_id: Id = None
    is_parent: bool | None = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    description: Description = None
    quantity_multiplier: Annotated[int | None, Field(default=None, ge=1, le=1_000_000)] = None
    ship_weight: Amount | None = None
    ship_height: Amount | None = None
    ship_width: Amount | None = None
    ship_length: Amount | None = None
    active: bool | None = None
    ship_from_address_id: Id = None
    inventory: Inventory | None = None
    default_supplier_id: Id = None
    all_suppliers_can_sell: bool | None = None
    returnable: bool | None = None
    xp: Xp = None


class ProductAssignment(ApiModel):
    seller_id: Id = None
    product_id: Annotated[str, Field(max_length=100)]
    buyer_id: Annotated[str, Field(max_length=100)]
    user_group_id: Id = None
    price_schedule_id: Id = None


class PriceMarkupType(StrEnum):
    NoMarkup = "NoMarkup"
    AmountPerQuantity = "AmountPerQuantity"
    AmountTotal = "AmountTotal"
    Percentage = "Percentage"


class SpecOptionWrite(ApiModel):
    id: Id = None
    value: Annotated[str, Field(min_length=1, max_length=2000)]
    list_order: Annotated[int, Field(ge=0, le=2_000_000_000)] = 0
    is_open_text: bool = False
    price_markup_type: PriceMarkupType | None = None
    price_markup: Amount | None = None
    xp: Xp = None


class SpecOptionRead(SpecOptionWrite):
    id: str


class SpecOptionPatch(ApiModel):
    id: Id = None
    value: Annotated[str | None, Field(default=None, min_length=1, max_length=2000)] = None
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    is_open_text: bool | None = None
    price_markup_type: PriceMarkupType | None = None
    price_markup: Amount | None = None
    xp: Xp = None


class SpecWrite(ApiModel):
    id: Id = None
    owner_id: Id = None
    list_order: Annotated[int, Field(ge=0, le=2_000_000_000)] = 0
    name: Name
    default_value: Annotated[str | None, Field(default=None, max_length=2000)] = None
    required: bool = False
    allow_open_text: bool = False
    default_option_id: Id = None
    defines_variant: bool = False
    xp: Xp = None


class SpecRead(SpecWrite):
    id: str
    owner_id: str
    option_count: int = 0
    options: list[SpecOptionRead] = Field(default_factory=list)


class SpecPatch(ApiModel):
    id: Id = None
    owner_id: Id = None
    list_order: Annotated[int | None, Field(default=None, ge=0, le=2_000_000_000)] = None
    name: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    default_value: Annotated[str | None, Field(default=None, max_length=2000)] = None
    required: bool | None = None
    allow_open_text: bool | None = None
    default_option_id: Id = None
    defines_variant: bool | None = None
    xp: Xp = None


class SpecProductAssignment(ApiModel):
    spec_id: Annotated[str, Field(max_length=100)]
    product_id: Annotated[str, Field(max_length=100)]
    default_value: Annotated[str | None, Field(default=None, max_length=2000)] = None
    default_option_id: Id = None


class VariantInventory(ApiModel):
    quantity_available: int | None = None
    notification_point: Annotated[int | None, Field(default=None, ge=0)] = None
    last_updated: UtcDateTime | None = None


class VariantSpec(ApiModel):
    spec_id: str
    name: str | None = None
    option_id: str | None = None
    value: str | None = None
    price_markup_type: PriceMarkupType | None = None
    price_markup: Amount | None = None


class VariantWrite(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, max_length=100)] = None
    description: Description = None
    active: bool = False
    ship_weight: Amount | None = None
    ship_height: Amount | None = None
    ship_width: Amount | None = None
    ship_length: Amount | None = None
    inventory: VariantInventory | None = None
    xp: Xp = None


class VariantRead(VariantWrite):
    id: str
    specs: list[VariantSpec] = Field(default_factory=list)


class VariantPatch(ApiModel):
    id: Id = None
    name: Annotated[str | None, Field(default=None, max_length=100)] = None
    description: Description = None
    active: bool | None = None
    ship_weight: Amount | None = None
    ship_height: Amount | None = None
    ship_width: Amount | None = None
    ship_length: Amount | None = None
    inventory: VariantInventory | None = None
    xp: Xp = None


class ProductSupplier(ApiModel):
    """A supplier of a product, with the price schedule it sells the product at."""

    id: str
    name: str
    active: bool
    all_buyers_can_order: bool
    default_price_schedule_id: str | None = None
    date_created: UtcDateTime
    xp: Xp = None
