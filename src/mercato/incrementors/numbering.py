"""Putting incrementor numbers into object IDs.

An ID sent as ``"ORD-{orders}"`` is stored as ``"ORD-00042"``: every ``{incrementorID}``
in it takes that incrementor's next number, left-padded with zeros to its
``LeftPaddingCount``. One ``UPDATE ... RETURNING`` both advances the counter and reads the
new value, so concurrent writers each get their own number on SQLite (one writer at a
time) and on PostgreSQL (the row stays locked until the writer's transaction ends). A
write that fails rolls its number back with everything else, so numbers have no gaps.

``mercato.core.resources`` calls this for every ID it assigns, which is why it lives apart
from the incrementor service (that service builds on ``resources``).
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mercato.core.errors import ApiError, NotFound
from mercato.core.ids import check_id
from mercato.incrementors.models import LARGEST_NUMBER, Incrementor

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_-]{1,100})\}")


def expand_placeholders(session: Session, requested: str) -> str:
    """``requested`` with each ``{incrementorID}`` replaced by that incrementor's next number.

    A result is a checked ID, so expanding it again changes nothing.
    """
    if "{" not in requested:
        return requested
    expanded = PLACEHOLDER.sub(lambda match: next_number(session, match.group(1)), requested)
    return check_id(expanded) if expanded != requested else requested


def next_number(session: Session, incrementor_id: str) -> str:
    """Advance the caller's marketplace's incrementor and return its number, padded."""
    # The session adds the marketplace to the UPDATE like to every query.
    taken = session.execute(
        update(Incrementor)
        .where(Incrementor.id == incrementor_id, Incrementor.last_number < LARGEST_NUMBER)
        .values(last_number=Incrementor.last_number + 1)
        .returning(Incrementor.last_number, Incrementor.left_padding_count)
    ).first()
    if taken is None:
        if session.scalar(select(Incrementor.pk).where(Incrementor.id == incrementor_id)):
            raise ApiError(
                f"Incrementor {incrementor_id} has no numbers left.",
                code="Incrementor.Exhausted",
                data={"IncrementorID": incrementor_id, "LastNumber": LARGEST_NUMBER},
            )
        raise NotFound("Incrementor", incrementor_id)
    number, width = taken
    return str(number).zfill(width)
