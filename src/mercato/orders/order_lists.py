"""Order lists: the fields they filter, search and sort on, and OrderCloud's list rules.

Lists hold submitted orders unless the caller asks for carts; ``from``/``to`` bound the date
an order was submitted (or created, while unsubmitted).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core.errors import ApiError
from mercato.core.listing import ListArgs, ListSpec, Page, paginate, where_linked
from mercato.core.time import utcnow
from mercato.orders.directions import Direction, placed_by
from mercato.orders.models import Order
from mercato.orders.orders import ORDERS, order_query
from mercato.organizations import companies
from mercato.organizations.models import Company, User

FROM_USER_ID = select(User.id).where(User.pk == Order.from_user_pk).correlate(Order)
ORDER_LIST = ListSpec(
    fields={
        "ID": Order.id,
        "FromCompanyID": companies.id_of(Order.from_company_pk),
        "ToCompanyID": companies.id_of(Order.to_company_pk),
        "FromUserID": FROM_USER_ID.scalar_subquery(),
        "BillingAddressID": Order.billing_address_id,
        "ShippingAddressID": Order.shipping_address_id,
        "Comments": Order.comments,
        "LineItemCount": Order.line_item_count,
        "Status": Order.status,
        "IsSubmitted": Order.is_submitted,
        "DateCreated": Order.date_created,
        "DateSubmitted": Order.date_submitted,
        "DateApproved": Order.date_approved,
        "DateDeclined": Order.date_declined,
        "DateCanceled": Order.date_canceled,
        "DateCompleted": Order.date_completed,
        "LastUpdated": Order.last_updated,
        "Subtotal": Order.subtotal,
        "ShippingCost": Order.shipping_cost,
        "TaxCost": Order.tax_cost,
        "Gratuity": Order.gratuity,
        "Fees": Order.fees,
        "PromotionDiscount": Order.promotion_discount,
        "Total": Order.total,
        "Currency": Order.currency,
    },
    search=("ID", "Comments"),
    sort=(
        "DateCreated", "ID", "Status", "DateSubmitted", "DateApproved", "DateDeclined",
        "DateCanceled", "DateCompleted", "LastUpdated", "Total", "Subtotal", "Gratuity",
    ),
    tiebreak=Order.pk,
    xp=Order.xp,
    params=frozenset({"buyerid", "supplierid", "from", "to"}),
    default_sort="!DateCreated",
)  # fmt: skip


def _date_range(stmt: Select[Order], args: ListArgs) -> Select[Order]:
    """``from``/``to``: the date an order was submitted, or created while unsubmitted."""
    when = func.coalesce(Order.date_submitted, Order.date_created)
    for name, compare in (("from", when.__ge__), ("to", when.__le__)):
        raw = args.filter_value(name)
        if raw:
            stmt = stmt.where(compare(_parse_date(name, raw)))
    return stmt


def _parse_date(name: str, raw: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(
            f"{name} must be a date, not {raw!r}.",
            code="List.InvalidType",
            data={"Property": name},
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=utcnow().tzinfo)


def _submitted_unless_asked(stmt: Select[Order], args: ListArgs) -> Select[Order]:
    """Lists hold submitted orders unless the caller filters on Status or IsSubmitted.

    Carts and placed orders are listed apart: one Status filter naming Unsubmitted beside
    another status is refused, as OrderCloud does.
    """
    for key, value in args.filters:
        statuses = {option.strip().lower() for option in value.split("|")}
        if key.lower() == "status" and "unsubmitted" in statuses and len(statuses) > 1:
            raise ApiError(
                "Unsubmitted orders are listed apart from submitted ones.",
                code="Order.CannotMixSubmittedAndUnsubmitted",
                data={"Status": value},
            )
    asked = {k.lower() for k, _ in args.filters} & {"status", "issubmitted"}
    return stmt if asked else stmt.where(Order.is_submitted)


def list_orders(
    session: Session, caller: Caller, direction: Direction, args: ListArgs
) -> Page[Order]:
    stmt = _submitted_unless_asked(order_query(caller, direction), args)
    stmt = where_linked(stmt, args, _COMPANY_LINKS)
    return paginate(session, _date_range(stmt, args), args, ORDER_LIST)


_COMPANY_LINKS = (
    ("buyerID", Order.from_company_pk, Company),
    ("supplierID", Order.to_company_pk, Company),
)


def list_my_orders(session: Session, caller: Caller, args: ListArgs) -> Page[Order]:
    """The caller's own orders, whatever its company kind."""
    stmt = ORDERS.query().where(placed_by(caller))
    return paginate(
        session, _date_range(_submitted_unless_asked(stmt, args), args), args, ORDER_LIST
    )
