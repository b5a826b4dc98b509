"""The client's consent answers in one widget: a row per item, yes or no.

One widget, not a row of labels and radio sets: fifteen widgets on the first screen of
every session cost some 50 ms of start-up (the bar, docs/RELIABILITY.md: within 1.5x a
minimal app)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ConsentChoices(Widget, can_focus=True):
    """↑/↓ choose the row, ← yes, → no, space or Enter turns the answer over; a click on
    an answer chooses it."""

    DEFAULT_CSS = """
    ConsentChoices { height: auto; padding: 0 1; }
    ConsentChoices:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("left", "answer(True)", show=False),
        Binding("right", "answer(False)", show=False),
        Binding("space,enter", "turn", show=False),
    ]
    row: reactive[int] = reactive(0)

    class Answered(Message):
        def __init__(self, choices: ConsentChoices, item: str, given: bool) -> None:
            self.choices = choices
            self.item = item
            self.given = given
            super().__init__()

    def __init__(
        self,
        items: list[tuple[str, str]],  # (item, label)
        yes: str,
        no: str,
        answers: dict[str, bool],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.yes, self.no = yes, no
        self.answers = dict(answers)
        self._label_width = max(len(label) for _, label in items) + 2

    def set_answers(self, answers: dict[str, bool]) -> None:
        if answers != self.answers:
            self.answers = dict(answers)
            self.refresh()

    def render(self) -> Text:
        text = Text()
        for index, (item, label) in enumerate(self.items):
            given = self.answers.get(item)
            line = Text(label.ljust(self._label_width))
            line.append(f"{'●' if given is True else '○'} {self.yes}", "bold" if given else "")
            line.append("   ")
            line.append(
                f"{'●' if given is False else '○'} {self.no}", "bold" if given is False else ""
            )
            if self.has_focus and index == self.row:
                line.stylize("reverse")
            text.append_text(line)
            if index < len(self.items) - 1:
                text.append("\n")
        return text

    def choose(self, item: str, given: bool) -> None:
        """Record an answer (as a key or a click does)."""
        self.answers[item] = given
        self.refresh()
        self.post_message(self.Answered(self, item, given))

    def action_move(self, step: int) -> None:
        self.row = (self.row + step) % len(self.items)
        self.refresh()

    def action_answer(self, given: bool) -> None:
        self.choose(self.items[self.row][0], given)

    def action_turn(self) -> None:
        item = self.items[self.row][0]
        self.choose(item, self.answers.get(item) is not True)

    def on_click(self, event: events.Click) -> None:
        if not 0 <= event.y < len(self.items):
            return
        self.row = event.y
        x = event.x - 1  # the padding
        yes_end = self._label_width + len(self.yes) + 2
        if x >= self._label_width:
            self.choose(self.items[event.y][0], x < yes_end)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()
