"""Cost centers, spending accounts, buyer approval rules and seller approval rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mercato.catalog.models import MONEY
from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument, UTCDateTime
from mercato.organizations.models import Company, User, UserGroup

RULE_EXPRESSION_LENGTH = 400


class ApprovalType(StrEnum):
    """What a seller approval rule holds for approval (OrderCloud's ``ApprovalType``)."""

    Order = "Order"
    OrderReturn = "OrderReturn"


class CostCenter(TenantScoped, Base):
    """A code a buyer charges its spending to; IDs are unique within the buyer."""

    __tablename__ = "cost_centers"
    __table_args__ = (UniqueConstraint("company_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class CostCenterAssignment(TenantScoped, Base):
    """A cost center offered to the whole buyer (no group) or to one of its user groups."""

    __tablename__ = "cost_center_assignments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    cost_center_pk: Mapped[int] = mapped_column(
        ForeignKey("cost_centers.pk", ondelete="CASCADE"), index=True
    )
    group_pk: Mapped[int | None] = mapped_column(
        ForeignKey("user_groups.pk", ondelete="CASCADE"), index=True
    )

    cost_center: Mapped[CostCenter] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[UserGroup | None] = relationship(lazy="joined")


class SpendingAccount(TenantScoped, Base):
    """Money (or points) a buyer's users may pay with; IDs are unique within the buyer."""

    __tablename__ = "spending_accounts"
    __table_args__ = (UniqueConstraint("company_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    balance: Mapped[Decimal] = mapped_column(MONEY)
    allow_as_payment_method: Mapped[bool] = mapped_column(Boolean, default=False)
    redemption_code: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class SpendingAccountAssignment(TenantScoped, Base):
    """A spending account opened to the whole buyer, one user group or one user."""

    __tablename__ = "spending_account_assignments"

    pk: Mapped[int] = mapped_column(primary_key=True)
    account_pk: Mapped[int] = mapped_column(
        ForeignKey("spending_accounts.pk", ondelete="CASCADE"), index=True
    )
    user_pk: Mapped[int | None] = mapped_column(
        ForeignKey("users.pk", ondelete="CASCADE"), index=True
    )
    group_pk: Mapped[int | None] = mapped_column(
        ForeignKey("user_groups.pk", ondelete="CASCADE"), index=True
    )
    allow_exceed: Mapped[bool] = mapped_column(Boolean, default=False)

    account: Mapped[SpendingAccount] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User | None] = relationship(lazy="joined")
    group: Mapped[UserGroup | None] = relationship(lazy="joined")


class ApprovalRule(TenantScoped, Base):
    """A buyer's rule sending matching orders to one of its user groups for approval."""

    __tablename__ = "approval_rules"
    __table_args__ = (UniqueConstraint("company_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    company_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    # No ON DELETE action: a group that approves orders is not deleted out from under its
    # rules (UserGroup.CannotDeleteApprovingGroup), yet a buyer's deletion still cascades.
    approving_group_pk: Mapped[int] = mapped_column(ForeignKey("user_groups.pk"), index=True)
    rule_expression: Mapped[str] = mapped_column(String(RULE_EXPRESSION_LENGTH))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    approving_group: Mapped[UserGroup] = relationship(lazy="joined", innerjoin=True)

    @property
    def approving_group_id(self) -> str:
        return self.approving_group.id


class SellerApprovalRule(TenantScoped, Base):
    """A rule of the marketplace owner or of a supplier on orders (or returns) it receives."""

    __tablename__ = "seller_approval_rules"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    # The marketplace owner's company or a supplier; a supplier's rules go with it.
    owner_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    approval_type: Mapped[ApprovalType] = mapped_column(
        Enum(
            ApprovalType,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    name: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    approving_group_pk: Mapped[int] = mapped_column(ForeignKey("user_groups.pk"), index=True)
    rule_expression: Mapped[str] = mapped_column(String(RULE_EXPRESSION_LENGTH))
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)

    owner: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    approving_group: Mapped[UserGroup] = relationship(lazy="joined", innerjoin=True)

    @property
    def owner_id(self) -> str:
        return self.owner.id

    @property
    def approving_group_id(self) -> str:
        return self.approving_group.id
