"""The keys of the screen at the bottom (two lines when one is too short), one widget.

Textual's `Footer` builds a widget for every key and rebuilds them all each time the
screen's bindings change, which happens four times when a step screen is shown (mount,
focus, resume): some 25 widgets mounted and styled for every step change, most of its time.
`KeyHints` looks the same (key in bold on its own colour, then the description), shows a
key whose action is unavailable dimmed, and a click on a key presses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class KeyHint(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyHints(Widget):
    """The bindings of the screen with `show=True`, folded into rows that fit."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description"}
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: auto;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-hints--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-hints--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints: tuple[KeyHint, ...] = ()
        # Where each key is drawn, for clicks: (row, first column, past the last, key).
        self._spans: list[tuple[int, int, int, KeyHint]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        hints: list[KeyHint] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            # One key per action, as the Footer does (ctrl+q and f10 may share one).
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            display = self.app.get_key_display(binding)
            hints.append(KeyHint(binding.key, display, binding.description, enabled))
        if tuple(hints) != self.hints:
            rows = len(self._rows(self.content_region.width or 10_000))
            self.hints = tuple(hints)
            # A layout only when the hints take another number of rows.
            self.refresh(layout=rows != len(self._rows(self.content_region.width or 10_000)))

    def _rows(self, width: int) -> list[list[KeyHint]]:
        """The hints in rows of at most `width` cells: a key and its description are never
        cut or parted (a narrow terminal, a long language) — the line folds instead."""
        rows: list[list[KeyHint]] = [[]]
        used = 0
        for hint in self.hints:
            size = cell_len(f" {hint.display} {hint.description} ")
            if rows[-1] and used + size > width:
                rows.append([])
                used = 0
            rows[-1].append(hint)
            used += size
        return rows

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows(width))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        description_style = self.get_component_rich_style("key-hints--description")
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for number, row in enumerate(self._rows(self.content_region.width or 10_000)):
            if number:
                text.append("\n")
            line_start = len(text)
            for hint in row:
                start = len(text)
                text.append(f" {hint.display} ", key_style)
                text.append(f"{hint.description} ", description_style)
                if not hint.enabled:
                    text.stylize("dim", start)
                self._spans.append((number, start - line_start, len(text) - line_start, hint))
        return text

    def on_resize(self) -> None:
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        for row, start, end, hint in self._spans:
            if row == event.y and start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return
