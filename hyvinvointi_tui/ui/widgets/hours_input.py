"""A field for hours: digits and a decimal mark; any other character is meant as text."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

HOURS_CHARACTERS = r"[0-9.,]*"


class HoursInput(Input):
    """Takes half hours ("7.5", "7,5"). A letter typed here is not dropped: it goes on to
    the step screen, which sends it to the notes (a student who writes a sentence right
    after typing hours loses none of it)."""

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

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if event.is_printable and character and not re.fullmatch(HOURS_CHARACTERS, character):
            # Skip Input's own key handler (it would refuse the character and stop it); the
            # key bubbles on to the screen.
            event.prevent_default()
