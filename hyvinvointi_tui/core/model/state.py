"""The session state: everything the screens show, folded from the events alone. The live
session applies each event as it is recorded; resume and the teacher's replay fold the same
events from the start (replay stops at the chosen instant).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any, TypeVar, assert_never, get_args

from ..record import MutableRecord, mutable_record
from .client_events import (
    ClientEvent,
    ConsentRecorded,
    CourseNoted,
    EmergencyRaised,
    FeedbackGiven,
    FollowUpLinked,
    IncidentRecorded,
    Previous,
)
from .course import Privacy
from .help_contacts import HelpContact, Service
from .protocol import Protocol
from .session_events import (
    MarkerAdded,
    NoteAppended,
    Paused,
    Resumed,
    RolesSet,
    SessionClosed,
    SessionEvent,
    SessionFlowEvent,
    SessionStarted,
    SetupChanged,
    StepEntered,
    StepsDeferred,
    TextEdited,
)
from .state_entries import Activity, Appointment, Goal, Incident, Roles, Setup, SummaryEntry
from .step_events import (
    ActivityRemoved,
    ActivitySet,
    AppointmentReasonsSet,
    AppointmentSet,
    ClosingChosen,
    GoalAdded,
    GoalEdited,
    GoalRemoved,
    GoalReviewed,
    GoalsReordered,
    HoursSet,
    OrientationRecorded,
    OsaPrioritiesSet,
    OsaRated,
    ServiceChosen,
    StepEvent,
    StressRated,
    SuggestionDropped,
    SummaryAgreed,
    SummaryEntryAdded,
    SummaryEntryEdited,
    SummaryEntryRemoved,
    TakeawayChosen,
)
from .steps import TIME_CATEGORIES, ClosingStep
from .timer import Clock


@mutable_record
class SessionState(MutableRecord):
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
    reasons: dict[str, list[str]] = field(default_factory=dict)  # why a new appointment
    roles: dict[str, Roles] = field(default_factory=dict)  # step → who leads, who notes
    service: dict[str, str] = field(default_factory=dict)
    takeaway: dict[str, list[str]] = field(default_factory=dict)
    closed_at: float | None = None
    after_closing: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, text)
    deferred: list[str] = field(default_factory=list)
    # The crisis re-plan (ctrl+r): from this instant the rest of the session is the crisis
    # conversation, and each step's active seconds before it (what its plan is held to).
    replanned_at: float | None = None
    spent_before_replan: dict[str, float] = field(default_factory=dict)
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # (t, step, tag)
    emergencies: list[tuple[float, str]] = field(default_factory=list)  # (t, step)
    incidents: dict[str, Incident] = field(default_factory=dict)  # id → the record
    consent: dict[str, bool] = field(default_factory=dict)  # item → given (absent: not asked)
    consent_at: dict[str, float] = field(default_factory=dict)  # item → when last answered
    feedback: dict[str, int] = field(default_factory=dict)  # question → 1–4
    previous: Previous | None = None  # set in a follow-up
    place: str = ""  # where the sessions take place, as the course says
    appointments: str = ""  # how the client cancels or moves one, as the course says
    course_contacts: list[HelpContact] = field(default_factory=list)  # the region's, per course
    course_services: list[Service] = field(default_factory=list)  # the region's, per course
    reviews: dict[str, dict[str, str]] = field(default_factory=dict)  # step → goal → progress
    privacy: Privacy = field(default_factory=Privacy)  # the course's controller and retention

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
    def notes_pending(self) -> bool:
        """The client has not answered about notes yet: what is typed waits in memory."""
        return "notes" not in self.consent

    @property
    def notes_waiting(self) -> bool:
        """Notes have been typed that the client has not yet agreed to keep: quitting or
        closing now would leave them unsaved."""
        if not self.notes_pending:
            return False
        typed = any(text for key, text in self.texts.items() if key.endswith(".notes"))
        return typed or bool(self.after_closing)

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def services(self, closing: ClosingStep) -> list[Service]:
        """The services a closing may recommend."""
        return _course_first(self.course_services, closing.services)

    def help_contacts(self, protocol: Protocol) -> list[HelpContact]:
        """Where a client can get help."""
        return _course_first(self.course_contacts, protocol.help_contacts)

    def crisis_seconds(self, step: str, at: float) -> float:
        """Active seconds of `step` up to `at` that went to the crisis conversation (after
        the re-plan): the time the model gives the crisis, not an overrun of the step."""
        if self.replanned_at is None or at <= self.replanned_at:
            return 0.0
        return max(0.0, self.clock.step_spent(step, at) - self.spent_before_replan.get(step, 0.0))

    def category_hours(self, step: str, variant: str) -> dict[str, float]:
        """Hours per category in one variant: the named activities' sum where a category
        has any with hours in this variant, otherwise the hours entered for the category
        itself. A category none of whose activities has hours in the variant is as its own
        field left it: not given, unless hours were typed there (an activity "now" only
        does not answer "before" with 0)."""
        given = dict(self.hours.get(step, {}).get(variant, {}))
        named: dict[str, float] = {}
        for activity in self.activities.get(step, {}).values():
            if variant in activity.hours:
                named[activity.category] = (
                    named.get(activity.category, 0.0) + activity.hours[variant]
                )
        given.update(named)
        return given

    def hours_total(self, step: str, variant: str) -> float:
        values = self.category_hours(step, variant)
        return sum(values.get(category, 0.0) for category in TIME_CATEGORIES)

    def apply(self, event: SessionEvent) -> None:
        """Change the state by one event (events arrive in time order). Each kind of event
        has its case in one of the three folds below, each over its part of the union a file
        is read against (`events.Event`); a kind without a case fails the type check
        (`assert_never`), and one left out of the union fails tests/unit/test_record.py.
        The fold is found by the event's class (`_FOLDS`), not asked of each part in turn,
        and the most frequent case comes first: 0.24 -> 0.17 ms for a session's events."""
        fold = _FOLDS.get(type(event))
        if fold is None:
            raise TypeError(f"{type(event).__name__} is no event of a session file")
        fold(self, event)

    def _apply_flow(self, event: SessionFlowEvent) -> None:
        """The session itself: its start, setup, steps, pauses, texts, close."""
        match event:
            case TextEdited():  # first: most of a session's events, each case an isinstance
                old = self.texts.get(event.key, "")
                self.texts[event.key] = old[: event.start] + event.text + old[event.end :]
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
            case RolesSet():
                self.roles[event.step] = Roles(lead=event.lead, note_taker=event.note_taker)
            case SessionClosed():
                self.closed_at = event.t
                self.clock.stop(event.t)
            case NoteAppended():
                self.after_closing.append((event.t, event.step, event.text))
            case MarkerAdded():
                self.markers.append((event.t, event.step, event.tag))
            case StepsDeferred():
                self.deferred += [step for step in event.steps if step not in self.deferred]
                if self.replanned_at is None:
                    self.replanned_at = event.t
                    self.spent_before_replan = {
                        step: self.clock.step_spent(step, event.t) for step in self.clock.budgets
                    }
            case _:
                assert_never(event)

    def _apply_step(self, event: StepEvent) -> None:
        """What a step recorded."""
        match event:
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
            case AppointmentReasonsSet():
                self.reasons[event.step] = list(event.reasons)
            case TakeawayChosen():
                self.takeaway[event.step] = list(event.parts)
            case SummaryEntryAdded():
                entry = SummaryEntry(event.column, event.text, event.suggestion, event.origin)
                self.summary.setdefault(event.step, {})[event.entry_id] = entry
            case SummaryEntryEdited():
                old_entry = self.summary.get(event.step, {}).get(event.entry_id)
                if old_entry is not None:
                    old_entry.text = event.text
                    old_entry.origin = event.origin or old_entry.origin
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
            case GoalReviewed():
                self.reviews.setdefault(event.step, {})[event.goal_id] = event.progress
            case _:
                assert_never(event)

    def _apply_client(self, event: ClientEvent) -> None:
        """The client's say, the safety records, the course and the session followed up."""
        match event:
            case EmergencyRaised():
                self.emergencies.append((event.t, event.step))
            case IncidentRecorded():
                self.incidents[event.incident_id] = Incident(
                    trigger=event.trigger,
                    step=event.step,
                    at=event.at,
                    happened=event.happened,
                    done=event.done,
                    told=event.told,
                )
            case ConsentRecorded():
                self.consent[event.item] = event.given
                self.consent_at[event.item] = event.t
            case FeedbackGiven():
                self.feedback[event.question] = event.value
            case FollowUpLinked():
                self.previous = event.previous
            case CourseNoted():
                self.place = event.place
                self.appointments = event.appointments
                self.course_contacts = list(event.help_contacts)
                self.course_services = list(event.services)
                self.privacy = event.privacy
            case _:
                assert_never(event)


