"""Payments on orders: purchase orders, credit cards and spending accounts."""
