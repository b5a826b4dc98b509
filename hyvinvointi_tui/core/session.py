"""The session as an append-only event log; the state is a fold over the events.

Every user action is an event with its time in seconds since the session started. The live
session applies each event as it is recorded; resume and the teacher's replay fold the same
events from the start (replay stops at the chosen instant).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from .protocol import TIME_CATEGORIES, Protocol, Variant
from .record import Record, Rule, Tagged
from .record import field as record_field
from .timer import Clock, ClockReading

if TYPE_CHECKING:
    from pydantic import TypeAdapter

OrientationValue = Literal["knew", "partly", "did_not_know"]
ClosingValue = Literal["new_appointment", "other_service", "none"]
OsaScale = Literal["competence", "value"]
Category = Literal["productive", "leisure", "self_care"]
Hours = Annotated[float, Rule(ge=0, le=24, multiple_of=0.5)]


# Seconds since a session was created: ten years bounds every real one, and keeps an event
# time read from a file finite (inf and nan fail the bound).
MAX_SESSION_SECONDS = 10 * 366 * 24 * 3600


class _Event(Record):
    t: Annotated[float, Rule(ge=0, le=MAX_SESSION_SECONDS)] = 0.0


class SessionStarted(_Event):
    kind: Literal["session_started"] = "session_started"


class SetupChanged(_Event):
    """The setup as it now stands (client code, language, students, first or follow-up)."""

    kind: Literal["setup_changed"] = "setup_changed"
    client_code: str
    lang: Literal["fi", "en", "sv"]
    students: list[str] = record_field(default_factory=list)
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
    start: Annotated[int, Rule(ge=0)]
    end: Annotated[int, Rule(ge=0)]
    text: str = ""


class OrientationRecorded(_Event):
    kind: Literal["orientation_recorded"] = "orientation_recorded"
    step: str
    value: OrientationValue


class StressRated(_Event):
    kind: Literal["stress_rated"] = "stress_rated"
    step: str
    value: Annotated[int, Rule(ge=1, le=5)]


class HoursSet(_Event):
    kind: Literal["hours_set"] = "hours_set"
    step: str
    variant: Variant
    category: Category
    hours: Hours


class OsaRated(_Event):
    kind: Literal["osa_rated"] = "osa_rated"
    step: str
    item: int
    scale: OsaScale
    value: Annotated[int, Rule(ge=1, le=4)]


GoalSource = Annotated[str, Rule(pattern=r"^(talk|stress|time_circle|osa:[0-9]{1,2})$")]
IsoDate = Annotated[str, Rule(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]


class _Goal(_Event):
    """A goal in the client's words, with its actions, an optional date and where it came
    from: the talk, the stress rating, the time circle or an OSA item ("osa:12")."""

    step: str
    goal_id: str
    text: Annotated[str, Rule(min_length=1)]
    actions: list[str] = record_field(default_factory=list)
    due: IsoDate = ""
    source: GoalSource = "talk"


class GoalAdded(_Goal):
    kind: Literal["goal_added"] = "goal_added"


class GoalEdited(_Goal):
    """The goal as it now stands (every field, so the log reads without the previous one)."""

    kind: Literal["goal_edited"] = "goal_edited"


class GoalsReordered(_Event):
    kind: Literal["goals_reordered"] = "goals_reordered"
    step: str
    order: list[str]


class GoalRemoved(_Event):
    kind: Literal["goal_removed"] = "goal_removed"
    step: str
    goal_id: str


class ClosingChosen(_Event):
    kind: Literal["closing_chosen"] = "closing_chosen"
    step: str
    value: ClosingValue


class AppointmentSet(_Event):
    """The next appointment's date and time (either may still be empty). Its agreed focus is
    a text field (`focus_key`), typed like the notes."""

    kind: Literal["appointment_set"] = "appointment_set"
    step: str
    date: IsoDate = ""
    time: Annotated[str, Rule(pattern=r"^([0-2][0-9]:[0-5][0-9])?$")] = ""


class ServiceChosen(_Event):
    """The service recommended, one of the protocol's by its name as shown ("" for none).
    Free text about it (another service, details) is a text field (`service_note_key`)."""

    kind: Literal["service_chosen"] = "service_chosen"
    step: str
    service: str = ""


TakeawayPart = Literal["summary", "stress", "time_circle", "osa"]
TAKEAWAY_PARTS: tuple[str, ...] = ("summary", "stress", "time_circle", "osa")


class TakeawayChosen(_Event):
    """What the client's take-away page shows besides goals and what happens next."""

    kind: Literal["takeaway_chosen"] = "takeaway_chosen"
    step: str
    parts: list[TakeawayPart] = record_field(default_factory=list)


