"""The OSA items as a grid: arrows move, digits 1–4 rate the cell under the cursor; space
marks the item as one the client wants to change, shift+arrows move it in that ranking.
A form of two parts (myself, my environment) has a heading row before each part, with the
words its ratings go by; the cursor passes over it."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from ...core.model.step_events import OSA_SCALES, OsaScale
from ..keys import bind

SCALES = OSA_SCALES
# Columns: number, topic, one per scale, then the rank among the items to change.
FIRST_SCALE_COLUMN = 2
COLUMNS = ("number", "topic", *SCALES, "change")


class OsaGrid(DataTable[str | Text]):
    """One row per item. A digit rates the cell under the cursor, then the cursor moves on:
    competence → value of the same item → competence of the next item."""

    DEFAULT_CSS = """
    OsaGrid { height: auto; max-height: 60vh; min-height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(digit), f"rate({digit})", show=False) for digit in range(1, 5)),
        Binding("shift+up", "move(-1)", show=False),
        Binding("shift+down", "move(1)", show=False),
    ]

    class Rated(Message):
        def __init__(self, item: int, scale: OsaScale, value: int) -> None:
            self.item = item
            self.scale = scale
            self.value = value
            super().__init__()

    class PriorityToggled(Message):
        def __init__(self, item: int) -> None:
            self.item = item
            super().__init__()

    class PriorityMoved(Message):
        def __init__(self, item: int, by: int) -> None:
            self.item = item
            self.by = by
            super().__init__()

    def __init__(
        self,
        items: list[tuple[int, str]],
        headers: tuple[str, str, str, str, str],
        ratings: dict[int, dict[str, int]],
        priorities: list[int],
        *,
        toggle_label: str = "",
        then: dict[int, dict[str, int]] | None = None,
        parts: dict[int, tuple[str, str, str]] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        # A heading row before these items: the part's name and its scales' words.
        self.parts = parts or {}
        # The item on each row (None: a part's heading).
        self.row_items: list[int | None] = []
        # A follow-up: last time's rating in brackets in each cell, "2  (1)", in place of
        # the dots (the grid has no room for more columns).
        self.then = then
        self.items = items
        self.headers = headers
        self.ratings = ratings
        self.priorities = priorities
        bind(self, "space", "toggle_priority", toggle_label or "toggle")

    def on_mount(self) -> None:
        # Text, not str: a DataTable reads strings as markup, and topics come from a
        # protocol file that may hold "[".
        for header, key in zip(self.headers, COLUMNS, strict=True):
            self.add_column(Text(header), key=key)
        for item, label in self.items:
            if item in self.parts:
                name, *scales = self.parts[item]
                # A scale's words wrap within its column's width ("How well / it works"):
                # a wider column would scroll the grid sideways at 80 columns.
                headers = self.headers[FIRST_SCALE_COLUMN : FIRST_SCALE_COLUMN + len(SCALES)]
                wrapped = [
                    textwrap.wrap(word, max(len(header), 8)) or [""]
                    for word, header in zip(scales, headers, strict=True)
                ]
                words = [Text("\n".join(lines), "italic") for lines in wrapped]
                height = max(len(lines) for lines in wrapped)
                key = f"part-{item}"
                self.add_row("", Text(name, "bold"), *words, "", key=key, height=height)
                self.row_items.append(None)
            rated = self.ratings.get(item, {})
            self.add_row(
                str(item),
                Text(label),
                *(self._cell(item, scale, rated.get(scale)) for scale in SCALES),
                self._rank(item),
                key=str(item),
            )
            self.row_items.append(item)
        self.cursor_coordinate = Coordinate(self._item_row(0, 1), FIRST_SCALE_COLUMN)

    def _item_row(self, row: int, direction: int) -> int:
        """The nearest row from `row` on (in `direction`) that holds an item."""
        while 0 <= row < len(self.row_items) and self.row_items[row] is None:
            row += direction
        if 0 <= row < len(self.row_items):
            return row
        return self._item_row(row - direction, -direction)

    def _settle(self, direction: int) -> None:
        """Off a part's heading, on in the direction the cursor went (back at an end)."""
        row, column = self.cursor_coordinate
        if self.row_items and self.row_items[row] is None:
            self.cursor_coordinate = Coordinate(self._item_row(row, direction), column)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._settle(-1)

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._settle(1)

    def action_page_up(self) -> None:
        super().action_page_up()
        self._settle(-1)

    def action_page_down(self) -> None:
        super().action_page_down()
        self._settle(1)

    def _cell(self, item: int, scale: str, value: int | None) -> str:
        now = "·" if value is None else str(value)
        if self.then is None:
            return now if value is None else f"{now}  " + "●" * value
        before = self.then.get(item, {}).get(scale)
        return now if before is None else f"{now}  ({before})"

    def _rank(self, item: int) -> str:
        return f"{self.priorities.index(item) + 1}." if item in self.priorities else ""

    def show(self, ratings: dict[int, dict[str, int]], priorities: list[int]) -> None:
        self.ratings = ratings
        self.priorities = priorities
        for item, _label in self.items:
            rated = ratings.get(item, {})
            cells: dict[str, str] = {
                scale: self._cell(item, scale, rated.get(scale)) for scale in SCALES
            }
            cells["change"] = self._rank(item)
            for column, value in cells.items():
                # Only the cells that changed: any update makes the table draw all its rows
                # again (100 ms for 22 items here), on each rating and on each return.
                if self.get_cell(str(item), column) != value:
                    self.update_cell(str(item), column, value)

    def _current_item(self) -> int | None:
        row = self.cursor_coordinate.row
        return self.row_items[row] if 0 <= row < len(self.row_items) else None

    def action_rate(self, value: int) -> None:
        row, column = self.cursor_coordinate
        item = self._current_item()
        if item is None:  # a part's heading (the mouse can put the cursor there)
            return
        if column < FIRST_SCALE_COLUMN or column >= FIRST_SCALE_COLUMN + len(SCALES):
            column = FIRST_SCALE_COLUMN
        self.post_message(self.Rated(item, SCALES[column - FIRST_SCALE_COLUMN], value))
        if column == FIRST_SCALE_COLUMN:
            self.cursor_coordinate = Coordinate(row, column + 1)
        elif (following := self._item_row(row + 1, 1)) > row:
            self.cursor_coordinate = Coordinate(following, FIRST_SCALE_COLUMN)

    def action_toggle_priority(self) -> None:
        if (item := self._current_item()) is not None:
            self.post_message(self.PriorityToggled(item))

    def action_move(self, by: int) -> None:
        if (item := self._current_item()) is not None:
            self.post_message(self.PriorityMoved(item, by))
