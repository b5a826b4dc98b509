"""Step: orientation — did the client know what the conversation is for?"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet

from ...core.protocol import OrientationStep
from ...core.session import OrientationRecorded, SessionState
from ..widgets.plain import Label, Static
from .step import StepScreen

VALUES = ("knew", "partly", "did_not_know")


class OrientationScreen(StepScreen):
    step: OrientationStep

    def compose_guide_extra(self) -> Iterable[Widget]:
        yield Label(self.tr("orientation.info"), classes="section-title")
        yield Static(self.step.info(self.lang), classes="info-text")

    def compose_instrument(self) -> Iterable[Widget]:
        chosen = self.state.orientation.get(self.step.id)
        yield Label(self.tr("orientation.question"), classes="instrument-title")
        yield RadioSet(
            *(
                RadioButton(self.tr(f"orientation.{value}"), value=value == chosen)
                for value in VALUES
            ),
            id="orientation-choice",
            classes="choices",
        )

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.propose(OrientationRecorded(step=self.step.id, value=VALUES[event.index]))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
