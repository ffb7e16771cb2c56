"""XP indices: which xp keys of which resource type a marketplace wants indexed."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.tenancy import TenantScoped
from mercato.db import Base


class XpIndex(TenantScoped, Base):
    """One requested index: a resource type (``ThingType``) and an xp key."""

    __tablename__ = "xp_indices"
    __table_args__ = (UniqueConstraint("marketplace_pk", "thing_type", "key"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    thing_type: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
