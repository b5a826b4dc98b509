"""Step: closing — a new appointment (date, time, focus), another service, or neither; what
the client's take-away page shows; then the session is closed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.containers import Grid, Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, Select

from ...core.dates import format_date, format_time, parse_date, parse_time
from ...core.model.client_events import FEEDBACK_QUESTIONS, FEEDBACK_SCALE, FeedbackGiven
from ...core.model.session_events import SessionClosed, one_of
from ...core.model.state import SessionState
from ...core.model.step_events import (
    APPOINTMENT_REASONS,
    CLOSING_VALUES,
    TAKEAWAY_PARTS,
    AppointmentReasonsSet,
    AppointmentSet,
    ClosingChosen,
    ServiceChosen,
    TakeawayChosen,
)
from ...core.model.steps import ClosingStep, Step, StressStep
from ...core.model.text_keys import feedback_key, focus_key, service_note_key
from ...i18n import t
from ..keys import bind
from ..messages import TextChanged
from ..widgets.hours_input import DATE_CHARACTERS, TIME_CHARACTERS, FigureInput
from ..widgets.notes_area import TextField
from ..widgets.plain import Label, Static
from ..widgets.toggles import Checkbox, RadioButton
from .modals import ConfirmModal
from .step import StepScreen

VALUES = CLOSING_VALUES


class ClosingScreen(StepScreen):
    DEFAULT_CSS = """
    .service { color: $text-muted; margin-bottom: 1; }
    #appointment-row { height: auto; }
    #appointment-date, #appointment-time { width: 1fr; }
    /* One per line, compact: the labels are never cut (long in Finnish and Swedish). */
    #takeaway-row, #reasons-row { grid-size: 1; grid-rows: auto; height: auto; }
    #takeaway-row Checkbox, #reasons-row Checkbox { width: 1fr; }
    #takeaway-row Checkbox:focus, #reasons-row Checkbox:focus { text-style: bold reverse; }
    #close-session { margin-top: 1; }
    .feedback-question { height: auto; margin-top: 1; }
    .feedback-choice { layout: horizontal; width: auto; height: auto; }
    .feedback-choice > RadioButton { width: auto; margin-right: 2; }
    """
    FOCUS = "#closing-choice"
    NOTES_TITLE = "closing.note"
    step: ClosingStep

    def prepare(self) -> None:
        # The client's page: written where the student chooses and opened for printing.
        bind(self, "ctrl+f", "app.client_page", self.tr("page.key"), priority=True)

    def compose_guide_extra(self) -> Iterable[Widget]:
        services = self.state.services(self.step)
        if services:
            yield Label(self.tr("closing.services"), classes="section-title")
            for service in services:
                line = f"• {service.name(self.lang)} — {service.description(self.lang)}"
                if service.contact:
                    line += f" ({service.contact})"
                yield Static(line, classes="service")

    def compose_instrument(self) -> Iterable[Widget]:
        state, step = self.state, self.step.id
        chosen = state.closing.get(step)
        # Parts shown or hidden by the state are so from the start: hiding them after the
        # first layout would leave the pane scrolled.
        proposal = crisis_proposal(self.protocol_steps, state, self.lang)
        banner = Static(proposal, id="closing-proposal", classes="crisis-banner")
        banner.display = bool(proposal)
        yield banner
        yield Label(self.tr("closing.question"), classes="instrument-title")
        yield RadioSet(
            *(RadioButton(self.tr(f"closing.{value}"), value=value == chosen) for value in VALUES),
            id="closing-choice",
            classes="choices",
        )
        yield from self._compose_appointment(booking=chosen == "new_appointment")
        yield from self._compose_service()
        yield Label(self.tr("closing.takeaway"), classes="section-title")
        parts = state.takeaway.get(step, [])
        with Grid(id="takeaway-row"):
            yield from self._checkboxes("closing.takeaway_", "takeaway", TAKEAWAY_PARTS, parts)
        yield from self._compose_feedback()
        yield Button(self.tr("closing.close"), id="close-session", variant="warning")

    def _compose_appointment(self, *, booking: bool) -> Iterable[Widget]:
        """A second appointment: its date, time, focus and reasons, shown once chosen."""
        state, step = self.state, self.step.id
        appointment = state.appointment.get(step)
        title = Label(
            self.tr("closing.appointment"), classes="section-title", id="appointment-title"
        )
        title.display = booking
        yield title
        with Horizontal(id="appointment-row") as row:
            row.display = booking
            # A letter typed on the date or the time is meant for the notes (FigureInput).
            yield FigureInput(
                format_date(appointment.date, self.lang) if appointment else "",
                placeholder=self.tr("closing.date"),
                id="appointment-date",
                restrict=DATE_CHARACTERS,
                max_length=10,
            )
            yield FigureInput(
                format_time(appointment.time, self.lang) if appointment else "",
                placeholder=self.tr("closing.time"),
                id="appointment-time",
                restrict=TIME_CHARACTERS,
                max_length=5,
            )
        focus = TextField(
            focus_key(step),
            state.text(focus_key(step)),
            placeholder=self.tr("closing.focus"),
            id="appointment-focus",
            report_seconds=self.context.timings.report,
        )
        focus.display = booking
        yield focus
        # Why a second appointment: the seed's reasons, more than one may hold.
        reasons_title = Label(
            self.tr("reasons.question"), classes="field-label", id="reasons-title"
        )
        reasons_title.display = booking
        yield reasons_title
        reasons = state.reasons.get(step, [])
        with Grid(id="reasons-row") as grid:
            grid.display = booking
            yield from self._checkboxes("reasons.", "reason", APPOINTMENT_REASONS, reasons)
        yield Static(id="appointment-status", classes="error")

    def _compose_service(self) -> Iterable[Widget]:
        """Where the client is pointed to (one of the services, or in the student's words)."""
        state, step = self.state, self.step.id
        yield Label(self.tr("closing.service"), classes="section-title")
        names = [service.name(self.lang) for service in self.state.services(self.step)]
        yield Select(
            [(self.tr("closing.service_none"), "")] + [(name, name) for name in names],
            value=state.service.get(step, ""),
            allow_blank=False,
            id="service",
        )
        yield TextField(
            service_note_key(step),
            state.text(service_note_key(step)),
            placeholder=self.tr("closing.service_other"),
            id="service-note",
            report_seconds=self.context.timings.report,
        )

    def _compose_feedback(self) -> Iterable[Widget]:
        """The client's view of the conversation: never on the client's page."""
        state, step = self.state, self.step.id
        yield Label(self.tr("feedback.heading"), classes="section-title")
        before = state.previous.feedback if state.previous is not None else {}
        for question in FEEDBACK_QUESTIONS:
            value = state.feedback.get(question)
            asked = self.tr(f"feedback.{question}")
            if question in before:  # a follow-up: this time beside last time
                asked += " " + self.tr("feedback.last_time", value=before[question])
            yield Label(asked, classes="feedback-question")
            yield RadioSet(
                *(
                    RadioButton(self.tr(f"feedback.scale_{level}"), value=value == level)
                    for level in range(1, FEEDBACK_SCALE + 1)
                ),
                id=f"feedback-{question}",
                classes="feedback-choice",
                compact=True,
            )
        yield TextField(
            feedback_key(step),
            state.text(feedback_key(step)),
            placeholder=self.tr("feedback.comment"),
            id="feedback-comment",
            report_seconds=self.context.timings.report,
        )

    def _checkboxes(
        self, label: str, prefix: str, choices: Sequence[str], ticked: Sequence[str]
    ) -> Iterable[Checkbox]:
        """One compact checkbox a line for each choice (labels never cut); `label` is the
        start of each choice's text key."""
        for choice in choices:
            yield Checkbox(
                self.tr(f"{label}{choice}"),
                choice in ticked,
                id=f"{prefix}-{choice}",
                compact=True,
            )

    # --- input ------------------------------------------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        asked = event.radio_set.id or ""
        if asked.startswith("feedback-"):
            question, level = asked.removeprefix("feedback-"), event.index + 1
            if self.state.feedback.get(question) != level:
                asked_about = one_of(question, FEEDBACK_QUESTIONS)
                self.propose(FeedbackGiven(step=self.step.id, question=asked_about, value=level))
            return
        value = VALUES[event.index]
        if value == self.state.closing.get(self.step.id):
            return
        self.propose(ClosingChosen(step=self.step.id, value=value))
        focus = self.query_one("#appointment-focus", TextField)
        proposal = proposed_focus(self.protocol_steps, self.state, self.lang)
        if value == "new_appointment" and proposal and not focus.value:
            # The crisis path proposes the focus and its reason; the students can change them.
            focus.set_text(proposal)
            self.post_message(TextChanged(focus.key, proposal))
            if not self.state.reasons.get(self.step.id):
                self.query_one("#reason-crisis", Checkbox).value = True

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id not in ("appointment-date", "appointment-time"):
            return
        event.stop()
        date = parse_date(self.query_one("#appointment-date", Input).value)
        time = parse_time(self.query_one("#appointment-time", Input).value)
        problems = []
        if date is None:
            problems.append(t(self.lang, "goals.due_invalid"))
        if time is None:
            problems.append(self.tr("closing.time_invalid"))
        self.query_one("#appointment-status", Static).update(" ".join(problems))
        if date is None or time is None:
            return
        current = self.state.appointment.get(self.step.id)
        if current is None or (current.date, current.time) != (date, time):
            self.propose(AppointmentSet(step=self.step.id, date=date, time=time))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = str(event.value) if event.value is not Select.BLANK else ""
        if value != self.state.service.get(self.step.id, ""):
            self.propose(ServiceChosen(step=self.step.id, service=value))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if (event.checkbox.id or "").startswith("reason-"):
            reasons = [
                reason
                for reason in APPOINTMENT_REASONS
                if self.query_one(f"#reason-{reason}", Checkbox).value
            ]
            if reasons != self.state.reasons.get(self.step.id, []):
                self.propose(AppointmentReasonsSet(step=self.step.id, reasons=reasons))
            return
        parts = [
            part for part in TAKEAWAY_PARTS if self.query_one(f"#takeaway-{part}", Checkbox).value
        ]
        if parts != self.state.takeaway.get(self.step.id, []):
            self.propose(TakeawayChosen(step=self.step.id, parts=parts))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "close-session":
            return
        event.stop()

        def answered(close: bool | None) -> None:
            if close:
                self.propose(SessionClosed(step=self.step.id))

        self.app.push_screen(
            ConfirmModal(
                self.tr("closing.close"),
                self.tr("closing.confirm_close")
                + ("\n\n" + self.tr("closing.notes_waiting") if self.state.notes_waiting else ""),
                cancel=self.tr("closing.cancel"),
                confirm=self.tr("closing.close"),
            ),
            answered,
        )

    # --- drawing ----------------------------------------------------------------------------

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        proposal = self.query_one("#closing-proposal", Static)
        text = crisis_proposal(self.protocol_steps, state, self.lang)
        proposal.update(text)
        proposal.display = bool(text)
        choice = state.closing.get(self.step.id)
        booking_parts = "#appointment-title, #appointment-row, #appointment-focus, #reasons-title"
        for widget in self.query(f"{booking_parts}, #reasons-row"):
            widget.display = choice == "new_appointment"
        self.query_one("#close-session").display = not state.closed


def _crisis_values(steps: Sequence[Step], state: SessionState) -> list[int]:
    return [
        state.stress[step.id]
        for step in steps
        if isinstance(step, StressStep) and step.in_crisis(state.stress.get(step.id))
    ]


def _deferred_titles(steps: Sequence[Step], state: SessionState, lang: str) -> str:
    return ", ".join(step.title(lang) for step in steps if step.id in state.deferred)


def crisis_proposal(steps: Sequence[Step], state: SessionState, lang: str) -> str:
    """After a stress rating in the crisis range: propose a second appointment that names
    the crisis and the deferred steps ("" without a crisis)."""
    text = _crisis_text(steps, state, lang, "closing.proposal", "closing.proposal_deferred")
    return text + "." if text else ""


def proposed_focus(steps: Sequence[Step], state: SessionState, lang: str) -> str:
    """The focus the crisis path proposes for the second appointment ("" without a crisis)."""
    return _crisis_text(steps, state, lang, "closing.focus_crisis", "closing.focus_deferred")


def _crisis_text(
    steps: Sequence[Step], state: SessionState, lang: str, crisis: str, deferred: str
) -> str:
    values = _crisis_values(steps, state)
    if not values:
        return ""
    text = t(lang, crisis, value=max(values))
    if titles := _deferred_titles(steps, state, lang):
        text += t(lang, deferred, steps=titles)
    return text
