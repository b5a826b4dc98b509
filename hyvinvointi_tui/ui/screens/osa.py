"""Step: the OSA self-assessment — competence and value for each item, then the items the
client wants to change, in their order."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ...core.events import OsaPrioritiesSet, OsaRated
from ...core.instruments import osa
from ...core.protocol import OsaStep, item_range
from ...core.state import SessionState
from ..sections import section_text
from ..widgets.osa_grid import OsaGrid
from ..widgets.plain import Label, Static
from .step import StepScreen


class OsaScreen(StepScreen):
    FOCUS = "OsaGrid"
    # The grid's five columns need about 75 columns: beside a third of the screen for the
    # guidance from 120 columns on (app.tcss), under it below that.
    NARROW_BELOW = 120
    step: OsaStep

    def compose_guide_extra(self) -> Iterable[Widget]:
        yield Static(self.step.items_note(self.lang), classes="note")

    def compose_last_time(self) -> Iterable[Widget]:
        yield Static(id="last-time", classes="last-time")

    def compose_instrument(self) -> Iterable[Widget]:
        previous = self.state.previous
        then = dict(previous.osa) if previous is not None and previous.osa else None
        yield Label(self.tr("osa.hint"), classes="instrument-title")
        yield OsaGrid(
            [(item.number, item.label(self.lang)) for item in self.step.items],
            (
                self.tr("osa.number"),
                self.tr("osa.topic"),
                self.tr("osa.competence"),
                self.tr("osa.value"),
                self.tr("osa.change"),
            ),
            self.state.osa.get(self.step.id, {}),
            self.priorities(self.state),
            toggle_label=self.tr("osa.toggle"),
            then=then,
        )
        environment = [item.number for item in self.step.items if item.part == "environment"]
        if environment:
            numbers = item_range(environment)
            yield Static(self.tr("osa.environment_note", numbers=numbers), classes="note")
        yield Static(id="osa-count")
        yield Label(self.tr("osa.priorities"), classes="section-title")
        yield Static(id="osa-priorities")
        yield Label(self.tr("osa.gaps"), classes="section-title")
        yield Static(id="osa-gaps")

    def priorities(self, state: SessionState) -> list[int]:
        return list(state.osa_priorities.get(self.step.id, []))

    def on_osa_grid_rated(self, event: OsaGrid.Rated) -> None:
        event.stop()
        self.propose(
            OsaRated(step=self.step.id, item=event.item, scale=event.scale, value=event.value)
        )

    def on_osa_grid_priority_toggled(self, event: OsaGrid.PriorityToggled) -> None:
        event.stop()
        items = osa.toggled(self.priorities(self.state), event.item)
        self.propose(OsaPrioritiesSet(step=self.step.id, items=items))

    def on_osa_grid_priority_moved(self, event: OsaGrid.PriorityMoved) -> None:
        event.stop()
        before = self.priorities(self.state)
        items = osa.moved(before, event.item, event.by)
        if items != before:
            self.propose(OsaPrioritiesSet(step=self.step.id, items=items))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        ratings = state.osa.get(self.step.id, {})
        priorities = self.priorities(state)
        self.query_one(OsaGrid).show(ratings, priorities)
        numbers = [item.number for item in self.step.items]
        labels = {item.number: item.label(self.lang) for item in self.step.items}
        counts = osa.done_counts(numbers, ratings)
        count = self.tr("osa.done", total=len(numbers), **counts)
        self.query_one("#osa-count", Static).update(count)
        if state.previous is not None:
            from ...core.last_time import osa_change

            panel = osa_change(self.step, state, self.lang)
            self.query_one("#last-time", Static).update(section_text(panel))
        self.query_one("#osa-priorities", Static).update(
            "\n".join(f"{rank}. {labels[item]} ({item})" for rank, item in enumerate(priorities, 1))
            or self.tr("osa.priorities_none")
        )
        manage, value = self.tr("osa.competence").lower(), self.tr("osa.value").lower()
        self.query_one("#osa-gaps", Static).update(
            "\n".join(
                f"• {labels[n]} ({n}): {manage} {ratings[n]['competence']}, "
                f"{value} {ratings[n]['value']}"
                for n in osa.gaps(numbers, ratings)
            )
            or self.tr("osa.gaps_none")
        )
