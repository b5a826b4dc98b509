"""Step: the time-use circle — the 24 hours of an average day in three categories."""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from ...core.instruments.time_circle import hours_status, parse_hours
from ...core.protocol import TIME_CATEGORIES, TimeCircleStep
from ...core.session import HoursSet, SessionState
from .step import StepScreen

VARIANT = "now"


class TimeCircleScreen(StepScreen):
    AUTO_FOCUS = "#hours-productive"
    step: TimeCircleStep

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("time_circle.heading"), classes="instrument-title")
        hours = self.state.hours.get(self.step.id, {}).get(VARIANT, {})
        for category in TIME_CATEGORIES:
            value = hours.get(category)
            with Horizontal(classes="hours-row"):
                yield Label(self.tr(f"time_circle.{category}"), classes="hours-label")
                yield Input(
                    "" if value is None else f"{value:g}",
                    placeholder="0",
                    restrict=r"[0-9.,]*",
                    max_length=4,
                    id=f"hours-{category}",
                    classes="hours-input",
                )
                yield Label("h", classes="hours-unit")
        yield Static(id="hours-status")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        category = (event.input.id or "").removeprefix("hours-")
        hours = parse_hours(event.value)
        event.input.set_class(hours is None and event.value != "", "-invalid")
        if hours is not None:
            self.propose(
                HoursSet(step=self.step.id, variant=VARIANT, category=category, hours=hours)
            )
        elif event.value:
            self.query_one("#hours-status", Static).update(self.tr("time_circle.invalid"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        status = hours_status(state.hours_total(self.step.id, VARIANT))
        widget = self.query_one("#hours-status", Static)
        if status.kind == "ok":
            widget.update(self.tr("time_circle.ok"))
        else:
            widget.update(self.tr(f"time_circle.{status.kind}", hours=f"{status.hours:g}"))
        widget.set_class(status.kind == "over", "error")
