"""Step: the OSA self-assessment — competence and value for each item, then the items the
client wants to change, in their order."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ...core.debrief.results import osa_gaps_heading
from ...core.follow_up.last_time import osa_change
from ...core.instruments import osa
from ...core.model.state import SessionState
from ...core.model.step_events import OsaPrioritiesSet, OsaRated
from ...core.model.steps import OSA_PARTS, OsaPart, OsaStep, item_range
from ..sections import section_text
from ..widgets.osa_grid import OsaGrid
from ..widgets.plain import Label, Static
from .step import StepScreen


class OsaScreen(StepScreen):
    DEFAULT_CSS = """
    OsaScreen #notes { height: 8; }
    """
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
            parts=self.part_headings(),
        )
        environment = self.step.numbers("environment")
        if environment:
            numbers = item_range(environment)
            yield Static(self.tr("osa.environment_note", numbers=numbers), classes="note")
        yield Static(id="osa-count")
        yield Label(self.tr("osa.priorities"), classes="section-title")
        yield Static(id="osa-priorities")
        for part in self.parts():
            yield Label(osa_gaps_heading(self.step, part, self.lang), classes="section-title")
            yield Static(id=f"osa-gaps-{part}", classes="osa-gaps")

    def parts(self) -> list[OsaPart]:
        """The form's parts that have items: myself, my environment (or only one)."""
        return [part for part in OSA_PARTS if self.step.numbers(part)]

    def competence_word(self, part: OsaPart) -> str:
        """How an item's first rating is named: managing it, or how well it works."""
        return self.tr("osa.competence_environment" if part == "environment" else "osa.competence")

    def part_headings(self) -> dict[int, tuple[str, str, str]]:
        """A heading row before each part of a form of two: its name and its words."""
        if not self.step.has_environment:
            return {}
        headings = {}
        previous: OsaPart | None = None
        for item in self.step.items:
            if item.part != previous:
                # The grid's own header names the scales of myself; the environment's differ.
                words = (self.competence_word(item.part), self.tr("osa.value"))
                if item.part == "self":
                    words = ("", "")
                headings[item.number] = (self.tr(f"osa.part_{item.part}"), *words)
            previous = item.part
        return headings

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
        if self.step.has_environment:
            counted = []
            for part in self.parts():
                numbered = self.step.numbers(part)
                counts = osa.done_counts(numbered, ratings)
                counted.append(self.tr(f"osa.done_{part}", total=len(numbered), **counts))
            count = " · ".join(counted)
        else:
            count = self.tr("osa.done", total=len(numbers), **osa.done_counts(numbers, ratings))
        self.query_one("#osa-count", Static).update(count)
        if state.previous is not None:
            panel = osa_change(self.step, state, self.lang)
            self.query_one("#last-time", Static).update(section_text(panel))
        self.query_one("#osa-priorities", Static).update(
            "\n".join(f"{rank}. {labels[item]} ({item})" for rank, item in enumerate(priorities, 1))
            or self.tr("osa.priorities_none")
        )
        value = self.tr("osa.value").lower()
        for part in self.parts():
            manage = self.competence_word(part).lower()
            self.query_one(f"#osa-gaps-{part}", Static).update(
                "\n".join(
                    f"• {labels[n]} ({n}): {manage} {ratings[n]['competence']}, "
                    f"{value} {ratings[n]['value']}"
                    for n in osa.gaps(self.step.numbers(part), ratings)
                )
                or self.tr("osa.gaps_none")
            )
