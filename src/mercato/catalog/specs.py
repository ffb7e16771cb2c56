"""Specs, their options, and which products they apply to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.catalog import access
from mercato.catalog.models import Product, Spec, SpecOption, SpecProductAssignment
from mercato.catalog.schemas import (
    SpecOptionPatch,
    SpecOptionRead,
    SpecOptionWrite,
    SpecPatch,
    SpecRead,
    SpecWrite,
)
from mercato.catalog.schemas import SpecProductAssignment as AssignmentBody
from mercato.catalog.scopes import PRODUCTS, SPECS
from mercato.core import resources
from mercato.core.errors import ApiError, NotFound
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import fields_of

SPEC_LIST = ListSpec(
    fields={
        "ID": Spec.id,
        "Name": Spec.name,
        "ListOrder": Spec.list_order,
        "OwnerID": Spec.owner_id,
        "Required": Spec.required,
        "DefinesVariant": Spec.defines_variant,
        "AllowOpenText": Spec.allow_open_text,
    },
    search=("Name", "ID"),
    sort=("ListOrder", "Name", "ID"),
    tiebreak=Spec.pk,
    xp=Spec.xp,
    default_sort="ListOrder",
)
OPTION_LIST = ListSpec(
    fields={"ID": SpecOption.id, "Value": SpecOption.value, "ListOrder": SpecOption.list_order},
    search=("Value", "ID"),
    sort=("ListOrder", "ID"),
    tiebreak=SpecOption.pk,
    xp=SpecOption.xp,
    default_sort="ListOrder",
)
ASSIGNMENT_LIST = ListSpec(
    fields={"SpecID": Spec.id, "ProductID": Product.id},
    search=("SpecID", "ProductID"),
    sort=("SpecID", "ProductID"),
    tiebreak=SpecProductAssignment.pk,
)


def options_of(spec: Spec) -> Scope[SpecOption]:
    return Scope(SpecOption, "SpecOption", (SpecOption.spec_pk == spec.pk,))


def to_read(spec: Spec) -> SpecRead:
    options = [SpecOptionRead.model_validate(o) for o in spec.options]
    fields = fields_of(spec, SpecRead)
    return SpecRead.model_validate({**fields, "options": options, "option_count": len(options)})


def _check(session: Session, spec: Spec) -> None:
    if spec.defines_variant and spec.allow_open_text:
        raise ApiError(
            "A spec that defines variants takes options only, no open text.",
            code="Spec.CannotAllowOpenText",
        )
    if spec.defines_variant and not spec.required:
        raise ApiError("A spec that defines variants must be required.", code="Spec.MustBeRequired")
    if spec.default_option_id and options_of(spec).find(session, spec.default_option_id) is None:
        raise ApiError(
            f"Spec {spec.id} has no option {spec.default_option_id}.",
            code="Spec.OptionNotFound",
            data={"OptionID": spec.default_option_id},
        )


def list_specs(session: Session, caller: Caller, args: ListArgs) -> Page[Spec]:
    stmt = access.visible(caller, SPECS.query(), Spec.owner_id)
    return paginate(session, stmt, args, SPEC_LIST)


def get_spec(session: Session, caller: Caller, spec_id: str) -> Spec:
    spec = SPECS.get(session, spec_id)
    access.check_owner(caller, spec, "Spec")
    return spec


def create_spec(session: Session, caller: Caller, data: SpecWrite) -> Spec:
    spec = resources.create(
        session, SPECS, access.with_owner(caller, data.model_dump(by_alias=False), new=True)
    )
    _check(session, spec)
    return spec


def save_spec(session: Session, caller: Caller, spec_id: str, data: SpecWrite) -> Spec:
    existing = SPECS.find(session, spec_id)
    if existing is not None:
        access.check_owner(caller, existing, "Spec")
    values = access.with_owner(caller, data.model_dump(by_alias=False), new=existing is None)
    spec = resources.save(session, SPECS, spec_id, values)
    _check(session, spec)
    return spec


def patch_spec(session: Session, caller: Caller, spec_id: str, data: SpecPatch) -> Spec:
    spec = get_spec(session, caller, spec_id)
    values = access.with_owner(caller, resources.patch_values(data, SpecWrite), new=False)
    resources.patch(session, SPECS, spec, values)
    _check(session, spec)
    return spec


def delete_spec(session: Session, caller: Caller, spec_id: str) -> None:
    session.delete(get_spec(session, caller, spec_id))
    session.flush()


# --- options ----------------------------------------------------------------------------------


def list_options(
    session: Session, caller: Caller, spec_id: str, args: ListArgs
) -> Page[SpecOption]:
    spec = get_spec(session, caller, spec_id)
    return paginate(session, options_of(spec).query(), args, OPTION_LIST)


def get_option(session: Session, caller: Caller, spec_id: str, option_id: str) -> SpecOption:
    return options_of(get_spec(session, caller, spec_id)).get(session, option_id)


def create_option(
    session: Session, caller: Caller, spec_id: str, data: SpecOptionWrite
) -> SpecOption:
    spec = get_spec(session, caller, spec_id)
    values = data.model_dump(by_alias=False)
    option = resources.create(session, options_of(spec), values, spec_pk=spec.pk)
    session.expire(spec, ["options"])
    return option


def save_option(
    session: Session, caller: Caller, spec_id: str, option_id: str, data: SpecOptionWrite
) -> SpecOption:
    spec = get_spec(session, caller, spec_id)
    scope = options_of(spec)
    values = {**data.model_dump(by_alias=False), "id": data.id or option_id}
    existing = scope.find(session, option_id)
    if existing is None:
        option = resources.create(session, scope, values, spec_pk=spec.pk)
    else:
        option = resources.replace(session, scope, existing, values)
    session.expire(spec, ["options"])
    return option


def patch_option(
    session: Session, caller: Caller, spec_id: str, option_id: str, data: SpecOptionPatch
) -> SpecOption:
    spec = get_spec(session, caller, spec_id)
    scope = options_of(spec)
    option = scope.get(session, option_id)
    return resources.patch(session, scope, option, resources.patch_values(data, SpecOptionWrite))


def delete_option(session: Session, caller: Caller, spec_id: str, option_id: str) -> None:
    spec = get_spec(session, caller, spec_id)
    option = options_of(spec).get(session, option_id)
    if spec.default_option_id == option.id:
        spec.default_option_id = None
    session.delete(option)
    session.flush()


# --- product assignments ----------------------------------------------------------------------


def save_assignment(session: Session, caller: Caller, data: AssignmentBody) -> None:
    spec = get_spec(session, caller, data.spec_id)
    product = PRODUCTS.get(session, data.product_id)
    access.check_owner(caller, product, "Product")
    if data.default_option_id and options_of(spec).find(session, data.default_option_id) is None:
        raise ApiError(
            f"Spec {spec.id} has no option {data.default_option_id}.", code="Spec.OptionNotFound"
        )
    row = session.scalars(
        select(SpecProductAssignment).where(
            SpecProductAssignment.spec_pk == spec.pk,
            SpecProductAssignment.product_pk == product.pk,
        )
    ).first()
    if row is None:
        row = SpecProductAssignment(spec_pk=spec.pk, product_pk=product.pk)
        session.add(row)
    row.default_value = data.default_value
    row.default_option_id = data.default_option_id
    session.flush()


def delete_assignment(session: Session, caller: Caller, spec_id: str, product_id: str) -> None:
    spec = get_spec(session, caller, spec_id)
    product = PRODUCTS.get(session, product_id)
    row = session.scalars(
        select(SpecProductAssignment).where(
            SpecProductAssignment.spec_pk == spec.pk,
            SpecProductAssignment.product_pk == product.pk,
        )
    ).first()
    if row is None:
        raise NotFound("SpecProductAssignment", product_id)
    session.delete(row)
    session.flush()


def list_assignments(
    session: Session, caller: Caller, args: ListArgs
) -> Page[SpecProductAssignment]:
    stmt = (
        select(SpecProductAssignment)
        .join(Spec, Spec.pk == SpecProductAssignment.spec_pk)
        .join(Product, Product.pk == SpecProductAssignment.product_pk)
    )
    stmt = access.visible(caller, stmt, Spec.owner_id)
    return paginate(session, stmt, args, ASSIGNMENT_LIST)


def assignment_to_read(row: SpecProductAssignment) -> AssignmentBody:
    return AssignmentBody(
        spec_id=row.spec.id,
        product_id=row.product.id,
        default_value=row.default_value,
        default_option_id=row.default_option_id,
    )


def specs_of_product(product: Product) -> Any:
    """Query: the specs assigned to ``product``."""
    assigned = select(SpecProductAssignment.spec_pk).where(
        SpecProductAssignment.product_pk == product.pk
    )
    return select(Spec).where(Spec.pk.in_(assigned))


def list_product_specs(
    session: Session, caller: Caller, product: Product, args: ListArgs
) -> Page[Spec]:
    return paginate(session, specs_of_product(product), args, SPEC_LIST)
