"""The session as an append-only event log; the state is a fold over the events.

Every user action is an event with its time in seconds since the session started. The live
session applies each event as it is recorded; resume and the teacher's replay fold the same
events from the start (replay stops at the chosen instant).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .protocol import TIME_CATEGORIES, Protocol, Variant
from .timer import Clock, ClockReading

OrientationValue = Literal["knew", "partly", "did_not_know"]
ClosingValue = Literal["new_appointment", "other_service", "none"]
OsaScale = Literal["competence", "value"]
Category = Literal["productive", "leisure", "self_care"]


class _Event(BaseModel):
    # Schemas are built on first use: start-up should not pay for events it never sees.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    t: float = Field(default=0.0, ge=0)


class SessionStarted(_Event):
    kind: Literal["session_started"] = "session_started"


class SetupChanged(_Event):
    """The setup as it now stands (client code, language, students, first or follow-up)."""

    kind: Literal["setup_changed"] = "setup_changed"
    client_code: str
    lang: Literal["fi", "en", "sv"]
    students: list[str] = Field(default_factory=list)
    follow_up: bool = False


class StepEntered(_Event):
    kind: Literal["step_entered"] = "step_entered"
    step: str


class Paused(_Event):
    kind: Literal["paused"] = "paused"


class Resumed(_Event):
    kind: Literal["resumed"] = "resumed"


class TextEdited(_Event):
    """Replace text[start:end] of one text field with `text` (a diff, not the whole text)."""

    kind: Literal["text_edited"] = "text_edited"
    key: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = ""


class OrientationRecorded(_Event):
    kind: Literal["orientation_recorded"] = "orientation_recorded"
    step: str
    value: OrientationValue


class StressRated(_Event):
    kind: Literal["stress_rated"] = "stress_rated"
    step: str
    value: int = Field(ge=1, le=5)


class HoursSet(_Event):
    kind: Literal["hours_set"] = "hours_set"
    step: str
    variant: Variant
    category: Category
    hours: float = Field(ge=0, le=24, multiple_of=0.5)


class OsaRated(_Event):
    kind: Literal["osa_rated"] = "osa_rated"
    step: str
    item: int
    scale: OsaScale
    value: int = Field(ge=1, le=4)


class GoalAdded(_Event):
    kind: Literal["goal_added"] = "goal_added"
    step: str
    goal_id: str
    text: str


class GoalRemoved(_Event):
    kind: Literal["goal_removed"] = "goal_removed"
    step: str
    goal_id: str


class ClosingChosen(_Event):
    kind: Literal["closing_chosen"] = "closing_chosen"
    step: str
    value: ClosingValue


MarkerTag = Literal["important", "ask_teacher", "follow_up", "strength"]
MARKER_TAGS: tuple[str, ...] = ("important", "ask_teacher", "follow_up", "strength")


class MarkerAdded(_Event):
    """A timestamped marker the students drop for the debrief."""

    kind: Literal["marker_added"] = "marker_added"
    step: str
    tag: MarkerTag


class StepsDeferred(_Event):
    """The crisis re-plan: these steps move to a second appointment."""

    kind: Literal["steps_deferred"] = "steps_deferred"
    steps: list[str]
    reason: Literal["crisis"] = "crisis"


Event = Annotated[
    SessionStarted
    | SetupChanged
    | StepEntered
    | Paused
    | Resumed
    | TextEdited
    | OrientationRecorded
    | StressRated
    | HoursSet
    | OsaRated
    | GoalAdded
    | GoalRemoved
    | ClosingChosen
    | StepsDeferred
    | MarkerAdded,
    Field(discriminator="kind"),
]
EVENTS: TypeAdapter[list[Event]] = TypeAdapter(list[Event], config=ConfigDict(defer_build=True))

# Events that move through the session or set it up; everything else is what the students
# entered during the conversation, which is what a quit without saving would lose.
_NOT_INPUT = (SessionStarted, SetupChanged, StepEntered, Paused, Resumed)


def notes_key(step: str) -> str:
    """The text field that holds a step's free notes."""
    return f"{step}.notes"


