"""Every key where it was typed: the app takes one key at a time, and the next waits until
everything the last one set going has run.

Textual reads a key, forwards it to the focused widget's queue and reads the next key at
once, before that widget has handled the first. A key that moves the focus (Tab, Enter in a
form), a binding that reads the fields, a rating that changes the screen: the keys typed
right after it go to the old place, or are read before it has taken effect. Typed slowly,
nothing goes wrong; typed in a burst (or while the laptop is busy for a moment, when the
terminal hands over several keys at once), "3" then "5 hours" records a stress of 5. See
docs/KEY_ORDER.md for the finding, with the minimal Textual app that shows it.

`KeyOrder` is the one mechanism, for every screen, dialog and widget: the App admits a key
only when the one before has settled. A key settles when every message pump of the app and
its current screen has run what was queued when it was let in, and whatever that queued in
turn (rounds of `call_later`, as Textual's own Pilot waits for a screen, until a round finds
every queue empty). Keys that arrive meanwhile wait, in order, and are let in one by one.
Nothing blocks the App's own message loop: a key that bubbles back up to the App (where
Textual runs the bindings that are not priority bindings, Tab among them) is handled there
as usual, within the key's settling.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

# What a message pump has been given and not yet run: its queue, and the message it has
# taken out of the queue ahead of time (to see whether the next one replaces it). Its size
# alone misses the latter: an Input's Submitted waited there while the check saw nothing.
TEXTUAL_PRIVATE = ("App._message_queue", "App._pending_message")

# A screen that keeps posting to itself (an animation, a timer every frame) must not hold
# the keys back for ever: after this many rounds the next key goes in.
MAX_ROUNDS = 16


class KeyOrder:
    """Lets the App's keys in one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: deque[events.Key | events.Paste] = deque()
        self._settling = False
        self._round = 0
        self._left = 0
        self._quiet_rounds = 0
        self._then: list[Callable[[], object]] = []
        # The held key handed back to the App, on its way: until the App takes it, the keys
        # are not idle (a check in between saw nothing settling and nothing held).
        self._handed: events.Key | events.Paste | None = None

    @property
    def idle(self) -> bool:
        """No key is settling or waiting: whatever was typed has had its effect."""
        return not self._settling and not self._held

    @property
    def holding(self) -> int:
        """How many keys wait for the one before them to settle."""
        return len(self._held)

    def admit(self, event: events.Key | events.Paste) -> bool:
        """Whether the App may handle `event` now. If not, it is held, and handed to the App
        again (`App.on_event`) once the keys before it have settled."""
        if event is self._handed:
            self._handed = None  # still settling: the next key's turn begins
        elif self._settling:
            self._held.append(event)
            return False
        self._settling = True
        self._round = 0
        self._quiet_rounds = 0
        return True

    def when_settled(self, then: Callable[[], object]) -> None:
        """Run `then` once every key read so far has been let in and has settled (a quit
        or a signal must save what was typed before it, held keys too)."""
        if self._settling or self._held:
            self._then.append(then)
        elif not self.app.call_later(then):
            then()

    def let_in(self) -> None:
        """The App has taken the admitted key (run a priority binding, or forwarded it to
        the focused widget): wait for it to settle, then let the next one in. The rounds
        begin once the screen has drawn what the key did: they cost some milliseconds,
        which a key typed at a person's pace never waits for."""
        if not self.app.call_after_refresh(self._next_round):
            self._next_round()

    def _pumps(self) -> list[MessagePump]:
        app = self.app
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing
            return [app]
        return [app, *screen.walk_children(with_self=True)]

    def _next_round(self) -> None:
        self._round += 1
        self._left = 0
        for pump in self._pumps():
            if pump.call_later(self._pump_done):
                self._left += 1
        if self._left == 0:
            self._settled()

    def _pump_done(self) -> None:
        self._left -= 1
        if self._left > 0:
            return
        busy = any(_not_done(pump) for pump in self._pumps())
        self._quiet_rounds = 0 if busy else self._quiet_rounds + 1
        # Two quiet rounds in a row: a pump in the middle of a handler when the first
        # looked (its queue empty) has finished it, and posted what it posts, by the second.
        if self._quiet_rounds < 2 and self._round < MAX_ROUNDS:
            self._next_round()
        else:
            self._settled()

    def closing(self) -> None:
        """The app is closing: no key goes in any more (one handed back finds no screen),
        and what waited for the keys runs now."""
        self._held.clear()
        self._handed = None
        self._settled()

    def _settled(self) -> None:
        if self._held:
            event = self._held.popleft()
            # Handed to the App in its own loop, as the terminal's keys are.
            self._handed = event
            if self.app.call_later(self.app.on_event, event):
                return
            self._held.clear()  # the app is closing: no key goes in any more
            self._handed = None
        self._settling = False
        waiting, self._then = self._then, []
        for then in waiting:
            then()


def _not_done(pump: MessagePump) -> int:
    """Messages given to `pump` that it has not yet begun to handle."""
    return pump._message_queue.qsize() + (pump._pending_message is not None)
