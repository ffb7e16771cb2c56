"""API clients (the OAuth clients users log in through) and their company assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mercato.auth.client_secrets import hash_secret
from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.ids import generate_id, resolve_id
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import fields_of
from mercato.core.tenancy import ALL_MARKETPLACES
from mercato.incrementors.numbering import expand_placeholders
from mercato.organizations import access
from mercato.organizations.companies import BUYERS, SUPPLIERS
from mercato.organizations.models import Company, CompanyKind, User
from mercato.security.models import ApiClient, ApiClientAssignment, ImpersonationConfig
from mercato.security.networks import parse_networks
from mercato.security.schemas import ApiClientAssignment as AssignmentBody
from mercato.security.schemas import ApiClientPatch, ApiClientRead, ApiClientWrite

CLIENTS = Scope(ApiClient, "ApiClient")
CLIENT_LIST = ListSpec(
    fields={
        "ID": ApiClient.id,
        "AppName": ApiClient.app_name,
        "DefaultContextUserName": ApiClient.default_context_username,
        "Active": ApiClient.active,
        "AllowAnyBuyer": ApiClient.allow_any_buyer,
        "AllowAnySupplier": ApiClient.allow_any_supplier,
        "AllowSeller": ApiClient.allow_seller,
        "IsAnonBuyer": ApiClient.is_anon_buyer,
    },
    search=("ID", "AppName", "DefaultContextUserName"),
    sort=("ID", "AppName", "DefaultContextUserName"),
    tiebreak=ApiClient.pk,
    xp=ApiClient.xp,
)
ASSIGNMENT_LIST = ListSpec(
    fields={},
    search=(),
    sort=(),
    tiebreak=ApiClientAssignment.pk,
    params=frozenset({"apiclientid", "buyerid", "supplierid"}),
)


def to_read(session: Session, clients: list[ApiClient]) -> list[ApiClientRead]:
    counts: dict[tuple[int, CompanyKind], int] = {}
    if clients:
        rows = session.execute(
            select(ApiClientAssignment.client_pk, Company.kind, func.count())
            .join(Company, Company.pk == ApiClientAssignment.company_pk)
            .where(ApiClientAssignment.client_pk.in_([c.pk for c in clients]))
            .group_by(ApiClientAssignment.client_pk, Company.kind)
        )
        counts = {(pk, kind): n for pk, kind, n in rows}
    return [
        ApiClientRead.model_validate(
            {
                **fields_of(c, ApiClientRead),
                "default_context_user_name": c.default_context_username,
                "client_secret": None,
                "assigned_buyer_count": counts.get((c.pk, CompanyKind.BUYER), 0),
                "assigned_supplier_count": counts.get((c.pk, CompanyKind.SUPPLIER), 0),
            }
        )
        for c in clients
    ]


def assignment_to_read(row: ApiClientAssignment) -> AssignmentBody:
    buyer = row.company.kind is CompanyKind.BUYER
    return AssignmentBody(
        api_client_id=row.client.id,
        buyer_id=row.company.id if buyer else None,
        supplier_id=None if buyer else row.company.id,
    )


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if "default_context_user_name" in values:
        values["default_context_username"] = values.pop("default_context_user_name")
    if "client_secret" in values:
        secret = values.pop("client_secret")
        values["client_secret_hash"] = hash_secret(secret) if secret else None
    if values.get("allowed_networks") is not None:
        values["allowed_networks"] = parse_networks(values["allowed_networks"])
    for name in (
        "minimum_required_roles",
        "maximum_granted_roles",
        "minimum_required_custom_roles",
        "maximum_granted_custom_roles",
        "allowed_networks",
    ):
        if name in values and values[name] is None:
            values[name] = []
    return values


def _check_default_user(session: Session, client: ApiClient) -> None:
    username = client.default_context_username
    user = (
        session.scalar(select(User).where(User.username_key == username.lower()))
        if username
        else None
    )
    if username and user is None:
        raise NotFound("User", username)
    if client.is_anon_buyer and (user is None or user.company.kind is not CompanyKind.BUYER):
        raise ApiError(
            "An anonymous-shopping client needs a buyer user as DefaultContextUserName.",
            code="ApiClient.RequiredNotAnonBuyer",
        )


def list_clients(session: Session, caller: Caller, args: ListArgs) -> Page[ApiClient]:
    access.check_seller(caller)
    return paginate(session, CLIENTS.query(), args, CLIENT_LIST)


def get_client(session: Session, caller: Caller, client_id: str) -> ApiClient:
    access.check_seller(caller)
    return CLIENTS.get(session, client_id)


def create_client(session: Session, caller: Caller, data: ApiClientWrite) -> ApiClient:
    access.check_seller(caller)
    values = _values(data.model_dump(by_alias=False))
    # Client IDs select the marketplace at login, so they are unique on the whole server.
    values["id"] = _unused_id(session, values.get("id"))
    client = resources.create(session, CLIENTS, values)
    _check_default_user(session, client)
    return client


def save_client(
    session: Session, caller: Caller, client_id: str, data: ApiClientWrite
) -> ApiClient:
    access.check_seller(caller)
    client = CLIENTS.find(session, client_id)
    values = _values({**data.model_dump(by_alias=False), "id": data.id or client_id})
    if client is None:
        values["id"] = _unused_id(session, values["id"])
        client = resources.create(session, CLIENTS, values)
    else:
        if values["id"] != client.id:
            values["id"] = _unused_id(session, values["id"])
        resources.replace(session, CLIENTS, client, values)
    _check_default_user(session, client)
    return client


def patch_client(
    session: Session, caller: Caller, client_id: str, data: ApiClientPatch
) -> ApiClient:
    access.check_seller(caller)
    client = CLIENTS.get(session, client_id)
    values = _values(resources.patch_values(data, ApiClientWrite))
    if values.get("id") not in (None, client.id):
        values["id"] = _unused_id(session, values["id"])
    resources.patch(session, CLIENTS, client, values)
    _check_default_user(session, client)
    return client


def _unused_id(session: Session, requested: str | None) -> str:
    new_id = resolve_id(expand_placeholders(session, requested)) if requested else generate_id()
    # Look across every marketplace: the session's tenant filter would hide the others.
    taken = session.execute(
        select(ApiClient.pk)
        .where(ApiClient.id == new_id)
        .execution_options(**{ALL_MARKETPLACES: True})
    ).first()
    if taken is not None:
        raise ApiError(f"ApiClient with ID {new_id} already exists.", code="IdExists")
    return new_id


def delete_client(session: Session, caller: Caller, client_id: str) -> None:
    access.check_seller(caller)
    client = CLIENTS.get(session, client_id)
    if session.scalar(
        select(ImpersonationConfig.pk).where(ImpersonationConfig.client_pk == client.pk)
    ):
        raise ApiError(
            "An impersonation config uses this API client.",
            code="ApiClient.UsedByImpersonationConfig",
        )
    if client.allow_seller and client.active:
        others = session.scalar(
            select(func.count()).where(
                ApiClient.pk != client.pk, ApiClient.allow_seller, ApiClient.active
            )
        )
        if not others:
            raise ApiError(
                "This is the last active client admin users can log in through.",
                code="ApiClient.CannotDeleteLastFullAccess",
            )
    session.delete(client)
    session.flush()


def _company_of(session: Session, data: AssignmentBody) -> Company:
    if data.buyer_id and data.supplier_id:
        raise ApiError(
            "Give BuyerID or SupplierID, not both.",
            code="PartyAssignment.CannotSpecifyBuyerAndSupplier",
        )
    if data.buyer_id:
        return BUYERS.get(session, data.buyer_id)
    if data.supplier_id:
        return SUPPLIERS.get(session, data.supplier_id)
    raise ApiError("BuyerID or SupplierID is required.", code="PartyAssignment.RequiresBuyer")


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    access.check_seller(caller)
    client = CLIENTS.get(session, data.api_client_id)
    company = _company_of(session, data)
    exists = session.scalar(
        select(ApiClientAssignment.pk).where(
            ApiClientAssignment.client_pk == client.pk,
            ApiClientAssignment.company_pk == company.pk,
        )
    )
    if exists is None:
        session.add(ApiClientAssignment(client_pk=client.pk, company_pk=company.pk))
        session.flush()


def delete_assignment(
    session: Session, caller: Caller, client_id: str, kind: CompanyKind, company_id: str
) -> None:
    access.check_seller(caller)
    client = CLIENTS.get(session, client_id)
    company = (BUYERS if kind is CompanyKind.BUYER else SUPPLIERS).get(session, company_id)
    row = session.scalars(
        select(ApiClientAssignment).where(
            ApiClientAssignment.client_pk == client.pk,
            ApiClientAssignment.company_pk == company.pk,
        )
    ).first()
    if row is None:
        raise NotFound("ApiClientAssignment", client_id)
    session.delete(row)
    session.flush()


def list_assignments(session: Session, caller: Caller, args: ListArgs) -> Page[ApiClientAssignment]:
    access.check_seller(caller)
    stmt = (
        select(ApiClientAssignment)
        .join(ApiClient, ApiClient.pk == ApiClientAssignment.client_pk)
        .join(Company, Company.pk == ApiClientAssignment.company_pk)
    )
    client_id = args.filter_value("apiClientID")
    if client_id:
        stmt = stmt.where(ApiClient.id == client_id)
    for param, kind in (("buyerID", CompanyKind.BUYER), ("supplierID", CompanyKind.SUPPLIER)):
        value = args.filter_value(param)
        if value:
            stmt = stmt.where(Company.kind == kind, Company.id == value)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)
