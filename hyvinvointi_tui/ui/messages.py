"""Messages from screens and widgets to the app's session controller.

Widgets never change the session themselves: they propose an event, the app records it and
the screens re-render from the new state.
"""

from __future__ import annotations

from textual.message import Message

from ..core.model.session_events import SessionEvent


class EventProposed(Message):
    """The user did something that becomes one event in the session log."""

    def __init__(self, event: SessionEvent) -> None:
        self.event = event
        super().__init__()


class TextChanged(Message):
    """A text field's content, sent after a pause in typing (the app records the diff)."""

    def __init__(self, key: str, text: str) -> None:
        self.key = key
        self.text = text
        super().__init__()


class RolesTurned(Message):
    """The next turn on a step: the other student leads. The app works out who from the
    roles as they are when the message arrives (keys pressed in a row each take a turn)."""

    def __init__(self, step: str) -> None:
        self.step = step
        super().__init__()
