"""The one way data flows into the session: a screen posts a message (an event it proposes,
a text typed), the app hands it here, the session records it, and the screen on top shows
the new state. A closed session refuses a change with a word, never a traceback."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

from textual.screen import Screen

from ..core.model.session import Session, SessionClosedError
from ..core.model.session_events import SessionClosed, SessionEvent
from .app_host import TextualHost
from .screens.session_screen import SessionScreen


class RecordingApp(TextualHost, Protocol):
    """What the event path asks of its app: the session, and the words of a refusal."""

    @property
    def session(self) -> Session: ...
    def tr(self, key: str, **values: object) -> str: ...


class EventPath:
    """Records what the screens of the session propose, and has them show the result."""

    def __init__(self, app: RecordingApp) -> None:
        self.app = app

    @property
    def screen(self) -> SessionScreen | None:
        """The screen on top, if it shows the session (the stack is empty as the app
        closes)."""
        stack = self.app.screen_stack
        return stack[-1] if stack and isinstance(stack[-1], SessionScreen) else None

    @contextlib.contextmanager
    def unless_closed(self) -> Iterator[None]:
        """A change of a closed session is refused with a message (the screens disable
        their inputs, so this is a last line)."""
        try:
            yield
        except SessionClosedError:
            self.app.notify(self.app.tr("closing.refused"), severity="warning")

    def flush_texts(self) -> None:
        """Record what was typed on the screen on top before anything leaves it."""
        screen, session = self.screen, self.app.session
        if screen is None:
            return
        for key, text in screen.pending_texts():
            with self.unless_closed():
                session.edit_text(key, text)
        for event in screen.pending_events():
            with self.unless_closed():
                session.record(event)

    def proposed(self, event: SessionEvent) -> None:
        """An event a screen proposed (a rating, a choice, the session closed)."""
        if isinstance(event, SessionClosed):
            self.flush_texts()  # what was typed belongs to the session, not after it
        with self.unless_closed():
            self.app.session.record(event)
        screen = self.screen
        if screen is not None:
            screen.show_state(self.app.session.state)
            if isinstance(event, SessionClosed) and isinstance(screen, Screen):
                screen.refresh_bindings()

    def text_changed(self, key: str, text: str) -> None:
        """A text typed, reported by its field."""
        with self.unless_closed():
            self.app.session.edit_text(key, text)
        if (screen := self.screen) is not None:
            screen.show_texts(self.app.session.state)

    def show_state(self) -> None:
        if (screen := self.screen) is not None:
            screen.show_state(self.app.session.state)

    def show_save_status(self, text: str, failed: bool) -> None:
        if (screen := self.screen) is not None:
            screen.show_save_status(text, failed)
