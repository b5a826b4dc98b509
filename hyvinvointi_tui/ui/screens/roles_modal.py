"""Who leads a step and who takes its notes, chosen from the students (three or more: any
of them can take either role in any step, a choice rather than a turn that goes round)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ...core.model.state_entries import Roles
from ...i18n import t
from ..widgets.plain import Label, OptionList

NOBODY = "-"


class RolesModal(ModalScreen[Roles | None]):
    """Two lists: Enter on the lead, then on the note-taker (any other student, or nobody);
    Esc leaves the roles as they were."""

    DEFAULT_CSS = """
    #roles-box OptionList { height: auto; max-height: 7; border: tall $panel; }
    #roles-box OptionList:focus { border: tall $primary; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]
    AUTO_FOCUS = "#roles-lead"

    def __init__(self, lang: str, step_title: str, students: Sequence[str], roles: Roles) -> None:
        super().__init__()
        self.lang = lang
        self.step_title = step_title
        self.students = list(students)
        self.roles = roles
        self.lead = roles.lead if roles.lead in self.students else ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="roles-box"):
            yield Label(t(self.lang, "roles.choose", step=self.step_title), classes="dialog-title")
            yield Label(t(self.lang, "roles.lead_label"), classes="field-label")
            yield OptionList(
                *(Option(name, id=str(n)) for n, name in enumerate(self.students)), id="roles-lead"
            )
            yield Label(t(self.lang, "roles.notes_label"), classes="field-label")
            yield OptionList(id="roles-notes")

    def on_mount(self) -> None:
        leads = self.query_one("#roles-lead", OptionList)
        if self.lead:
            leads.highlighted = self.students.index(self.lead)
        self._show_note_takers()

    def _show_note_takers(self) -> None:
        """Everyone but the lead, and nobody; the note-taker as it was highlighted."""
        notes = self.query_one("#roles-notes", OptionList)
        others = [(n, name) for n, name in enumerate(self.students) if name != self.lead]
        notes.set_options(
            [
                *(Option(name, id=str(n)) for n, name in others),
                Option(t(self.lang, "roles.nobody_notes"), id=NOBODY),
            ]
        )
        names = [name for _n, name in others]
        if self.roles.note_taker in names:
            notes.highlighted = names.index(self.roles.note_taker)
        else:
            notes.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or NOBODY
        if event.option_list.id == "roles-lead":
            self.lead = self.students[int(chosen)]
            self._show_note_takers()
            self.query_one("#roles-notes", OptionList).focus()
            return
        note_taker = "" if chosen == NOBODY else self.students[int(chosen)]
        self.dismiss(Roles(lead=self.lead, note_taker=note_taker))

    def action_cancel(self) -> None:
        self.dismiss(None)
