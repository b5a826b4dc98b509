"""Step: orientation — did the client know what the conversation is for?"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import RadioSet

from ...core.model.step_events import ORIENTATION_VALUES, OrientationRecorded
from ...core.model.steps import OrientationStep
from ..keys import bind
from ..widgets.plain import Label, Static
from ..widgets.toggles import RadioButton
from .step import StepScreen

VALUES = ORIENTATION_VALUES


class OrientationScreen(StepScreen):
    step: OrientationStep

    def prepare(self) -> None:
        # The client's privacy notice, printed to hand over as consent is asked.
        bind(self, "ctrl+f", "app.privacy_notice", self.tr("notice.key"), priority=True)

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
        # The client's consent, asked after what is written down has been told (the info).
        yield from self.compose_consent()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.propose(OrientationRecorded(step=self.step.id, value=VALUES[event.index]))
