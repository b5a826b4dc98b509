"""Saving while the students type: soon after every change, in a worker thread, and at once
when the app must stop (quit, a closed terminal, SIGTERM).

The first change after a save starts a short countdown and later ones ride along; the save
serialises, encrypts and replaces the file in a thread (`@work`), and reports back with a
message (`SaveFinished`, `SaveFailed`). A failed save keeps the last good file and is retried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer

from ..core.model.session_events import SessionEvent, StepEntered
from ..core.untrusted import visible_line
from .prebuilt import PrebuildingApp
from .stopping import StopRequests
from .terminal import TerminalClosed, closable_driver

if TYPE_CHECKING:
    from textual.driver import Driver

    from ..core.model.protocol import Protocol
    from ..core.model.session import Session
    from ..store.session_store import SessionStore

# A change is on disk within this long (the first change after a save starts the countdown,
# later ones ride along), and a failed save is retried after RETRY_SECONDS.
AUTOSAVE_SECONDS = 0.5
RETRY_SECONDS = 2.0
# After a step change the save waits until the new screen has been drawn: serialising holds
# the GIL, and the student is looking at the screen.
STEP_SAVE_SECONDS = 0.25


class SaveFinished(Message):
    """A save in the worker thread wrote the first `upto` events."""

    def __init__(self, upto: int) -> None:
        self.upto = upto
        super().__init__()


class SaveFailed(Message):
    """A save in the worker thread failed; `reason` is short and never the content."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__()


