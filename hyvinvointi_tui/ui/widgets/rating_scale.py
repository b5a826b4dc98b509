"""A 1–N rating scale: digits or arrows choose, the mouse works too. The stress rating and
the orientation's answer (knew, partly, did not know) are given on one."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget


class RatingScale(Widget, can_focus=True):
    """Shows the levels side by side with their labels; the chosen one stands out, in
    brackets as well as reversed (it reads the same without colour)."""

    DEFAULT_CSS = """
    RatingScale { height: auto; width: 1fr; border: round $primary 50%; padding: 0 1; }
    RatingScale:focus { border: round $accent; }
    """

    class Rated(Message):
        """A level was chosen; `settled` when by its digit or a click (the arrows only
        browse the levels)."""

        def __init__(self, value: int, settled: bool = True) -> None:
            self.value = value
            self.settled = settled
            super().__init__()

    def __init__(
        self,
        labels: list[str],
        value: int | None = None,
        *,
        alarm_from: int | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.value = value
        self.alarm_from = alarm_from

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
        Binding("up", "step(-1)", show=False),
        Binding("down", "step(1)", show=False),
        *(Binding(str(digit), f"rate({digit})", show=False) for digit in range(1, 10)),
    ]

    def _cells(self) -> list[tuple[int, str]]:
        return [(number, f" {number} {label} ") for number, label in enumerate(self.labels, 1)]

    def _stacked(self, width: int) -> bool:
        """One level per line when the levels do not fit side by side in `width` cells."""
        return sum(len(cell) + 1 for _, cell in self._cells()) > width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # From the width the layout offers. Textual's own measure draws the widget, and the
        # drawing asks for the widget's region, which in the midst of a layout has Textual
        # lay the whole screen out once more (about 4 ms on the first screen).
        return len(self.labels) if self._stacked(width) else 1

    def render(self) -> Text:
        line = Text()
        separator = "\n" if self._stacked(self.content_region.width) else " "
        for number, cell in self._cells():
            alarm = self.alarm_from is not None and number >= self.alarm_from
            if number == self.value:
                style = "bold reverse red" if alarm else "bold reverse"
                cell = f"[{cell[1:-1]}]"
            else:
                style = "red" if alarm else ""
            if number > 1:
                line.append(separator)
            line.append(cell, style)
        return line

    def on_resize(self) -> None:
        self.refresh(layout=True)

    def set_value(self, value: int | None) -> None:
        self.value = value
        self.refresh()

    def action_rate(self, value: int, settled: bool = True) -> None:
        if 1 <= value <= len(self.labels):
            self.post_message(self.Rated(value, settled))

    def action_step(self, delta: int) -> None:
        current = self.value or (0 if delta > 0 else len(self.labels) + 1)
        self.action_rate(min(len(self.labels), max(1, current + delta)), settled=False)

    def on_click(self, event: Click) -> None:
        if self._stacked(self.content_region.width):
            self.action_rate(event.y - self.gutter.top + 1)
            return
        x = event.x - self.gutter.left
        position = 0
        for number, cell in self._cells():
            if position <= x < position + len(cell):
                self.action_rate(number)
                return
            position += len(cell) + 1
