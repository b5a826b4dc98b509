"""The always-visible session clock: elapsed and remaining, and the step against its budget."""

from __future__ import annotations

from rich.text import Text

from ...core.model.timer import ClockReading, format_minutes
from ...i18n import t
from .plain import Static


class SessionClock(Static):
    """Shows a ClockReading; the app feeds it a new reading every second."""

    DEFAULT_CSS = """
    SessionClock { height: 1; width: 1fr; padding: 0 1; }
    """

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._shown = Text()

    def show(self, reading: ClockReading) -> None:
        lang = self.lang
        line = Text()
        line.append(f"{format_minutes(reading.elapsed)} {t(lang, 'clock.elapsed')}", "bold")
        line.append("  ·  ")
        if reading.overrun > 0:
            line.append(
                t(lang, "clock.over", time=format_minutes(reading.overrun)), "bold reverse red"
            )
        else:
            line.append(f"{format_minutes(reading.remaining)} {t(lang, 'clock.left')}")
        if reading.step is not None:
            style = {"calm": "green", "amber": "bold yellow", "red": "bold red"}[reading.step_level]
            marker = {"calm": "●", "amber": "▲", "red": "■"}[reading.step_level]
            line.append("    ")
            line.append(
                f"{marker} {t(lang, 'clock.step')} {format_minutes(reading.step_elapsed)}"
                f" / {format_minutes(reading.step_budget)}",
                style,
            )
            if reading.step_over > 0:
                line.append(f" (+{format_minutes(reading.step_over)})", style)
        if reading.paused:
            line.append("    ")
            line.append(f" ⏸ {t(lang, 'clock.paused')} ", "bold reverse")
        if line != self._shown:
            # One line of fixed size: no layout of the screen, once a second.
            self._shown = line
            self.update(line, layout=False)
        self.set_class(reading.step_level == "red" or reading.overrun > 0, "-over")
