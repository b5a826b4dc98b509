"""Where a client can get help (a protocol's and a course's help contacts) and the services
a closing may recommend, each text in every language of the product and bounded for the
client's one-page sheet.

Annotations are evaluated when the module runs, as in `core/model/steps.py`.
"""

from dataclasses import field
from typing import Annotated

from ...i18n import LANGUAGES
from ..record import Field, record
from .protocol_text import ProtocolRecord, Text

# A help contact's and a service's texts, bounded: the client's page prints every help
# contact whole and the emergency screen lists them all, so one of 300,000 characters (or
# 39 long ones) would push the rest off the sheet and the screen. The shipped protocols'
# longest: a name of 51 characters, a purpose of 88, a description of 74. (The course's
# number of contacts is bounded with these in mind: core/model/course.py.)
MAX_NAME = 60
MAX_PURPOSE = 160
MAX_DESCRIPTION = 400
MAX_SERVICE_CONTACT = 120


@record
class Name(Text):
    """A help contact's or a service's name in every language."""

    fi: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    en: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    sv: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]


@record
class Purpose(Text):
    """What a help contact is for, in every language (one line of the client's page)."""

    fi: Annotated[str, Field(min_length=1, max_length=MAX_PURPOSE)]
    en: Annotated[str, Field(min_length=1, max_length=MAX_PURPOSE)]
    sv: Annotated[str, Field(min_length=1, max_length=MAX_PURPOSE)]


@record
class Description(Text):
    """A service described for the students, in every language."""

    fi: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION)]
    en: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION)]
    sv: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION)]


@record
class Service(ProtocolRecord):
    """A service a closing may recommend. How to reach it goes on the client's page: an
    organisation's free text (`contact`), a phone number, a web address; a shipped protocol
    gives them only where the service's own page confirms them, with the date checked."""

    name: Name
    description: Description
    contact: Annotated[str, Field(max_length=MAX_SERVICE_CONTACT)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    web: Annotated[str, Field(max_length=200, pattern=r"^(\S+)?$")] = ""
    checked: Annotated[str, Field(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")] = ""


@record
class Phone(ProtocolRecord):
    """A number per language (a helpline has one line for each); empty where no number is
    known: the organisation adds it."""

    fi: Annotated[str, Field(max_length=40)] = ""
    en: Annotated[str, Field(max_length=40)] = ""
    sv: Annotated[str, Field(max_length=40)] = ""

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


# How a help contact's `hours` says it answers at every hour.
ALWAYS_OPEN = "24/7"


@record
class LineHours(ProtocolRecord):
    """The hours of a helpline's line in each language, where the service publishes them
    (a service's lines may keep different hours); empty where it does not."""

    fi: Annotated[str, Field(max_length=80)] = ""
    en: Annotated[str, Field(max_length=80)] = ""
    sv: Annotated[str, Field(max_length=80)] = ""

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


@record
class HelpContact(ProtocolRecord):
    """Where a client can get help. A number is shipped only where the service's own page
    confirms it; `checked` is the date it was last confirmed (protocol check warns when
    that is over a year ago)."""

    name: Name
    purpose: Purpose
    phone: Phone = field(default_factory=Phone)
    # The hours of every line ("24/7" for always open); `line_hours` for one language's line.
    hours: Annotated[str, Field(max_length=80)] = ""
    line_hours: LineHours = field(default_factory=LineHours)
    checked: Annotated[str, Field(pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")] = ""
    # The number for immediate danger to life or health (112): always on a crisis page.
    emergency: Annotated[bool, Field(strict=True)] = False

    def called(self, lang: str, sep: str = " ") -> str:
        """The name with the number, where one is known and the name does not hold it
        already ("Hätänumero 112" stays as it is)."""
        name, phone = self.name(lang), self.phone(lang)
        return f"{name}{sep}{phone}" if phone and phone not in name else name

    def hours_for(self, lang: str) -> str:
        """The hours of the line in `lang`: its own where published, else the service's."""
        return self.line_hours(lang) or self.hours

    @property
    def always_open(self) -> bool:
        """Answers at every hour, on every line."""
        return self.hours == ALWAYS_OPEN and not any(self.line_hours(lang) for lang in LANGUAGES)
