"""Imports every domain's models so Alembic and the mapper see the complete set."""

from mercato.auth import models as auth_models
from mercato.catalog import models as catalog_models
from mercato.db import Base
from mercato.orders import models as order_models
from mercato.organizations import models as organization_models
from mercato.purchasing import models as purchasing_models
from mercato.security import models as security_models
from mercato.shipments import models as shipment_models
from mercato.xp_indices import models as xp_index_models

__all__ = [
    "Base",
    "auth_models",
    "catalog_models",
    "order_models",
    "organization_models",
    "purchasing_models",
    "security_models",
    "shipment_models",
    "xp_index_models",
]
