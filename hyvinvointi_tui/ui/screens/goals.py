"""Step: goals in the client's words."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, ListItem, ListView, Static

from ...core.session import GoalAdded, GoalRemoved, SessionState
from .step import StepScreen


class GoalList(ListView):
    BINDINGS = [Binding("delete,backspace", "remove", show=False)]

    class RemoveRequested(Message):
        def __init__(self, goal_id: str) -> None:
            self.goal_id = goal_id
            super().__init__()

    def action_remove(self) -> None:
        item = self.highlighted_child
        if item is not None and item.name:
            self.post_message(self.RemoveRequested(item.name))


class GoalsScreen(StepScreen):
    AUTO_FOCUS = "#goal-input"

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("goals.heading"), classes="instrument-title")
        yield Input(placeholder=self.tr("goals.placeholder"), id="goal-input")
        yield GoalList(id="goal-list")
        yield Static(self.tr("goals.hint"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.propose(GoalAdded(step=self.step.id, goal_id=uuid.uuid4().hex[:8], text=text))
            event.input.value = ""

    def on_goal_list_remove_requested(self, event: GoalList.RemoveRequested) -> None:
        event.stop()
        self.propose(GoalRemoved(step=self.step.id, goal_id=event.goal_id))

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        goals = state.goals.get(self.step.id, {})
        listing = self.query_one(GoalList)
        index = listing.index or 0
        listing.clear()
        if not goals:
            listing.append(ListItem(Label(self.tr("goals.none"), classes="hint")))
            return
        listing.extend(
            ListItem(Label(f"{number}. {text}"), name=goal_id)
            for number, (goal_id, text) in enumerate(goals.items(), 1)
        )

        def keep_place() -> None:
            listing.index = min(index, len(goals) - 1)

        self.call_after_refresh(keep_place)
