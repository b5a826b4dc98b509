"""Step: closing — a new appointment, another service, or neither."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Label, RadioButton, RadioSet, Static

from ...core.protocol import ClosingStep
from ...core.session import ClosingChosen
from .step import StepScreen

VALUES = ("new_appointment", "other_service", "none")


class ClosingScreen(StepScreen):
    AUTO_FOCUS = "#closing-choice"
    step: ClosingStep

    def compose_guide_extra(self) -> Iterable[Widget]:
        if self.step.services:
            yield Label(self.tr("closing.services"), classes="section-title")
            for service in self.step.services:
                line = f"• {service.name(self.lang)} — {service.description(self.lang)}"
                if service.contact:
                    line += f" ({service.contact})"
                yield Static(line, classes="service")

    def compose_instrument(self) -> Iterable[Widget]:
        chosen = self.state.closing.get(self.step.id)
        yield Label(self.tr("closing.question"), classes="instrument-title")
        yield RadioSet(
            *(RadioButton(self.tr(f"closing.{value}"), value=value == chosen) for value in VALUES),
            id="closing-choice",
            classes="choices",
        )

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.propose(ClosingChosen(step=self.step.id, value=VALUES[event.index]))
