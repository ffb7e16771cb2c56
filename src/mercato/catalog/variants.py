"""Variants: one per combination of the options of a product's variant-defining specs."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import bindparam, delete, func, literal, select, union_all
from sqlalchemy.orm import Session

from mercato.catalog import inventory
from mercato.catalog.models import Product, Spec, SpecOption, SpecProductAssignment, Variant
from mercato.catalog.schemas import VariantPatch, VariantRead, VariantWrite
from mercato.core import resources
from mercato.core.errors import ApiError
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import fields_of

MAX_VARIANTS = 1500
VARIANT_LIST = ListSpec(
    fields={
        "ID": Variant.id,
        "Name": Variant.name,
        "Description": Variant.description,
        "Active": Variant.active,
    },
    search=("ID", "Name", "Description"),
    sort=("ID", "Name"),
    tiebreak=Variant.pk,
    xp=Variant.xp,
)


def variants_of(product: Product) -> Scope[Variant]:
    return Scope(Variant, "Variant", (Variant.product_pk == product.pk,))


def to_read(variant: Variant) -> VariantRead:
    fields = fields_of(variant, VariantRead)
    return VariantRead.model_validate(fields)


# Built once: the page's product pks are a parameter of each execution.
_COUNTS = union_all(
    select(literal("spec"), SpecProductAssignment.product_pk, func.count())
    .where(SpecProductAssignment.product_pk.in_(bindparam("product_pks", expanding=True)))
    .group_by(SpecProductAssignment.product_pk),
    select(literal("variant"), Variant.product_pk, func.count())
    .where(Variant.product_pk.in_(bindparam("product_pks", expanding=True)))
    .group_by(Variant.product_pk),
)


def counts(session: Session, product_pks: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Spec and variant counts per product, in one statement."""
    if not product_pks:
        return {}, {}
    found: dict[str, dict[int, int]] = {"spec": {}, "variant": {}}
    for kind, product_pk, count in session.execute(_COUNTS, {"product_pks": product_pks}):
        found[kind][product_pk] = count
    return found["spec"], found["variant"]


def generate(session: Session, product: Product, *, overwrite: bool) -> None:
    """Create the variants of every option combination; keep existing ones unless told."""
    specs = session.scalars(
        select(Spec)
        .join(SpecProductAssignment, SpecProductAssignment.spec_pk == Spec.pk)
        .where(SpecProductAssignment.product_pk == product.pk, Spec.defines_variant)
        .order_by(Spec.list_order, Spec.pk)
    ).all()
    option_lists = [list(spec.options) for spec in specs]
    total = 1
    for options in option_lists:
        total *= len(options)
    if not specs or total == 0:
        raise ApiError(
            "The product has no variant-defining spec with options.",
            code="Spec.InvalidSpecConfiguration",
        )
    if total > MAX_VARIANTS:
        raise ApiError(
            f"{total} combinations exceed the limit of {MAX_VARIANTS} variants.",
            code="Variant.ExceededLimit",
        )
    if overwrite:
        session.execute(delete(Variant).where(Variant.product_pk == product.pk))
    existing = set(
        session.scalars(select(Variant.combination).where(Variant.product_pk == product.pk))
    )
    for combo in itertools.product(*option_lists):
        key = "-".join(str(o.pk) for o in sorted(combo, key=lambda o: o.pk))
        if key in existing:
            continue
        session.add(
            Variant(
                product_pk=product.pk,
                id="-".join([product.id, *(o.id for o in combo)])[:100],
                combination=key,
                name=" ".join([product.name, *(o.value for o in combo)])[:100],
                active=True,
                specs=[
                    _variant_spec(spec, option) for spec, option in zip(specs, combo, strict=True)
                ],
            )
        )
    session.flush()


def _variant_spec(spec: Spec, option: SpecOption) -> dict[str, Any]:
    return {
        "spec_id": spec.id,
        "name": spec.name,
        "option_id": option.id,
        "value": option.value,
        "price_markup_type": option.price_markup_type,
        "price_markup": str(option.price_markup) if option.price_markup is not None else None,
    }


def list_variants(session: Session, product: Product, args: ListArgs) -> Page[Variant]:
    return paginate(session, variants_of(product).query(), args, VARIANT_LIST)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if values.get("inventory") is not None:
        values["inventory"] = inventory.stamped(values["inventory"])
    return values


def save_variant(
    session: Session, product: Product, variant_id: str, data: VariantWrite
) -> Variant:
    # Variants come from generation; PUT replaces the editable fields of an existing one.
    variant = variants_of(product).get(session, variant_id)
    values = _values({**data.model_dump(by_alias=False), "id": data.id or variant_id})
    return resources.replace(session, variants_of(product), variant, values)


def patch_variant(
    session: Session, product: Product, variant_id: str, data: VariantPatch
) -> Variant:
    variant = variants_of(product).get(session, variant_id)
    values = _values(resources.patch_values(data, VariantWrite))
    return resources.patch(session, variants_of(product), variant, values)
