"""The live session: the protocol, the event log and the state folded from it, with the
clock that stamps each event.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable

from .client_events import (
    CONSENT_ITEMS,
    ConsentRecorded,
    CourseNoted,
    EmergencyRaised,
    FollowUpLinked,
    IncidentRecorded,
    Previous,
)
from .protocol import Protocol
from .session_events import (
    MarkerAdded,
    NoteAppended,
    Paused,
    Resumed,
    SessionEvent,
    SessionStarted,
    SetupChanged,
    StepEntered,
    StepsDeferred,
    TextEdited,
)
from .state import SessionState
from .text_keys import is_students_own, notes_key
from .timer import ClockReading

# Events that move through the session or set it up; everything else is what the students
# entered during the conversation, which is what a quit without saving would lose.
_NOT_INPUT = (
    SessionStarted,
    SetupChanged,
    FollowUpLinked,
    CourseNoted,
    StepEntered,
    Paused,
    Resumed,
)
# What a closed session still accepts: moving around, the clock, markers, appended notes,
# the emergency instructions and the incident record (often written after the client left).
_AFTER_CLOSING = (
    StepEntered,
    Paused,
    Resumed,
    MarkerAdded,
    NoteAppended,
    EmergencyRaised,
    IncidentRecorded,
)


def _after_closing(event: SessionEvent) -> bool:
    """An event a closed session still takes: the students' own writing (the reflection
    is written after the client has left), the client withdrawing a consent, or one of
    `_AFTER_CLOSING`."""
    if isinstance(event, TextEdited):
        return is_students_own(event.key)
    if isinstance(event, ConsentRecorded):
        return not event.given
    return isinstance(event, _AFTER_CLOSING)


class SessionClosedError(Exception):
    """An edit of a session that has been closed."""


def text_diff(old: str, new: str) -> tuple[int, int, str] | None:
    """The smallest single splice that turns `old` into `new`: (start, end, inserted)."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = _longest(lambda n: old[:n] == new[:n], limit)
    tail = _longest(lambda n: old[len(old) - n :] == new[len(new) - n :], limit - start)
    return start, len(old) - tail, new[start : len(new) - tail]


