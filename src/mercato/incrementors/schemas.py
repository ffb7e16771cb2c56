"""Wire models of /incrementors."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mercato.core.schemas import ApiModel
from mercato.incrementors.models import LARGEST_NUMBER, WIDEST_PADDING

Id = Annotated[str | None, Field(default=None, max_length=100)]
Name = Annotated[str | None, Field(default=None, max_length=100)]
LastNumber = Annotated[int, Field(ge=0, le=LARGEST_NUMBER)]
LeftPaddingCount = Annotated[int, Field(ge=0, le=WIDEST_PADDING)]


class IncrementorWrite(ApiModel):
    id: Id = None
    name: Name = None
    last_number: LastNumber
    left_padding_count: LeftPaddingCount


class IncrementorRead(IncrementorWrite):
    id: str


class IncrementorPatch(ApiModel):
    id: Id = None
    name: Name = None
    last_number: LastNumber | None = None
    left_padding_count: LeftPaddingCount | None = None
