"""Step: a follow-up's review of last time's goals — how far each has come, and a note on
what helped or got in the way, in the client's words."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import ListView

from ...core.dates import format_date
from ...core.follow_up.carried import GoalReview, goal_reviews
from ...core.model.state import SessionState
from ...core.model.step_events import GOAL_PROGRESS, GoalReviewed
from ...core.model.text_keys import review_note_key
from ..messages import TextChanged
from ..widgets.entry_list import EntryList
from ..widgets.notes_area import TextField
from ..widgets.plain import Label, Static
from .step import StepScreen

PROGRESS_STYLE = {
    "achieved": "bold green",
    "partly": "bold yellow",
    "not_yet": "",
    "dropped": "dim",
}


class GoalReviewList(EntryList):
    """The previous goals: a digit sets the highlighted goal's progress, Enter goes to its
    note."""

    BINDINGS = [
        Binding(str(number), f"request('progress', {number})", show=False)
        for number in range(1, len(GOAL_PROGRESS) + 1)
    ]


class ReviewScreen(StepScreen):
    FOCUS = "#review-goals"
    BINDINGS = [Binding("escape", "back_to_list", show=False)]

    def compose_instrument(self) -> Iterable[Widget]:
        yield Label(self.tr("review.heading"), classes="instrument-title")
        yield Static(self.tr("review.hint"), classes="hint")
        yield GoalReviewList(id="review-goals")
        yield Static(id="review-count")
        previous = self.state.previous
        for number, goal in enumerate(previous.goals if previous else [], 1):
            key = review_note_key(self.step.id, goal.goal_id)
            yield Label(f"{number}. {goal.text}", classes="field-label")
            yield TextField(
                key,
                self.state.text(key),
                placeholder=self.tr("review.note", number=number),
                id=f"review-note-{goal.goal_id}",
                report_seconds=self.context.timings.report,
            )

    def on_entry_list_requested(self, event: EntryList.Requested) -> None:
        event.stop()
        if event.action == "progress":
            progress = GOAL_PROGRESS[event.by - 1]
            self.propose(GoalReviewed(step=self.step.id, goal_id=event.name, progress=progress))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if event.item.name:
            self.query_one(f"#review-note-{event.item.name}", TextField).focus()

    def show_texts(self, state: SessionState) -> None:
        self.show_state(state)

    def on_input_submitted(self, event: TextField.Submitted) -> None:
        """Enter in a note: it is recorded, and the list has the focus again, on the next
        goal."""
        event.stop()
        field = event.input
        if isinstance(field, TextField) and (text := field.pending()) is not None:
            self.post_message(TextChanged(field.key, text))
        goals = self.query_one("#review-goals", GoalReviewList)
        goals.focus()
        if goals.index is not None and goals.index + 1 < len(goals.children):
            goals.index += 1

    def action_back_to_list(self) -> None:
        self.query_one("#review-goals", GoalReviewList).focus()

    def show_state(self, state: SessionState) -> None:
        super().show_state(state)
        reviews = goal_reviews(self.protocol, state)
        self.query_one("#review-goals", GoalReviewList).show_rows(
            [
                (review.goal.goal_id, self.row(number, review))
                for number, review in enumerate(reviews, 1)
            ],
            self.tr("review.none"),
        )
        done = sum(review.progress is not None for review in reviews)
        self.query_one("#review-count", Static).update(
            self.tr("review.count", done=done, total=len(reviews)) if reviews else ""
        )

    def row(self, number: int, review: GoalReview) -> Text:
        goal = review.goal
        text = Text()
        text.append(f"{number}. {goal.text}", "bold")
        if goal.due:
            text.append("  · " + self.tr("goals.by", date=format_date(goal.due, self.lang)), "dim")
        for action in goal.actions:
            text.append(f"\n   – {action}")
        text.append("\n   ")
        if review.progress is None:
            text.append(self.tr("review.not_reviewed"), "italic dim")
        else:
            label = self.tr(f"review.progress_{review.progress}")
            text.append(f"● {label}", PROGRESS_STYLE[review.progress])
        if review.note:
            text.append(f" — {review.note}", "italic")
        return text
