"""The time-use circle: hours of an average day in half-hour steps, adding up to 24."""

from __future__ import annotations

from typing import Literal

from ...i18n import t
from ..dates import format_change, format_hours
from ..model.steps import TIME_CATEGORIES
from ..record import Record, record

DAY_HOURS = 24.0


def parse_hours(text: str) -> float | None:
    """Hours typed by a person ("7", "7.5", "7,5"); None unless 0–24 in half-hour steps."""
    text = text.strip().replace(",", ".")
    if not text:
        return 0.0
    try:
        hours = float(text)
    except ValueError:
        return None
    if not 0 <= hours <= DAY_HOURS or (hours * 2) != int(hours * 2):
        return None
    return hours


@record
class HoursStatus(Record):
    kind: Literal["ok", "left", "over"]
    hours: float


def hours_status(total: float) -> HoursStatus:
    """Whether a day's hours add up to 24: how many are left, or how many too many."""
    if total == DAY_HOURS:
        return HoursStatus(kind="ok", hours=0.0)
    if total < DAY_HOURS:
        return HoursStatus(kind="left", hours=DAY_HOURS - total)
    return HoursStatus(kind="over", hours=total - DAY_HOURS)


# One character per category, so the drawing reads without colour too.
FILL = {"productive": "█", "leisure": "▓", "self_care": "░"}
EMPTY = "·"
CELLS_PER_HOUR = 2


def day_cells(hours: dict[str, float], categories: tuple[str, ...]) -> list[str | None]:
    """The day as 48 half-hour cells, filled category by category; None for hours not given.

    Hours past 24 do not fit the day: they are left out of the drawing (the sum shows them).
    """
    cells: list[str | None] = []
    for category in categories:
        cells += [category] * round(hours.get(category, 0.0) * CELLS_PER_HOUR)
    cells = cells[: int(DAY_HOURS) * CELLS_PER_HOUR]
    return cells + [None] * (int(DAY_HOURS) * CELLS_PER_HOUR - len(cells))


def day_bar(hours: dict[str, float], categories: tuple[str, ...]) -> str:
    """The 48 cells as text: one character per half hour."""
    return "".join(EMPTY if cell is None else FILL[cell] for cell in day_cells(hours, categories))


def differences(
    now: dict[str, float], ideal: dict[str, float], categories: tuple[str, ...]
) -> dict[str, float]:
    """Ideal minus now, per category: positive where the client would want more time."""
    return {c: ideal.get(c, 0.0) - now.get(c, 0.0) for c in categories}


def hours_line(hours: dict[str, float], lang: str) -> str:
    """ "productive 2 h, leisure 9 h, self-care 13 h": one day of the time circle."""
    return ", ".join(
        f"{t(lang, f'time_circle.{c}_short')} {format_hours(hours.get(c, 0.0), lang)}"
        for c in TIME_CATEGORIES
    )


def difference_line(now: dict[str, float], ideal: dict[str, float], lang: str) -> str:
    """ "Ideal − now: productive +4 h, leisure −3 h, care of self and others −1 h", once
    both days add up to 24 hours ("" until then)."""
    whole = all(hours_status(sum(day.values())).kind == "ok" for day in (now, ideal))
    if not whole:
        return ""
    parts = [
        f"{t(lang, f'time_circle.{category}_short')} {format_change(delta, lang)}"
        for category, delta in differences(now, ideal, TIME_CATEGORIES).items()
    ]
    return f"{t(lang, 'time_circle.difference')}: " + ", ".join(parts)
