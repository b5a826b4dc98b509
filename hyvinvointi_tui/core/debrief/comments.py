"""The teacher's debrief comments, each pinned to an instant and a step of a session, and
the teacher's assessment of the session with their sign-off (name and day)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Annotated

from ..model.session_events import MAX_SESSION_SECONDS
from ..record import Field, Record, record

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@record
class Comment(Record):
    """A teacher's comment on a moment of the session."""

    t: Annotated[float, Field(ge=0, le=MAX_SESSION_SECONDS)]
    step: Annotated[str, Field(max_length=40)]
    text: Annotated[str, Field(max_length=4000)]
    written: Annotated[str, Field(max_length=40)] = ""  # ISO time the teacher wrote it


@record
class Assessment(Record):
    """The teacher's assessment of the session, signed with their name on a day."""

    text: Annotated[str, Field(max_length=4000)] = ""
    signed_by: Annotated[str, Field(max_length=80)] = ""
    signed_on: Annotated[str, Field(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")] = ""
    written: Annotated[str, Field(max_length=40)] = ""  # ISO time the teacher saved it

    @property
    def signed(self) -> bool:
        return bool(self.signed_by and self.signed_on)


@functools.cache
def assessment_adapter() -> TypeAdapter[Assessment]:
    """Pydantic's validator of the assessment read from a debrief file."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(Assessment)


@functools.cache
def comments_adapter() -> TypeAdapter[list[Comment]]:
    """Pydantic's validator of the comments read from a debrief file (built on first use)."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(list[Comment])


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def today_iso() -> str:
    """Today's date on this computer, as a sign-off is dated."""
    return dt.date.today().isoformat()
