"""The session's events as one union: a session file is the list of them
(`store/session_file.py`), the state a fold over them (`core/model/state.py`). The events
themselves are in `session_events.py`, `step_events.py` and `client_events.py`; a new one
joins `Event` here and a case of `SessionState.apply` (the type check fails until it has one).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

from ..record import Field
from .client_events import ClientEvent, ConsentRecorded
from .session_events import NoteAppended, SessionEvent, SessionFlowEvent, TextEdited
from .step_events import StepEvent

if TYPE_CHECKING:
    from pydantic import TypeAdapter


# Every event a session file may hold, told apart by its `kind`.
Event = Annotated[SessionFlowEvent | StepEvent | ClientEvent, Field(discriminator="kind")]


@functools.cache
def events_adapter() -> TypeAdapter[list[Event]]:
    """Pydantic's validator of an event list read from a file (built on first use)."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(list[Event])


def is_notes_event(event: SessionEvent) -> bool:
    """Typing in a step's notes, or a note appended after closing: what is kept only with
    the client's yes to notes."""
    if isinstance(event, TextEdited):
        return event.key.endswith(".notes")
    return isinstance(event, NoteAppended)


def notes_answer(events: Sequence[SessionEvent]) -> bool | None:
    """The client's last word on notes being kept (None: not answered yet)."""
    return next(
        (e.given for e in reversed(events) if isinstance(e, ConsentRecorded) and e.item == "notes"),
        None,
    )


def kept_events(events: list[SessionEvent]) -> list[SessionEvent]:
    """The events as they may be kept: the notes only once the client's last word on them
    is yes. Until the client answers they stay in the running program's memory; after a no
    (or a withdrawal) they are never written (the instruments, the plan, the goals and the
    incident records, a safety record, stay)."""
    if notes_answer(events) is True:
        return events
    return [event for event in events if not is_notes_event(event)]
