"""The replay's dialogs: a comment pinned to an instant, the teacher's assessment with the
sign-off, and the results at a glance."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, TextArea

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


class AssessmentModal(ModalScreen[tuple[str, str] | None]):
    """The teacher's assessment of the session and the name that signs it off (the day is
    the day it is saved): (assessment, name), or None when cancelled."""

    DEFAULT_CSS = """
    #assessment-text { height: 6; }
    """

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, texts: dict[str, str], assessment: str = "", name: str = "") -> None:
        super().__init__()
        # title, text (the assessment's label), name (the name's label), save, cancel
        self.texts = texts
        self.assessment = assessment
        self.name_given = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="assessment-box"):
            yield Label(self.texts["title"], classes="dialog-title")
            yield Label(self.texts["text"], classes="field-label")
            yield TextArea(self.assessment, id="assessment-text", soft_wrap=True)
            yield Label(self.texts["name"], classes="field-label")
            yield Input(self.name_given, id="assessment-name", max_length=80)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.texts["save"], id="assessment-save", variant="primary")
                yield Button(self.texts["cancel"], id="assessment-cancel")

    def on_mount(self) -> None:
        self.query_one("#assessment-text", TextArea).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "assessment-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        text = self.query_one("#assessment-text", TextArea).text.strip()
        name = self.query_one("#assessment-name", Input).value.strip()
        self.dismiss((text, name))

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
