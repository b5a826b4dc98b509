"""Step: stress self-rating 1–5; 4–5 brings up the crisis guidance."""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Vertical
from textual.widget import Widget

from ...core.follow_up.last_time import stress_change
from ...core.model.state import SessionState
from ...core.model.step_events import StressRated
from ...core.model.steps import StressStep
from ...core.model.text_keys import CRISIS_PLAN_PARTS, crisis_plan_key
from ..keys import bind
from ..sections import section_text
from ..teacher_line import teacher_line
from ..widgets.notes_area import TextField
from ..widgets.plain import Label, Static
from ..widgets.rating_scale import RatingScale
from .step import StepScreen


class StressScreen(StepScreen):
    DEFAULT_CSS = """
    #crisis-plan { height: auto; margin-bottom: 1; }
    StressScreen.-crisis-plan #notes { height: 8; }
    """
    FOCUS = "RatingScale"
    step: StressStep

    def prepare(self) -> None:
        # Shown only during a crisis (check_action); works while typing notes too.
        bind(self, "ctrl+r", "app.replan_for_crisis", self.tr("stress.replan"), priority=True)

    def in_crisis(self) -> bool:
        value = self.state.stress.get(self.step.id)
        return self.step.in_crisis(value)

    def compose_guide_top(self) -> Iterable[Widget]:
        yield Static(self.step.crisis_guidance(self.lang), id="crisis-guidance", classes="crisis")
        yield Static(self.teacher_reminder(), id="crisis-teacher", classes="crisis-banner")

    def teacher_reminder(self) -> str:
        """Call the supervising teacher now (the phone the course gives, or that it is
        missing), and the course's teachers with their contacts."""
        return teacher_line(self.lang, self.context.teachers, self.state.privacy.supervisor_phone)

    def compose_last_time(self) -> Iterable[Widget]:
        yield Static(id="last-time", classes="last-time")

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("stress.question"), classes="instrument-title")
        yield RatingScale(
            [label(self.lang) for label in self.step.levels],
            self.state.stress.get(self.step.id),
            alarm_from=self.step.crisis_from,
            id="stress-scale",
        )
        yield Static(id="stress-status")

    def compose_after_notes(self) -> Iterable[Widget]:
        # Worked out with the client in an acute situation; it heads the client's page.
        # After the notes, in the focus order too: a mistaken 5 is corrected with shift+tab
        # from the notes straight to the scale, never typed into the plan.
        fields = [
            TextField(
                crisis_plan_key(self.step.id, part),
                self.state.text(crisis_plan_key(self.step.id, part)),
                placeholder=self.tr(f"stress.plan_{part}"),
                id=f"plan-{part}",
                report_seconds=self.context.timings.report,
            )
            for part in CRISIS_PLAN_PARTS
        ]
        yield Vertical(
            Label(self.tr("stress.plan_heading"), classes="section-title"),
            *fields,
            id="crisis-plan",
        )

    def on_rating_scale_rated(self, event: RatingScale.Rated) -> None:
        event.stop()
        self.propose(StressRated(step=self.step.id, value=event.value))
        if event.settled:
            self.to_the_notes()  # rated: what comes next is the talk about it

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        value = state.stress.get(self.step.id)
        self.query_one(RatingScale).set_value(value)
        status = self.query_one("#stress-status", Static)
        crisis = self.step.in_crisis(value)
        if value is None:
            status.update(self.tr("stress.not_rated"))
        elif crisis:
            status.update(self.tr("stress.crisis", value=value))
        else:
            label = self.step.levels[value - 1](self.lang)
            status.update(self.tr("stress.rated", value=value, label=label))
        status.set_class(crisis, "crisis-banner")
        if state.previous is not None:
            panel = stress_change(self.protocol, state, self.lang)
            self.query_one("#last-time", Static).update(section_text(panel))
        self.query_one("#crisis-guidance").display = crisis
        self.query_one("#crisis-teacher").display = crisis
        # Shown once the plan has a word, even if the rating is changed after.
        plan_started = any(
            state.text(crisis_plan_key(self.step.id, part)) for part in CRISIS_PLAN_PARTS
        )
        self.query_one("#crisis-plan").display = crisis or plan_started
        # The notes leave room for the plan under them.
        self.set_class(crisis or plan_started, "-crisis-plan")
        self.refresh_bindings()
