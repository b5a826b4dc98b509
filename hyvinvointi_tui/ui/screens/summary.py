"""Step: the summary shared with the client."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Label

from ..widgets.notes_area import NotesArea
from .step import StepScreen


def summary_key(step: str) -> str:
    return f"{step}.summary"


class SummaryScreen(StepScreen):
    AUTO_FOCUS = "#summary"

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("summary.heading"), classes="instrument-title")
        key = summary_key(self.step.id)
        yield NotesArea(key, self.state.text(key), id="summary")
