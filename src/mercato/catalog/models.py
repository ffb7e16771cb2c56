"""Catalogs and their buyer assignments (products and categories arrive with the catalog work)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument


class Catalog(TenantScoped, Base):
    __tablename__ = "catalogs"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class CatalogAssignment(TenantScoped, Base):
    __tablename__ = "catalog_assignments"
    __table_args__ = (UniqueConstraint("catalog_pk", "buyer_pk"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    catalog_pk: Mapped[int] = mapped_column(ForeignKey("catalogs.pk", ondelete="CASCADE"))
    buyer_pk: Mapped[int] = mapped_column(
        ForeignKey("companies.pk", ondelete="CASCADE"), index=True
    )
    view_all_categories: Mapped[bool] = mapped_column(Boolean, default=False)
    view_all_products: Mapped[bool] = mapped_column(Boolean, default=False)
