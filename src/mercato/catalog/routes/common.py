"""The roles that grant the catalog routes, declared once."""

from typing import Annotated

from fastapi import Query

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role

BUNDLE_READ = requires(Role.BundleAdmin, Role.BundleReader)
BUNDLE_WRITE = requires(Role.BundleAdmin)
BUNDLE_ASSIGN = requires(Role.BundleAssignmentAdmin)
BUNDLE_ASSIGNMENT_READ = requires(Role.BundleAdmin, Role.BundleAssignmentAdmin, Role.BundleReader)
CATALOG_READ = requires(Role.CatalogAdmin, Role.CatalogReader)
CATALOG_WRITE = requires(Role.CatalogAdmin)
CATEGORY_READ = requires(Role.CategoryAdmin, Role.CategoryReader)
CATEGORY_WRITE = requires(Role.CategoryAdmin)
FACET_READ = requires(Role.ProductFacetAdmin, Role.ProductFacetReader)
FACET_WRITE = requires(Role.ProductFacetAdmin)
PRODUCT_READ = requires(Role.ProductAdmin, Role.ProductReader)
PRODUCT_WRITE = requires(Role.ProductAdmin)
PRODUCT_ASSIGN = requires(Role.ProductAdmin, Role.ProductAssignmentAdmin)
SCHEDULE_READ = requires(Role.PriceScheduleAdmin, Role.PriceScheduleReader)
SCHEDULE_WRITE = requires(Role.PriceScheduleAdmin)
SHOPPER = requires(Role.Shopper)
OptionalId = Annotated[str | None, Query(max_length=100)]
