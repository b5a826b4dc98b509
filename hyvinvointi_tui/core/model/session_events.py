"""The session's events, what the students did, each with its time in seconds since the
session started: their base, and the events of the session itself (its start and setup, the
steps entered, pauses, the texts typed, markers, roles, the crisis re-plan, the close). What
the steps record is in `step_events.py`; the client's say and the safety records in
`client_events.py`; the union a file is read against in `events.py`.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal, TypeVar

from ...i18n import Lang
from ..record import Field, Record, record
from .course import RECIPIENT

C = TypeVar("C", bound=str)


def one_of(value: str, choices: tuple[C, ...]) -> C:
    """`value` as the choice it is (a widget's id or a stored word), typed as the event's
    field is; ValueError if it is none of them."""
    for choice in choices:
        if choice == value:
            return choice
    raise ValueError(f"{value!r} is not one of {', '.join(choices)}")


# Seconds since a session was created: ten years bounds every real one, and keeps an event
# time read from a file finite (inf and nan fail the bound).
MAX_SESSION_SECONDS = 10 * 366 * 24 * 3600


@record
class SessionEvent(Record):
    """The base of every event: its time in seconds since the session was created."""

    t: Annotated[float, Field(ge=0, le=MAX_SESSION_SECONDS)] = 0.0


IsoDate = Annotated[str, Field(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]


@record
class SessionStarted(SessionEvent):
    """The session began (the first event of every file)."""

    kind: Literal["session_started"] = "session_started"


@record
class SetupChanged(SessionEvent):
    """The setup as it now stands (client code, language, students, first or follow-up)."""

    kind: Literal["setup_changed"] = "setup_changed"
    client_code: str
    lang: Lang
    students: list[str] = field(default_factory=list)
    follow_up: bool = False
    # The partner's public key (age1…; "" for none): the file is encrypted to them too.
    partner: Annotated[str, Field(pattern="^(" + RECIPIENT[1:-1] + ")?$")] = ""


@record
class StepEntered(SessionEvent):
    """The students moved to a step."""

    kind: Literal["step_entered"] = "step_entered"
    step: str


@record
class Paused(SessionEvent):
    """The clock was paused."""

    kind: Literal["paused"] = "paused"


@record
class Resumed(SessionEvent):
    """The clock runs again."""

    kind: Literal["resumed"] = "resumed"


@record
class TextEdited(SessionEvent):
    """Replace text[start:end] of one text field with `text` (a diff, not the whole text)."""

    kind: Literal["text_edited"] = "text_edited"
    key: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    text: str = ""


StudentName = Annotated[str, Field(max_length=60)]


@record
class RolesSet(SessionEvent):
    """Who of the students leads a step and who takes its notes ("" for nobody yet)."""

    kind: Literal["roles_set"] = "roles_set"
    step: str
    lead: StudentName = ""
    note_taker: StudentName = ""


@record
class SessionClosed(SessionEvent):
    """From here on nothing changes; notes can only be appended, marked as added after."""

    kind: Literal["session_closed"] = "session_closed"
    step: str


@record
class NoteAppended(SessionEvent):
    """A note added after the session closed, kept apart from the notes."""

    kind: Literal["note_appended"] = "note_appended"
    step: str
    text: Annotated[str, Field(min_length=1)]


MarkerTag = Literal["important", "ask_teacher", "follow_up", "strength"]
MARKER_TAGS: tuple[MarkerTag, ...] = ("important", "ask_teacher", "follow_up", "strength")


@record
class MarkerAdded(SessionEvent):
    """A timestamped marker the students drop for the debrief."""

    kind: Literal["marker_added"] = "marker_added"
    step: str
    tag: MarkerTag


@record
class StepsDeferred(SessionEvent):
    """The crisis re-plan: these steps move to a second appointment."""

    kind: Literal["steps_deferred"] = "steps_deferred"
    steps: list[str]
    reason: Literal["crisis"] = "crisis"


# The events of the session itself: one case each in `SessionState._apply_flow`.
SessionFlowEvent = (
    SessionStarted
    | SetupChanged
    | StepEntered
    | Paused
    | Resumed
    | TextEdited
    | RolesSet
    | SessionClosed
    | NoteAppended
    | MarkerAdded
    | StepsDeferred
)
