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
only when the one before has settled. A key settles when the app and every widget of its
current screen have done what it set going: rounds of `call_later` through the App, the
screen and each widget with something left to do (a message queued, a handler under way),
until two rounds in a row find none. Keys that arrive meanwhile wait, in order, and are
let in one by one. An app's start may settle as a key does: keys typed while the program
starts then wait until its first screen is shown and has settled (`starting`, `started`).
Nothing blocks the App's own message loop: a key that bubbles back up to the App (where
Textual runs the bindings that are not priority bindings, Tab among them) is handled there
as usual, within the key's settling.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

# The pointer's moves and the wheel: straight in, except behind input that waits (a click
# made and the wheel turned after it: the click is made where the student pointed, then the
# scroll; a press, the drag and the release select what they went over).
Passing = (
    events.MouseMove
    | events.MouseScrollDown
    | events.MouseScrollUp
    | events.MouseScrollLeft
    | events.MouseScrollRight
)
# What is let in one at a time: a key, a paste, a mouse button pressed or let go (a click,
# which Textual makes of the two, moves the focus; typed before it, keys belong where the
# focus was), and the pointer's moves and the wheel behind them.
UserInput = events.Key | events.Paste | events.MouseDown | events.MouseUp | Passing

if TYPE_CHECKING:
    from textual._queue import Queue
    from textual.app import App
    from textual.message import Message
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.timer import Timer

# What a message pump has yet to do: messages in its queue, one taken out ahead of time (to
# see whether the next replaces it), callbacks it runs once its queue is empty; whether it
# has mounted; and a screen's callbacks for after its next refresh. A pump in the middle of
# a handler is told by its queue's ready event: only a pump that is idle waits on it (the
# event's waiters are asyncio's; Textual's queue is its own).
TEXTUAL_PRIVATE = (
    "textual._queue",
    "App._message_queue",
    "App._pending_message",
    "App._next_callbacks",
    "App._is_mounted",
    "Screen._callbacks",
    "Screen._layout_required",
    "Screen._recompose_required",
)

# A screen that keeps posting to itself (an animation, a timer every frame) must not hold
# the keys back for ever: after this many rounds the next key goes in.
MAX_ROUNDS = 16
# How often a key waiting for its screen to draw looks whether the screen is still there.
WATCH_SECONDS = 0.05


