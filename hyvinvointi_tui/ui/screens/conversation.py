"""Step: an open conversation (the general question on wellbeing): notes only."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget

from ...core.protocol import ConversationStep
from .step import StepScreen


class ConversationScreen(StepScreen):
    FOCUS = "#notes"

    def compose_instrument(self) -> Iterable[Widget]:
        # A follow-up's opening asks the client's consent again (last time's answers shown).
        if isinstance(self.step, ConversationStep) and self.step.asks_consent:
            yield from self.compose_consent()
