"""The catalog domain's tables, one module per group of resources."""

from __future__ import annotations

from mercato.catalog.models.bundles import (
    Bundle,
    BundleAssignment,
    BundleCatalogAssignment,
    BundleProductAssignment,
    CategoryBundleAssignment,
)
from mercato.catalog.models.catalogs import (
    MONEY,
    Catalog,
    CatalogAssignment,
    Category,
    CategoryAssignment,
    CategoryProductAssignment,
    PriceBreak,
    PriceSchedule,
    Product,
    ProductAssignment,
    ProductCatalogAssignment,
    ProductSupplier,
    Spec,
    SpecOption,
    SpecProductAssignment,
    Variant,
)
from mercato.catalog.models.facets import (
    ProductFacet,
)
from mercato.catalog.models.inventory import (
    InventoryRecord,
    InventoryRecordAssignment,
)

__all__ = [
    "MONEY",
    "Bundle",
    "BundleAssignment",
    "BundleCatalogAssignment",
    "BundleProductAssignment",
    "Catalog",
    "CatalogAssignment",
    "Category",
    "CategoryAssignment",
    "CategoryBundleAssignment",
    "CategoryProductAssignment",
    "InventoryRecord",
    "InventoryRecordAssignment",
    "PriceBreak",
    "PriceSchedule",
    "Product",
    "ProductAssignment",
    "ProductCatalogAssignment",
    "ProductFacet",
    "ProductSupplier",
    "Spec",
    "SpecOption",
    "SpecProductAssignment",
    "Variant",
]
