"""Step: the OSA self-assessment — competence and value for each item."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Label, Static

from ...core.protocol import OsaStep
from ...core.session import OsaRated, SessionState
from ..widgets.osa_grid import OsaGrid
from .step import StepScreen


class OsaScreen(StepScreen):
    AUTO_FOCUS = "OsaGrid"
    step: OsaStep

    def compose_guide_extra(self) -> Iterable[Widget]:
        yield Static(self.step.items_note(self.lang), classes="note")

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("osa.hint"), classes="instrument-title")
        yield OsaGrid(
            [(item.number, item.label(self.lang)) for item in self.step.items],
            (
                self.tr("osa.number"),
                self.tr("osa.topic"),
                self.tr("osa.competence"),
                self.tr("osa.value"),
            ),
            self.state.osa.get(self.step.id, {}),
        )
        yield Static(id="osa-count")

    def on_osa_grid_rated(self, event: OsaGrid.Rated) -> None:
        event.stop()
        self.propose(
            OsaRated(step=self.step.id, item=event.item, scale=event.scale, value=event.value)
        )

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        ratings = state.osa.get(self.step.id, {})
        self.query_one(OsaGrid).show(ratings)
        done = sum(1 for item in self.step.items if len(ratings.get(item.number, {})) == 2)
        self.query_one("#osa-count", Static).update(
            self.tr("osa.done", done=done, total=len(self.step.items))
        )
