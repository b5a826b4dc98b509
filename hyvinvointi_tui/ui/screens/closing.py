"""Step: closing — a new appointment, another service, or neither."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Label, RadioButton, RadioSet, Static

from ...core.protocol import ClosingStep, Step, StressStep
from ...core.session import ClosingChosen, SessionState
from ...i18n import t
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
        yield Static(id="closing-proposal", classes="crisis-banner")
        yield Label(self.tr("closing.question"), classes="instrument-title")
        yield RadioSet(
            *(RadioButton(self.tr(f"closing.{value}"), value=value == chosen) for value in VALUES),
            id="closing-choice",
            classes="choices",
        )

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        proposal = self.query_one("#closing-proposal", Static)
        text = crisis_proposal(self.protocol_steps, state, self.lang)
        proposal.update(text)
        proposal.display = bool(text)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.propose(ClosingChosen(step=self.step.id, value=VALUES[event.index]))


def crisis_proposal(steps: list[Step], state: SessionState, lang: str) -> str:
    """After a stress rating in the crisis range: propose a second appointment that names
    the crisis and the deferred steps."""
    crisis = [
        state.stress[step.id]
        for step in steps
        if isinstance(step, StressStep) and state.stress.get(step.id, 0) >= step.crisis_from
    ]
    if not crisis:
        return ""
    text = t(lang, "closing.proposal", value=max(crisis))
    titles = [step.title(lang) for step in steps if step.id in state.deferred]
    if titles:
        text += t(lang, "closing.proposal_deferred", steps=", ".join(titles))
    return text + "."
