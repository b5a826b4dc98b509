"""A closed session's keep-until date: its closing moment plus the course's retention days
(or the default), and "due" once that day has passed (issue 29, part 4)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.model.course import DEFAULT_RETENTION_DAYS, Privacy
from hyvinvointi_tui.core.privacy.retention import is_due, keep_until, kept, retention_days

HELSINKI_WINTER = dt.timezone(dt.timedelta(hours=2))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_a_closed_session_is_kept_the_courses_days_after_its_closing_day() -> None:
    created = at("2026-11-20T13:00:00+02:00")
    assert keep_until(created, 90 * 60, 30) == dt.date(2026, 12, 20)
    # Closed after midnight: the closing day is the next day, not the day it began.
    late = at("2026-11-20T23:30:00+02:00")
    assert keep_until(late, 3600, 30) == dt.date(2026, 12, 21)
    # Across a year's end and a leap day.
    assert keep_until(at("2027-12-31T10:00:00+02:00"), 60, 60) == dt.date(2028, 2, 29)


def test_an_unfinished_session_is_kept_from_its_last_save_and_falls_due_too() -> None:
    created = at("2026-11-20T13:00:00+02:00")
    # Saved last two days after it was made, never closed: kept 30 days from that day.
    assert keep_until(created, None, 30, saved_t=2 * 24 * 3600) == dt.date(2026, 12, 22)
    assert is_due(keep_until(created, None, 30, saved_t=60), dt.date(2026, 12, 21))
    assert keep_until(created, None, 30) is None  # nothing known of it
    assert not is_due(None, dt.date(2099, 1, 1))


def test_a_session_is_due_the_day_after_its_keep_until_date() -> None:
    until = dt.date(2027, 5, 1)
    assert not is_due(until, dt.date(2027, 4, 30))
    assert not is_due(until, until)  # kept through that day
    assert is_due(until, dt.date(2027, 5, 2))


def test_a_course_without_a_retention_period_gets_the_default() -> None:
    assert retention_days(Privacy()) == DEFAULT_RETENTION_DAYS == 180
    assert retention_days(Privacy(retention_days=365)) == 365
    created = at("2026-01-10T09:00:00+02:00")
    facts = kept(created, "K-1", 5400.0, Privacy())
    assert facts.closed and facts.until == dt.date(2026, 7, 9)  # 10 Jan + 180 days
    assert facts.due(dt.date(2026, 7, 10)) and not facts.due(dt.date(2026, 7, 9))
    opened = kept(created, "K-1", None, Privacy(retention_days=1))
    assert not opened.closed and opened.until is None and not opened.due(dt.date(2099, 1, 1))


@given(
    created=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=HELSINKI_WINTER)
    ),
    closed_at=st.floats(min_value=0, max_value=86400 * 2, allow_nan=False),
    days=st.integers(min_value=1, max_value=3660),
)
def test_the_keep_until_date_is_always_the_closing_day_plus_the_days(
    created: dt.datetime, closed_at: float, days: int
) -> None:
    until = keep_until(created, closed_at, days)
    assert until is not None
    closing_day = (created + dt.timedelta(seconds=closed_at)).date()
    assert (until - closing_day).days == days
    assert is_due(until, until + dt.timedelta(days=1)) and not is_due(until, until)
