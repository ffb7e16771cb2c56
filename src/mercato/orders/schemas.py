"""Wire models of orders and line items."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from mercato.core.schemas import Amount, ApiModel, UtcDateTime, Xp
from mercato.orders.models import OrderStatus

Id = Annotated[str | None, Field(default=None, max_length=100)]
Comments = Annotated[str | None, Field(default=None, max_length=2000)]
Money = Annotated[Amount, Field(ge=0)]


class OrderUser(ApiModel):
    """The user an order is from, as embedded in the order."""

    id: str | None = None
    company_id: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    terms_accepted: UtcDateTime | None = None
    active: bool = True
    xp: dict[str, Any] | None = None
    available_roles: list[str] | None = None
    locale: None = None
    date_created: UtcDateTime | None = None
    last_active: UtcDateTime | None = None
    password_last_set_date: UtcDateTime | None = None


class OrderWrite(ApiModel):
    id: Id = None
    # Only meaningful when an admin creates an incoming order on behalf of a buyer user.
    from_company_id: Id = None
    from_user_id: Id = None
    to_company_id: Id = None
    billing_address_id: Id = None
    shipping_address_id: Id = None
    comments: Comments = None
    shipping_cost: Money | None = None
    tax_cost: Money | None = None
    gratuity: Money | None = None
    xp: Xp = None


class OrderPatch(OrderWrite):
    pass


class OrderRead(ApiModel):
    id: str
    from_user: OrderUser | None
    from_company_id: str
    to_company_id: str
    from_user_id: str | None
    billing_address_id: str | None
    billing_address: dict[str, Any] | None
    shipping_address_id: str | None
    comments: str | None
    line_item_count: int
    status: OrderStatus
    date_created: UtcDateTime | None
    date_submitted: UtcDateTime | None
    date_approved: UtcDateTime | None
    date_declined: UtcDateTime | None
    date_canceled: UtcDateTime | None
    date_completed: UtcDateTime | None
    last_updated: UtcDateTime
    subtotal: Amount
    shipping_cost: Amount
    tax_cost: Amount
    gratuity: Amount
    fees: Amount
    promotion_discount: Amount
    currency: str | None
    total: Amount
    is_submitted: bool
    subscription_id: None = None
    xp: dict[str, Any] | None


class FromUserPatch(ApiModel):
    """What a guest shopper may say about itself on its order."""

    first_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    last_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    email: Annotated[str | None, Field(default=None, max_length=200)] = None
    xp: Xp = None


class LineItemSpec(ApiModel):
    spec_id: Annotated[str, Field(min_length=1, max_length=100)]
    name: str | None = None
    option_id: Id = None
    value: Annotated[str | None, Field(default=None, max_length=2000)] = None
    price_markup_type: str | None = None
    price_markup: Amount | None = None


class LineItemWrite(ApiModel):
    id: Id = None
    product_id: Annotated[str, Field(min_length=1, max_length=100)]
    quantity: int = 1
    unit_price: Amount | None = None
    cost_center: Id = None
    date_needed: UtcDateTime | None = None
    shipping_account: Id = None
    shipping_address_id: Id = None
    ship_from_address_id: Id = None
    inventory_record_id: Id = None
    specs: list[LineItemSpec] = Field(default_factory=list)
    xp: Xp = None


class LineItemPatch(ApiModel):
    id: Id = None
    product_id: Annotated[str | None, Field(default=None, min_length=1, max_length=100)] = None
    quantity: int | None = None
    unit_price: Amount | None = None
    cost_center: Id = None
    date_needed: UtcDateTime | None = None
    shipping_account: Id = None
    shipping_address_id: Id = None
    ship_from_address_id: Id = None
    inventory_record_id: Id = None
    specs: list[LineItemSpec] | None = None
    xp: Xp = None


class LineItemRead(ApiModel):
    id: str
    product_id: str
    quantity: int
    bundle_item_id: str | None = None
    is_bundle: bool = False
    date_added: UtcDateTime
    quantity_shipped: int
    unit_price: Amount | None
    promotion_discount: Amount
    line_total: Amount
    line_subtotal: Amount
    cost_center: str | None
    date_needed: UtcDateTime | None
    shipping_account: str | None
    shipping_address_id: str | None
    ship_from_address_id: str | None
    product: dict[str, Any]
    variant: dict[str, Any] | None
    shipping_address: dict[str, Any] | None
    ship_from_address: dict[str, Any] | None
    supplier_id: str | None
    inventory_record_id: str | None
    price_schedule_id: str | None
    is_on_sale: bool
    price_overridden: bool
    specs: list[LineItemSpec]
    incoming_order_id: str | None = None
    outgoing_order_id: str | None = None
    invitation_id: None = None
    xp: dict[str, Any] | None


class CartRead(OrderRead):
    """The cart: an order, or before the first write an unsaved one with a null ID."""

    id: str | None  # type: ignore[assignment]
    last_updated: UtcDateTime | None  # type: ignore[assignment]


class BundleItems(ApiModel):
    """What to add with a bundle: the lines of its products, each optional but required ones."""

    line_items: list[LineItemWrite] = Field(default_factory=list)


class ShipMethodSelection(ApiModel):
    ship_estimate_id: Id = None
    ship_method_id: Id = None


class OrderShipMethodSelection(ApiModel):
    ship_method_selections: list[ShipMethodSelection] = Field(default_factory=list)


class OrderWorksheet(ApiModel):
    """An order with its lines and what checkout integrations answered about it."""

    order: OrderRead
    line_items: list[LineItemRead]
    order_promotions: list[dict[str, Any]] = Field(default_factory=list)
    subscription: dict[str, Any] | None = None
    ship_estimate_response: dict[str, Any] | None = None
    order_calculate_response: dict[str, Any] | None = None
    order_submit_response: dict[str, Any] | None = None
    order_submit_for_approval_response: dict[str, Any] | None = None
    order_approved_response: dict[str, Any] | None = None
    subscription_integration_response: dict[str, Any] | None = None


class RefreshPromosResponse(ApiModel):
    promos_added: list[dict[str, Any]] = Field(default_factory=list)
    promos_removed: list[dict[str, Any]] = Field(default_factory=list)


class OrderApprovalInfo(ApiModel):
    comments: Comments = None
    allow_resubmit: bool = False


class OrderApprovalRead(ApiModel):
    approval_rule_id: str | None
    approving_group_id: str | None
    status: str
    allow_resubmit: bool
    date_created: UtcDateTime
    date_completed: UtcDateTime | None
    approver: dict[str, Any] | None
    comments: str | None


class OrderSplitResult(ApiModel):
    outgoing_orders: list[OrderRead]
    remaining_line_item_ids: list[str] = Field(alias="RemainingLineItemIDs")
