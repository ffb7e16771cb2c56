"""Catalogue resources whose IDs are unique across their marketplace."""

from mercato.catalog.models import Bundle, Catalog, PriceSchedule, Product, ProductFacet, Spec
from mercato.core.resources import Scope

CATALOGS = Scope(Catalog, "Catalog")
PRODUCTS = Scope(Product, "Product")
SCHEDULES = Scope(PriceSchedule, "PriceSchedule")
SPECS = Scope(Spec, "Spec")
BUNDLES = Scope(Bundle, "Bundle")
FACETS = Scope(ProductFacet, "ProductFacet")
