"""The student's preferences: the language new sessions start in, and the colours."""

from __future__ import annotations

from typing import Annotated

from ..i18n import Lang
from .record import Record, Rule

# The app's own theme with the strongest contrast (ui/themes.py).
HIGH_CONTRAST = "hyvinvointi-high-contrast"


class Preferences(Record):
    lang: Lang = "fi"
    theme: Annotated[str, Rule(max_length=60, pattern=r"^[a-z0-9-]*$")] = ""