class SessionClosed(_Event):
    """From here on nothing changes; notes can only be appended, marked as added after."""

    kind: Literal["session_closed"] = "session_closed"
    step: str


class NoteAppended(_Event):
    kind: Literal["note_appended"] = "note_appended"
    step: str
    text: Annotated[str, Rule(min_length=1)]


SummaryColumn = Literal["strengths", "challenges"]


class SummaryEntryAdded(_Event):
    """An entry of one of the summary's two lists; `suggestion` names the instrument
    suggestion it was accepted from, if any."""

    kind: Literal["summary_entry_added"] = "summary_entry_added"
    step: str
    entry_id: str
    column: SummaryColumn
    text: Annotated[str, Rule(min_length=1)]
    suggestion: str = ""


class SummaryEntryEdited(_Event):
    kind: Literal["summary_entry_edited"] = "summary_entry_edited"
    step: str
    entry_id: str
    text: Annotated[str, Rule(min_length=1)]


class SummaryEntryRemoved(_Event):
    kind: Literal["summary_entry_removed"] = "summary_entry_removed"
    step: str
    entry_id: str


class SuggestionDropped(_Event):
    kind: Literal["suggestion_dropped"] = "suggestion_dropped"
    step: str
    suggestion: str


class SummaryAgreed(_Event):
    """The client agrees that the summary is a fair picture (or no longer does)."""

    kind: Literal["summary_agreed"] = "summary_agreed"
    step: str
    agreed: bool


class OsaPrioritiesSet(_Event):
    """The items the client wants to change, most important first (the whole list)."""

    kind: Literal["osa_priorities_set"] = "osa_priorities_set"
    step: str
    items: list[int]


class ActivitySet(_Event):
    """A named activity of the time circle (job search, gym, sleep …), its category and its
    hours in each variant. Once a category has activities, its hours are their sum."""

    kind: Literal["activity_set"] = "activity_set"
    step: str
    activity_id: str
    name: Annotated[str, Rule(min_length=1, max_length=60)]
    category: Category
    hours: dict[Variant, Hours] = record_field(default_factory=dict)


class ActivityRemoved(_Event):
    kind: Literal["activity_removed"] = "activity_removed"
    step: str
    activity_id: str


class PreviousGoal(Record):
    goal_id: str
    text: str
    actions: list[str] = record_field(default_factory=list)
    due: str = ""
    source: str = "talk"


class Previous(Record):
    """What a follow-up carries from the session before it, copied in when it starts, so
    that the follow-up reads (and replays) without the earlier file. Steps are named by
    their kind ("time_circle"): the two sessions may follow different protocols."""

    session_id: str
    created: str
    protocol_id: str
    follow_up_of: str = ""  # the session before that one: a chain of follow-ups
    focus: str = ""
    stress: Annotated[int, Rule(ge=0, le=5)] = 0  # 0: not rated
    hours: dict[str, dict[str, float]] = record_field(default_factory=dict)  # variant → category
    osa: dict[int, dict[str, int]] = record_field(default_factory=dict)  # item → scale → rating
    osa_priorities: list[int] = record_field(default_factory=list)
    goals: list[PreviousGoal] = record_field(default_factory=list)
    deferred: list[str] = record_field(default_factory=list)  # step kinds
    feedback: dict[str, int] = record_field(default_factory=dict)  # question → 1–4

    def _check(self) -> None:
        if dt.datetime.fromisoformat(self.created).tzinfo is None:
            raise ValueError("the previous session's start has no time zone")


