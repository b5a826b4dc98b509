"""An App that takes what is typed safely: keys and pastes in the order they came, and
pastes without a control character."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from textual import events
from textual.app import App, ReturnType

from ..core.untrusted import visible
from .key_order import KeyOrder, Passing, UserInput


class PasteSafeApp(App[ReturnType]):
    """Text copied from a terminal may hold escape sequences: a paste is made visible (ESC
    as ␛, one character for one) before any widget receives it. Textual hands a paste to
    the App first, then forwards it to the focused widget.

    Keys, pastes and mouse buttons are let in one at a time, each once the one before has
    settled (`ui/key_order.py`): typed in a burst, they do what they do typed slowly."""

    @cached_property
    def key_order(self) -> KeyOrder:
        return KeyOrder(self)

    def start_with(self, show: Callable[[], object]) -> None:
        """Show the first screen (`show`) once Textual's start-up is over; the keys typed
        until then wait for it. Textual paints nothing until the app has mounted: a screen
        pushed from `on_mount` is painted once, unseen, and again after. Pushed just after,
        it is painted once, and the first screen is drawn sooner (docs/ARCHITECTURE.md,
        "Start-up")."""

        def start() -> None:
            show()
            self.key_order.started()

        self.key_order.starting()
        self.call_later(start)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, UserInput) and not self.screen_stack:
            # The app is closing: a key let in (or bubbling up) late has no place.
            if not event.is_forwarded:
                self.key_order.closing()
            return
        if not isinstance(event, UserInput) or event.is_forwarded:
            await super().on_event(event)
            return
        if not self.key_order.admit(event):
            return  # held: handed back here once the keys before it have settled
        if isinstance(event, events.Paste):
            event.text = visible(event.text)
        await super().on_event(event)
        if isinstance(event, Passing):
            self.key_order.passed(event)
        else:
            self.key_order.let_in()
