"""An App whose pastes never carry a control character to the screen or into a file."""

from __future__ import annotations

from textual import events
from textual.app import App, ReturnType

from ..core.untrusted import visible


class PasteSafeApp(App[ReturnType]):
    """Text copied from a terminal may hold escape sequences: a paste is made visible (ESC
    as ␛, one character for one) before any widget receives it. Textual hands a paste to
    the App first, then forwards it to the focused widget."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            event.text = visible(event.text)
        await super().on_event(event)