class FollowUpLinked(_Event):
    """This session follows up an earlier one (recorded once, as it starts)."""

    kind: Literal["follow_up_linked"] = "follow_up_linked"
    previous: Previous


GoalProgress = Literal["achieved", "partly", "not_yet", "dropped"]
GOAL_PROGRESS: tuple[str, ...] = ("achieved", "partly", "not_yet", "dropped")


class GoalReviewed(_Event):
    """How far one of the previous session's goals has come (its note is a text field,
    `review_note_key`)."""

    kind: Literal["goal_reviewed"] = "goal_reviewed"
    step: str
    goal_id: str
    progress: GoalProgress


MarkerTag = Literal["important", "ask_teacher", "follow_up", "strength"]
MARKER_TAGS: tuple[str, ...] = ("important", "ask_teacher", "follow_up", "strength")


class MarkerAdded(_Event):
    """A timestamped marker the students drop for the debrief."""

    kind: Literal["marker_added"] = "marker_added"
    step: str
    tag: MarkerTag


ConsentItem = Literal["notes", "figures", "contact"]
# What the client is asked at Orientation: notes kept for the debrief (without it the
# session keeps no notes), use in anonymous course figures (without it stats leaves the
# session out), being contacted for a follow-up.
CONSENT_ITEMS: tuple[str, ...] = ("notes", "figures", "contact")


class ConsentRecorded(_Event):
    """The client's answer to one consent item (a later answer replaces an earlier one)."""

    kind: Literal["consent_recorded"] = "consent_recorded"
    step: str
    item: ConsentItem
    given: bool


FeedbackQuestion = Literal["heard", "mattered", "way", "next"]
# The client's view of the conversation, asked at Closing in this project's own words and
# on its own four-point scale (1 not at all … 4 fully); its free comment is a text field.
FEEDBACK_QUESTIONS: tuple[str, ...] = ("heard", "mattered", "way", "next")
FEEDBACK_SCALE = 4


class FeedbackGiven(_Event):
    kind: Literal["feedback_given"] = "feedback_given"
    step: str
    question: FeedbackQuestion
    value: Annotated[int, Rule(ge=1, le=FEEDBACK_SCALE)]


class EmergencyRaised(_Event):
    """Immediate danger (suicide, violence, psychosis, a medical emergency): the students
    opened the emergency instructions. Not the stress scale's acute situation."""

    kind: Literal["emergency_raised"] = "emergency_raised"
    step: str


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
    | GoalEdited
    | GoalsReordered
    | GoalRemoved
    | ClosingChosen
    | AppointmentSet
    | ServiceChosen
    | TakeawayChosen
    | SessionClosed
    | NoteAppended
    | SummaryEntryAdded
    | SummaryEntryEdited
    | SummaryEntryRemoved
    | SuggestionDropped
    | SummaryAgreed
    | OsaPrioritiesSet
    | ActivitySet
    | ActivityRemoved
    | StepsDeferred
    | MarkerAdded
    | ConsentRecorded
    | FeedbackGiven
    | EmergencyRaised
    | FollowUpLinked
    | GoalReviewed,
    Tagged("kind"),
]


@functools.cache
def events_adapter() -> TypeAdapter[list[Event]]:
    """Pydantic's validator of an event list read from a file (built on first use)."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[Event])


# Events that move through the session or set it up; everything else is what the students
# entered during the conversation, which is what a quit without saving would lose.
_NOT_INPUT = (SessionStarted, SetupChanged, FollowUpLinked, StepEntered, Paused, Resumed)
# What a closed session still accepts: moving around, the clock, markers and appended notes.
_AFTER_CLOSING = (StepEntered, Paused, Resumed, MarkerAdded, NoteAppended, EmergencyRaised)


class SessionClosedError(Exception):
    """An edit of a session that has been closed."""


def notes_key(step: str) -> str:
    """The text field that holds a step's free notes."""
    return f"{step}.notes"


def focus_key(step: str) -> str:
    """The agreed focus of the next appointment (closing step)."""
    return f"{step}.focus"


def service_note_key(step: str) -> str:
    """Free text about the recommended service (closing step)."""
    return f"{step}.service_note"


CRISIS_PLAN_PARTS: tuple[str, ...] = ("today", "contacts", "week")


