"""Leaving the app: ctrl+q saves and quits, asking first only if something entered would be
lost; a closed terminal or SIGTERM saves and exits, and the process ends within
STOP_DEADLINE_SECONDS whatever holds it (ui/stopping.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .app_host import SessionHost
from .autosave import Autosaver
from .key_order import KeyOrder
from .stopping import StopRequests


class QuittingApp(SessionHost, Protocol):
    """What quitting asks of its app besides the session: whether it runs headless (a
    test's app)."""

    @property
    def is_headless(self) -> bool: ...


class Quitting:
    """The app's ways out, each saving first."""

    def __init__(self, app: QuittingApp, autosaver: Autosaver, key_order: KeyOrder) -> None:
        self.app = app
        self.autosaver = autosaver
        self.key_order = key_order
        # The handlers are the process's (ui/stopping.py: the commands install them before
        # anything else); this app takes them while it runs (`attach`, `detach`).
        self.stop_requests = StopRequests(self._save_and_exit, autosaver.last_resort)

    def request(self) -> None:
        """Save and quit (with every key typed before ctrl+q); ask first only if something
        entered would be lost."""
        self.after_typed_keys(self._quit)

    def _quit(self) -> None:
        app = self.app
        failure = self.autosaver.save_sync()
        waiting = app.session.state.notes_waiting
        if not app.session.has_unsaved_input and not waiting:
            app.exit()
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                app.exit()

        message = app.tr("quit.save_failed", reason=failure) if failure else None
        if waiting and not failure:
            # Notes are written only after the client's yes: quitting before it loses them.
            message = app.tr("quit.notes_waiting")
        # lazy: the modal screens, 2 ms before the first screen (docs/ARCHITECTURE.md)
        from .screens.modals import ConfirmQuitModal

        app.push_screen(ConfirmQuitModal(app.session_lang, message), answered)

    def terminal_closed(self) -> None:
        """The terminal closed under the app (SIGHUP, or its output failing)."""
        if self.app.is_headless:  # a test's app: never a deadline that ends the test runner
            self.stop_requests.request()
        else:
            self.stop_requests.from_outside()

    def _save_and_exit(self) -> None:
        self.autosaver.save_sync()  # at once, in case the app gets no further

        def then_exit() -> None:
            self.autosaver.save_sync()
            self.app.exit()

        self.after_typed_keys(then_exit)

    def after_typed_keys(self, then: Callable[[], None]) -> None:
        """Run `then` once the keys already read have reached their widget and settled
        (those held back for the order they were typed in too): a quit or a signal handled
        at once could save before the last keys typed were in the notes (found by
        bench/signals.py: once in 200 ctrl+q while the next step was being built)."""
        self.key_order.when_settled(then)
