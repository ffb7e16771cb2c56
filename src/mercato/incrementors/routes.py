"""Routes of /incrementors."""

from __future__ import annotations

from mercato.auth.dependencies import requires
from mercato.auth.roles import Role
from mercato.core.crud import Resource, crud_routes, no_parent
from mercato.incrementors.schemas import IncrementorPatch, IncrementorRead, IncrementorWrite
from mercato.incrementors.service import INCREMENTOR_SERVICE

router = crud_routes(
    Resource(
        "/incrementors",
        "Incrementors",
        "incrementorID",
        no_parent,
        INCREMENTOR_SERVICE,
        IncrementorRead,
        IncrementorWrite,
        IncrementorPatch,
        requires(Role.IncrementorAdmin, Role.IncrementorReader),
        requires(Role.IncrementorAdmin),
    )
)