class KeyOrder:
    """Lets the App's keys in one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        # Each held event with the screen last drawn when it came: what the student saw. A
        # press held over a change of screen pointed at something no longer there: it is
        # dropped, and its release with it (`_press_dropped`), so no click is made of them.
        self._held: deque[tuple[UserInput, Screen[Any] | None]] = deque()
        self._drawn: Screen[Any] | None = None
        self._press_dropped = False
        # A move or a wheel event handed back from the held ones: handled, the next goes in
        # at once.
        self._passing: UserInput | None = None
        self._settling = False
        self._serial = 0  # the key let in last: its callbacks know whether they are late
        # A key's next step waiting for a refresh, and the screen that was to draw it.
        self._waiting: tuple[Callable[[], None], Screen[Any] | None] | None = None
        self._watch_timer: Timer | None = None
        self._round = 0
        self._left = 0
        self._quiet_rounds = 0
        self._then: list[Callable[[], object]] = []
        # The held key handed back to the App, on its way: until the App takes it, the keys
        # are not idle (a check in between saw nothing settling and nothing held).
        self._handed: UserInput | None = None

    @property
    def idle(self) -> bool:
        """No key is settling or waiting: whatever was typed has had its effect."""
        return not self._settling and not self._held

    @property
    def holding(self) -> int:
        """How many keys wait for the one before them to settle."""
        return len(self._held)

    def admit(self, event: UserInput) -> bool:
        """Whether the App may handle `event` now. If not, it is held, and handed to the App
        again (`App.on_event`) once the keys before it have settled."""
        if event is self._handed:
            self._handed = None  # still settling: the next key's turn begins
            if isinstance(event, Passing):
                self._passing = event
            return True
        if self._settling:
            self._held.append((event, self._drawn))
            return False
        if isinstance(event, Passing):
            return True  # nothing waits: straight in, and nothing to settle (`passed`)
        if isinstance(event, events.MouseUp) and self._press_dropped:
            self._press_dropped = False
            return False  # the release of a press that was dropped
        if isinstance(event, events.MouseDown):
            self._press_dropped = False
        self._drawn = self._screen()
        self._settling = True
        return True

    def passed(self, event: UserInput) -> None:
        """The App has taken a move or a wheel event: it sets nothing going that the next
        input must wait for, so a held one goes in at once (a stream of them behind a key
        never waits a frame each)."""
        if event is self._passing:
            self._passing = None
            self._settled()

    def when_settled(self, then: Callable[[], object]) -> None:
        """Run `then` once every key read so far has been let in and has settled (a quit
        or a signal must save what was typed before it, held keys too)."""
        if self._settling or self._held:
            self._then.append(then)
        elif not self.app.call_later(then):
            then()

    def starting(self) -> None:
        """The app's first screen is on its way: keys wait for it, as behind a key. Called
        from the app's mount, before Textual hands it any key."""
        self._drawn = None  # a click before the first screen points at nothing
        self._settling = True

    def started(self) -> None:
        """The app's first screen is shown: once it has drawn and settled, the keys typed
        while the app was starting go in, in order."""
        self.let_in()

    def let_in(self) -> None:
        """The App has taken the admitted key (run a priority binding, or forwarded it to
        the focused widget): wait for it to settle, then let the next one in. The rounds
        begin once the screen has drawn what the key did."""
        self._serial += 1
        self._round = 0
        self._quiet_rounds = 0
        self._after_refresh(self._next_round)

    def _after_refresh(self, then: Callable[[], None]) -> None:
        """Run `then` for this key after the screen's next refresh. A key that closes a
        dialog may leave that callback with the dialog, which never draws again: while it
        has not come, a look every WATCH_SECONDS (one timer for the app's life) runs `then`
        once the screen is another (the keys after Esc on the palette were held for good)."""
        serial, rounds, screen = self._serial, self._round, self._screen()

        def once() -> None:
            if self._screen() is screen:  # drawn (not a screen the watch found changed)
                self._drawn = screen  # what the student sees from now on
            if serial == self._serial and self._settling and self._round == rounds:
                self._waiting = None
                then()

        if not self.app.call_after_refresh(once):
            then()
            return
        self._waiting = (once, self._screen())
        if self._watch_timer is None:
            self._watch_timer = self.app.set_interval(WATCH_SECONDS, self._watch)

    def _watch(self) -> None:
        if self._waiting is not None and self._screen() is not self._waiting[1]:
            self._waiting[0]()

    def _screen(self) -> Screen[Any] | None:
        try:
            return self.app.screen
        except Exception:  # no screen yet, or the app is closing
            return None

    def _next_round(self) -> None:
        """A round: a callback through the App's queue, the screen's and the queue of every
        widget with something left to do; when all have run, look again."""
        self._round += 1
        self._left = 0
        for pump in self._round_pumps():
            if pump.call_later(self._pump_done):
                self._left += 1
        if self._left == 0:
            self._settled()

    def _pump_done(self) -> None:
        self._left -= 1
        if self._left == 0:
            # Looked at once the pump that ran this is back waiting for its next message
            # (from inside its handler it would look busy itself).
            asyncio.get_running_loop().call_soon(self._round_done)

    def _round_done(self) -> None:
        self._quiet_rounds = 0 if self._anything_left() else self._quiet_rounds + 1
        if self._round >= MAX_ROUNDS:
            self._settled()
        elif _layout_pending(self._screen()):
            # The screen lays out what the key changed at its next refresh (a widget shown
            # joins the focus order only then): the next round comes after it.
            self._quiet_rounds = 0
            self._after_refresh(self._next_round)
        elif self._quiet_rounds < 2:
            # Two quiet rounds in a row: a task the key started (a screen pushed or popped,
            # a dialog's result) has had the loop's turns to post what it posts.
            self._next_round()
        else:
            self._settled()

    def _round_pumps(self) -> list[MessagePump]:
        """A round goes through the App, its screen and the screen's widgets with something
        left to do."""
        screen = self._screen()
        if screen is None:
            return [self.app]
        busy = [pump for pump in screen.walk_children() if _busy(pump)]
        return [self.app, screen, *busy]

    def _anything_left(self) -> bool:
        """Whether the App, its screen or a widget of it has something left to do."""
        screen = self._screen()
        if screen is None:
            return False
        if screen._callbacks or _busy(self.app):
            return True
        return any(_busy(pump) for pump in screen.walk_children(with_self=True))

    def closing(self) -> None:
        """The app is closing: no key goes in any more (one handed back finds no screen),
        and what waited for the keys runs now."""
        self._held.clear()
        self._handed = None
        self._settled()

    def _settled(self) -> None:
        while self._held:
            event, drawn = self._held.popleft()
            if isinstance(event, events.MouseDown):
                # Pressed on a screen since gone: nobody chose what is there now.
                self._press_dropped = drawn is not self._screen()
                if self._press_dropped:
                    continue
            elif isinstance(event, events.MouseUp) and self._press_dropped:
                self._press_dropped = False
                continue
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


def _layout_pending(screen: Screen[Any] | None) -> bool:
    """Whether `screen` has yet to lay out what changed (its next refresh does)."""
    return screen is not None and (screen._layout_required or screen._recompose_required)


def _busy(pump: MessagePump) -> bool:
    """Whether `pump` has something left to do: a message queued or taken ahead, callbacks
    for when its queue is empty, or it is not yet waiting for its next message (it is in
    the middle of a handler, or has not mounted)."""
    queue: Queue[Message | None] = pump._message_queue
    if queue.qsize() or pump._pending_message is not None or pump._next_callbacks:
        return True
    waiting = getattr(queue.ready_event, "_waiters", None)
    return not (pump._is_mounted and waiting)
