"""The passphrase screen: asked once per run, with a visible working state while scrypt runs.

A small app of its own that runs before the main one. It is given `open_key`, which tries a
passphrase (in a worker thread) and gives what it opened, a message that ends the attempt,
or WRONG to ask again; the app returns what was opened, the message, or None when the
student cancels. What a key is and how it opens is the store's (cli/sessions.py passes it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Generic, TypeVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, LoadingIndicator
from textual.worker import Worker, WorkerState

from ..i18n import t
from .widgets.plain import Label, Static

Opened = TypeVar("Opened")
WRONG: Final = "wrong passphrase"  # what `open_key` gives for a passphrase that did not fit


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
        self.call_after_refresh(
            self.run_worker,
            lambda: self.open_key(passphrase),
            thread=True,
            exit_on_error=False,
            name="unlock",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            if event.worker.result == WRONG:
                self._try_again()
            else:
                self.exit(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.exit(f"could not open the key: {type(event.worker.error).__name__}")

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
