"""Step: an open conversation (the general question on wellbeing): notes only."""

from __future__ import annotations

from .step import StepScreen


class ConversationScreen(StepScreen):
    FOCUS = "#notes"
