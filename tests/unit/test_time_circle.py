"""The time circle's rules: half-hour steps, a day of 24 hours, the drawing, the differences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.instruments.time_circle import (
    EMPTY,
    FILL,
    day_bar,
    difference_line,
    differences,
    hours_status,
    parse_hours,
)
from hyvinvointi_tui.core.model.steps import TIME_CATEGORIES

half_hours = st.integers(min_value=0, max_value=48).map(lambda n: n / 2)


def test_8_8_9_is_25_hours_an_error_and_8_8_8_is_accepted() -> None:
    assert hours_status(8 + 8 + 9).kind == "over"
    assert hours_status(8 + 8 + 9).hours == 1
    assert hours_status(8 + 8 + 8).kind == "ok"
    assert hours_status(8 + 8).kind == "left" and hours_status(8 + 8).hours == 8


@given(half_hours)
def test_half_hours_are_read_back_whatever_the_decimal_mark(hours: float) -> None:
    assert parse_hours(f"{hours:g}") == hours
    assert parse_hours(f"{hours:g}".replace(".", ",")) == hours


@given(st.floats(min_value=0, max_value=24).filter(lambda h: (h * 2) != int(h * 2)))
def test_anything_between_half_hours_is_refused(hours: float) -> None:
    assert parse_hours(repr(hours)) is None


@given(st.sampled_from(["-1", "24.5", "25", "abc", "1e3", "nan", "inf"]))
def test_out_of_range_or_not_a_number_is_refused(text: str) -> None:
    assert parse_hours(text) is None


@given(half_hours, half_hours, half_hours)
def test_the_status_always_accounts_for_every_hour(a: float, b: float, c: float) -> None:
    status = hours_status(a + b + c)
    signed = {"ok": 0, "left": status.hours, "over": -status.hours}[status.kind]
    assert a + b + c + signed == 24


@given(half_hours, half_hours, half_hours)
def test_the_bar_has_one_cell_per_half_hour_of_each_category(a: float, b: float, c: float) -> None:
    hours: dict[str, float] = dict(zip(TIME_CATEGORIES, (a, b, c), strict=True))
    bar = day_bar(hours, TIME_CATEGORIES)
    assert len(bar) == 48
    if a + b + c <= 24:
        for category, value in hours.items():
            assert bar.count(FILL[category]) == value * 2
        assert bar.count(EMPTY) == (24 - a - b - c) * 2


def test_difference_now_versus_ideal() -> None:
    now: dict[str, float] = {"productive": 2, "leisure": 4, "self_care": 18}
    ideal: dict[str, float] = {"productive": 6, "leisure": 5, "self_care": 13}
    assert differences(now, ideal, TIME_CATEGORIES) == {
        "productive": 4,
        "leisure": 1,
        "self_care": -5,
    }


def test_the_difference_is_said_once_both_days_are_whole_with_a_real_minus_sign() -> None:
    now = {"productive": 2.0, "leisure": 4.0, "self_care": 18.0}
    ideal = {"productive": 6.0, "leisure": 4.0, "self_care": 14.0}
    assert difference_line(now, ideal, "en") == (
        "Ideal − now: productive +4 h, leisure ±0 h, care of self and others −4 h"
    )
    assert difference_line(now, {**ideal, "leisure": 3.0}, "fi") == ""  # 23 hours
    assert difference_line({}, ideal, "sv") == ""
