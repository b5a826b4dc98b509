"""Asked to stop from outside: a closed terminal (SIGHUP, or its output failing), SIGTERM.

The app on screen is asked to stop as by ctrl+q (it saves what was typed and exits), and a
deadline is set: if the process has not ended `STOP_DEADLINE_SECONDS` later, whatever holds
it, the app's last resort runs in the deadline's thread (it saves what the session recorded
and lets its lock go) and the process ends. A closed laptop lid must not collect processes
that only kill -9 ends.

The handlers are installed once for the process (`StopSignals.install`), before the first
thing that must be cleaned up (a demo's temp folder, a passphrase screen), and stay: a
signal that comes before an app runs, between two apps (the passphrase screen, then the
session) or while one closes is kept, and the next app to run stops at once. They are the
plain `signal` kind, not the event loop's: those run only when the loop turns, and a loop
held up (a write to a closed terminal, a screen being built) would never see the signal.
A plain handler runs in the main thread at once, between two bytecodes, even while it
waits for a lock; it only sets the deadline and hands the stop to the app's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import ClassVar

# The process ends this long after it was asked to stop, saved or not.
STOP_DEADLINE_SECONDS = 2.0
# The most the last resort is given before the process ends anyway.
LAST_RESORT_SECONDS = 1.0


class StopRequests:
    """One app's way to be stopped from outside: `stop` (in its event loop, once) and its
    `last_resort` (from the deadline's thread: an exit code)."""

    def __init__(self, stop: Callable[[], object], last_resort: Callable[[], int]) -> None:
        self._stop = stop
        self.last_resort = last_resort
        self.loop: asyncio.AbstractEventLoop | None = None
        self._asked = False

    def attach(self) -> None:
        """The app runs (its event loop too): signals reach it from now on, one that came
        before it at once. Where no signals are handled (a test's app), nothing."""
        signals = StopSignals.installed
        if signals is not None:
            self.loop = asyncio.get_running_loop()
            signals.attach(self)

    def detach(self) -> None:
        signals = StopSignals.installed
        if signals is not None:
            signals.detach(self)

    def request(self) -> None:
        """Stop, once."""
        if not self._asked:
            self._asked = True
            self._stop()

    def from_outside(self) -> None:
        """Stop with a deadline: the terminal is gone."""
        signals = StopSignals.installed
        if signals is not None:
            signals.set_deadline()
        self.request()


class StopSignals:
    """SIGHUP and SIGTERM for the whole process: each stops the app attached (or the next
    one to attach) and sets the deadline."""

    installed: ClassVar[StopSignals | None] = None

    def __init__(self) -> None:
        self._target: StopRequests | None = None
        self._pending = False
        self._deadline: threading.Thread | None = None

    @classmethod
    def install(cls) -> StopSignals | None:
        """Once, in the main thread; None where signals cannot be handled."""
        if cls.installed is not None:
            return cls.installed
        if threading.current_thread() is not threading.main_thread():
            return None
        signals = cls()
        for signum in (getattr(signal, "SIGHUP", None), signal.SIGTERM):
            if signum is not None:
                with contextlib.suppress(OSError, ValueError):
                    signal.signal(signum, signals._on_signal)
        cls.installed = signals
        return signals

    def attach(self, target: StopRequests) -> None:
        self._target = target
        if self._pending:
            self._forward(target)

    def detach(self, target: StopRequests) -> None:
        if self._target is target:
            self._target = None

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.set_deadline()
        self._pending = True
        if self._target is not None:
            self._forward(self._target)

    @staticmethod
    def _forward(target: StopRequests) -> None:
        if target.loop is not None:
            with contextlib.suppress(RuntimeError):  # its loop has closed: it is ending
                target.loop.call_soon_threadsafe(target.request)

    def set_deadline(self) -> None:
        if self._deadline is None:
            self._deadline = threading.Thread(
                target=self._end_at_deadline, name="stop-deadline", daemon=True
            )
            self._deadline.start()

    def _end_at_deadline(self) -> None:
        threading.Event().wait(STOP_DEADLINE_SECONDS)
        target = self._target
        codes: list[int] = []

        def last_resort() -> None:
            if target is not None:
                with contextlib.suppress(Exception):
                    codes.append(target.last_resort())

        # Given a moment of its own: what held the process up may hold it up too.
        attempt = threading.Thread(target=last_resort, name="stop-last-resort", daemon=True)
        attempt.start()
        attempt.join(LAST_RESORT_SECONDS)
        os._exit(codes[0] if codes else 1)
