"""The ASGI application: OrderCloud's API under /v1 and OAuth helpers at the root."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine

from mercato import __version__
from mercato.auth import routes as auth_routes
from mercato.auth.reset import LogSender
from mercato.catalog.routes import router as catalog_router
from mercato.core.bodies import WriteBodies
from mercato.core.errors import register_error_handlers
from mercato.core.idempotency import IdempotencyKeys
from mercato.core.routing import CaseInsensitivePaths, include, route_templates
from mercato.core.slots import Slots
from mercato.db import default_concurrency, make_engine, make_session_factory
from mercato.incrementors.routes import router as incrementors_router
from mercato.orders.routes import router as orders_router
from mercato.organizations.routes import router as organizations_router
from mercato.payments.routes import cart_router as cart_payments_router
from mercato.payments.routes import router as payments_router
from mercato.purchasing.routes import router as purchasing_router
from mercato.security.routes import router as security_router
from mercato.settings import Settings, get_settings
from mercato.shipments.routes import router as shipments_router
from mercato.xp_indices.routes import router as xp_indices_router

OPENAPI_URL = "/v1/openapi/v3"


def api_router() -> APIRouter:
    v1 = APIRouter(prefix="/v1")
    include(v1, auth_routes.me_router)
    include(v1, auth_routes.passwords_router)
    include(v1, organizations_router)
    include(v1, security_router)
    include(v1, catalog_router)
    include(v1, xp_indices_router)
    include(v1, purchasing_router)
    include(v1, orders_router)
    include(v1, shipments_router)
    include(v1, payments_router)
    include(v1, cart_payments_router)
    include(v1, incrementors_router)
    return v1


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app for one database; every request gets its own transaction."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Mercato",
        version=__version__,
        description="An OrderCloud-compatible B2B commerce API.",
        openapi_url=OPENAPI_URL,
        docs_url="/v1/docs",
        redoc_url=None,
    )
    engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.db_slots = Slots(settings.db_concurrency or default_concurrency(engine))
    app.state.settings = settings
    app.state.issuer = settings.base_url or f"http://{settings.host}:{settings.port}"
    app.state.reset_sender = LogSender()
    register_error_handlers(app)
    include(app.router, auth_routes.oauth)
    include(app.router, api_router())

    @app.get("/", include_in_schema=False)
    def home() -> HTMLResponse:
        return HTMLResponse(
            f"<h1>Mercato {__version__}</h1><p>OrderCloud-compatible API under <code>/v1</code>. "
            f'<a href="/v1/docs">API docs</a> · <a href="{OPENAPI_URL}">OpenAPI document</a></p>'
        )

    # Added first, so it runs inside CaseInsensitivePaths and keys on the canonical path,
    # and hashes the body the route reads.
    app.add_middleware(IdempotencyKeys)
    app.add_middleware(WriteBodies)
    app.add_middleware(CaseInsensitivePaths, templates=route_templates(app))
    return app
