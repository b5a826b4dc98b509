"""The student's preferences: the language new sessions start in, the colours, and the
partner whose key new sessions are encrypted to."""

from __future__ import annotations

from typing import Annotated, Literal

from ...i18n import Lang
from ..record import Field, Record, record
from .course import RECIPIENT

# The app's own theme with the strongest contrast (ui/themes.py).
HIGH_CONTRAST = "hyvinvointi-high-contrast"


@record
class Preferences(Record):
    """The student's own choices: language, theme, partner."""

    # "": none chosen: new sessions start in the system's language (i18n.system_language).
    lang: Lang | Literal[""] = ""
    theme: Annotated[str, Field(max_length=60, pattern=r"^[a-z0-9-]*$")] = ""
    # The public key of the student this one runs sessions with: new sessions are
    # encrypted to them too, so that the partner can open what the two wrote together.
    partner: Annotated[str, Field(pattern="^(" + RECIPIENT[1:-1] + ")?$")] = ""
