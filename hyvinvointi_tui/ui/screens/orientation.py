"""Step: orientation — did the client know what the conversation is for? Answered on a scale
of three, as the stress is rated: a digit, the arrows or a click."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ...core.model.state import SessionState
from ...core.model.step_events import ORIENTATION_VALUES, OrientationRecorded
from ...core.model.steps import OrientationStep
from ..keys import bind
from ..widgets.plain import Label, titled_text
from ..widgets.rating_scale import RatingScale
from .step import StepScreen

VALUES = ORIENTATION_VALUES


class OrientationScreen(StepScreen):
    step: OrientationStep

    def prepare(self) -> None:
        # The client's privacy notice, printed to hand over as consent is asked.
        bind(self, "ctrl+f", "app.privacy_notice", self.tr("notice.key"), priority=True)

    def compose_guide_extra(self) -> Iterable[Widget]:
        yield titled_text(self.tr("orientation.info"), self.step.info(self.lang), "info-text")

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("orientation.question"), classes="instrument-title")
        yield RatingScale(
            [self.tr(f"orientation.{value}") for value in VALUES],
            self._level(self.state),
            id="orientation-choice",
        )
        # The client's consent, asked after what is written down has been told (the info).
        yield from self.compose_consent()

    def _level(self, state: SessionState) -> int | None:
        chosen = state.orientation.get(self.step.id)
        return VALUES.index(chosen) + 1 if chosen in VALUES else None

    def on_rating_scale_rated(self, event: RatingScale.Rated) -> None:
        event.stop()
        self.propose(OrientationRecorded(step=self.step.id, value=VALUES[event.value - 1]))
        if event.settled:
            self.to_the_notes()  # answered, as the stress is rated

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        self.query_one(RatingScale).set_value(self._level(state))
