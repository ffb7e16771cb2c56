"""guest orders

Revision ID: 95181cc52008
Revises: 478722b9e5ae
Create Date: 2026-11-23 18:34:11.112531
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "95181cc52008"
down_revision: str | None = "478722b9e5ae"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guest", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("guest")