def _longest(same: Callable[[int], bool], limit: int) -> int:
    """The largest n <= limit for which same(n) holds (same(0) holds, and same(n) implies
    same(m) for m < n). By halving, with slices compared in C: notes of 50 KB are reported
    every 0.9 s while typing, and a loop over their characters stalled the keys ~10 ms."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


class Session:
    """A live session: the protocol, the event log and the state folded from it.

    `now` is injected so that tests drive time by hand; by default it counts real seconds
    from when the Session object was made.
    """

    def __init__(
        self,
        protocol: Protocol,
        *,
        session_id: str | None = None,
        created: str | None = None,
        events: Iterable[SessionEvent] = (),
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.protocol = protocol
        self.session_id = session_id or uuid.uuid4().hex[:12]
        now = dt.datetime.now(dt.UTC)
        self.created = created or now.replace(microsecond=0).isoformat()
        self.events: list[SessionEvent] = []
        self.state = SessionState.for_protocol(protocol)
        for event in events:
            self._append(event)
        if clock is None:
            # Session time is wall time since the session was created, so that the time
            # the program was not running (after a crash, say) shows up as a gap.
            since = (now - dt.datetime.fromisoformat(self.created)).total_seconds()
            origin = time.monotonic() - max(since, self.events[-1].t if self.events else 0.0)

            def clock() -> float:
                return time.monotonic() - origin

        self._clock = clock
        self._saved_upto = 0
        self._listeners: list[Callable[[SessionEvent], None]] = []

    def now(self) -> float:
        return self._clock()

    def subscribe(self, listener: Callable[[SessionEvent], None]) -> None:
        self._listeners.append(listener)

    def _append(self, event: SessionEvent) -> None:
        self.events.append(event)
        self.state.apply(event)

    def record(self, event: SessionEvent, *, at: float | None = None) -> SessionEvent:
        """Stamp the event with the current time (or `at`, when the action began earlier),
        append it and update the state. Times never go backwards in the log.

        A closed session refuses every change but the ones in `_AFTER_CLOSING`."""
        if self.state.closed and not _after_closing(event):
            raise SessionClosedError(f"the session is closed: {type(event).__name__} refused")
        t = max(self.now() if at is None else at, self.events[-1].t if self.events else 0.0)
        stamped = event.replace(t=round(t, 3))
        self._append(stamped)
        for listener in self._listeners:
            listener(stamped)
        return stamped

    def start(
        self,
        setup: SetupChanged,
        previous: Previous | None = None,
        course: CourseNoted | None = None,
        *,
        prepare: bool = False,
    ) -> None:
        """Set the session up (and, for a follow-up, what it follows up; in a course, its
        place and help contacts), then begin the clock at the first step of the protocol,
        or, to `prepare` first, leave that to `begin` (preparation takes none of the
        session's time)."""
        self.record(SessionStarted())
        self.record(setup)
        if previous is not None:
            self.record(FollowUpLinked(previous=previous))
            # A no stands until the client changes it; a yes is asked again, never assumed.
            first = self.protocol.steps[0].id
            for item in CONSENT_ITEMS:
                if previous.consent.get(item) is False:
                    self.record(ConsentRecorded(step=first, item=item, given=False))
        if course is not None:
            self.record(course)
        if not prepare:
            self.begin()

    def begin(self) -> None:
        """The conversation begins: the clock starts at the first step."""
        if self.state.step is None:
            self.record(StepEntered(step=self.protocol.steps[0].id))

    def edit_text(self, key: str, new: str) -> None:
        """Record the change from the stored text of `key` to `new`, if there is one."""
        diff = text_diff(self.state.text(key), new)
        if diff is not None:
            start, end, inserted = diff
            self.record(TextEdited(key=key, start=start, end=end, text=inserted))

    def record_gap(self, since: float) -> None:
        """The program was not running from `since` (its last save) until now: a pause."""
        start = max(since, self.events[-1].t if self.events else 0.0)
        if self.paused or self.now() <= start:
            return
        self._append(Paused(t=round(start, 3)))
        self.record(Resumed())

    def replan_for_crisis(self, from_step: str) -> list[str]:
        """Defer the instrument steps after `from_step` that have nothing entered yet, and
        go to the closing step; the crisis discussion gets the time that is left."""
        steps = self.protocol.steps
        later = steps[self.protocol.index(from_step) + 1 :]
        instruments = ("stress", "time_circle", "osa")
        deferred = [
            step.id for step in later if step.kind in instruments and not self._has_input(step.id)
        ]
        # Recorded even with nothing to move: the re-plan itself tells the debrief that the
        # rest of the session is the crisis conversation.
        if deferred or self.state.replanned_at is None:
            self.record(StepsDeferred(steps=deferred))
        closing = next((step.id for step in steps if step.kind == "closing"), None)
        if closing is not None and self.state.step != closing:
            self.record(StepEntered(step=closing))
        return deferred

    def _has_input(self, step: str) -> bool:
        state = self.state
        return any(step in values for values in (state.stress, state.hours, state.osa)) or bool(
            state.text(notes_key(step))
        )

    def reading(self) -> ClockReading:
        return self.state.clock.reading(self.now())

    @property
    def paused(self) -> bool:
        return self.state.clock.paused_at is not None

    def toggle_pause(self) -> None:
        self.record(Resumed() if self.paused else Paused())

    @property
    def has_unsaved_input(self) -> bool:
        """True when something the students entered has not been saved yet."""
        return any(not isinstance(e, _NOT_INPUT) for e in self.events[self._saved_upto :])

    def mark_saved(self, upto: int | None = None) -> None:
        self._saved_upto = len(self.events) if upto is None else upto
