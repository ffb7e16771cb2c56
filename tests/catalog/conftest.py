"""Fixtures of the catalog tests."""

from tests.catalog.shop import shop

__all__ = ["shop"]
