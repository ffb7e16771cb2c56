"""Wire models of /xpindices."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from mercato.core.schemas import ApiModel


class XpThingType(StrEnum):
    """Resource types whose xp may be indexed: OrderCloud's values plus ``Product``.

    OrderCloud indexes product xp on its own and refuses Product here. Mercato has no
    such blanket index, so an operator names the product keys worth an index instead.
    """

    Address = "Address"
    Variant = "Variant"
    Order = "Order"
    OrderReturn = "OrderReturn"
    LineItem = "LineItem"
    CostCenter = "CostCenter"
    CreditCard = "CreditCard"
    Payment = "Payment"
    Spec = "Spec"
    SpecOption = "SpecOption"
    UserGroup = "UserGroup"
    Company = "Company"
    Category = "Category"
    PriceSchedule = "PriceSchedule"
    Shipment = "Shipment"
    SpendingAccount = "SpendingAccount"
    User = "User"
    Promotion = "Promotion"
    ApprovalRule = "ApprovalRule"
    SellerApprovalRule = "SellerApprovalRule"
    Catalog = "Catalog"
    ProductFacet = "ProductFacet"
    MessageSender = "MessageSender"
    InventoryRecord = "InventoryRecord"
    ProductCollection = "ProductCollection"
    Subscription = "Subscription"
    GroupOrderInvitation = "GroupOrderInvitation"
    BuyerGroup = "BuyerGroup"
    Discount = "Discount"
    Product = "Product"


class XpIndex(ApiModel):
    thing_type: XpThingType
    key: str = Field(min_length=1, max_length=200)
