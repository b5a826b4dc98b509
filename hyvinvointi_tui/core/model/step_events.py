"""What the steps record: the orientation, the stress rating, the time circle's hours and
activities, OSA's ratings and priorities, the summary, the goals and their review, the
closing's choices (next appointment, service, what the client takes away).
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

from ..record import Field, record
from .session_events import IsoDate, SessionEvent
from .steps import Category, Variant

OrientationValue = Literal["knew", "partly", "did_not_know"]
ORIENTATION_VALUES: tuple[OrientationValue, ...] = ("knew", "partly", "did_not_know")
ClosingValue = Literal["new_appointment", "other_service", "none"]
CLOSING_VALUES: tuple[ClosingValue, ...] = ("new_appointment", "other_service", "none")
OsaScale = Literal["competence", "value"]
OSA_SCALES: tuple[OsaScale, ...] = ("competence", "value")


Hours = Annotated[float, Field(ge=0, le=24, multiple_of=0.5)]


@record
class OrientationRecorded(SessionEvent):
    """Whether the client knew what the conversation would be."""

    kind: Literal["orientation_recorded"] = "orientation_recorded"
    step: str
    value: OrientationValue


@record
class StressRated(SessionEvent):
    """The client's stress, 1 to 5."""

    kind: Literal["stress_rated"] = "stress_rated"
    step: str
    value: Annotated[int, Field(ge=1, le=5)]


@record
class HoursSet(SessionEvent):
    """The hours of one category in one variant of the time circle."""

    kind: Literal["hours_set"] = "hours_set"
    step: str
    variant: Variant
    category: Category
    hours: Hours


@record
class OsaRated(SessionEvent):
    """One OSA item rated on one scale, 1 to 4."""

    kind: Literal["osa_rated"] = "osa_rated"
    step: str
    item: int
    scale: OsaScale
    value: Annotated[int, Field(ge=1, le=4)]


GoalSource = Annotated[str, Field(pattern=r"^(talk|stress|time_circle|osa:[0-9]{1,2})$")]


@record
class _Goal(SessionEvent):
    """A goal in the client's words, with its actions, an optional date and where it came
    from: the talk, the stress rating, the time circle or an OSA item ("osa:12")."""

    step: str
    goal_id: str
    text: Annotated[str, Field(min_length=1)]
    actions: list[str] = field(default_factory=list)
    due: IsoDate = ""
    source: GoalSource = "talk"


@record
class GoalAdded(_Goal):
    """A new goal."""

    kind: Literal["goal_added"] = "goal_added"


@record
class GoalEdited(_Goal):
    """The goal as it now stands (every field, so the log reads without the previous one)."""

    kind: Literal["goal_edited"] = "goal_edited"


@record
class GoalsReordered(SessionEvent):
    """The goals in the client's order of importance (the whole list)."""

    kind: Literal["goals_reordered"] = "goals_reordered"
    step: str
    order: list[str]


@record
class GoalRemoved(SessionEvent):
    """A goal taken off the list."""

    kind: Literal["goal_removed"] = "goal_removed"
    step: str
    goal_id: str


@record
class ClosingChosen(SessionEvent):
    """What happens after the session: a new appointment, another service, nothing."""

    kind: Literal["closing_chosen"] = "closing_chosen"
    step: str
    value: ClosingValue


@record
class AppointmentSet(SessionEvent):
    """The next appointment's date and time (either may still be empty). Its agreed focus is
    a text field (`focus_key`), typed like the notes."""

    kind: Literal["appointment_set"] = "appointment_set"
    step: str
    date: IsoDate = ""
    time: Annotated[str, Field(pattern=r"^([0-2][0-9]:[0-5][0-9])?$")] = ""


AppointmentReason = Literal["goals", "crisis", "guidance", "information"]
# Why a second appointment (the seed's reasons): to support the goals, the client's high
# stress, the students need the teacher's guidance to understand the client's situation,
# the students look for more information.
APPOINTMENT_REASONS: tuple[AppointmentReason, ...] = ("goals", "crisis", "guidance", "information")


@record
class AppointmentReasonsSet(SessionEvent):
    """Why the next appointment was agreed (the whole list, as it now stands)."""

    kind: Literal["appointment_reasons_set"] = "appointment_reasons_set"
    step: str
    reasons: Annotated[list[AppointmentReason], Field(max_length=4)] = field(default_factory=list)


@record
class ServiceChosen(SessionEvent):
    """The service recommended, one of the protocol's by its name as shown ("" for none).
    Free text about it (another service, details) is a text field (`service_note_key`)."""

    kind: Literal["service_chosen"] = "service_chosen"
    step: str
    service: str = ""


