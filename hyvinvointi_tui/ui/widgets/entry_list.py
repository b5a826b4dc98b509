"""A list of entries chosen with the arrows: Enter selects (ListView.Selected), Delete asks
to remove the highlighted entry, `e` to edit it, shift+arrows to move it.

Only the focused list shows its highlight, so the one entry a key acts on is the one that
stands out; a list with no entries takes no focus (Tab goes on to a field that takes the
typing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import RenderableType
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ListItem, ListView

from .plain import Label


class EntryList(ListView):
    """Items carry their entry's id as `name`; items without one (placeholders) are inert."""

    DEFAULT_CSS = """
    EntryList { height: auto; max-height: 14; }
    /* An entry wraps onto more lines rather than lose its end (an OSA number, a date). */
    EntryList > ListItem > Label { width: 1fr; height: auto; text-wrap: wrap; }
    /* A list without the focus shows no highlight: a key acts only where one shows. */
    EntryList > ListItem.-highlight {
        color: $foreground;
        background: transparent;
        text-style: none;
    }
    EntryList:focus > ListItem.-highlight {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    BINDINGS = [
        Binding("delete,backspace", "request('remove')", show=False),
        Binding("e", "request('edit')", show=False),
        Binding("shift+up", "request('move', -1)", show=False),
        Binding("shift+down", "request('move', 1)", show=False),
    ]

    class Requested(Message):
        def __init__(self, entry_list: EntryList, action: str, name: str, by: int) -> None:
            self.entry_list = entry_list
            self.action = action  # "remove" | "edit" | "move"
            self.name = name
            self.by = by
            super().__init__()

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def on_focus(self) -> None:
        if self.index is None and self.children:
            self.index = 0  # the entry a key would act on is highlighted from the start

    def action_request(self, action: str, by: int = 0) -> None:
        item = self.highlighted_child
        if item is not None and item.name:
            self.post_message(self.Requested(self, action, item.name, by))

    def show_rows(self, rows: Sequence[tuple[str, RenderableType]], empty: str = "") -> None:
        """Replace the entries with `rows` (name, text), keeping the cursor's place; with no
        rows, show `empty` as an inert line."""
        index = self.index or 0
        self.clear()
        if not rows:
            if self.has_focus:
                self.screen.focus_next()  # on, as Tab goes: the list has nothing left
            self.can_focus = False
            if empty:
                self.append(ListItem(Label(empty, classes="hint")))
            return
        self.can_focus = True
        self.extend(ListItem(Label(text), name=name) for name, text in rows)

        def keep_place() -> None:
            self.index = min(index, len(rows) - 1)

        self.call_after_refresh(keep_place)


def typed_on_list(screen: Screen[Any], event: events.Key) -> EntryList | None:
    """The entry list with the focus, if `event` is a character typed on it (not one of the
    screen's keys): a screen whose list has a field of its own sends it there, not to the
    notes (`start_in`)."""
    focused = screen.focused
    if (
        isinstance(focused, EntryList)
        and event.is_printable
        and event.character is not None
        and event.key not in screen.active_bindings
    ):
        return focused
    return None
