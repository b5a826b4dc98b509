"""The client's say and the safety records: consent and feedback, the emergency
instructions opened and the incident records, and what a session starts from (the course it
is part of, the session it follows up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Annotated, Literal

from ..record import Field, Record, record
from .course import Privacy
from .help_contacts import HelpContact, Service
from .session_events import MAX_SESSION_SECONDS, IsoDate, SessionEvent

ConsentItem = Literal["notes", "figures", "contact"]
# What the client is asked at Orientation: notes kept for the debrief (until it is
# given, no notes are written), use in anonymous course figures (without it stats leaves the
# session out), being contacted for a follow-up.
CONSENT_ITEMS: tuple[ConsentItem, ...] = ("notes", "figures", "contact")


@record
class PreviousGoal(Record):
    """A goal of the session before, as a follow-up carries it."""

    goal_id: str
    text: str
    actions: list[str] = field(default_factory=list)
    due: str = ""
    source: str = "talk"


@record
class Previous(Record):
    """What a follow-up carries from the session before it, copied in when it starts, so
    that the follow-up reads (and replays) without the earlier file. Steps are named by
    their kind ("time_circle"): the two sessions may follow different protocols."""

    session_id: str
    created: str
    protocol_id: str
    follow_up_of: str = ""  # the session before that one: a chain of follow-ups
    focus: str = ""
    stress: Annotated[int, Field(ge=0, le=5)] = 0  # 0: not rated
    hours: dict[str, dict[str, float]] = field(default_factory=dict)  # variant → category
    osa: dict[int, dict[str, int]] = field(default_factory=dict)  # item → scale → rating
    osa_priorities: list[int] = field(default_factory=list)
    goals: list[PreviousGoal] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # step kinds
    feedback: dict[str, int] = field(default_factory=dict)  # question → 1–4
    # The summary shared with the client: what the follow-up's own summary compares with.
    strengths: Annotated[list[str], Field(max_length=60)] = field(default_factory=list)
    challenges: Annotated[list[str], Field(max_length=60)] = field(default_factory=list)
    # The client's answers last time: a follow-up shows them and asks again; a no stands.
    consent: dict[ConsentItem, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if dt.datetime.fromisoformat(self.created).tzinfo is None:
            raise ValueError("the previous session's start has no time zone")


@record
class CourseNoted(SessionEvent):
    """The course the session is part of, as it stood when the session started: where the
    sessions take place, the region's help contacts and services, for the client's page,
    the emergency instructions and the closing, and who answers for the client's data
    (recorded once, as the session starts)."""

    kind: Literal["course_noted"] = "course_noted"
    course: Annotated[str, Field(max_length=80)] = ""
    place: Annotated[str, Field(max_length=200)] = ""
    help_contacts: Annotated[list[HelpContact], Field(max_length=40)] = field(default_factory=list)
    services: Annotated[list[Service], Field(max_length=40)] = field(default_factory=list)
    # Who answers for the client's data, and how long it is kept after the session closes.
    privacy: Privacy = field(default_factory=Privacy)
    # How the client cancels or moves an appointment (the client's page, by the next one).
    appointments: Annotated[str, Field(max_length=160)] = ""


@record
class FollowUpLinked(SessionEvent):
    """This session follows up an earlier one (recorded once, as it starts)."""

    kind: Literal["follow_up_linked"] = "follow_up_linked"
    previous: Previous


@record
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


@record
class FeedbackGiven(SessionEvent):
    """The client's answer to one feedback question, 1 to 4."""

    kind: Literal["feedback_given"] = "feedback_given"
    step: str
    question: FeedbackQuestion
    value: Annotated[int, Field(ge=1, le=FEEDBACK_SCALE)]


@record
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
IncidentText = Annotated[str, Field(max_length=INCIDENT_PART_MAX)]


@record
class IncidentRecorded(SessionEvent):
    """The students' short record of an emergency (the instructions opened) or a crisis
    re-plan: what happened, what was done, who was told. The whole record as it now
    stands (a later one of the same id replaces it), written whatever the client answered
    about notes: it is a safety record, which the consent text and the notice say."""

    kind: Literal["incident_recorded"] = "incident_recorded"
    step: str
    incident_id: Annotated[str, Field(pattern=r"^[a-z0-9]{1,16}$")]
    trigger: IncidentTrigger
    # When the emergency instructions were opened or the crisis re-planned.
    at: Annotated[float, Field(ge=0, le=MAX_SESSION_SECONDS)] = 0.0
    happened: IncidentText = ""
    done: IncidentText = ""
    told: IncidentText = ""


# The client's say, the safety records and the session's context: one case each in
# `SessionState._apply_client`.
ClientEvent = (
    CourseNoted
    | FollowUpLinked
    | ConsentRecorded
    | FeedbackGiven
    | EmergencyRaised
    | IncidentRecorded
)
