"""Spec choices on a line: validated against the product's specs, resolved to a variant."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mercato.catalog.models import Product, Spec, SpecOption, SpecProductAssignment, Variant
from mercato.core.errors import ApiError, NotFound
from mercato.orders.pricing import Markup
from mercato.orders.schemas import LineItemSpec


@dataclass(frozen=True)
class Chosen:
    specs: list[dict[str, Any]]
    markups: list[Markup]
    variant: Variant | None


def _option(spec: Spec, option_id: str) -> SpecOption:
    for option in spec.options:
        if option.id.lower() == option_id.lower():
            return option
    raise ApiError(
        f"Spec {spec.id} has no option {option_id}.",
        code="Spec.OptionNotFound",
        data={"SpecID": spec.id, "OptionID": option_id},
    )


def choose(session: Session, product: Product, sent: list[LineItemSpec]) -> Chosen:
    """The line's specs as stored, their price markups, and the variant they select."""
    rows = session.execute(
        select(Spec, SpecProductAssignment)
        .join(SpecProductAssignment, SpecProductAssignment.spec_pk == Spec.pk)
        .where(SpecProductAssignment.product_pk == product.pk)
        .options(selectinload(Spec.options))
        .order_by(Spec.list_order, Spec.pk)
    ).all()
    by_id = {spec.id.lower(): (spec, assignment) for spec, assignment in rows}
    given: dict[str, LineItemSpec] = {}
    for sent_choice in sent:
        if sent_choice.spec_id.lower() not in by_id:
            raise NotFound("Spec", sent_choice.spec_id)
        given[sent_choice.spec_id.lower()] = sent_choice
    specs, markups, variant_options = [], [], []
    for key, (spec, assignment) in by_id.items():
        choice = given.get(key)
        option_id = choice.option_id if choice else None
        value = choice.value if choice else None
        if choice is None:
            option_id = assignment.default_option_id or spec.default_option_id
            value = assignment.default_value or spec.default_value
        option = _option(spec, option_id) if option_id else None
        if option is None and not value:
            if spec.required or spec.defines_variant:
                code = "Spec.RequiresValue" if spec.allow_open_text else "Spec.RequiresSelection"
                raise ApiError(
                    f"Spec {spec.id} needs a value.", code=code, data={"SpecID": spec.id}
                )
            continue
        if option is None and not spec.allow_open_text:
            raise ApiError(
                f"Spec {spec.id} takes one of its options, not open text.",
                code="Spec.RequiresSelection",
                data={"SpecID": spec.id},
            )
        if option is not None:
            markups.append(Markup(option.price_markup_type, option.price_markup))
            if spec.defines_variant:
                variant_options.append(option)
        # An open-text option keeps what the user typed; any other option shows its value.
        shown = value if option is None or (option.is_open_text and value) else option.value
        specs.append(
            {
                "SpecID": spec.id,
                "Name": spec.name,
                "OptionID": option.id if option else None,
                "Value": shown,
                "PriceMarkupType": option.price_markup_type if option else None,
                "PriceMarkup": _number(option.price_markup) if option else None,
            }
        )
    return Chosen(specs=specs, markups=markups, variant=_variant(session, product, variant_options))


def _number(value: Decimal | None) -> Any:
    return None if value is None else float(value) if value % 1 else int(value)


def _variant(session: Session, product: Product, options: list[SpecOption]) -> Variant | None:
    if not options:
        return None
    key = "-".join(str(o.pk) for o in sorted(options, key=lambda o: o.pk))
    variant = session.scalars(
        select(Variant).where(Variant.product_pk == product.pk, Variant.combination == key)
    ).first()
    if variant is None or not variant.active:
        raise ApiError(
            f"No active variant of {product.id} matches the chosen specs.",
            code="LineItem.VariantNotFound",
            data={"ProductID": product.id},
        )
    return variant
