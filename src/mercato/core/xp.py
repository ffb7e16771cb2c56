"""Extended properties (xp): size limit and PATCH merge."""

from typing import Any

import orjson

from mercato.core.errors import ValidationFailure

MAX_XP_CHARACTERS = 8000


def check_xp(xp: Any) -> dict[str, Any] | None:
    if xp is None:
        return None
    if not isinstance(xp, dict):
        raise ValidationFailure("xp", "xp must be a JSON object.")
    try:
        serialized = orjson.dumps(xp).decode()
    except (TypeError, orjson.JSONEncodeError):
        # orjson refuses integers beyond 64 bits; no database stores them as JSON numbers.
        raise ValidationFailure("xp", "xp numbers must fit in 64-bit integers.") from None
    if len(serialized) > MAX_XP_CHARACTERS:
        raise ValidationFailure(
            "xp", f"xp may not exceed {MAX_XP_CHARACTERS} characters when serialized."
        )
    return xp


def merge_xp(current: dict[str, Any] | None, patch: dict[str, Any] | None) -> dict[str, Any] | None:
    """Merge a PATCH's xp into the stored one: nested objects merge, other values replace.

    A key set to null keeps the key with a null value; removing a key takes a PUT.
    """
    if patch is None:
        return None
    merged = dict(current or {})
    for key, value in patch.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = merge_xp(old, value)
        else:
            merged[key] = value
    return merged
