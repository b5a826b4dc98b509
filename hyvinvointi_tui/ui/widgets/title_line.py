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

from textual.content import Content
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
    """

    SEPARATOR = "   "
    LEAD_STYLE = "bold $accent"
    STATUS_STYLE = "$text-muted"
    FAILED_STYLE = "bold $text on $error"

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
        """Whether the session is saved; on the error colour, in bold, when saving failed."""
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

    def _line(self, parts: Sequence[TitlePart]) -> Content:
        pieces: list[str | tuple[str, str]] = []
        for part in parts:
            if not part.text:
                continue
            if pieces:
                pieces.append(self.SEPARATOR)
            pieces.append((visible_line(part.text), part.style))
        return Content.assemble(*pieces)

    def _right_end(self) -> Content:
        """The lead and the save status, each with a space either side."""
        pieces: list[tuple[str, str]] = []
        if self.lead:
            pieces.append((f" {visible_line(self.lead)} ", self.LEAD_STYLE))
        if self.status:
            style = self.FAILED_STYLE if self.failed else self.STATUS_STYLE
            pieces.append((f" {self.status} ", style))
        return Content.assemble(*pieces)

    def render(self) -> Content:
        width = self.size.width
        right = self._right_end()
        room = max(0, width - right.cell_length - 2)  # a space either side of the title
        line = Content()
        for parts in self._variants():
            line = self._line(parts)
            if line.cell_length <= room:
                break
        else:
            # Narrower than even the shortest line: its end is cut, visibly.
            line = line.truncate(room, ellipsis=True)
        gap = width - 2 - line.cell_length - right.cell_length
        return Content.assemble(" ", line, " " * (gap + 1), right)
