"""Where catalog, product, price schedule, spec and bundle IDs are unique: the marketplace."""

from mercato.catalog.models import Bundle, Catalog, PriceSchedule, Product, Spec
from mercato.core.resources import Scope

CATALOGS = Scope(Catalog, "Catalog")
PRODUCTS = Scope(Product, "Product")
SCHEDULES = Scope(PriceSchedule, "PriceSchedule")
SPECS = Scope(Spec, "Spec")
BUNDLES = Scope(Bundle, "Bundle")
