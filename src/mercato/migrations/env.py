"""Alembic environment: runs against the connection handed over by mercato.migrate."""

from alembic import context

from mercato.db_registry import Base
from mercato.migrate import is_modelled

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through mercato.migrate, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=is_modelled,
)
with context.begin_transaction():
    context.run_migrations()
