"""The `mercato` command: `init` and `serve` (see the README)."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
import uvicorn
from sqlalchemy import Engine

from mercato import bootstrap, demo, migrate
from mercato.app import create_app
from mercato.db import make_engine, make_session_factory, refresh_statistics, transaction
from mercato.settings import Settings
from mercato.xp_indices import service as xp_indices

app = typer.Typer(
    help="Mercato: an OrderCloud-compatible B2B commerce API server.", no_args_is_help=True
)

DatabaseOpt = Annotated[
    str | None, typer.Option("--database", help="Database URL (MERCATO_DATABASE_URL).")
]


def _settings(database: str | None, **overrides: object) -> Settings:
    values = {k: v for k, v in {"database_url": database, **overrides}.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


@app.command()
def init(  # noqa: PLR0917 - typer maps each option to a parameter
    admin_username: Annotated[str, typer.Option(help="Username of the first admin user.")],
    admin_password: Annotated[str, typer.Option(help="Password of the first admin user.")],
    database: DatabaseOpt = None,
    marketplace_id: Annotated[
        str, typer.Option(help="ID of the marketplace to create.")
    ] = "mercato",
    marketplace_name: Annotated[
        str, typer.Option(help="Display name of the marketplace.")
    ] = "Mercato",
    client_id: Annotated[str | None, typer.Option(help="ID of the API client to create.")] = None,
    client_secret: Annotated[str | None, typer.Option(help="Secret of that API client.")] = None,
) -> None:
    """Create a marketplace with its first admin and API client; safe to run twice."""
    settings = _settings(database)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        result = bootstrap.init_marketplace(
            session,
            admin_username=admin_username,
            admin_password=admin_password,
            marketplace_id=marketplace_id,
            marketplace_name=marketplace_name,
            client_id=client_id,
            client_secret=client_secret,
        )
    typer.echo(
        json.dumps(
            {
                "MarketplaceID": result.marketplace_id,
                "ClientID": result.client_id,
                "AdminUsername": result.admin_username,
                "Created": result.created,
            }
        )
    )


@app.command()
def serve(
    database: DatabaseOpt = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (MERCATO_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (MERCATO_PORT).")] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Seed a demo marketplace into an empty database.")
    ] = False,
    workers: Annotated[int, typer.Option(help="API worker processes.")] = 1,
) -> None:
    """Migrate the database and serve the API."""
    settings = _settings(database, host=host, port=port)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    xp_indices.create_missing(engine)
    if demo:
        _seed_demo(engine, settings)
    refresh_statistics(engine)
    engine.dispose()
    # The app factory reads its settings from the environment, in this process and in
    # every worker process uvicorn starts.
    os.environ["MERCATO_DATABASE_URL"] = settings.database_url
    os.environ["MERCATO_HOST"] = settings.host
    os.environ["MERCATO_PORT"] = str(settings.port)
    uvicorn.run(
        "mercato.cli:_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        env_file=None,
    )


def _seed_demo(engine: Engine, settings: Settings) -> None:
    with transaction(make_session_factory(engine)) as session:
        result = demo.seed(session)
    base = settings.base_url or f"http://{settings.host}:{settings.port}"
    typer.echo(
        f"Demo marketplace '{demo.MARKETPLACE_ID}' "
        f"{'created' if result.created else 'already there'}.\n"
        f"  API:       {base}/v1   (docs: {base}/v1/docs)\n"
        f"  Token URL: {base}/oauth/token\n"
        f"  Shared client (admin and buyer users): {demo.SHARED_CLIENT_ID}\n"
        f"    admin user  {demo.ADMIN[0]} / {demo.ADMIN[1]}   (ADMIN_PROFILE, marketplace level)\n"
        f"    buyer user  {demo.BUYER_USER[0]} / {demo.BUYER_USER[1]}   "
        f"(BUYER_PROFILE on {demo.BUYER_ID})\n"
        f"  Owner client: {result.owner_client_id}\n"
        f"    owner       {demo.OWNER[0]} / {demo.OWNER[1]}   (FullAccess)"
    )


def _app_from_env() -> object:
    return create_app()


if __name__ == "__main__":
    app()
