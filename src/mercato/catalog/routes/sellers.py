"""The buyer's sellers under /me: who it may order from, and who sells a product."""

from __future__ import annotations

from fastapi import APIRouter

from mercato.auth.dependencies import CallerDep, SessionDep
from mercato.catalog import sellers, shopping
from mercato.catalog.routes.common import SHOPPER
from mercato.catalog.schemas import ProductSeller
from mercato.core.listing import ListArgsDep
from mercato.core.routing import each, list_page
from mercato.core.schemas import ListPage
from mercato.organizations.schemas import BuyerSupplier

router = APIRouter(prefix="/me", tags=["Me"])


@router.get("/sellers", operation_id="Me.ListBuyerSellers", dependencies=[SHOPPER])
def list_my_sellers(
    session: SessionDep, caller: CallerDep, args: ListArgsDep
) -> ListPage[BuyerSupplier]:
    """The marketplace owner and the suppliers the caller's buyer may order from."""
    shopping.check_buyer(caller)
    return list_page(sellers.my_sellers(session, caller, args), each(BuyerSupplier))


@router.get(
    "/products/{productID}/sellers", operation_id="Me.ListProductSellers", dependencies=[SHOPPER]
)
def list_my_product_sellers(
    session: SessionDep, caller: CallerDep, productID: str, args: ListArgsDep
) -> ListPage[ProductSeller]:
    """Who sells a product to the caller, each at the price the caller would pay."""
    product = shopping.get_product(session, caller, productID)
    page = sellers.sellers_of_product(session, caller, product, args)
    return list_page(
        page, lambda rows: [shopping.product_seller(session, caller, product, r) for r in rows]
    )
