"""Product facets: the xp paths whose values product lists count in Meta.Facets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.tenancy import TenantScoped
from mercato.db import Base, JSONDocument


class ProductFacet(TenantScoped, Base):
    """An xp path of products whose values product lists count in Meta.Facets."""

    __tablename__ = "product_facets"
    __table_args__ = (
        UniqueConstraint("marketplace_pk", "id"),
        UniqueConstraint("marketplace_pk", "xp_path"),
    )

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    # Relative to the product's xp ("Facets.Color" means xp.Facets.Color), as OrderCloud has it.
    xp_path: Mapped[str] = mapped_column(String(300))
    list_order: Mapped[int] = mapped_column(Integer, default=0)
    min_count: Mapped[int] = mapped_column(Integer, default=1)
    xp: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