# Each kind of event to the fold of its part of the union (the parts' own classes: no
# subclass of one is an event of a session file).
_FOLDS: dict[type[SessionEvent], Callable[[SessionState, Any], None]] = {
    **dict.fromkeys(get_args(SessionFlowEvent), SessionState._apply_flow),
    **dict.fromkeys(get_args(StepEvent), SessionState._apply_step),
    **dict.fromkeys(get_args(ClientEvent), SessionState._apply_client),
}


Entry = TypeVar("Entry", HelpContact, Service)


def _course_first(course: list[Entry], protocol: Sequence[Entry]) -> list[Entry]:
    """The course's entries for its region first, then the protocol's (one of the same name
    only once)."""
    names = {entry.name("en") for entry in course}
    others = [entry for entry in protocol if entry.name("en") not in names]
    return course + others


def _reordered(goals: dict[str, Goal], order: list[str]) -> dict[str, Goal]:
    """The goals in the given order; any the order does not name keep their place at the end."""
    ordered = {goal_id: goals[goal_id] for goal_id in order if goal_id in goals}
    ordered.update({goal_id: goal for goal_id, goal in goals.items() if goal_id not in ordered})
    return ordered


def fold(
    protocol: Protocol, events: Iterable[SessionEvent], until: float | None = None
) -> SessionState:
    """The state after the events (only those up to `until` seconds, when given)."""
    state = SessionState.for_protocol(protocol)
    for event in events:
        if until is not None and event.t > until:
            break
        state.apply(event)
    return state
