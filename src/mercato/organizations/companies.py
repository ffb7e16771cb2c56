"""Buyers and suppliers: the companies on either side of a marketplace."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import service as catalog_service
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.organizations import access
from mercato.organizations.models import Company, CompanyKind, SupplierBuyer, UserGroup
from mercato.organizations.schemas import BuyerPatch, BuyerWrite, SupplierPatch, SupplierWrite
from mercato.organizations.scopes import groups_of, users_of

COMPANY_LIST = ListSpec(
    fields={
        "ID": Company.id,
        "Name": Company.name,
        "DefaultCatalogID": Company.default_catalog_id,
        "Active": Company.active,
        "AllBuyersCanOrder": Company.all_buyers_can_order,
        "DateCreated": Company.date_created,
    },
    search=("Name", "ID"),
    sort=("ID", "Name", "DateCreated"),
    tiebreak=Company.pk,
    xp=Company.xp,
)
SUMMARY_LIST = ListSpec(
    fields={"ID": Company.id, "Name": Company.name},
    search=("ID", "Name"),
    sort=("Name", "ID"),
    tiebreak=Company.pk,
)


def id_of(pk_column: Any) -> Any:
    """The public ID of the company ``pk_column`` names, as a column of the enclosing query.

    For list specs that filter and sort on a company ID stored as a foreign key.
    """
    return (
        select(Company.id)
        .where(Company.pk == pk_column)
        .correlate_except(Company)
        .scalar_subquery()
    )


def scope(kind: CompanyKind) -> Scope[Company]:
    return Scope(
        Company, "Buyer" if kind is CompanyKind.BUYER else "Supplier", (Company.kind == kind,)
    )


BUYERS = scope(CompanyKind.BUYER)
SUPPLIERS = scope(CompanyKind.SUPPLIER)


def seller(session: Session) -> Company:
    """The marketplace owner's company in the session's marketplace."""
    return session.scalars(select(Company).where(Company.kind == CompanyKind.SELLER)).one()


def buyer_and_group(
    session: Session, buyer_id: str, group_id: str | None
) -> tuple[Company, UserGroup | None]:
    """A buyer and, when named, one of its user groups (the parties of an assignment)."""
    buyer = BUYERS.get(session, buyer_id)
    return buyer, groups_of(buyer).get(session, group_id) if group_id else None


def at_party(
    buyer_column: Any, group_column: Any, buyer: Company, group: UserGroup | None
) -> ColumnElement[bool]:
    """Assignment rows of exactly this party: the buyer itself, or one of its groups."""
    at_level = group_column == group.pk if group else group_column.is_(None)
    return and_(buyer_column == buyer.pk, at_level)


def member_pks(
    session: Session, company: Company, user_id: str | None, group_id: str | None
) -> tuple[int | None, int | None]:
    """The (user, group) pks an assignment inside ``company`` names; neither = the company."""
    if user_id and group_id:
        raise ApiError(
            "An assignment names a user or a user group, not both.",
            code="PartyAssignment.CannotSpecifyGroupAndUser",
        )
    user_pk = users_of(company).get(session, user_id).pk if user_id else None
    group_pk = groups_of(company).get(session, group_id).pk if group_id else None
    return user_pk, group_pk


def at_member(
    user_column: Any, group_column: Any, user_pk: int | None, group_pk: int | None
) -> ColumnElement[bool]:
    """Assignment rows of exactly this party inside a company: a user, a group or neither."""
    return and_(
        user_column.is_(None) if user_pk is None else user_column == user_pk,
        group_column.is_(None) if group_pk is None else group_column == group_pk,
    )


def get_company(session: Session, caller: Caller, kind: CompanyKind, company_id: str) -> Company:
    company = scope(kind).get(session, company_id)
    access.check_read(caller, company)
    return company


def list_companies(
    session: Session, caller: Caller, kind: CompanyKind, args: ListArgs
) -> Page[Company]:
    stmt = scope(kind).query()
    if not caller.is_seller and caller.kind is kind:
        stmt = stmt.where(Company.pk == caller.company.pk)
    return paginate(session, stmt, args, COMPANY_LIST)


def create_buyer(session: Session, *, caller: Caller, data: BuyerWrite) -> Company:
    access.check_seller(caller)
    buyer = resources.create(
        session, BUYERS, data.model_dump(by_alias=False), kind=CompanyKind.BUYER
    )
    _attach_default_catalog(session, caller, buyer)
    return buyer


def save_buyer(session: Session, *, caller: Caller, buyer_id: str, data: BuyerWrite) -> Company:
    buyer = BUYERS.find(session, buyer_id)
    values: dict[str, Any] = {**data.model_dump(by_alias=False), "id": data.id or buyer_id}
    if buyer is None:
        access.check_seller(caller)
        buyer = resources.create(session, BUYERS, values, kind=CompanyKind.BUYER)
    else:
        access.check_write(caller, buyer)
        # A buyer always has a default catalog, so a PUT without one keeps the current one.
        values["default_catalog_id"] = values["default_catalog_id"] or buyer.default_catalog_id
        resources.replace(session, BUYERS, buyer, values)
    _attach_default_catalog(session, caller, buyer)
    return buyer


def patch_buyer(session: Session, *, caller: Caller, buyer_id: str, data: BuyerPatch) -> Company:
    buyer = BUYERS.get(session, buyer_id)
    access.check_write(caller, buyer)
    values = resources.patch_values(data, BuyerWrite)
    if values.get("default_catalog_id", buyer.default_catalog_id) is None:
        values.pop("default_catalog_id")
    resources.patch(session, BUYERS, buyer, values)
    _attach_default_catalog(session, caller, buyer)
    return buyer


def _attach_default_catalog(session: Session, caller: Caller, buyer: Company) -> None:
    if buyer.default_catalog_id is None:
        catalog_service.create_default_catalog(session, buyer=buyer, owner_id=caller.marketplace.id)
        buyer.default_catalog_id = buyer.id
    catalog_service.assign_default_catalog(
        session, buyer=buyer, catalog_id=buyer.default_catalog_id
    )


def delete_company(session: Session, *, caller: Caller, kind: CompanyKind, company_id: str) -> None:
    access.check_seller(caller)
    session.delete(scope(kind).get(session, company_id))
    session.flush()


def create_supplier(session: Session, *, caller: Caller, data: SupplierWrite) -> Company:
    access.check_seller(caller)
    return resources.create(
        session, SUPPLIERS, data.model_dump(by_alias=False), kind=CompanyKind.SUPPLIER
    )


def save_supplier(
    session: Session, *, caller: Caller, supplier_id: str, data: SupplierWrite
) -> Company:
    supplier = SUPPLIERS.find(session, supplier_id)
    values = {**data.model_dump(by_alias=False), "id": data.id or supplier_id}
    if supplier is None:
        access.check_seller(caller)
        return resources.create(session, SUPPLIERS, values, kind=CompanyKind.SUPPLIER)
    access.check_write(caller, supplier)
    return resources.replace(session, SUPPLIERS, supplier, values)


def patch_supplier(
    session: Session, *, caller: Caller, supplier_id: str, data: SupplierPatch
) -> Company:
    supplier = SUPPLIERS.get(session, supplier_id)
    access.check_write(caller, supplier)
    return resources.patch(
        session, SUPPLIERS, supplier, resources.patch_values(data, SupplierWrite)
    )


def list_supplier_buyers(
    session: Session, *, caller: Caller, supplier_id: str, args: ListArgs
) -> Page[Company]:
    supplier = get_company(session, caller, CompanyKind.SUPPLIER, supplier_id)
    stmt = (
        BUYERS.query()
        .join(SupplierBuyer, SupplierBuyer.buyer_pk == Company.pk)
        .where(SupplierBuyer.supplier_pk == supplier.pk)
    )
    return paginate(session, stmt, args, SUMMARY_LIST)


def save_supplier_buyer(
    session: Session, *, caller: Caller, supplier_id: str, buyer_id: str
) -> None:
    access.check_seller(caller)
    supplier = SUPPLIERS.get(session, supplier_id)
    buyer = BUYERS.get(session, buyer_id)
    exists = session.scalar(
        select(SupplierBuyer.pk).where(
            SupplierBuyer.supplier_pk == supplier.pk, SupplierBuyer.buyer_pk == buyer.pk
        )
    )
    if exists is None:
        session.add(SupplierBuyer(supplier_pk=supplier.pk, buyer_pk=buyer.pk))
        session.flush()


def delete_supplier_buyer(
    session: Session, *, caller: Caller, supplier_id: str, buyer_id: str
) -> None:
    access.check_seller(caller)
    supplier = SUPPLIERS.get(session, supplier_id)
    buyer = BUYERS.get(session, buyer_id)
    link = session.scalars(
        select(SupplierBuyer).where(
            SupplierBuyer.supplier_pk == supplier.pk, SupplierBuyer.buyer_pk == buyer.pk
        )
    ).first()
    if link is None:
        raise NotFound("SupplierBuyer", buyer_id)
    session.delete(link)
    session.flush()


def list_buyer_sellers(
    session: Session, *, caller: Caller, buyer_id: str, args: ListArgs
) -> Page[Company]:
    """The companies a buyer can order from: the marketplace owner and its suppliers."""
    buyer = get_company(session, caller, CompanyKind.BUYER, buyer_id)
    return paginate(session, sellers_of(buyer), args, SUMMARY_LIST)


def sellers_of(buyer: Company) -> Select[Company]:
    """The marketplace owner, and every active supplier open to all buyers or to this one."""
    linked = select(SupplierBuyer.supplier_pk).where(SupplierBuyer.buyer_pk == buyer.pk)
    return select(Company).where(
        or_(
            Company.kind == CompanyKind.SELLER,
            (Company.kind == CompanyKind.SUPPLIER)
            & Company.active
            & (Company.all_buyers_can_order | Company.pk.in_(linked)),
        )
    )
