"""Step: goals in the client's words, each with actions, an optional date and its source."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, ListItem, ListView, Select

from ...core.dates import format_date, parse_date
from ...core.follow_up.carried import GoalReview, goal_reviews
from ...core.instruments.goals import source_label, sources, split_actions
from ...core.instruments.summary import source_of
from ...core.model.state import SessionState
from ...core.model.state_entries import Goal
from ...core.model.step_events import GoalAdded, GoalEdited, GoalRemoved, GoalsReordered
from ..widgets.entry_list import EntryList
from ..widgets.plain import Label, Static
from .step import StepScreen


class GoalsScreen(StepScreen):
    DEFAULT_CSS = """
    #goal-row { height: auto; }
    #goal-due { width: 1fr; }
    #goal-source { width: 1fr; }
    #summary-targets { height: auto; max-height: 12; }
    /* A long entry wraps rather than run past the pane's edge. */
    #summary-targets > ListItem > Label, .previous-goal { width: 1fr; }
    """
    FOCUS = "#goal-input"
    BINDINGS = [Binding("escape", "cancel_edit", show=False)]

    def prepare(self) -> None:
        self.editing: str | None = None

    def compose_guide_extra(self) -> Iterable[Widget]:
        if self.state.previous is not None and self.state.previous.goals:
            # A follow-up: last time's goals with how far they came; Enter starts from one.
            yield Label(self.tr("goals.previous"), classes="section-title")
            yield ListView(
                *(
                    ListItem(
                        Label(self.previous_goal_text(number, review), classes="previous-goal"),
                        name=review.goal.goal_id,
                    )
                    for number, review in enumerate(goal_reviews(self.protocol, self.state), 1)
                ),
                id="previous-goals",
            )
        yield Label(self.tr("goals.from_summary"), classes="section-title")
        yield ListView(id="summary-targets")

    def previous_goal_text(self, number: int, review: GoalReview) -> Text:
        text = Text(f"{number}. {review.goal.text}")
        if review.progress is not None:
            text.append(f" — {self.tr(f'review.progress_{review.progress}')}", "italic")
        return text

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("goals.heading"), classes="instrument-title")
        yield Input(
            placeholder=self.tr("goals.placeholder"), id="goal-input", select_on_focus=False
        )
        yield Input(placeholder=self.tr("goals.actions"), id="goal-actions")
        with Horizontal(id="goal-row"):
            yield Input(placeholder=self.tr("goals.due"), id="goal-due", max_length=10)
            yield Select(
                sources(self.protocol, self.lang),
                value="talk",
                allow_blank=False,
                prompt=self.tr("goals.source"),
                id="goal-source",
            )
        yield Static(id="goal-form-status", classes="hint")
        yield EntryList(id="goal-list")
        yield Static(self.tr("goals.hint"), classes="hint")

    # --- the form -------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#goal-input", Input).value.strip()
        due = parse_date(self.query_one("#goal-due", Input).value)
        status = self.query_one("#goal-form-status", Static)
        if not text:
            status.update(self.tr("goals.text_missing"))
            self.query_one("#goal-input", Input).focus()
            return
        if due is None:
            status.update(self.tr("goals.due_invalid"))
            self.query_one("#goal-due", Input).focus()
            return
        made = GoalEdited if self.editing is not None else GoalAdded
        self.propose(
            made(
                step=self.step.id,
                goal_id=self.editing or uuid.uuid4().hex[:8],
                text=text,
                actions=split_actions(self.query_one("#goal-actions", Input).value),
                due=due,
                source=str(self.query_one("#goal-source", Select).value),
            )
        )
        self.clear_form()

    def start_from_previous(self, goal_id: str) -> None:
        """A revised goal: last time's words, actions and source to start from (a new goal;
        last time's stays in its own session)."""
        previous = self.state.previous
        goal = next((g for g in previous.goals if g.goal_id == goal_id), None) if previous else None
        if goal is None:
            return
        self.clear_form()
        self.query_one("#goal-input", Input).value = goal.text
        self.query_one("#goal-actions", Input).value = "; ".join(goal.actions)
        known = {value for _, value in sources(self.protocol, self.lang)}
        self.query_one("#goal-source", Select).value = (
            goal.source if goal.source in known else "talk"
        )
        goal_input = self.query_one("#goal-input", Input)
        goal_input.cursor_position = len(goal_input.value)

    def clear_form(self) -> None:
        self.editing = None
        for field in ("#goal-input", "#goal-actions", "#goal-due"):
            self.query_one(field, Input).value = ""
        self.query_one("#goal-source", Select).value = "talk"
        self.query_one("#goal-form-status", Static).update("")
        self.query_one("#goal-input", Input).focus()

    def action_cancel_edit(self) -> None:
        self.clear_form()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        name = event.item.name or ""
        if event.list_view.id == "previous-goals":
            self.start_from_previous(name)
            return
        if event.list_view.id == "summary-targets":
            # Start a goal from a change target: its source is set, the words are the client's.
            self.clear_form()
            self.query_one("#goal-source", Select).value = name
            return
        goal = self.state.goals.get(self.step.id, {}).get(name)
        if goal is None:
            return
        self.editing = name
        self.query_one("#goal-input", Input).value = goal.text
        self.query_one("#goal-actions", Input).value = "; ".join(goal.actions)
        self.query_one("#goal-due", Input).value = format_date(goal.due, self.lang)
        self.query_one("#goal-source", Select).value = goal.source
        number = list(self.state.goals.get(self.step.id, {})).index(name) + 1
        self.query_one("#goal-form-status", Static).update(self.tr("goals.editing", number=number))
        goal_input = self.query_one("#goal-input", Input)
        goal_input.focus()
        goal_input.cursor_position = len(goal_input.value)

    # --- the list -------------------------------------------------------------------------

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.action == "remove":
            self.propose(GoalRemoved(step=self.step.id, goal_id=event.name))
        elif event.action == "move":
            order = list(self.state.goals.get(self.step.id, {}))
            place = order.index(event.name)
            target = max(0, min(len(order) - 1, place + event.by))
            if target != place:
                order.insert(target, order.pop(place))
                self.propose(GoalsReordered(step=self.step.id, order=order))
                event.entry_list.index = target

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        goals = state.goals.get(self.step.id, {})
        self.query_one("#goal-list", EntryList).show_rows(
            [
                (goal_id, self.goal_text(number, goal))
                for number, (goal_id, goal) in enumerate(goals.items(), 1)
            ],
            self.tr("goals.none"),
        )
        self.show_summary_targets(state)
        self.show_previous_goals(state)

    def show_previous_goals(self, state: SessionState) -> None:
        """Last time's goals with how far each has come as the review step now has it (the
        screen may have been built before the review was made)."""
        labels = self.query(".previous-goal").results(Label)
        reviews = goal_reviews(self.protocol, state) if state.previous is not None else []
        for number, (label, review) in enumerate(zip(labels, reviews, strict=False), 1):
            label.update(self.previous_goal_text(number, review))

    def goal_text(self, number: int, goal: Goal) -> Text:
        text = Text(f"{number}. {goal.text}", "bold")
        details = []
        if goal.due:
            details.append(self.tr("goals.by", date=format_date(goal.due, self.lang)))
        source = source_label(self.protocol, goal.source, self.lang)
        details.append(self.tr("goals.from", source=source))
        text.append("  · " + " · ".join(details), "dim")
        for action in goal.actions:
            text.append(f"\n   – {action}")
        return text

    def show_summary_targets(self, state: SessionState) -> None:
        targets = self.query_one("#summary-targets", ListView)
        entries = [
            entry
            for step_entries in state.summary.values()
            for entry in step_entries.values()
            if entry.column == "challenges"
        ]
        if len(targets.children) == len(entries):
            return
        targets.clear()
        targets.extend(
            ListItem(Label(f"• {entry.text}"), name=source_of(entry.suggestion))
            for entry in entries
        )
