"""Step: orientation — did the client know what the conversation is for?"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import RadioSet

from ...core.events import (
    CONSENT_ITEMS,
    ORIENTATION_VALUES,
    ConsentRecorded,
    OrientationRecorded,
    one_of,
)
from ...core.notice import missing_line
from ...core.protocol import OrientationStep
from ...core.state import SessionState
from ..keys import bind
from ..widgets.consent_choices import ConsentChoices
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
        yield Label(self.tr("consent.heading"), classes="section-title")
        yield Static(self.tr("consent.explain"), classes="hint")
        # The course's facts the notice needs, if any are missing: said beside the consent,
        # before anything about the client is written.
        missing = missing_line(self.state.privacy, self.lang)
        if missing:
            yield Static(missing, id="privacy-missing", classes="privacy-missing")
        yield ConsentChoices(
            [(item, self.tr(f"consent.{item}")) for item in CONSENT_ITEMS],
            self.tr("consent.yes"),
            self.tr("consent.no"),
            self.state.consent,
            id="consent",
        )

    def on_consent_choices_answered(self, event: ConsentChoices.Answered) -> None:
        event.stop()
        if self.state.consent.get(event.item) is not event.given:
            item = one_of(event.item, CONSENT_ITEMS)
            self.propose(ConsentRecorded(step=self.step.id, item=item, given=event.given))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.propose(OrientationRecorded(step=self.step.id, value=VALUES[event.index]))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        for choices in self.query("#consent").results(ConsentChoices):
            choices.set_answers(state.consent)
