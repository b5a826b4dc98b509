"""A screen's title line that fits its width by giving way where it matters least: the
protocol's title goes before the client code, a long mark before its short form; what a
student must see (the step, the client code) stays whole. Its parts may come from a file
(a resumed session's client code, a protocol's title): each is shown as one line, with
nothing invisible in it (`visible_line`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ...core.model.record import Record, record
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
    TitleLine { width: 1fr; height: 1; padding: 0 1; }
    """

    SEPARATOR = "   "

    def __init__(self, parts: Sequence[TitlePart], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = tuple(parts)

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

    def render(self) -> Text:
        width = self.size.width
        line = Text()
        for parts in self._variants():
            line = self._line(parts)
            if cell_len(line.plain) <= width:
                return line
        # Narrower than even the shortest line: its end is cut, visibly.
        line.truncate(width, overflow="ellipsis")
        return line