def save_reason(exc: BaseException) -> str:
    """A short reason for the save-state line (never the content being saved)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


class AutosavingApp(PrebuildingApp):
    """The app's saving: what the session records is saved by its store.

    The app that uses it sets `protocol`, `session` and `store`, calls `watch_session` for
    each session it runs, shows the status with `show_save_status` and flushes typed text
    in `flush_texts` (both do nothing here)."""

    protocol: Protocol
    session: Session
    store: SessionStore | None
    _save_timer: Timer | None = None
    _saving = False
    save_status: tuple[str, bool] = ("", False)

    def tr(self, key: str, **values: object) -> str:
        """A text of the interface in the session's language (the app knows which)."""
        raise NotImplementedError

    def flush_texts(self) -> None:
        """Record what was typed and not yet reported (the app's screens know)."""

    def show_save_status(self, text: str, failed: bool) -> None:
        """Show the save state (the app's screens know where)."""

    def watch_session(self, session: Session) -> None:
        """Save what `session` records from now on."""
        session.subscribe(self._on_recorded)

    def _on_recorded(self, event: SessionEvent) -> None:
        """Every recorded event is saved soon; a step change sooner. One recorded before
        the app runs goes with the first save, made as the first screen shows."""
        if self.store is not None and self.app.is_running:
            step = isinstance(event, StepEntered)
            self.save_soon(STEP_SAVE_SECONDS if step else AUTOSAVE_SECONDS)

    def save_soon(self, delay: float) -> None:
        if self._save_timer is not None:
            if delay >= AUTOSAVE_SECONDS:
                return  # a save is already on its way and will take this change along
            self._save_timer.stop()
        # A zero delay is not allowed by Textual's timers.
        self._save_timer = self.set_timer(max(delay, 0.01), self._start_save)

    @property
    def saving(self) -> bool:
        """A save is under way or waiting to start."""
        return self._saving or self._save_timer is not None

    def _snapshot(self) -> tuple[list[SessionEvent], float]:
        return list(self.session.events), self.session.now()

    def _start_save(self) -> None:
        self._save_timer = None
        if self.store is None:
            return
        if self._saving:
            self.save_soon(AUTOSAVE_SECONDS)
            return
        events, saved_t = self._snapshot()
        self._saving = True
        self._set_save_status(self.tr("save.saving"), False)
        self._save_in_thread(events, saved_t)

    def _write(self, events: Sequence[SessionEvent], saved_t: float) -> None:
        assert self.store is not None
        session = self.session
        self.store.save(
            self.protocol,
            session_id=session.session_id,
            created=session.created,
            events=events,
            saved_t=saved_t,
        )

    @work(thread=True, group="autosave", exit_on_error=False)
    def _save_in_thread(self, events: list[SessionEvent], saved_t: float) -> None:
        """Serialise, encrypt, write. Runs in a worker thread and never touches the UI."""
        try:
            self._write(events, saved_t)
        except Exception as exc:  # any failure keeps the last good file and is retried
            self.post_message(SaveFailed(save_reason(exc)))
        else:
            self.post_message(SaveFinished(len(events)))

    def on_save_finished(self, message: SaveFinished) -> None:
        self._saving = False
        self.session.mark_saved(message.upto)
        kept = self.store.take_kept() if self.store is not None else None
        if kept is not None:
            old, new = (visible_line(name) for name in kept)
            self.notify(
                self.tr("save.kept_both", old=old, new=new),
                severity="warning",
                timeout=20,
                markup=False,
            )
        now = dt.datetime.now().strftime("%H:%M:%S")
        self._set_save_status(self.tr("save.saved", time=now), False)
        if len(self.session.events) > message.upto:
            self.save_soon(AUTOSAVE_SECONDS)

    def on_save_failed(self, message: SaveFailed) -> None:
        self._saving = False
        self._set_save_status(self.tr("save.failed", reason=message.reason), True)
        self.save_soon(RETRY_SECONDS)

    def _set_save_status(self, text: str, failed: bool) -> None:
        self.save_status = (text, failed)
        self.show_save_status(text, failed)

    def save_sync(self) -> str | None:
        """Save everything now, in this thread (quit, signals). Returns a reason on failure."""
        self.flush_texts()
        if self.store is None or not self.session.state.started:
            return None
        events, saved_t = self._snapshot()
        try:
            self._write(events, saved_t)
        except Exception as exc:
            reason = save_reason(exc)
            self._set_save_status(self.tr("save.failed", reason=reason), True)
            return reason
        self.session.mark_saved(len(events))
        return None

    def action_save_now(self) -> None:
        self.flush_texts()
        if self.store is not None:
            self.save_soon(0)

    # --- stopping -------------------------------------------------------------------------

    @cached_property
    def stop_requests(self) -> StopRequests:
        return StopRequests(self._save_and_exit, self._last_resort)

    def get_driver_class(self) -> type[Driver]:
        return closable_driver(super().get_driver_class())

    def handle_signals(self) -> None:
        """A closed terminal (SIGHUP, or its output failing) or SIGTERM saves and exits,
        and the process ends within STOP_DEADLINE_SECONDS whatever holds it; Textual leaves
        them to us. The handlers are the process's (ui/stopping.py: the commands install
        them before anything else); this app takes them from now on."""
        self.stop_requests.attach()

    def on_terminal_closed(self, message: TerminalClosed) -> None:
        if self.is_headless:  # a test's app: never a deadline that ends the test runner
            self.stop_requests.request()
        else:
            self.stop_requests.from_outside()

    def _save_and_exit(self) -> None:
        self.save_sync()  # at once, in case the app gets no further
        self.after_typed_keys(self._save_then_exit)

    def _last_resort(self) -> int:
        """The process has not ended in time after a signal: save what the session has
        recorded (the event loop is held up, so the fields are not asked) and let the lock
        go, from the deadline's thread. The store's own lock keeps saves one at a time."""
        if self.store is None:
            return 0
        try:
            if self.session.state.started and self.session.has_unsaved_input:
                self._write(*self._snapshot())
            return 0
        finally:
            self.store.close()

    def _save_then_exit(self) -> None:
        self.save_sync()
        self.exit()

    def after_typed_keys(self, then: Callable[[], None]) -> None:
        """Run `then` once the keys already read have reached their widget and settled
        (those held back for the order they were typed in too): a quit or a signal handled
        at once could save before the last keys typed were in the notes (found by
        bench/signals.py: once in 200 ctrl+q while the next step was being built)."""
        self.key_order.when_settled(then)

    def on_unmount(self) -> None:
        self.stop_requests.detach()
        if self.store is not None:
            self.store.close()
