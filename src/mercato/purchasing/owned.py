"""Create, read, replace, patch and delete for resources a buyer owns.

Cost centers, spending accounts and approval rules live under ``/buyers/{buyerID}``: their
IDs are unique within the buyer, the marketplace owner administers every buyer's, and a
buyer user administers only its own buyer's (``organizations.access``). Each resource
adds its own value mapping (``values``) and consistency check (``check``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import ApiModel
from mercato.organizations import access
from mercato.organizations.models import Company

M = TypeVar("M")


class BuyerOwned(Generic[M]):
    """The life cycle of one kind of buyer-owned object."""

    def __init__(
        self,
        model: type[M],
        object_type: str,
        *,
        company_column: Any,
        spec: ListSpec,
        write: type[ApiModel],
    ) -> None:
        self.model, self.object_type, self.spec, self.write = model, object_type, spec, write
        self.company_column = company_column

    def scope(self, company: Company) -> Scope[M]:
        return Scope(self.model, self.object_type, (self.company_column == company.pk,))

    def query(self, company: Company) -> Select[Any]:
        """The base list query; a resource joins what its list filters need."""
        return self.scope(company).query()

    def values(self, session: Session, company: Company, values: dict[str, Any]) -> dict[str, Any]:
        """Column values from a body's fields (all of them, or those a PATCH sent)."""
        return values

    def check(self, obj: M) -> None:
        """Refuse an object whose fields contradict each other (after every write)."""

    def list(self, session: Session, caller: Caller, company: Company, args: ListArgs) -> Page[M]:
        access.check_read(caller, company)
        return paginate(session, self.query(company), args, self.spec)

    def get(self, session: Session, caller: Caller, company: Company, object_id: str) -> M:
        access.check_read(caller, company)
        return self.scope(company).get(session, object_id)

    def create(self, session: Session, caller: Caller, company: Company, body: ApiModel) -> M:
        access.check_write(caller, company)
        values = self.values(session, company, body.model_dump(by_alias=False))
        obj = resources.create(session, self.scope(company), values, company_pk=company.pk)
        self.check(obj)
        return obj

    def save(
        self, session: Session, caller: Caller, company: Company, object_id: str, body: ApiModel
    ) -> M:
        access.check_write(caller, company)
        values = self.values(session, company, body.model_dump(by_alias=False))
        scope = self.scope(company)
        obj = resources.save(session, scope, object_id, values, company_pk=company.pk)
        self.check(obj)
        return obj

    def patch(
        self, session: Session, caller: Caller, company: Company, object_id: str, body: ApiModel
    ) -> M:
        access.check_write(caller, company)
        scope = self.scope(company)
        obj = scope.get(session, object_id)
        values = self.values(session, company, resources.patch_values(body, self.write))
        resources.patch(session, scope, obj, values)
        self.check(obj)
        return obj

    def delete(self, session: Session, caller: Caller, company: Company, object_id: str) -> None:
        access.check_write(caller, company)
        session.delete(self.scope(company).get(session, object_id))
        session.flush()
