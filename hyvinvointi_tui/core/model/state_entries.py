"""What the session state holds besides plain values: the setup, a goal, a summary entry,
an activity of the time circle, the next appointment, an incident record and a step's roles,
each as the fold (`core/model/state.py`) makes it from the events.
"""

from __future__ import annotations

from dataclasses import field

from ..record import MutableRecord, Record, mutable_record, record
from .session_events import SetupChanged


@mutable_record
class Setup(MutableRecord):
    """The setup as it now stands: client code, language, students, first or follow-up."""

    client_code: str = ""
    lang: str = "fi"
    students: list[str] = field(default_factory=list)
    follow_up: bool = False
    partner: str = ""  # the partner's public key, when the file is encrypted to them too

    @property
    def solo(self) -> bool:
        """One student runs the session alone (the model allows it): the emergency
        instructions then tell them to do each thing themselves."""
        return len([name for name in self.students if name.strip()]) == 1

    @classmethod
    def of(cls, event: SetupChanged) -> Setup:
        return cls(
            event.client_code, event.lang, list(event.students), event.follow_up, event.partner
        )


@mutable_record
class Goal(MutableRecord):
    """A goal as it now stands, with its actions, date and where it came from."""

    text: str
    actions: list[str] = field(default_factory=list)
    due: str = ""
    source: str = "talk"


@mutable_record
class SummaryEntry(MutableRecord):
    """An entry of the summary's strengths or challenges."""

    column: str
    text: str
    suggestion: str = ""
    origin: str = ""  # suggestion | edited | own ("" not recorded)


@mutable_record
class Activity(MutableRecord):
    """A named activity of the time circle, with its hours in each variant."""

    name: str
    category: str
    hours: dict[str, float] = field(default_factory=dict)


@mutable_record
class Appointment(MutableRecord):
    """The next appointment's date and time (either may still be empty)."""

    date: str = ""
    time: str = ""


# From this many students on, the roles of a step are chosen (any student can lead or take
# notes in any step), not passed round in turn.
ROLES_CHOSEN_FROM = 3


@record
class Incident(Record):
    """The short record of an emergency or a crisis re-plan, as it now stands."""

    trigger: str  # "emergency" or "crisis"
    step: str
    at: float  # when the instructions were opened or the crisis re-planned
    happened: str = ""
    done: str = ""
    told: str = ""


@record
class Roles(Record):
    """Who leads a step and who takes its notes ("" for nobody named)."""

    lead: str = ""
    note_taker: str = ""

    def swapped(self, students: list[str]) -> Roles:
        """The next turn: the note-taker leads (with two students, the two change places;
        with more, the lead passes to the next student in the list)."""
        if not students:
            return self
        if self.lead not in students:
            return Roles(lead=students[0], note_taker=students[1] if len(students) > 1 else "")
        if len(students) == 1:
            return self
        if self.note_taker in students and len(students) == 2:
            return Roles(lead=self.note_taker, note_taker=self.lead)
        lead = students[(students.index(self.lead) + 1) % len(students)]
        return Roles(lead=lead, note_taker=self.lead)
