"""Routes of /productfacets: the xp paths product lists count values of."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import product_facets
from mercato.catalog.routes.common import FACET_READ, FACET_WRITE
from mercato.catalog.schemas import ProductFacetPatch, ProductFacetRead, ProductFacetWrite
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page, no_content
from mercato.core.schemas import ListPage

router = APIRouter(prefix="/productfacets", tags=["ProductFacets"])


@router.get("", operation_id="ProductFacets.List", dependencies=[FACET_READ])
def list_product_facets(session: SessionDep, args: ListArgsDep) -> ListPage[ProductFacetRead]:
    """List product facets."""
    return list_page(product_facets.list_facets(session, args), each(ProductFacetRead))


@router.post("", status_code=201, operation_id="ProductFacets.Create", dependencies=[FACET_WRITE])
def create_product_facet(
    session: SessionDep, caller: CallerDep, body: ProductFacetWrite
) -> ProductFacetRead:
    """Create a product facet (XpPath defaults to the ID)."""
    facet = product_facets.create_facet(session, caller, body)
    return ProductFacetRead.model_validate(facet)


@router.get("/{productFacetID}", operation_id="ProductFacets.Get", dependencies=[FACET_READ])
def get_product_facet(session: SessionDep, productFacetID: str) -> ProductFacetRead:
    """Get a product facet."""
    return ProductFacetRead.model_validate(product_facets.get_facet(session, productFacetID))


@router.put("/{productFacetID}", operation_id="ProductFacets.Save", dependencies=[FACET_WRITE])
def save_product_facet(
    session: SessionDep, caller: CallerDep, productFacetID: str, body: ProductFacetWrite
) -> ProductFacetRead:
    """Create or replace a product facet."""
    facet = product_facets.save_facet(session, caller, productFacetID, body)
    return ProductFacetRead.model_validate(facet)


@router.patch("/{productFacetID}", operation_id="ProductFacets.Patch", dependencies=[FACET_WRITE])
def patch_product_facet(
    session: SessionDep, caller: CallerDep, productFacetID: str, body: ProductFacetPatch
) -> ProductFacetRead:
    """Update the product facet fields sent."""
    facet = product_facets.patch_facet(session, caller, productFacetID, body)
    return ProductFacetRead.model_validate(facet)


@router.delete(
    "/{productFacetID}",
    status_code=204,
    operation_id="ProductFacets.Delete",
    dependencies=[FACET_WRITE],
)
def delete_product_facet(session: SessionDep, caller: CallerDep, productFacetID: str) -> Response:
    """Delete a product facet."""
    product_facets.delete_facet(session, caller, productFacetID)
    return no_content()
