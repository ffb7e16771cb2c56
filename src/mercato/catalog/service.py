"""Catalog rules needed by other domains (a buyer's default catalog)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.catalog.models import Catalog, CatalogAssignment
from mercato.core.errors import ApiError, NotFound
from mercato.organizations.models import Company


def create_default_catalog(session: Session, *, buyer: Company, owner_id: str) -> Catalog:
    """A buyer created without a default catalog gets one with its own ID."""
    if session.scalar(select(Catalog.pk).where(Catalog.id == buyer.id)) is not None:
        raise ApiError(
            f"A catalog with ID {buyer.id} already exists; name it as DefaultCatalogID instead.",
            code="Buyer.DefaultCatalogAlreadyExists",
            data={"CatalogID": buyer.id},
        )
    catalog = Catalog(
        id=buyer.id,
        owner_id=owner_id,
        name=buyer.name,
        description=f"Default catalog for {buyer.name}",
        active=True,
    )
    session.add(catalog)
    session.flush()
    return catalog


def assign_default_catalog(session: Session, *, buyer: Company, catalog_id: str) -> None:
    """Make sure the buyer can see everything in its default catalog."""
    catalog = session.scalar(select(Catalog).where(Catalog.id == catalog_id))
    if catalog is None:
        raise NotFound("Catalog", catalog_id)
    exists = session.scalar(
        select(CatalogAssignment.pk).where(
            CatalogAssignment.catalog_pk == catalog.pk, CatalogAssignment.buyer_pk == buyer.pk
        )
    )
    if exists is None:
        session.add(
            CatalogAssignment(
                catalog_pk=catalog.pk,
                buyer_pk=buyer.pk,
                view_all_categories=True,
                view_all_products=True,
            )
        )
        session.flush()
