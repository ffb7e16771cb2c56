"""Fixtures of the purchasing tests."""

from tests.purchasing.org import org

__all__ = ["org"]
