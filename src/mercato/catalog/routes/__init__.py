"""Every catalog route. Fixed paths (…/assignments) come before {id} paths."""

from fastapi import APIRouter

from mercato.catalog.routes import (
    catalogs,
    categories,
    me,
    price_schedules,
    product_facets,
    products,
    specs,
)

router = APIRouter()
for part in (categories, catalogs, price_schedules, specs, products, product_facets, me):
    router.include_router(part.router)
