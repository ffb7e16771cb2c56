"""private buyer addresses (addresses.owner_user_pk)

Revision ID: f76150b64cbe
Revises: 95181cc52008
Create Date: 2026-11-23 18:43:51.157107
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f76150b64cbe"
down_revision: str | None = "95181cc52008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_user_pk", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_addresses_owner_user_pk"), ["owner_user_pk"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_addresses_owner_user_pk_users"),
            "users",
            ["owner_user_pk"],
            ["pk"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_addresses_owner_user_pk_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_addresses_owner_user_pk"))
        batch_op.drop_column("owner_user_pk")
