"""The time-use circle: hours of an average day in half-hour steps, adding up to 24."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


@dataclass(frozen=True)
class HoursStatus:
    kind: Literal["ok", "left", "over"]
    hours: float


def hours_status(total: float) -> HoursStatus:
    """Whether a day's hours add up to 24: how many are left, or how many too many."""
    if total == DAY_HOURS:
        return HoursStatus("ok", 0.0)
    if total < DAY_HOURS:
        return HoursStatus("left", DAY_HOURS - total)
    return HoursStatus("over", total - DAY_HOURS)
