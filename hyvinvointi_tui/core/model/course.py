"""The course: what a teacher hands out in one file (course.toml) and each student joins.

Its teachers (public keys, names, how to reach them during a session), the protocol to use
(a shipped one by name, or a protocol's whole text with its sha256), where the sessions take
place, the region's help contacts, and the salt that keeps the course's figures' client
hashes stable. A student's data folder keeps the course they joined in the same format.
"""

from __future__ import annotations

import functools
from dataclasses import field
from typing import TYPE_CHECKING, Annotated

from ..record import Field, Record, Unique, record
from .help_contacts import HelpContact, Service

if TYPE_CHECKING:
    from pydantic import TypeAdapter

# An age X25519 recipient: "age1" and 58 characters of bech32's alphabet. The store checks
# the key itself (its checksum) when a course is read.
RECIPIENT = r"^age1[02-9ac-hj-np-z]{58}$"


def fingerprint(recipient: str) -> str:
    """A short form of a public key, to compare with what the teacher shows ("age1abcd…wxyz")."""
    return f"{recipient[:8]}…{recipient[-4:]}"


@record
class Teacher(Record):
    """A teacher of the course: their public key, name and how students reach them."""

    recipient: Annotated[str, Field(pattern=RECIPIENT)]
    name: Annotated[str, Field(max_length=80)] = ""
    # How students reach the teacher during a session, as the course says (shown in the
    # crisis reminder and the emergency instructions).
    contact: Annotated[str, Field(max_length=120)] = ""

    def reminder(self) -> str:
        """ "Name (contact)" for the crisis reminder; "" when neither is known."""
        if self.name and self.contact:
            return f"{self.name} ({self.contact})"
        return self.name or self.contact


@record
class CourseProtocol(Record):
    """The protocol a course's sessions follow: a shipped one by name, or the whole text of
    an organisation's own (checked against its sha256). Neither: the shipped default."""

    name: Annotated[str, Field(pattern=r"^([a-z][a-z0-9_-]{0,59})?$")] = ""
    source: Annotated[str, Field(max_length=1_048_576)] = ""
    sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")] = ""

    def __post_init__(self) -> None:
        if self.name and self.source:
            raise ValueError("a course names a shipped protocol or carries one, not both")
        if bool(self.source) != bool(self.sha256):
            raise ValueError("a carried protocol needs both its source and its sha256")


# The region's help contacts and services a course may add: the client's page prints every
# help contact (with the protocol's own) on its one sheet, and the emergency screen lists
# them all. Measured with page.fit (5 December): a crisis session's page with two goals,
# the crisis plan and six contacts of the longest name, number and purpose (besides the
# protocol's three) takes 45 of the 45.4 lines one sheet holds at 8 pt; ten took 55.
MAX_COURSE_HELP_CONTACTS = 6
MAX_COURSE_SERVICES = 20

# How long a closed session is kept at most: ten years bounds any school's rule.
MAX_RETENTION_DAYS = 3660
# How long a closed session is kept when its course does not say: nothing is kept forever.
DEFAULT_RETENTION_DAYS = 180


@record
class Privacy(Record):
    """Who answers for the clients' data and how long it is kept, as the course says it:
    the controller (the school), how to reach its data-protection contact, the purpose and
    legal basis in a sentence, the days a closed session is kept, and the supervising
    teacher's phone (for the client's notice and the emergency instructions)."""

    controller: Annotated[str, Field(max_length=120)] = ""
    contact: Annotated[str, Field(max_length=120)] = ""
    purpose: Annotated[str, Field(max_length=400)] = ""
    retention_days: Annotated[int, Field(strict=True, ge=0, le=MAX_RETENTION_DAYS)] = (
        0  # 0: not set
    )
    supervisor_phone: Annotated[str, Field(max_length=40)] = ""

    def missing(self) -> list[str]:
        """The facts a client's notice needs that are not given (field names)."""
        given = {
            "controller": self.controller,
            "contact": self.contact,
            "purpose": self.purpose,
            "retention_days": self.retention_days,
            "supervisor_phone": self.supervisor_phone,
        }
        return [name for name, value in given.items() if not value]


@record
class Course(Record):
    """A course as its file gives it (course.toml)."""

    name: Annotated[str, Field(max_length=80)] = ""
    teachers: Annotated[
        list[Teacher],
        Field(max_length=20),
        Unique("a teacher's key is listed twice", key=lambda teacher: teacher.recipient),
    ] = field(default_factory=list)
    protocol: CourseProtocol = field(default_factory=CourseProtocol)
    # Where the sessions take place, as the client's page says it ("Room B214, Main campus").
    place: Annotated[str, Field(max_length=200)] = ""
    # How a client cancels or moves an appointment (a phone number, an e-mail address, an
    # office), as the client's page says it beside the next appointment.
    appointments: Annotated[str, Field(max_length=160)] = ""
    help_contacts: Annotated[list[HelpContact], Field(max_length=MAX_COURSE_HELP_CONTACTS)] = field(
        default_factory=list
    )
    # The region's services a closing may recommend (offered before the protocol's own).
    services: Annotated[list[Service], Field(max_length=MAX_COURSE_SERVICES)] = field(
        default_factory=list
    )
    privacy: Privacy = field(default_factory=Privacy)
    # Keeps a client's hash the same in every run of the course's figures.
    salt: Annotated[str, Field(pattern=r"^([0-9a-f]{32})?$")] = ""


@functools.cache
def course_adapter() -> TypeAdapter[Course]:
    """Pydantic's reader of a course file (built on first use)."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(Course)
