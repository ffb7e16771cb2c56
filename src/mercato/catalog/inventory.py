"""Inventory as products and variants store it: a JSON object the server dates."""

from __future__ import annotations

from typing import Any

from mercato.core.time import utcnow


def stamped(sent: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fields sent over the ``current`` ones, with LastUpdated set to now.

    LastUpdated is the server's to set, so a value sent for it is ignored.
    """
    fields = {k: v for k, v in sent.items() if k != "last_updated"}
    return {**(current or {}), **fields, "last_updated": utcnow().isoformat()}
