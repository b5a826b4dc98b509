"""An App that takes what is typed safely: keys and pastes in the order they came, and
pastes without a control character."""

from __future__ import annotations

from functools import cached_property

from textual import events
from textual.app import App, ReturnType

from ..core.untrusted import visible
from .key_order import KeyOrder


class PasteSafeApp(App[ReturnType]):
    """Text copied from a terminal may hold escape sequences: a paste is made visible (ESC
    as ␛, one character for one) before any widget receives it. Textual hands a paste to
    the App first, then forwards it to the focused widget.

    Keys and pastes are let in one at a time, each once the one before has settled
    (`ui/key_order.py`): typed in a burst, they do what they do typed slowly."""

    @cached_property
    def key_order(self) -> KeyOrder:
        return KeyOrder(self)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not self.screen_stack:
            # The app is closing: a key let in (or bubbling up) late has no place.
            if not event.is_forwarded:
                self.key_order.closing()
            return
        if not isinstance(event, events.Key | events.Paste) or event.is_forwarded:
            await super().on_event(event)
            return
        if not self.key_order.admit(event):
            return  # held: handed back here once the keys before it have settled
        if isinstance(event, events.Paste):
            event.text = visible(event.text)
        await super().on_event(event)
        self.key_order.let_in()
