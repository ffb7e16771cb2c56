"""Schema migrations, run in-process by `mercato init`, `mercato serve` and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from mercato.db_registry import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s")
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def revision(engine: Engine, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


def is_modelled(obj: object, name: str | None, kind: str, reflected: bool, other: object) -> bool:
    """False for the xp indexes that /xpindices creates at run time: no model declares them."""
    return not (kind == "index" and (name or "").startswith("xpi_"))


def drift(engine: Engine) -> list[object]:
    """Differences between the models and a migrated database; empty when they agree."""
    with engine.connect() as connection:
        opts = {"compare_type": True, "include_object": is_modelled}
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, Base.metadata))