def is_notes_event(event: _Event) -> bool:
    """Typing in a step's notes, or a note appended after closing: what a client's "no" to
    notes keeps out of the file."""
    if isinstance(event, TextEdited):
        return event.key.endswith(".notes")
    return isinstance(event, NoteAppended)


def without_declined_notes(events: list[_Event]) -> list[_Event]:
    """The events as they may be kept: without the notes, if the client's last word on
    notes was no (the instruments, the plan and the goals stay)."""
    answer = next(
        (e.given for e in reversed(events) if isinstance(e, ConsentRecorded) and e.item == "notes"),
        None,
    )
    if answer is not False:
        return events
    return [event for event in events if not is_notes_event(event)]


def feedback_key(step: str) -> str:
    """The client's own free comment on the conversation (closing step)."""
    return f"{step}.feedback"


def crisis_plan_key(step: str, part: str) -> str:
    """One of the three fields of the plan made with a client in an acute situation (stress
    step): what helps today, whom to contact, what happens this week."""
    return f"{step}.plan_{part}"


def review_note_key(step: str, goal_id: str) -> str:
    """The note on one previous goal in a follow-up's review step."""
    return f"{step}.goal_{goal_id}"


def text_diff(old: str, new: str) -> tuple[int, int, str] | None:
    """The smallest single splice that turns `old` into `new`: (start, end, inserted)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = _longest(lambda n: old[:n] == new[:n], limit)
    tail = _longest(lambda n: old[len(old) - n :] == new[len(new) - n :], limit - start)
    return start, len(old) - tail, new[start : len(new) - tail]


def _longest(same: Callable[[int], bool], limit: int) -> int:
    """The largest n <= limit for which same(n) holds (same(0) holds, and same(n) implies
    same(m) for m < n). By halving, with slices compared in C: notes of 50 KB are reported
    every 0.9 s while typing, and a loop over their characters stalled the keys ~10 ms."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


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
class Goal:
    text: str
    actions: list[str] = field(default_factory=list)
    due: str = ""
    source: str = "talk"


@dataclass
class SummaryEntry:
    column: str
    text: str
    suggestion: str = ""


@dataclass
class Activity:
    name: str
    category: str
    hours: dict[str, float] = field(default_factory=dict)


