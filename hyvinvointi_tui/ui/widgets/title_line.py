"""A screen's title line that fits its width by giving way where it matters least: the
protocol's title goes before the client code, a long mark before its short form; what a
student must see (the step, the client code) stays whole, and so do who leads the step and
whether the session is saved, at the line's right end. Its parts may come from a file (a
resumed session's client code, a protocol's title): each is shown as one line, with
nothing invisible in it (`visible_line`).

One widget for the whole line: the lead and the save status were two more widgets on every
step screen (8 M instructions of the first screen's start-up, `bench/startup_work.py`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from rich.text import Text
from textual.widget import Widget

from ...core.record import Record, record
from ...core.untrusted import visible_line


@record
class TitlePart(Record):
    text: str
    style: str = ""
    # The shorter form shown when the line does not fit (None: always shown whole).
    short: str | None = None
    # Which part shortens first when the line does not fit: the lowest number.
    give_way: int = 0

    @property
    def shortest(self) -> str:
        return self.text if self.short is None else self.short


class TitleLine(Widget):
    DEFAULT_CSS = """
    TitleLine { width: 1fr; height: 1; }
    TitleLine > .title-line--lead { color: $accent; text-style: bold; }
    TitleLine > .title-line--status { color: $text-muted; }
    TitleLine > .title-line--failed { color: $text; background: $error; text-style: bold; }
    """
    COMPONENT_CLASSES = {"title-line--lead", "title-line--status", "title-line--failed"}

    SEPARATOR = "   "

    def __init__(self, parts: Sequence[TitlePart], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = tuple(parts)
        self.lead = ""
        self.status = ""
        self.failed = False

    def show_lead(self, lead: str) -> None:
        """Who leads the step ("" while nobody is named)."""
        if lead != self.lead:
            self.lead = lead
            self.refresh()

    def show_status(self, status: str, failed: bool) -> None:
        """Whether the session is saved; on the error colour, in bold, when saving failed.
        The same again (the clock's tick repeats it every second) draws nothing."""
        if (status, failed) != (self.status, self.failed):
            self.status, self.failed = status, failed
            self.refresh()

    def _variants(self) -> Iterator[tuple[TitlePart, ...]]:
        """The whole line, then with one more part shortened each time."""
        current = self.parts
        yield current
        shortening = sorted(
            (index for index, part in enumerate(self.parts) if part.short is not None),
            key=lambda index: self.parts[index].give_way,
        )
        for index in shortening:
            part = current[index]
            shortened = dataclasses.replace(part, text=part.shortest, short=None)
            current = (*current[:index], shortened, *current[index + 1 :])
            yield current

    def _line(self, parts: Sequence[TitlePart]) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for part in parts:
            if not part.text:
                continue
            if line:
                line.append(self.SEPARATOR)
            line.append(visible_line(part.text), part.style)
        return line

    def _right_end(self) -> Text:
        """The lead and the save status, each with a space either side."""
        right = Text()
        if self.lead:
            lead_style = self.get_component_rich_style("title-line--lead")
            right.append(f" {visible_line(self.lead)} ", lead_style)
        if self.status:
            kind = "title-line--failed" if self.failed else "title-line--status"
            right.append(f" {self.status} ", self.get_component_rich_style(kind))
        return right

    def render(self) -> Text:
        width = self.size.width
        variants = list(self._variants())
        right = self._right_end()
        shortest = self._line(variants[-1]).cell_len
        if shortest + right.cell_len + 2 > width:
            # No room for the shortest title beside them: the lead and the save status give
            # way (their end cut, visibly), not the step or the client code.
            right.truncate(max(0, width - 2 - shortest), overflow="ellipsis")
        room = max(0, width - right.cell_len - 2)  # a space either side of the title
        line = Text()
        for parts in variants:
            line = self._line(parts)
            if line.cell_len <= room:
                break
        else:
            # Narrower than even the shortest line: its end is cut, visibly.
            line.truncate(room, overflow="ellipsis")
        gap = width - 2 - line.cell_len - right.cell_len
        return Text.assemble(" ", line, " " * (gap + 1), right, no_wrap=True, overflow="crop")
