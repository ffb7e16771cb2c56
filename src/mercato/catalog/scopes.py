"""Where catalog, product, price schedule, spec and facet IDs are unique: the marketplace."""

from mercato.catalog.models import Catalog, PriceSchedule, Product, ProductFacet, Spec
from mercato.core.resources import Scope

CATALOGS = Scope(Catalog, "Catalog")
PRODUCTS = Scope(Product, "Product")
SCHEDULES = Scope(PriceSchedule, "PriceSchedule")
SPECS = Scope(Spec, "Spec")
FACETS = Scope(ProductFacet, "ProductFacet")
