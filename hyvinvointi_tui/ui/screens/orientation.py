"""Step: orientation — did the client know what the conversation is for?"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet

from ...core.protocol import OrientationStep
from ...core.session import CONSENT_ITEMS, ConsentRecorded, OrientationRecorded, SessionState
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
        # The client's consent, asked after what is written down has been told (the info).
        yield Label(self.tr("consent.heading"), classes="section-title")
        for item in CONSENT_ITEMS:
            given = self.state.consent.get(item)
            yield Horizontal(
                Label(self.tr(f"consent.{item}"), classes="consent-label"),
                RadioSet(
                    RadioButton(self.tr("consent.yes"), value=given is True),
                    RadioButton(self.tr("consent.no"), value=given is False),
                    id=f"consent-{item}",
                    classes="consent-choice",
                    compact=True,
                ),
                classes="consent-row",
            )

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        choice = event.radio_set.id or ""
        if choice.startswith("consent-"):
            item = choice.removeprefix("consent-")
            given = event.index == 0
            if self.state.consent.get(item) is not given:
                self.propose(
                    ConsentRecorded(step=self.step.id, item=item, given=given)  # type: ignore[arg-type]
                )
            return
        self.propose(OrientationRecorded(step=self.step.id, value=VALUES[event.index]))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
