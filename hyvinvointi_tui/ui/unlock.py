"""The passphrase screen: asked once per run, with a visible working state while scrypt runs.

A small app of its own that runs before the main one. It is given `open_key`, which tries a
passphrase (in a thread of its own) and gives what it opened, a message that ends the attempt,
or WRONG to ask again; the app returns what was opened, the message, or None when the
student cancels. What a key is and how it opens is the store's (cli/sessions.py passes it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Final, Generic, TypeVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, LoadingIndicator

from ..i18n import t
from .stopping import StopRequests
from .terminal import TerminalClosed, closable_driver
from .widgets.plain import Label, Static

if TYPE_CHECKING:
    from textual.driver import Driver

Opened = TypeVar("Opened")
WRONG: Final = "wrong passphrase"  # what `open_key` gives for a passphrase that did not fit


class KeyTried(Message, Generic[Opened]):
    """What trying a passphrase gave: what was opened, a message, or WRONG."""

    def __init__(self, result: Opened | str) -> None:
        self.result = result
        super().__init__()


class UnlockApp(App[Opened | str | None], Generic[Opened]):
    CSS = """
    Screen { align: center middle; }
    #unlock-box { width: 64; height: auto; border: round $primary; padding: 1 2; }
    #unlock-heading { text-style: bold; color: $accent; margin-bottom: 1; }
    #unlock-status { height: auto; margin-top: 1; }
    #unlock-status.-wrong { color: $error; text-style: bold; }
    LoadingIndicator { height: 1; display: none; }
    LoadingIndicator.-working { display: block; }
    .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, open_key: Callable[[str], Opened | str], lang: str = "fi") -> None:
        super().__init__()
        self.open_key = open_key
        self.lang = lang

    def get_driver_class(self) -> type[Driver]:
        return closable_driver(super().get_driver_class())

    @cached_property
    def stop_requests(self) -> StopRequests:
        """A closed terminal or SIGTERM ends the screen as escape does (nothing is open yet
        that could be saved)."""
        return StopRequests(self.action_cancel, lambda: 1)

    def on_mount(self) -> None:
        self.stop_requests.attach()

    def on_unmount(self) -> None:
        self.stop_requests.detach()

    def on_terminal_closed(self, message: TerminalClosed) -> None:
        if self.is_headless:  # a test's app: never a deadline that ends the test runner
            self.stop_requests.request()
        else:
            self.stop_requests.from_outside()

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box"):
            yield Label(t(self.lang, "unlock.heading"), id="unlock-heading")
            yield Input(password=True, placeholder=t(self.lang, "unlock.prompt"), id="passphrase")
            yield LoadingIndicator()
            yield Static(id="unlock-status")
            yield Static(t(self.lang, "unlock.hint"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        event.input.disabled = True
        self.query_one(LoadingIndicator).add_class("-working")
        status = self.query_one("#unlock-status", Static)
        status.remove_class("-wrong")
        status.update(t(self.lang, "unlock.working"))
        passphrase = event.value
        # Draw the working state first; the scrypt itself runs in a child process.
        self.call_after_refresh(self._try_in_thread, passphrase)

    def _try_in_thread(self, passphrase: str) -> None:
        """Try `passphrase` in a thread of its own, which reports with `KeyTried`. Not a
        Textual worker: the app waits for those as it exits, and a closed terminal or a
        SIGTERM must not wait for scrypt (the child process ends with the app)."""

        def attempt() -> None:
            result: Opened | str
            try:
                result = self.open_key(passphrase)
            except Exception as exc:
                result = f"could not open the key: {type(exc).__name__}"
            with contextlib.suppress(RuntimeError):  # the app has ended meanwhile
                self.post_message(KeyTried(result))

        threading.Thread(target=attempt, name="unlock", daemon=True).start()

    def on_key_tried(self, message: KeyTried[Opened]) -> None:
        if message.result == WRONG:
            self._try_again()
        else:
            self.exit(message.result)

    def _try_again(self) -> None:
        self.query_one(LoadingIndicator).remove_class("-working")
        status = self.query_one("#unlock-status", Static)
        status.update(t(self.lang, "unlock.wrong"))
        status.add_class("-wrong")
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.disabled = False
        field.focus()

    def action_cancel(self) -> None:
        self.exit(None)
