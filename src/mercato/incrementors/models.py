"""The incrementor table."""

from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mercato.core.tenancy import TenantScoped
from mercato.db import Base

# OrderCloud's LastNumber is a 32-bit integer; the counter stops there on every database.
LARGEST_NUMBER = 2_147_483_647
# An ID holds at most 100 characters, so wider padding could never fit.
WIDEST_PADDING = 100


class Incrementor(TenantScoped, Base):
    """A marketplace's counter: ``{ID}`` in an object ID becomes its next number."""

    __tablename__ = "incrementors"
    __table_args__ = (UniqueConstraint("marketplace_pk", "id"),)

    pk: Mapped[int] = mapped_column(primary_key=True)
    id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(100))
    last_number: Mapped[int] = mapped_column(Integer)
    left_padding_count: Mapped[int] = mapped_column(Integer)
