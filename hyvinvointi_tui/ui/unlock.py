"""The passphrase screen: asked once per run, with a visible working state while scrypt runs.

A small app of its own that runs before the main one and returns the unlocked student (or a
message to print, or None when the student cancels).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, LoadingIndicator
from textual.worker import Worker, WorkerState

from ..i18n import t
from ..store.keys import KeyProblem, WrongPassphrase
from ..store.student import Student, open_student
from .widgets.plain import Label, Static


class UnlockApp(App[Student | str | None]):
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

    def __init__(self, home: Path, lang: str = "fi") -> None:
        super().__init__()
        self.home = home
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
            lambda: open_student(self.home, passphrase, child_process=True),
            thread=True,
            exit_on_error=False,
            name="unlock",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self.exit(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WrongPassphrase):
                self._try_again()
            elif isinstance(error, KeyProblem):
                self.exit(str(error))
            else:
                self.exit(f"could not open the key: {type(error).__name__}")

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
