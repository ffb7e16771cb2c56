"""A small bounded memo for SQL statements that are costly to build and never change.

Building a list's statements (visibility union, filters, facet counts) cost a buyer's
product page more Python than running them. SQLAlchemy statements are immutable, so one
built for a key serves every later request with that key, from any thread. Keys hold the
objects they name, so an identity-keyed entry can never be confused with a newer object
that reuses a freed address.

Statements derived from a base statement (a list's count and page, its facet counts) are
memoised under that base only when the base is itself shared (``shared_base``): a base
built afresh for each request would only fill the memo with entries nobody meets again.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
B = TypeVar("B")

_SHARED_BASES: weakref.WeakSet[Any] = weakref.WeakSet()


def shared_base(base: B) -> B:
    """Mark ``base`` as one object that many requests build on (see ``Memo.get_on``)."""
    _SHARED_BASES.add(base)
    return base


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

    def get_on(self, base: object, key: Hashable, build: Callable[[], V]) -> V:
        """``get`` under ``base`` and ``key`` if ``base`` is a shared base; else just build."""
        if base not in _SHARED_BASES:
            return build()
        return self.get((base, key), build)

    def __len__(self) -> int:
        return len(self._values)