def text_diff(old: str, new: str) -> tuple[int, int, str] | None:
    """The smallest single splice that turns `old` into `new`: (start, end, inserted)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return start, len(old) - tail, new[start : len(new) - tail]


@dataclass
class Setup:
    client_code: str = ""
    lang: str = "fi"
    students: list[str] = field(default_factory=list)
    follow_up: bool = False

    @classmethod
    def of(cls, event: SetupChanged) -> Setup:
        return cls(event.client_code, event.lang, list(event.students), event.follow_up)


@dataclass
class SessionState:
    """Everything the screens show, derived from the events alone."""

    clock: Clock
    setup: Setup = field(default_factory=Setup)
    started: bool = False
    step: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    orientation: dict[str, str] = field(default_factory=dict)
    stress: dict[str, int] = field(default_factory=dict)
    hours: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    osa: dict[str, dict[int, dict[str, int]]] = field(default_factory=dict)
    goals: dict[str, dict[str, str]] = field(default_factory=dict)
    closing: dict[str, str] = field(default_factory=dict)
    deferred: list[str] = field(default_factory=list)
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, tag)

    @classmethod
    def for_protocol(cls, protocol: Protocol) -> SessionState:
        budgets = {step.id: step.budget_minutes * 60 for step in protocol.steps}
        return cls(clock=Clock(total=protocol.total_minutes * 60, budgets=budgets))

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    def hours_total(self, step: str, variant: str) -> float:
        values = self.hours.get(step, {}).get(variant, {})
        return sum(values.get(category, 0.0) for category in TIME_CATEGORIES)

    def apply(self, event: _Event) -> None:
        """Change the state by one event (events arrive in time order)."""
        match event:
            case SessionStarted():
                self.started = True
            case SetupChanged():
                self.setup = Setup.of(event)
            case StepEntered():
                self.step = event.step
                self.clock.enter(event.step, event.t)
            case Paused():
                self.clock.pause(event.t)
            case Resumed():
                self.clock.resume(event.t)
            case TextEdited():
                old = self.texts.get(event.key, "")
                self.texts[event.key] = old[: event.start] + event.text + old[event.end :]
            case OrientationRecorded():
                self.orientation[event.step] = event.value
            case StressRated():
                self.stress[event.step] = event.value
            case HoursSet():
                variants = self.hours.setdefault(event.step, {})
                variants.setdefault(event.variant, {})[event.category] = event.hours
            case OsaRated():
                items = self.osa.setdefault(event.step, {})
                items.setdefault(event.item, {})[event.scale] = event.value
            case GoalAdded():
                self.goals.setdefault(event.step, {})[event.goal_id] = event.text
            case GoalRemoved():
                self.goals.get(event.step, {}).pop(event.goal_id, None)
            case ClosingChosen():
                self.closing[event.step] = event.value
            case MarkerAdded():
                self.markers.append((event.t, event.step, event.tag))
            case StepsDeferred():
                self.deferred += [step for step in event.steps if step not in self.deferred]


def fold(protocol: Protocol, events: Iterable[_Event], until: float | None = None) -> SessionState:
    """The state after the events (only those up to `until` seconds, when given)."""
    state = SessionState.for_protocol(protocol)
    for event in events:
        if until is not None and event.t > until:
            break
        state.apply(event)
    return state


class Session:
    """A live session: the protocol, the event log and the state folded from it.

    `now` is injected so that tests drive time by hand; by default it counts real seconds
    from when the Session object was made.
    """

    def __init__(
        self,
        protocol: Protocol,
        *,
        session_id: str | None = None,
        created: str | None = None,
        events: Iterable[_Event] = (),
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.protocol = protocol
        self.session_id = session_id or uuid.uuid4().hex[:12]
        now = dt.datetime.now(dt.UTC)
        self.created = created or now.replace(microsecond=0).isoformat()
        self.events: list[_Event] = []
        self.state = SessionState.for_protocol(protocol)
        for event in events:
            self._append(event)
        if clock is None:
            # Session time is wall time since the session was created, so that the time
            # the program was not running (after a crash, say) shows up as a gap.
            since = (now - dt.datetime.fromisoformat(self.created)).total_seconds()
            origin = time.monotonic() - max(since, self.events[-1].t if self.events else 0.0)

            def clock() -> float:
                return time.monotonic() - origin

        self._clock = clock
        self._saved_upto = 0
        self._listeners: list[Callable[[_Event], None]] = []

    def now(self) -> float:
        return self._clock()

    def subscribe(self, listener: Callable[[_Event], None]) -> None:
        self._listeners.append(listener)

    def _append(self, event: _Event) -> None:
        self.events.append(event)
        self.state.apply(event)

    def record(self, event: _Event, *, at: float | None = None) -> _Event:
        """Stamp the event with the current time (or `at`, when the action began earlier),
        append it and update the state. Times never go backwards in the log."""
        t = max(self.now() if at is None else at, self.events[-1].t if self.events else 0.0)
        stamped = event.model_copy(update={"t": round(t, 3)})
        self._append(stamped)
        for listener in self._listeners:
            listener(stamped)
        return stamped

    def start(self, setup: SetupChanged) -> None:
        """Begin the clock: setup first, then the first step of the protocol."""
        self.record(SessionStarted())
        self.record(setup)
        self.record(StepEntered(step=self.protocol.steps[0].id))

    def edit_text(self, key: str, new: str) -> None:
        """Record the change from the stored text of `key` to `new`, if there is one."""
        diff = text_diff(self.state.text(key), new)
        if diff is not None:
            start, end, inserted = diff
            self.record(TextEdited(key=key, start=start, end=end, text=inserted))

    def record_gap(self, since: float) -> None:
        """The program was not running from `since` (its last save) until now: a pause."""
        start = max(since, self.events[-1].t if self.events else 0.0)
        if self.paused or self.now() <= start:
            return
        self._append(Paused(t=round(start, 3)))
        self.record(Resumed())

    def replan_for_crisis(self, from_step: str) -> list[str]:
        """Defer the instrument steps after `from_step` that have nothing entered yet, and
        go to the closing step; the crisis discussion gets the time that is left."""
        steps = self.protocol.steps
        later = steps[self.protocol.index(from_step) + 1 :]
        instruments = ("stress", "time_circle", "osa")
        deferred = [
            step.id for step in later if step.kind in instruments and not self._has_input(step.id)
        ]
        if deferred:
            self.record(StepsDeferred(steps=deferred))
        closing = next((step.id for step in steps if step.kind == "closing"), None)
        if closing is not None and self.state.step != closing:
            self.record(StepEntered(step=closing))
        return deferred

    def _has_input(self, step: str) -> bool:
        state = self.state
        return any(step in values for values in (state.stress, state.hours, state.osa)) or bool(
            state.text(notes_key(step))
        )

    def reading(self) -> ClockReading:
        return self.state.clock.reading(self.now())

    @property
    def paused(self) -> bool:
        return self.state.clock.paused_at is not None

    def toggle_pause(self) -> None:
        self.record(Resumed() if self.paused else Paused())

    @property
    def has_unsaved_input(self) -> bool:
        """True when something the students entered has not been saved yet."""
        return any(not isinstance(e, _NOT_INPUT) for e in self.events[self._saved_upto :])

    def mark_saved(self, upto: int | None = None) -> None:
        self._saved_upto = len(self.events) if upto is None else upto
