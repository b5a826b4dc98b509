"""Step: the summary shared with the client — strengths and resources, challenges and
change targets — started from the instruments' suggestions, and the client's agreement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, ListView

from ...core.follow_up.last_time import summary_then
from ...core.instruments.summary import (
    Suggestion,
    added_origin,
    edited_origin,
    open_suggestions,
)
from ...core.model.session_events import one_of
from ...core.model.state import SessionState
from ...core.model.step_events import (
    SUMMARY_COLUMNS,
    SuggestionDropped,
    SummaryAgreed,
    SummaryEntryAdded,
    SummaryEntryEdited,
    SummaryEntryRemoved,
)
from ..sections import section_text
from ..widgets.entry_list import EntryList, typed_on_list
from ..widgets.plain import Label, Static
from ..widgets.toggles import Checkbox
from .sentence_to_notes import start_in
from .step import StepScreen

COLUMNS = SUMMARY_COLUMNS


class SummaryScreen(StepScreen):
    # The suggestions, or (none open: the list takes no focus) the first field to write in.
    FOCUS = "#suggestions, #add-strengths"
    BINDINGS = [Binding("escape", "cancel_edit", show=False)]

    def compose_last_time(self) -> Iterable[Widget]:
        """A follow-up: the summary shared last time, to compare with."""
        panel = summary_then(self.state, self.lang)
        yield Static(section_text(panel), id="last-time", classes="last-time")

    def prepare(self) -> None:
        # What Enter in a column's field does: edit this entry, or accept this suggestion
        # (its key and its words, to tell whether the students changed them).
        self.editing: dict[str, str] = {}
        self.accepting: dict[str, Suggestion] = {}
        self.open: dict[str, Suggestion] = {}

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("summary.heading"), classes="instrument-title")
        yield Label(self.tr("summary.suggested"), classes="section-title")
        yield EntryList(id="suggestions")
        for column in COLUMNS:
            yield Label(self.tr(f"summary.{column}"), classes="section-title")
            yield EntryList(id=f"list-{column}", classes="summary-list")
            yield Input(
                placeholder=self.tr(f"summary.add_{column}"),
                id=f"add-{column}",
                select_on_focus=False,
            )
        yield Static(self.tr("summary.list_hint"), classes="hint", id="summary-hint")
        yield Checkbox(
            self.tr("summary.agreed"), self.state.agreed.get(self.step.id, False), id="agreed"
        )

    # --- suggestions, entries -------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A character typed on a column's list starts a new entry in that column's field
        (not the notes): the student who tabbed onto the strengths is writing a strength."""
        found = typed_on_list(self, event)
        if found is not None and found.has_class("summary-list"):
            column = (found.id or "").removeprefix("list-")
            start_in(self.query_one(f"#add-{column}", Input), event)
        # Otherwise the frame's handler sends a stray character to the notes.

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        name = event.item.name
        if not name:
            return
        if event.list_view.id == "suggestions":
            suggestion = self.open[name]
            self.add(suggestion.column, suggestion.text, suggestion)
        else:
            self.start_edit(name)

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.entry_list.id == "suggestions":
            if event.action == "remove":
                self.propose(SuggestionDropped(step=self.step.id, suggestion=event.name))
            elif event.action == "edit":
                suggestion = self.open[event.name]
                self.fill(suggestion.column, suggestion.text)
                self.accepting[suggestion.column] = suggestion
            return
        if event.action == "remove":
            entry = self.state.summary.get(self.step.id, {}).get(event.name)
            self.propose(SummaryEntryRemoved(step=self.step.id, entry_id=event.name))
            if entry is not None and entry.suggestion:
                # A suggestion the students took and then removed is not offered again.
                self.propose(SuggestionDropped(step=self.step.id, suggestion=entry.suggestion))
        elif event.action == "edit":
            self.start_edit(event.name)

    def start_edit(self, entry_id: str) -> None:
        entry = self.state.summary.get(self.step.id, {}).get(entry_id)
        if entry is not None:
            self.fill(entry.column, entry.text)
            self.editing[entry.column] = entry_id

    def fill(self, column: str, text: str) -> None:
        field = self.query_one(f"#add-{column}", Input)
        field.value = text
        field.focus()
        field.cursor_position = len(text)
        self.query_one("#summary-hint", Static).update(self.tr("summary.editing"))

    def add(self, column: str, text: str, suggestion: Suggestion | None = None) -> None:
        self.propose(
            SummaryEntryAdded(
                step=self.step.id,
                entry_id=uuid.uuid4().hex[:8],
                column=one_of(column, SUMMARY_COLUMNS),
                text=text,
                suggestion=suggestion.key if suggestion is not None else "",
                origin=added_origin(text, suggestion.text if suggestion is not None else None),
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        column = (event.input.id or "").removeprefix("add-")
        text = event.value.strip()
        entry_id = self.editing.pop(column, None)
        suggestion = self.accepting.pop(column, None)
        entry = self.state.summary.get(self.step.id, {}).get(entry_id) if entry_id else None
        if text and entry_id is not None and entry is not None:
            origin = edited_origin(entry, text)
            self.propose(
                SummaryEntryEdited(step=self.step.id, entry_id=entry_id, text=text, origin=origin)
            )
        elif text:
            self.add(column, text, suggestion)
        event.input.value = ""
        self.query_one("#summary-hint", Static).update(self.tr("summary.list_hint"))

    def action_cancel_edit(self) -> None:
        self.editing.clear()
        self.accepting.clear()
        for column in COLUMNS:
            self.query_one(f"#add-{column}", Input).value = ""
        self.query_one("#summary-hint", Static).update(self.tr("summary.list_hint"))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value != self.state.agreed.get(self.step.id, False):
            self.propose(SummaryAgreed(step=self.step.id, agreed=event.value))

    # --- drawing --------------------------------------------------------------------------

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        self.open = {
            s.key: s for s in open_suggestions(self.protocol, state, self.step.id, self.lang)
        }
        rows = []
        for key, suggestion in self.open.items():
            row = Text(self.tr(f"summary.tag_{suggestion.column}") + " · ", "dim")
            row.append(suggestion.text)
            rows.append((key, row))
        self.query_one("#suggestions", EntryList).show_rows(rows, self.tr("summary.no_suggestions"))
        entries = state.summary.get(self.step.id, {})
        for column in COLUMNS:
            self.query_one(f"#list-{column}", EntryList).show_rows(
                [(i, Text(f"• {e.text}")) for i, e in entries.items() if e.column == column],
                self.tr("summary.empty"),
            )
        agreed = self.query_one("#agreed", Checkbox)
        agreed.value = state.agreed.get(self.step.id, False)
