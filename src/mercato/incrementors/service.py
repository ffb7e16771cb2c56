"""Incrementors: list, read and write them (marketplace owner users only).

Using one needs no role: any caller may put ``{incrementorID}`` into an ID it writes
(``numbering``); only managing the counters is restricted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mercato.auth.dependencies import Caller
from mercato.core import resources
from mercato.core.listing import ListArgs, ListSpec, Page, paginate
from mercato.core.resources import Scope
from mercato.core.schemas import ApiModel
from mercato.incrementors.models import Incrementor
from mercato.incrementors.schemas import IncrementorWrite
from mercato.organizations.access import check_seller

INCREMENTORS = Scope(Incrementor, "Incrementor")

INCREMENTOR_LIST = ListSpec(
    fields={
        "ID": Incrementor.id,
        "Name": Incrementor.name,
        "LastNumber": Incrementor.last_number,
        "LeftPaddingCount": Incrementor.left_padding_count,
    },
    search=("ID", "Name"),
    sort=("ID", "Name", "LastNumber", "LeftPaddingCount"),
    tiebreak=Incrementor.pk,
)


class Incrementors:
    """The six operations of /incrementors; ``parent`` is unused (no owner in the path)."""

    def list(
        self, session: Session, caller: Caller, _parent: object, args: ListArgs
    ) -> Page[Incrementor]:
        check_seller(caller)
        return paginate(session, INCREMENTORS.query(), args, INCREMENTOR_LIST)

    def get(self, session: Session, caller: Caller, _parent: object, object_id: str) -> Incrementor:
        check_seller(caller)
        return INCREMENTORS.get(session, object_id)

    def create(
        self, session: Session, caller: Caller, _parent: object, body: ApiModel
    ) -> Incrementor:
        check_seller(caller)
        return resources.create(session, INCREMENTORS, body.model_dump(by_alias=False))

    def save(
        self, session: Session, caller: Caller, _parent: object, object_id: str, body: ApiModel
    ) -> Incrementor:
        check_seller(caller)
        return resources.save(session, INCREMENTORS, object_id, body.model_dump(by_alias=False))

    def patch(
        self, session: Session, caller: Caller, _parent: object, object_id: str, body: ApiModel
    ) -> Incrementor:
        check_seller(caller)
        incrementor = INCREMENTORS.get(session, object_id)
        values = resources.patch_values(body, IncrementorWrite)
        return resources.patch(session, INCREMENTORS, incrementor, values)

    def delete(self, session: Session, caller: Caller, _parent: object, object_id: str) -> None:
        check_seller(caller)
        session.delete(INCREMENTORS.get(session, object_id))
        session.flush()


INCREMENTOR_SERVICE = Incrementors()