@dataclass
class Appointment:
    date: str = ""
    time: str = ""


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
    activities: dict[str, dict[str, Activity]] = field(default_factory=dict)
    osa_priorities: dict[str, list[int]] = field(default_factory=dict)
    summary: dict[str, dict[str, SummaryEntry]] = field(default_factory=dict)
    dropped: dict[str, list[str]] = field(default_factory=dict)  # suggestions dropped
    agreed: dict[str, bool] = field(default_factory=dict)
    goals: dict[str, dict[str, Goal]] = field(default_factory=dict)
    closing: dict[str, str] = field(default_factory=dict)
    appointment: dict[str, Appointment] = field(default_factory=dict)
    service: dict[str, str] = field(default_factory=dict)
    takeaway: dict[str, list[str]] = field(default_factory=dict)
    closed_at: float | None = None
    after_closing: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, text)
    deferred: list[str] = field(default_factory=list)
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, tag)
    emergencies: list[tuple[float, str]] = field(default_factory=list)  # (t, step)
    consent: dict[str, bool] = field(default_factory=dict)  # item → given (absent: not asked)
    feedback: dict[str, int] = field(default_factory=dict)  # question → 1–4
    previous: Previous | None = None  # set in a follow-up
    reviews: dict[str, dict[str, str]] = field(default_factory=dict)  # step → goal → progress

    @classmethod
    def for_protocol(cls, protocol: Protocol) -> SessionState:
        budgets = {step.id: step.budget_minutes * 60 for step in protocol.steps}
        return cls(clock=Clock(total=protocol.total_minutes * 60, budgets=budgets))

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    @property
    def notes_declined(self) -> bool:
        """The client said no to notes being kept: the session keeps none."""
        return self.consent.get("notes") is False

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def category_hours(self, step: str, variant: str) -> dict[str, float]:
        """Hours per category in one variant: the named activities' sum where a category
        has any, otherwise the hours entered for the category itself."""
        given = dict(self.hours.get(step, {}).get(variant, {}))
        activities = self.activities.get(step, {}).values()
        for category in {activity.category for activity in activities}:
            given[category] = sum(
                a.hours.get(variant, 0.0) for a in activities if a.category == category
            )
        return given

    def hours_total(self, step: str, variant: str) -> float:
        values = self.category_hours(step, variant)
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
            case GoalAdded() | GoalEdited():
                goal = Goal(event.text, list(event.actions), event.due, event.source)
                self.goals.setdefault(event.step, {})[event.goal_id] = goal
            case GoalsReordered():
                self.goals[event.step] = _reordered(self.goals.get(event.step, {}), event.order)
            case GoalRemoved():
                self.goals.get(event.step, {}).pop(event.goal_id, None)
            case ClosingChosen():
                self.closing[event.step] = event.value
            case AppointmentSet():
                self.appointment[event.step] = Appointment(event.date, event.time)
            case ServiceChosen():
                self.service[event.step] = event.service
            case TakeawayChosen():
                self.takeaway[event.step] = list(event.parts)
            case SessionClosed():
                self.closed_at = event.t
                self.clock.stop(event.t)
            case NoteAppended():
                self.after_closing.append((event.t, event.step, event.text))
            case SummaryEntryAdded():
                entry = SummaryEntry(event.column, event.text, event.suggestion)
                self.summary.setdefault(event.step, {})[event.entry_id] = entry
            case SummaryEntryEdited():
                old_entry = self.summary.get(event.step, {}).get(event.entry_id)
                if old_entry is not None:
                    old_entry.text = event.text
            case SummaryEntryRemoved():
                self.summary.get(event.step, {}).pop(event.entry_id, None)
            case SuggestionDropped():
                self.dropped.setdefault(event.step, []).append(event.suggestion)
            case SummaryAgreed():
                self.agreed[event.step] = event.agreed
            case OsaPrioritiesSet():
                self.osa_priorities[event.step] = list(event.items)
            case ActivitySet():
                activity = Activity(
                    event.name, event.category, {str(k): v for k, v in event.hours.items()}
                )
                self.activities.setdefault(event.step, {})[event.activity_id] = activity
            case ActivityRemoved():
                self.activities.get(event.step, {}).pop(event.activity_id, None)
            case MarkerAdded():
                self.markers.append((event.t, event.step, event.tag))
            case EmergencyRaised():
                self.emergencies.append((event.t, event.step))
            case ConsentRecorded():
                self.consent[event.item] = event.given
            case FeedbackGiven():
                self.feedback[event.question] = event.value
            case StepsDeferred():
                self.deferred += [step for step in event.steps if step not in self.deferred]
            case FollowUpLinked():
                self.previous = event.previous
            case GoalReviewed():
                self.reviews.setdefault(event.step, {})[event.goal_id] = event.progress


def _reordered(goals: dict[str, Goal], order: list[str]) -> dict[str, Goal]:
    """The goals in the given order; any the order does not name keep their place at the end."""
    ordered = {goal_id: goals[goal_id] for goal_id in order if goal_id in goals}
    ordered.update({goal_id: goal for goal_id, goal in goals.items() if goal_id not in ordered})
    return ordered


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
        append it and update the state. Times never go backwards in the log.

        A closed session refuses every change but the ones in `_AFTER_CLOSING`."""
        if self.state.closed and not isinstance(event, _AFTER_CLOSING):
            raise SessionClosedError(f"the session is closed: {type(event).__name__} refused")
        t = max(self.now() if at is None else at, self.events[-1].t if self.events else 0.0)
        stamped = event.replace(t=round(t, 3))
        self._append(stamped)
        for listener in self._listeners:
            listener(stamped)
        return stamped

    def start(self, setup: SetupChanged, previous: Previous | None = None) -> None:
        """Begin the clock: setup first (and, for a follow-up, what it follows up), then
        the first step of the protocol."""
        self.record(SessionStarted())
        self.record(setup)
        if previous is not None:
            self.record(FollowUpLinked(previous=previous))
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
