"""Dates and times as people type them ("15.12.2026", "14.00") and as the files keep them
(ISO: "2026-12-15", "14:00")."""

from __future__ import annotations

import datetime as dt
import re

_FINNISH_DATE = r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"


def parse_date(text: str) -> str | None:
    """ "2026-12-15" or "15.12.2026" → "2026-12-15"; "" stays ""; None if it is no date."""
    text = text.strip()
    if not text:
        return ""
    finnish = re.match(_FINNISH_DATE, text)
    try:
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def format_date(iso: str, lang: str) -> str:
    """The date as it is typed in the language: 15.12.2026 in Finnish and Swedish (as
    Finland writes both), ISO in English (a field must read back what it shows)."""
    if not iso or lang not in ("fi", "sv"):
        return iso
    date = dt.date.fromisoformat(iso)
    return f"{date.day}.{date.month}.{date.year}"


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def page_date(iso: str, lang: str) -> str:
    """The date on a page a person reads: 15.12.2026 (fi, sv), 15 December 2026 (en)."""
    if not iso or lang != "en":
        return format_date(iso, lang)
    date = dt.date.fromisoformat(iso)
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def format_number(value: float, lang: str) -> str:
    """7.5 → "7,5" in Finnish and Swedish, "7.5" in English; 7.0 → "7"."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang in ("fi", "sv") else text


def format_hours(hours: float, lang: str) -> str:
    """7.5 → "7,5 h" in Finnish and Swedish, "7.5 h" in English."""
    return format_number(hours, lang) + " h"


def format_change(hours: float, lang: str) -> str:
    """A change of hours: "+4 h", "−1,5 h" (a real minus sign), "±0 h"."""
    if hours == 0:
        return "±0 h"
    sign = "+" if hours > 0 else "\u2212"
    return sign + format_hours(abs(hours), lang)


_TIME = r"^(\d{1,2})[.:](\d{2})$"


def parse_time(text: str) -> str | None:
    """ "14.00", "9:30" → "14:00", "09:30"; "" stays ""; None if it is no time of day."""
    text = text.strip()
    if not text:
        return ""
    match = re.match(_TIME, text)
    if match is None:
        return None
    hour, minute = (int(part) for part in match.groups())
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def format_time(iso: str, lang: str) -> str:
    """14:00 as Finland writes it in Finnish and Swedish (14.00); as it is in English."""
    return iso.replace(":", ".") if lang in ("fi", "sv") else iso


def clock_time(created: str, seconds: float) -> str:
    """The local wall-clock time (HH:MM) of an instant `seconds` into a session that was
    created at `created` (ISO, with its time zone)."""
    start = dt.datetime.fromisoformat(created)
    return (start + dt.timedelta(seconds=seconds)).astimezone().strftime("%H:%M")


def session_date(created: str, lang: str) -> str:
    """The local date a session was started on ("3.12.2026" in Finnish)."""
    day = dt.datetime.fromisoformat(created).astimezone().date().isoformat()
    return format_date(day, lang)
