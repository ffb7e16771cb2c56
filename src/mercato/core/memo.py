"""A small bounded memo for SQL statements that are costly to build and never change.

Building a list's statements (visibility union, filters, facet counts) cost a buyer's
product page more Python than running them. SQLAlchemy statements are immutable, so one
built for a key serves every later request with that key, from any thread. Keys hold the
objects they name, so an identity-keyed entry can never be confused with a newer object
that reuses a freed address.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``size`` built values; the least recently used leaves first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        # Built outside the lock: two threads may both build one key, and either result
        # is correct.
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
