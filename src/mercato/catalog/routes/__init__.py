"""Every catalog route. Fixed paths (…/assignments) come before {id} paths."""

from fastapi import APIRouter

from mercato.catalog.routes import (
    catalogs,
    categories,
    inventory_records,
    me,
    price_schedules,
    products,
    specs,
)

router = APIRouter()
for part in (categories, catalogs, price_schedules, specs, inventory_records, products, me):
    router.include_router(part.router)
