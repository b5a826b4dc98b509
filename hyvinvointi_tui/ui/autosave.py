"""Saving while the students type: soon after every change, in a worker thread, and at once
when the app must stop (quit, a closed terminal, SIGTERM).

The first change after a save starts a short countdown and later ones ride along; the save
serialises, encrypts and replaces the file in a worker thread, and reports back to the app with
a message (`SaveFinished`, `SaveFailed`), which the app hands to its autosaver. A failed save
keeps the last good file and is retried. The delays are the app's `Timings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from ..core.model.session_events import SessionEvent, StepEntered
from ..core.untrusted import visible_line
from .app_host import TextualHost
from .timings import Timings

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..core.model.session import Session
    from ..store.session_store import SessionStore


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


class SavingApp(TextualHost, Protocol):
    """What the autosaver asks of its app: the session it runs and the store that keeps it
    (both change when the student goes on with another session), the words of the save
    line, the typed text not yet recorded, and where the save line shows."""

    @property
    def session(self) -> Session: ...
    @property
    def store(self) -> SessionStore | None: ...
    def tr(self, key: str, **values: object) -> str: ...
    def flush_texts(self) -> None: ...
    def show_save_status(self, text: str, failed: bool) -> None: ...


class Autosaver:
    """Saves what the app's session records, through the app's store."""

    def __init__(self, app: SavingApp, timings: Timings) -> None:
        self.app = app
        self.timings = timings
        self.status: tuple[str, bool] = ("", False)
        self._timer: Timer | None = None
        self._saving = False

    def watch(self, session: Session) -> None:
        """Save what `session` records from now on."""
        session.subscribe(self._on_recorded)

    def _on_recorded(self, event: SessionEvent) -> None:
        """Every recorded event is saved soon; a step change sooner. One recorded before
        the app runs goes with the first save, made as the first screen shows."""
        if self.app.store is not None and self.app.is_running:
            step = isinstance(event, StepEntered)
            self.save_soon(self.timings.step_save if step else self.timings.autosave)

    def save_soon(self, delay: float) -> None:
        if self._timer is not None:
            if delay >= self.timings.autosave:
                return  # a save is already on its way and will take this change along
            self._timer.stop()
        # A zero delay is not allowed by Textual's timers.
        self._timer = self.app.set_timer(max(delay, 0.01), self._start_save)

    @property
    def saving(self) -> bool:
        """A save is under way or waiting to start."""
        return self._saving or self._timer is not None

    def _snapshot(self) -> tuple[list[SessionEvent], float]:
        session = self.app.session
        return list(session.events), session.now()

    def _start_save(self) -> None:
        self._timer = None
        if self.app.store is None:
            return
        if self._saving:
            self.save_soon(self.timings.autosave)
            return
        events, saved_t = self._snapshot()
        self._saving = True
        self._set_status(self.app.tr("save.saving"), False)
        self.app.run_worker(
            partial(self._save_in_thread, events, saved_t),
            group="autosave",
            exit_on_error=False,
            thread=True,
        )

    def _write(self, events: Sequence[SessionEvent], saved_t: float) -> None:
        store, session = self.app.store, self.app.session
        assert store is not None
        store.save(
            session.protocol,
            session_id=session.session_id,
            created=session.created,
            events=events,
            saved_t=saved_t,
        )

    def _save_in_thread(self, events: list[SessionEvent], saved_t: float) -> None:
        """Serialise, encrypt, write. Runs in a worker thread and never touches the UI."""
        try:
            self._write(events, saved_t)
        except Exception as exc:  # any failure keeps the last good file and is retried
            self.app.post_message(SaveFailed(save_reason(exc)))
        else:
            self.app.post_message(SaveFinished(len(events)))

    def finished(self, upto: int) -> None:
        """The worker wrote the first `upto` events (the app's `SaveFinished`)."""
        app = self.app
        self._saving = False
        app.session.mark_saved(upto)
        kept = app.store.take_kept() if app.store is not None else None
        if kept is not None:
            old, new = (visible_line(name) for name in kept)
            app.notify(
                app.tr("save.kept_both", old=old, new=new),
                severity="warning",
                timeout=20,
                markup=False,
            )
        now = dt.datetime.now().strftime("%H:%M:%S")
        self._set_status(app.tr("save.saved", time=now), False)
        if len(app.session.events) > upto:
            self.save_soon(self.timings.autosave)

    def failed(self, reason: str) -> None:
        """The worker's save failed (the app's `SaveFailed`): said, and tried again."""
        self._saving = False
        self._set_status(self.app.tr("save.failed", reason=reason), True)
        self.save_soon(self.timings.retry)

    def _set_status(self, text: str, failed: bool) -> None:
        self.status = (text, failed)
        self.app.show_save_status(text, failed)

    def save_sync(self) -> str | None:
        """Save everything now, in this thread (quit, signals). Returns a reason on failure."""
        app = self.app
        app.flush_texts()
        if app.store is None or not app.session.state.started:
            return None
        events, saved_t = self._snapshot()
        try:
            self._write(events, saved_t)
        except Exception as exc:
            reason = save_reason(exc)
            self._set_status(app.tr("save.failed", reason=reason), True)
            return reason
        app.session.mark_saved(len(events))
        return None

    def last_resort(self) -> int:
        """The process has not ended in time after a signal: save what the session has
        recorded (the event loop is held up, so the fields are not asked) and let the lock
        go, from the deadline's thread. The store's own lock keeps saves one at a time."""
        store = self.app.store
        if store is None:
            return 0
        try:
            if self.app.session.state.started and self.app.session.has_unsaved_input:
                self._write(*self._snapshot())
            return 0
        finally:
            store.close()
