"""The field for notes added after the session was closed: Enter appends, nothing else."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class AppendNote(Input):
    class Appended(Message):
        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # not a change for the step's own fields

    async def action_submit(self) -> None:
        text = self.value.strip()
        if text:
            self.post_message(self.Appended(text))
        self.value = ""
