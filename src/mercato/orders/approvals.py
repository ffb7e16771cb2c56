"""Approvals on submit (placeholder until approval rules land)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mercato.orders.models import Order


def required(session: Session, order: Order) -> list[object]:
    return []  # TODO(s4): evaluate ApprovalRules / SellerApprovalRules


def open_requests(session: Session, order: Order, pending: list[object]) -> None:
    return None
