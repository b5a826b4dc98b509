"""The replay's dialogs: a comment pinned to an instant, and the results at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input

from ..widgets.plain import Label, Static


class CommentModal(ModalScreen[str | None]):
    """One line of feedback, pinned to the cursor's instant."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, classes="dialog-title")
            yield Input(id="comment-text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResultsModal(ModalScreen[None]):
    """Everything the session produced, on one screen."""

    BINDINGS = [Binding("escape,r,q", "dismiss", "back")]

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="results-box"):
            yield Static(self.text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
