"""The session's events: what the students did, each with its time in seconds since the
session started. A session file is the list of them (`store/session_file.py`); the state is a
fold over them (`core/model/state.py`).

Kept whole (some 450 lines): this is the session's vocabulary, each event a short record
with its bounds, and the union that a file is read against names every one of them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from ...i18n import Lang
from .course import RECIPIENT, Privacy
from .protocol import Category, HelpContact, Service, Variant
from .record import Record, Rule, Tagged
from .record import field as record_field

if TYPE_CHECKING:
    from pydantic import TypeAdapter

OrientationValue = Literal["knew", "partly", "did_not_know"]
ORIENTATION_VALUES: tuple[OrientationValue, ...] = ("knew", "partly", "did_not_know")
ClosingValue = Literal["new_appointment", "other_service", "none"]
CLOSING_VALUES: tuple[ClosingValue, ...] = ("new_appointment", "other_service", "none")
OsaScale = Literal["competence", "value"]
OSA_SCALES: tuple[OsaScale, ...] = ("competence", "value")
C = TypeVar("C", bound=str)


def one_of(value: str, choices: tuple[C, ...]) -> C:
    """`value` as the choice it is (a widget's id or a stored word), typed as the event's
    field is; ValueError if it is none of them."""
    for choice in choices:
        if choice == value:
            return choice
    raise ValueError(f"{value!r} is not one of {', '.join(choices)}")


Hours = Annotated[float, Rule(ge=0, le=24, multiple_of=0.5)]


# Seconds since a session was created: ten years bounds every real one, and keeps an event
# time read from a file finite (inf and nan fail the bound).
MAX_SESSION_SECONDS = 10 * 366 * 24 * 3600


class SessionEvent(Record):
    """The base of every event: its time in seconds since the session was created."""

    t: Annotated[float, Rule(ge=0, le=MAX_SESSION_SECONDS)] = 0.0


class SessionStarted(SessionEvent):
    kind: Literal["session_started"] = "session_started"


class SetupChanged(SessionEvent):
    """The setup as it now stands (client code, language, students, first or follow-up)."""

    kind: Literal["setup_changed"] = "setup_changed"
    client_code: str
    lang: Lang
    students: list[str] = record_field(default_factory=list)
    follow_up: bool = False
    # The partner's public key (age1…; "" for none): the file is encrypted to them too.
    partner: Annotated[str, Rule(pattern="^(" + RECIPIENT[1:-1] + ")?$")] = ""


class StepEntered(SessionEvent):
    kind: Literal["step_entered"] = "step_entered"
    step: str


class Paused(SessionEvent):
    kind: Literal["paused"] = "paused"


class Resumed(SessionEvent):
    kind: Literal["resumed"] = "resumed"


class TextEdited(SessionEvent):
    """Replace text[start:end] of one text field with `text` (a diff, not the whole text)."""

    kind: Literal["text_edited"] = "text_edited"
    key: str
    start: Annotated[int, Rule(ge=0)]
    end: Annotated[int, Rule(ge=0)]
    text: str = ""


class OrientationRecorded(SessionEvent):
    kind: Literal["orientation_recorded"] = "orientation_recorded"
    step: str
    value: OrientationValue


class StressRated(SessionEvent):
    kind: Literal["stress_rated"] = "stress_rated"
    step: str
    value: Annotated[int, Rule(ge=1, le=5)]


class HoursSet(SessionEvent):
    kind: Literal["hours_set"] = "hours_set"
    step: str
    variant: Variant
    category: Category
    hours: Hours


class OsaRated(SessionEvent):
    kind: Literal["osa_rated"] = "osa_rated"
    step: str
    item: int
    scale: OsaScale
    value: Annotated[int, Rule(ge=1, le=4)]


GoalSource = Annotated[str, Rule(pattern=r"^(talk|stress|time_circle|osa:[0-9]{1,2})$")]
IsoDate = Annotated[str, Rule(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]


class _Goal(SessionEvent):
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


class GoalsReordered(SessionEvent):
    kind: Literal["goals_reordered"] = "goals_reordered"
    step: str
    order: list[str]


class GoalRemoved(SessionEvent):
    kind: Literal["goal_removed"] = "goal_removed"
    step: str
    goal_id: str


class ClosingChosen(SessionEvent):
    kind: Literal["closing_chosen"] = "closing_chosen"
    step: str
    value: ClosingValue


class AppointmentSet(SessionEvent):
    """The next appointment's date and time (either may still be empty). Its agreed focus is
    a text field (`focus_key`), typed like the notes."""

    kind: Literal["appointment_set"] = "appointment_set"
    step: str
    date: IsoDate = ""
    time: Annotated[str, Rule(pattern=r"^([0-2][0-9]:[0-5][0-9])?$")] = ""


AppointmentReason = Literal["goals", "crisis", "guidance", "information"]
# Why a second appointment (the seed's reasons): to support the goals, the client's high
# stress, the students need the teacher's guidance to understand the client's situation,
# the students look for more information.
APPOINTMENT_REASONS: tuple[AppointmentReason, ...] = ("goals", "crisis", "guidance", "information")


class AppointmentReasonsSet(SessionEvent):
    """Why the next appointment was agreed (the whole list, as it now stands)."""

    kind: Literal["appointment_reasons_set"] = "appointment_reasons_set"
    step: str
    reasons: Annotated[list[AppointmentReason], Rule(max_length=4)] = record_field(
        default_factory=list
    )


StudentName = Annotated[str, Rule(max_length=60)]


class RolesSet(SessionEvent):
    """Who of the students leads a step and who takes its notes ("" for nobody yet)."""

    kind: Literal["roles_set"] = "roles_set"
    step: str
    lead: StudentName = ""
    note_taker: StudentName = ""


class ServiceChosen(SessionEvent):
    """The service recommended, one of the protocol's by its name as shown ("" for none).
    Free text about it (another service, details) is a text field (`service_note_key`)."""

    kind: Literal["service_chosen"] = "service_chosen"
    step: str
    service: str = ""


TakeawayPart = Literal["summary", "stress", "time_circle", "osa"]
TAKEAWAY_PARTS: tuple[TakeawayPart, ...] = ("summary", "stress", "time_circle", "osa")


class TakeawayChosen(SessionEvent):
    """What the client's take-away page shows besides goals and what happens next."""

    kind: Literal["takeaway_chosen"] = "takeaway_chosen"
    step: str
    parts: list[TakeawayPart] = record_field(default_factory=list)


class SessionClosed(SessionEvent):
    """From here on nothing changes; notes can only be appended, marked as added after."""

    kind: Literal["session_closed"] = "session_closed"
    step: str


class NoteAppended(SessionEvent):
    kind: Literal["note_appended"] = "note_appended"
    step: str
    text: Annotated[str, Rule(min_length=1)]


SummaryColumn = Literal["strengths", "challenges"]
SUMMARY_COLUMNS: tuple[SummaryColumn, ...] = ("strengths", "challenges")


SummaryOrigin = Literal["", "suggestion", "edited", "own"]
# Where a summary entry came from: an instrument's suggestion taken as it was, one edited
# before or after it was taken, or the students' own words ("": not recorded, files
# written before the origin was).
SUMMARY_ORIGINS: tuple[SummaryOrigin, ...] = ("suggestion", "edited", "own")


class SummaryEntryAdded(SessionEvent):
    """An entry of one of the summary's two lists; `suggestion` names the instrument
    suggestion it was accepted from, if any, and `origin` whether it was taken as it was."""

    kind: Literal["summary_entry_added"] = "summary_entry_added"
    step: str
    entry_id: str
    column: SummaryColumn
    text: Annotated[str, Rule(min_length=1)]
    suggestion: str = ""
    origin: SummaryOrigin = ""


class SummaryEntryEdited(SessionEvent):
    """An entry's new text, and its origin after the edit (a suggestion edited is
    "edited"; "" in files written before the origin was: the entry keeps its own)."""

    kind: Literal["summary_entry_edited"] = "summary_entry_edited"
    step: str
    entry_id: str
    text: Annotated[str, Rule(min_length=1)]
    origin: SummaryOrigin = ""


class SummaryEntryRemoved(SessionEvent):
    kind: Literal["summary_entry_removed"] = "summary_entry_removed"
    step: str
    entry_id: str


class SuggestionDropped(SessionEvent):
    kind: Literal["suggestion_dropped"] = "suggestion_dropped"
    step: str
    suggestion: str


class SummaryAgreed(SessionEvent):
    """The client agrees that the summary is a fair picture (or no longer does)."""

    kind: Literal["summary_agreed"] = "summary_agreed"
    step: str
    agreed: bool


class OsaPrioritiesSet(SessionEvent):
    """The items the client wants to change, most important first (the whole list)."""

    kind: Literal["osa_priorities_set"] = "osa_priorities_set"
    step: str
    items: list[int]


class ActivitySet(SessionEvent):
    """A named activity of the time circle (job search, gym, sleep …), its category and its
    hours in each variant. Once a category has activities, its hours are their sum."""

    kind: Literal["activity_set"] = "activity_set"
    step: str
    activity_id: str
    name: Annotated[str, Rule(min_length=1, max_length=60)]
    category: Category
    hours: dict[Variant, Hours] = record_field(default_factory=dict)


class ActivityRemoved(SessionEvent):
    kind: Literal["activity_removed"] = "activity_removed"
    step: str
    activity_id: str


ConsentItem = Literal["notes", "figures", "contact"]
# What the client is asked at Orientation: notes kept for the debrief (until it is
# given, no notes are written), use in anonymous course figures (without it stats leaves the
# session out), being contacted for a follow-up.
CONSENT_ITEMS: tuple[ConsentItem, ...] = ("notes", "figures", "contact")


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
    # The summary shared with the client: what the follow-up's own summary compares with.
    strengths: Annotated[list[str], Rule(max_length=60)] = record_field(default_factory=list)
    challenges: Annotated[list[str], Rule(max_length=60)] = record_field(default_factory=list)
    # The client's answers last time: a follow-up shows them and asks again; a no stands.
    consent: dict[ConsentItem, bool] = record_field(default_factory=dict)

    def _check(self) -> None:
        if dt.datetime.fromisoformat(self.created).tzinfo is None:
            raise ValueError("the previous session's start has no time zone")


class CourseNoted(SessionEvent):
    """The course the session is part of, as it stood when the session started: where the
    sessions take place, the region's help contacts and services, for the client's page,
    the emergency instructions and the closing, and who answers for the client's data
    (recorded once, as the session starts)."""

    kind: Literal["course_noted"] = "course_noted"
    course: Annotated[str, Rule(max_length=80)] = ""
    place: Annotated[str, Rule(max_length=200)] = ""
    help_contacts: Annotated[list[HelpContact], Rule(max_length=40)] = record_field(
        default_factory=list
    )
    services: Annotated[list[Service], Rule(max_length=40)] = record_field(default_factory=list)
    # Who answers for the client's data, and how long it is kept after the session closes.
    privacy: Privacy = record_field(default_factory=Privacy)
    # How the client cancels or moves an appointment (the client's page, by the next one).
    appointments: Annotated[str, Rule(max_length=160)] = ""


class FollowUpLinked(SessionEvent):
    """This session follows up an earlier one (recorded once, as it starts)."""

    kind: Literal["follow_up_linked"] = "follow_up_linked"
    previous: Previous


GoalProgress = Literal["achieved", "partly", "not_yet", "dropped"]
GOAL_PROGRESS: tuple[GoalProgress, ...] = ("achieved", "partly", "not_yet", "dropped")


class GoalReviewed(SessionEvent):
    """How far one of the previous session's goals has come (its note is a text field,
    `review_note_key`)."""

    kind: Literal["goal_reviewed"] = "goal_reviewed"
    step: str
    goal_id: str
    progress: GoalProgress


MarkerTag = Literal["important", "ask_teacher", "follow_up", "strength"]
MARKER_TAGS: tuple[MarkerTag, ...] = ("important", "ask_teacher", "follow_up", "strength")


class MarkerAdded(SessionEvent):
    """A timestamped marker the students drop for the debrief."""

    kind: Literal["marker_added"] = "marker_added"
    step: str
    tag: MarkerTag


class ConsentRecorded(SessionEvent):
    """The client's answer to one consent item (a later answer replaces an earlier one)."""

    kind: Literal["consent_recorded"] = "consent_recorded"
    step: str
    item: ConsentItem
    given: bool
    # The day a withdrawal was recorded after the session (by `hyvinvointi consent`): its
    # time in the session is then the end of the log, and the day is this.
    on: IsoDate = ""


FeedbackQuestion = Literal["heard", "mattered", "way", "next"]
# The client's view of the conversation, asked at Closing in this project's own words and
# on its own four-point scale (1 not at all … 4 fully); its free comment is a text field.
FEEDBACK_QUESTIONS: tuple[FeedbackQuestion, ...] = ("heard", "mattered", "way", "next")
FEEDBACK_SCALE = 4


class FeedbackGiven(SessionEvent):
    kind: Literal["feedback_given"] = "feedback_given"
    step: str
    question: FeedbackQuestion
    value: Annotated[int, Rule(ge=1, le=FEEDBACK_SCALE)]


class EmergencyRaised(SessionEvent):
    """Immediate danger (suicide, violence, psychosis, a medical emergency): the students
    opened the emergency instructions. Not the stress scale's acute situation."""

    kind: Literal["emergency_raised"] = "emergency_raised"
    step: str


IncidentTrigger = Literal["emergency", "crisis"]
INCIDENT_TRIGGERS: tuple[IncidentTrigger, ...] = ("emergency", "crisis")
IncidentPart = Literal["happened", "done", "told"]
INCIDENT_PARTS: tuple[IncidentPart, ...] = ("happened", "done", "told")
# A short record: a few sentences each, never the conversation's notes.
INCIDENT_PART_MAX = 500
IncidentText = Annotated[str, Rule(max_length=INCIDENT_PART_MAX)]


class IncidentRecorded(SessionEvent):
    """The students' short record of an emergency (the instructions opened) or a crisis
    re-plan: what happened, what was done, who was told. The whole record as it now
    stands (a later one of the same id replaces it), written whatever the client answered
    about notes: it is a safety record, which the consent text and the notice say."""

    kind: Literal["incident_recorded"] = "incident_recorded"
    step: str
    incident_id: Annotated[str, Rule(pattern=r"^[a-z0-9]{1,16}$")]
    trigger: IncidentTrigger
    # When the emergency instructions were opened or the crisis re-planned.
    at: Annotated[float, Rule(ge=0, le=MAX_SESSION_SECONDS)] = 0.0
    happened: IncidentText = ""
    done: IncidentText = ""
    told: IncidentText = ""


class StepsDeferred(SessionEvent):
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
    | AppointmentReasonsSet
    | RolesSet
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
    | IncidentRecorded
    | FollowUpLinked
    | CourseNoted
    | GoalReviewed,
    Tagged("kind"),
]


@functools.cache
def events_adapter() -> TypeAdapter[list[Event]]:
    """Pydantic's validator of an event list read from a file (built on first use)."""
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
