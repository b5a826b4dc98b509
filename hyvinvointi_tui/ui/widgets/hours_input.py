"""Fields for a figure (hours, a date, a time of day): only the characters a figure is
written with; any other character is meant as text."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

HOURS_CHARACTERS = r"[0-9.,]*"
# A date or a time pasted with a space around it is taken whole (the parsers strip it).
DATE_CHARACTERS = r"[0-9. -]*"
TIME_CHARACTERS = r"[0-9.: ]*"


class FigureInput(Input):
    """Takes the characters of `restrict` only. A letter typed here is not dropped: it goes
    on to the step screen, which sends it to the notes (a student who writes a sentence
    right after a figure, or Tabs round to a filled one and goes on writing, loses none of
    it, and the figure stays as it was)."""

    def passes_on(self, character: str) -> bool:
        """Whether `character` is one this field lets on to the screen (not a figure's)."""
        return not re.fullmatch(self.restrict or ".*", character)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and self.passes_on(event.character):
            # Skip Input's own key handler (it would refuse the character and stop it); the
            # key bubbles on to the screen.
            event.prevent_default()


class HoursInput(FigureInput):
    """Takes half hours ("7.5", "7,5")."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            value,
            placeholder=placeholder,
            restrict=HOURS_CHARACTERS,
            max_length=4,
            compact=True,
            id=id,
            classes=classes,
        )
