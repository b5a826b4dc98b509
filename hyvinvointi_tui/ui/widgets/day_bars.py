"""The time circle's days drawn on the screen: one bar of the 24 hours a day, each category
in a character of its own (and a colour), with a legend in words — so it reads without
colour (NO_COLOR) too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widget import Widget

from ...core.instruments.time_circle import EMPTY, FILL, day_bar
from ...core.model.steps import TIME_CATEGORIES

# The colour beside the character: the same hues as the printed circles.
COLOUR = {"productive": "dodger_blue2", "leisure": "dark_orange", "self_care": "green3"}
_NAME_WIDTH = 7  # a day's name before its bar ("Nu", "Förut", "Ihanne")


class DayBars(Widget):
    """Each day a row: its name, then one cell per half hour where there is room (one per
    hour where there is not), filled category by category; hours not given are dots."""

    DEFAULT_CSS = """
    DayBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._days: list[tuple[str, dict[str, float]]] = []
        self._legend = Text()

    def draw(
        self,
        days: Sequence[tuple[str, Mapping[str, float]]],
        words: Mapping[str, str],
        not_given: str,
    ) -> None:
        """Draw `days` (name, hours per category); `words` names each category in the
        legend, `not_given` the hours not given."""
        drawn = [(name, dict(hours)) for name, hours in days]
        shown = legend(words, not_given)
        if drawn == self._days and shown == self._legend:
            return  # as it is: the key typed changed nothing drawn
        # Laid out again only when its rows change; a bar drawn anew keeps its size.
        layout = len(drawn) != len(self._days) or shown != self._legend
        self._days, self._legend = drawn, shown
        self.refresh(layout=layout)

    def render(self) -> Text:
        drawn = Text()
        width = self.content_region.width
        for name, hours in self._days:
            drawn.append(f"{name[: _NAME_WIDTH - 1]:<{_NAME_WIDTH}}")
            cells = day_bar(dict(hours), TIME_CATEGORIES)
            if width and width < len(cells) + _NAME_WIDTH:
                cells = cells[::2]
            for cell in cells:
                drawn.append(cell, _STYLE.get(cell, "dim"))
            drawn.append("\n")
        drawn.append_text(self._legend)
        return drawn


_STYLE = {FILL[category]: COLOUR[category] for category in TIME_CATEGORIES}


def legend(words: Mapping[str, str], not_given: str) -> Text:
    """ "█ productive  ▓ leisure  ░ care of self and others  · not given": each category's
    character with its word, in the order of the day."""
    shown = Text()
    for category in TIME_CATEGORIES:
        shown.append(FILL[category], _STYLE[FILL[category]])
        shown.append(f" {words[category]}  ")
    shown.append(f"{EMPTY} {not_given}", "dim")
    return shown
