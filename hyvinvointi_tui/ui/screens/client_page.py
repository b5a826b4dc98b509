"""Where to write the client's page (from Closing): a folder the student chooses, or
nowhere to keep: printed from a private temp folder that goes as the app quits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from ...core.untrusted import visible_line
from ...i18n import t
from ..widgets.plain import Label, Static

# The page printed without keeping a copy.
PrintOnly = Literal["print"]
PRINT_ONLY: PrintOnly = "print"


class ClientPageModal(ModalScreen[Path | PrintOnly | None]):
    """Asks for the folder; returns it (absolute, made if missing), or PRINT_ONLY to print
    without keeping a copy (None: cancelled). A folder that cannot be used is said in the
    dialog, which stays open for another. The page is plaintext, written only when asked
    to: it goes home with the client."""

    BINDINGS = [Binding("escape", "cancel", show=False)]
    AUTO_FOCUS = "#page-folder"

    def __init__(
        self,
        lang: str,
        folder: Path,
        texts: str = "page",
        *,
        choose_folder: Callable[[str], Path | str],
        through_link: Callable[[str, Path], bool] = lambda typed, folder: False,
        print_only: bool = True,
    ) -> None:
        super().__init__()
        self.lang = lang
        self.folder = folder
        # The folder typed, made usable (absolute, made if missing), or why it cannot be.
        self.choose_folder = choose_folder
        # Whether the folder typed is the one chosen only by way of a symbolic link.
        self.through_link = through_link
        # Offer "print without keeping a copy" (the client's page; not the access copy).
        self.print_only = print_only
        # Whose heading and explanation: the client's page ("page"), the access copy.
        self.texts = texts

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t(self.lang, f"{self.texts}.heading"), classes="dialog-title")
            yield Static(t(self.lang, f"{self.texts}.explain"))
            yield Input(str(self.folder), id="page-folder")
            yield Static(id="page-problem", classes="error")
            if self.print_only:
                yield Static(t(self.lang, "page.print_explain"), classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t(self.lang, "page.cancel"), id="page-cancel")
                if self.print_only:
                    yield Button(t(self.lang, "page.print"), id="page-print")
                yield Button(t(self.lang, "page.write"), id="page-write", variant="primary")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose(event.value)

    def choose(self, typed: str) -> None:
        """Dismiss with the folder typed, or say in the dialog why it cannot be used; a
        folder reached through a symbolic link is named first (the field then holds where
        it leads, and Enter again writes there)."""
        folder = self.choose_folder(typed)
        problem = self.query_one("#page-problem", Static)
        field = self.query_one("#page-folder", Input)
        if isinstance(folder, str):
            problem.update(folder)
            field.focus()
            return
        if self.through_link(typed, folder):
            said = t(self.lang, "path.through_link", typed=visible_line(typed), folder=folder)
            problem.update(said)
            field.value = str(folder)
            field.focus()
            return
        self.dismiss(folder)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "page-write":
            self.choose(self.query_one("#page-folder", Input).value)
        elif event.button.id == "page-print":
            self.dismiss(PRINT_ONLY)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
