"""The session clock is arithmetic on event times: checked with hand-moved time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.model.timer import Clock, budget_level, format_minutes


def make_clock() -> Clock:
    return Clock(total=90 * 60, budgets={"a": 300, "b": 600})


def test_elapsed_remaining_and_step_time() -> None:
    clock = make_clock()
    clock.enter("a", 0)
    reading = clock.reading(120)
    assert (reading.elapsed, reading.remaining, reading.step_elapsed) == (120, 5280, 120)
    clock.enter("b", 200)
    reading = clock.reading(260)
    assert reading.step == "b" and reading.step_elapsed == 60 and reading.elapsed == 260


def test_pauses_do_not_count() -> None:
    clock = make_clock()
    clock.enter("a", 0)
    clock.pause(100)
    assert clock.reading(500).elapsed == 100
    assert clock.reading(500).paused and clock.reading(500).paused_for == 400
    clock.resume(500)
    reading = clock.reading(560)
    assert reading.elapsed == 160 and reading.step_elapsed == 160 and not reading.paused


def test_moving_steps_while_paused_starts_counting_only_on_resume() -> None:
    clock = make_clock()
    clock.enter("a", 0)
    clock.pause(60)
    clock.enter("b", 100)
    assert clock.reading(300).elapsed == 60
    clock.resume(300)
    assert clock.step_spent("b", 330) == 30 and clock.step_spent("a", 330) == 60


def test_returning_to_a_step_adds_up_its_time() -> None:
    clock = make_clock()
    clock.enter("a", 0)
    clock.enter("b", 50)
    clock.enter("a", 80)
    assert clock.step_spent("a", 100) == 70
    assert clock.step_spent("b", 100) == 30


def test_levels_calm_amber_red() -> None:
    assert budget_level(0, 300) == "calm"
    assert budget_level(239, 300) == "calm"
    assert budget_level(240, 300) == "amber"
    assert budget_level(300, 300) == "amber"
    assert budget_level(301, 300) == "red"


def test_overrun_is_shown_past_the_plan() -> None:
    clock = make_clock()
    clock.enter("a", 0)
    reading = clock.reading(95 * 60)
    assert reading.overrun == 300 and reading.remaining == 0 and reading.step_level == "red"


def test_format_minutes_counts_in_minutes() -> None:
    assert format_minutes(0) == "00:00"
    assert format_minutes(65) == "01:05"
    assert format_minutes(90 * 60) == "90:00"
    assert format_minutes(104.9 * 60) == "104:54"


actions = st.lists(
    st.tuples(st.sampled_from(["enter_a", "enter_b", "pause", "resume"]), st.floats(0, 600)),
    max_size=40,
)


@given(actions)
def test_elapsed_never_exceeds_real_time_and_equals_the_sum_of_steps(
    steps: list[tuple[str, float]],
) -> None:
    clock = make_clock()
    t = 0.0
    clock.enter("a", t)
    for action, gap in steps:
        t += gap
        if action == "pause":
            clock.pause(t)
        elif action == "resume":
            clock.resume(t)
        else:
            clock.enter(action[-1], t)
    now = t + 10
    reading = clock.reading(now)
    assert 0 <= reading.elapsed <= now + 1e-6
    total = clock.step_spent("a", now) + clock.step_spent("b", now)
    assert abs(total - reading.elapsed) < 1e-6