TakeawayPart = Literal["summary", "stress", "time_circle", "osa"]
TAKEAWAY_PARTS: tuple[TakeawayPart, ...] = ("summary", "stress", "time_circle", "osa")


@record
class TakeawayChosen(SessionEvent):
    """What the client's take-away page shows besides goals and what happens next."""

    kind: Literal["takeaway_chosen"] = "takeaway_chosen"
    step: str
    parts: list[TakeawayPart] = field(default_factory=list)


SummaryColumn = Literal["strengths", "challenges"]
SUMMARY_COLUMNS: tuple[SummaryColumn, ...] = ("strengths", "challenges")


SummaryOrigin = Literal["", "suggestion", "edited", "own"]
# Where a summary entry came from: an instrument's suggestion taken as it was, one edited
# before or after it was taken, or the students' own words ("": not recorded, files
# written before the origin was).
SUMMARY_ORIGINS: tuple[SummaryOrigin, ...] = ("suggestion", "edited", "own")


@record
class SummaryEntryAdded(SessionEvent):
    """An entry of one of the summary's two lists; `suggestion` names the instrument
    suggestion it was accepted from, if any, and `origin` whether it was taken as it was."""

    kind: Literal["summary_entry_added"] = "summary_entry_added"
    step: str
    entry_id: str
    column: SummaryColumn
    text: Annotated[str, Field(min_length=1)]
    suggestion: str = ""
    origin: SummaryOrigin = ""


@record
class SummaryEntryEdited(SessionEvent):
    """An entry's new text, and its origin after the edit (a suggestion edited is
    "edited"; "" in files written before the origin was: the entry keeps its own)."""

    kind: Literal["summary_entry_edited"] = "summary_entry_edited"
    step: str
    entry_id: str
    text: Annotated[str, Field(min_length=1)]
    origin: SummaryOrigin = ""


@record
class SummaryEntryRemoved(SessionEvent):
    """An entry taken off the summary."""

    kind: Literal["summary_entry_removed"] = "summary_entry_removed"
    step: str
    entry_id: str


@record
class SuggestionDropped(SessionEvent):
    """An instrument's suggestion the students chose not to use."""

    kind: Literal["suggestion_dropped"] = "suggestion_dropped"
    step: str
    suggestion: str


@record
class SummaryAgreed(SessionEvent):
    """The client agrees that the summary is a fair picture (or no longer does)."""

    kind: Literal["summary_agreed"] = "summary_agreed"
    step: str
    agreed: bool


@record
class OsaPrioritiesSet(SessionEvent):
    """The items the client wants to change, most important first (the whole list)."""

    kind: Literal["osa_priorities_set"] = "osa_priorities_set"
    step: str
    items: list[int]


@record
class ActivitySet(SessionEvent):
    """A named activity of the time circle (job search, gym, sleep …), its category and its
    hours in each variant. Once a category has activities, its hours are their sum."""

    kind: Literal["activity_set"] = "activity_set"
    step: str
    activity_id: str
    name: Annotated[str, Field(min_length=1, max_length=60)]
    category: Category
    hours: dict[Variant, Hours] = field(default_factory=dict)


@record
class ActivityRemoved(SessionEvent):
    """A named activity taken off the time circle."""

    kind: Literal["activity_removed"] = "activity_removed"
    step: str
    activity_id: str


GoalProgress = Literal["achieved", "partly", "not_yet", "dropped"]
GOAL_PROGRESS: tuple[GoalProgress, ...] = ("achieved", "partly", "not_yet", "dropped")


@record
class GoalReviewed(SessionEvent):
    """How far one of the previous session's goals has come (its note is a text field,
    `review_note_key`)."""

    kind: Literal["goal_reviewed"] = "goal_reviewed"
    step: str
    goal_id: str
    progress: GoalProgress


# What the steps record: one case each in `SessionState._apply_step`.
StepEvent = (
    OrientationRecorded
    | StressRated
    | HoursSet
    | OsaRated
    | GoalAdded
    | GoalEdited
    | GoalsReordered
    | GoalRemoved
    | ClosingChosen
    | AppointmentSet
    | AppointmentReasonsSet
    | ServiceChosen
    | TakeawayChosen
    | SummaryEntryAdded
    | SummaryEntryEdited
    | SummaryEntryRemoved
    | SuggestionDropped
    | SummaryAgreed
    | OsaPrioritiesSet
    | ActivitySet
    | ActivityRemoved
    | GoalReviewed
)
