"""Step: an open conversation (the general question on wellbeing): notes only."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ...core.model.steps import ConversationStep
from ..keys import bind
from .step import StepScreen


class ConversationScreen(StepScreen):
    FOCUS = "#notes"

    def prepare(self) -> None:
        if self._asks_consent:
            # The client's privacy notice, printed to hand over as consent is asked again.
            bind(self, "ctrl+f", "app.privacy_notice", self.tr("notice.key"), priority=True)

    @property
    def _asks_consent(self) -> bool:
        return isinstance(self.step, ConversationStep) and self.step.asks_consent

    def compose_instrument(self) -> Iterable[Widget]:
        # A follow-up's opening asks the client's consent again (last time's answers shown).
        if self._asks_consent:
            yield from self.compose_consent()
