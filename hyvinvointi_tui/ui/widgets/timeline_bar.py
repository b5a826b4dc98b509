"""The replay's timeline: the whole session across the width of the screen."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...core.debrief.comments import Comment
from ...core.debrief.replay import Replayer
from ...i18n import t

STEP_STYLES = ("bold cyan", "bold magenta", "bold green", "bold yellow")


class TimelineBar(Widget):
    """The whole session across the width: one digit per column for the step (so it reads
    without colour), pauses, markers, crisis instants and the cursor."""

    DEFAULT_CSS = """
    TimelineBar { height: 4; padding: 0 1; background: $panel; }
    """

    def __init__(self, replay: Replayer, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.replay = replay
        self.lang = lang
        self.cursor = 0.0
        self.comments: list[Comment] = []
        self.numbers = {step.id: n for n, step in enumerate(replay.protocol.steps, 1)}

    def column_of(self, t: float, width: int) -> int:
        duration = self.replay.duration or 1.0
        return min(width - 1, int(t / duration * width))

    def render(self) -> Text:
        width = max(10, self.content_region.width)
        line = self.replay.timeline
        duration = line.duration or 1.0
        bands = Text()
        for column in range(width):
            t_mid = (column + 0.5) / width * duration
            if any(start <= t_mid < end for start, end in line.pauses):
                bands.append(":", "dim")
                continue
            step = line.step_at(t_mid)
            number = self.numbers.get(step or "", 0)
            bands.append(str(number % 10) if number else " ", STEP_STYLES[number % 4])
        marks = [" "] * width
        for t_marker, _step, _tag in line.markers:
            marks[self.column_of(t_marker, width)] = "*"
        for t_crisis in line.crisis:
            marks[self.column_of(t_crisis, width)] = "!"
        for comment in self.comments:
            marks[self.column_of(comment.t, width)] = "c"
        cursor = [" "] * width
        cursor[self.column_of(self.cursor, width)] = "^"
        text = Text()
        text.append_text(bands)
        text.append("\n" + "".join(marks), "bold")
        text.append("\n" + "".join(cursor), "bold")
        text.append("\n" + t(self.lang, "replay.legend"), "dim")
        return text

    def move_to(self, t: float) -> None:
        self.cursor = t
        self.refresh()
