"""The teacher's debrief comments: each pinned to an instant and a step of a session."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Annotated

from .events import MAX_SESSION_SECONDS
from .record import Record, Rule

if TYPE_CHECKING:
    from pydantic import TypeAdapter


class Comment(Record):
    t: Annotated[float, Rule(ge=0, le=MAX_SESSION_SECONDS)]
    step: Annotated[str, Rule(max_length=40)]
    text: Annotated[str, Rule(max_length=4000)]
    written: Annotated[str, Rule(max_length=40)] = ""  # ISO time the teacher wrote it


@functools.cache
def comments_adapter() -> TypeAdapter[list[Comment]]:
    """Pydantic's validator of the comments read from a debrief file (built on first use)."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[Comment])


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
