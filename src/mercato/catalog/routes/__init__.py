"""Every catalog route. Fixed paths (…/assignments) come before {id} paths."""

from fastapi import APIRouter

from mercato.catalog.routes import (
    bundles,
    catalogs,
    categories,
    inventory_records,
    me,
    price_schedules,
    product_facets,
    products,
    sellers,
    specs,
)
from mercato.core.routing import include

router = APIRouter()
for part in (
    categories,
    catalogs,
    price_schedules,
    specs,
    inventory_records,
    products,
    product_facets,
    bundles,
    me,
    sellers,
):
    include(router, part.router)
