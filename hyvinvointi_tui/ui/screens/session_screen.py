"""What a screen that shows the session does for the app: the step screens and the writing
screens (the preparation, the reflection) take what is typed in the session and show its
state. The app asks this of whichever screen is on top, whatever its class."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ...core.model.session_events import SessionEvent
from ...core.model.state import SessionState


@runtime_checkable
class SessionScreen(Protocol):
    def propose(self, event: SessionEvent) -> None:
        """Hand an event the user made to the app, which records it."""

    def show_state(self, state: SessionState) -> None:
        """Show the session as it now stands (after every recorded event)."""

    def show_texts(self, state: SessionState) -> None:
        """A typed text was recorded (its own field shows it already)."""

    def show_save_status(self, text: str, failed: bool) -> None:
        """Show the save line ("saved 10:42:07", or why the last save failed)."""

    def pending_events(self) -> Sequence[SessionEvent]:
        """Values entered but not yet recorded, for the app to record before leaving."""

    def pending_texts(self) -> list[tuple[str, str]]:
        """(text key, text) typed since last reported, for the app to record before leaving."""
